/**
 * Support access only with the school's consent: a school admin gives platform support a
 * time-boxed grant (which pupil data, read or change, why, at most 72 hours, optionally one named
 * engineer) and can revoke it at once. While a grant is live a support engineer reaches that
 * school's pupils through the support pages under the purpose {@code SUPPORT_WITH_CONSENT}, each
 * access with a reason and checked against the grant inside the pupil data path
 * ({@link org.custodian.pupils.SupportConsents}); the engineer never becomes a school user. When a
 * grant ends the school's admins get a summary of every access made under it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Support access")
package org.custodian.supportaccess;
