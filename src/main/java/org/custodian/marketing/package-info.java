/**
 * Marketing and product news to school staff (PECR): sent only with a recorded opt-in (who, when, the
 * wording shown), every email with a one-click unsubscribe link (a token MACed under a platform key,
 * no sign-in, valid after the account is gone), a suppression list the Mailer consults, and opt-ins
 * that lapse after the school's rule for marketing contacts without interaction.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Marketing")
package org.custodian.marketing;
