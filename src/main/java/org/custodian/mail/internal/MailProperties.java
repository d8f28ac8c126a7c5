package org.custodian.mail.internal;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param from   the sender address
 * @param outbox where messages are written when no SMTP server is configured (development)
 */
@ConfigurationProperties("custodian.mail")
record MailProperties(@DefaultValue("custodian@localhost.invalid") String from, Path outbox) {
}
