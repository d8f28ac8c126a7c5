/**
 * Who is signed in: accounts of school staff and platform staff, Argon2id password hashes, form
 * sign-in and the web security rules. The identity-hardening issue extends this module (policy,
 * lockout, TOTP, sessions).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity")
package org.custodian.identity;
