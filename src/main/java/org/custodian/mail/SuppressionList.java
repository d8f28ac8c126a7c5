package org.custodian.mail;

import org.custodian.privacy.EmailAddress;

/**
 * SPI: the addresses that must never receive marketing (they unsubscribed). The Mailer asks it
 * before every marketing email; without an implementation no marketing email is sent at all.
 */
public interface SuppressionList {

    boolean suppressed(EmailAddress address);
}
