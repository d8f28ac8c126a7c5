/**
 * Email to people (lockout notices, invitations, password resets). SMTP through Spring Mail when
 * {@code spring.mail.host} is set; otherwise, for local development, messages are written as
 * files to an outbox under the data directory instead of being lost.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Mail")
package org.custodian.mail;
