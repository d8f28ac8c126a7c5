package org.custodian.mail.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

import org.custodian.crypto.PrivateFiles;
import org.custodian.mail.Mailer;
import org.custodian.mail.SuppressionList;
import org.custodian.privacy.EmailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;

@Service
@EnableConfigurationProperties(MailProperties.class)
class SpringMailer implements Mailer {

    private static final Logger log = LoggerFactory.getLogger(SpringMailer.class);

    private final ObjectProvider<JavaMailSender> sender;
    private final MailProperties properties;
    private final Clock clock;
    private final ObjectProvider<SuppressionList> suppression;

    SpringMailer(ObjectProvider<JavaMailSender> sender, MailProperties properties, Clock clock,
                 ObjectProvider<SuppressionList> suppression) {
        this.sender = sender;
        this.suppression = suppression;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void send(EmailAddress to, String subject, String body) {
        JavaMailSender smtp = sender.getIfAvailable();
        if (smtp == null) {
            writeToOutbox(to, subject, body);
            return;
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.from());
        message.setTo(to.value());
        message.setSubject(subject);
        message.setText(body);
        try {
            smtp.send(message);
        } catch (MailException e) {
            // The exception text can contain the recipient's address: log its type only.
            log.error("Could not send an email ({}): {}", subject, e.getClass().getSimpleName());
        }
    }

    @Override
    public boolean sendMarketing(EmailAddress to, String subject, String body, String unsubscribeLink) {
        SuppressionList list = suppression.getIfAvailable();
        // No list to ask means no way to honour an unsubscribe: send nothing rather than risk it.
        if (list == null || list.suppressed(to)) {
            return false;
        }
        send(to, subject, body + "\n\n--\nYou receive this because you opted in to news about Custodian. "
                + "Unsubscribe with one click (no sign-in needed):\n" + unsubscribeLink + "\n");
        return true;
    }

    /** Development only: readable by the owner, so the outbox is no wider than the database. */
    private void writeToOutbox(EmailAddress to, String subject, String body) {
        Path file = properties.outbox().resolve(clock.millis() + "-" + UUID.randomUUID() + ".eml");
        String message = "From: " + properties.from() + "\nTo: " + to.value() + "\nSubject: " + subject + "\n\n" + body;
        try {
            PrivateFiles.write(file, message.getBytes(StandardCharsets.UTF_8));
            log.info("No SMTP server configured (spring.mail.host): wrote an email ({}) to {}", subject,
                    properties.outbox().toAbsolutePath().normalize());
        } catch (IOException e) {
            log.error("Could not write an email to the outbox: {}", e.getClass().getSimpleName());
        }
    }
}
