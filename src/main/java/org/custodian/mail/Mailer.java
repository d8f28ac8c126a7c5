package org.custodian.mail;

import org.custodian.privacy.EmailAddress;

/** Sends a plain-text email. Failures are logged (without the address) and do not fail the caller. */
public interface Mailer {

    void send(EmailAddress to, String subject, String body);
}
