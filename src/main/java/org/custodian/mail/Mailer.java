package org.custodian.mail;

import org.custodian.privacy.EmailAddress;

/** Sends a plain-text email. Failures are logged (without the address) and do not fail the caller. */
public interface Mailer {

    void send(EmailAddress to, String subject, String body);

    /**
     * Marketing or product news: sent only if the {@link SuppressionList} does not hold the address,
     * with the unsubscribe link at the foot of the body. Returns whether it was handed on for sending.
     */
    boolean sendMarketing(EmailAddress to, String subject, String body, String unsubscribeLink);
}
