package org.custodian.identity.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.mail.Mailer;
import org.custodian.privacy.EmailAddress;
import org.custodian.tenancy.Tenancy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Tells a school's admins by email when one of its API tokens expires within
 * {@code custodian.api-tokens.expiry-notice}, once per token. Each instance may run it: a token is
 * claimed by setting {@code expiry_reminded_at} where it is still empty, so only one sends.
 */
@Component
@EnableScheduling
class ApiTokenExpiryReminders implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ApiTokenExpiryReminders.class);
    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy").withZone(UK);

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final JdbcUserAccounts accounts;
    private final Mailer mailer;
    private final ApiTokenProperties properties;
    private final Clock clock;

    ApiTokenExpiryReminders(JdbcClient jdbc, Tenancy tenancy, JdbcUserAccounts accounts, Mailer mailer,
                            ApiTokenProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.accounts = accounts;
        this.mailer = mailer;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!"-".equals(properties.reminderSchedule())) {
            registrar.addCronTask(new CronTask(this::remind, new CronTrigger(properties.reminderSchedule(), UK)));
        }
    }

    private record Expiring(UUID schoolId, UUID id, String label, Instant expiresAt) {
    }

    /** Sends the reminders now due; returns how many tokens were reminded of. */
    int remind() {
        Instant now = clock.instant();
        // Tokens are found across schools in the platform scope, as a presented token is.
        List<Expiring> due = tenancy.asPlatform(() -> jdbc.sql("""
                        select school_id, id, label, expires_at from api_token
                         where revoked_at is null and expiry_reminded_at is null
                           and expires_at > ? and expires_at <= ?
                         order by expires_at""")
                .params(Timestamp.from(now), Timestamp.from(now.plus(properties.expiryNotice())))
                .query((row, n) -> new Expiring(row.getObject(1, UUID.class), row.getObject(2, UUID.class),
                        row.getString(3), row.getTimestamp(4).toInstant()))
                .list());
        int reminded = 0;
        for (Expiring token : due) {
            try {
                if (claim(token, now)) {
                    tell(token);
                    reminded++;
                }
            } catch (RuntimeException e) {
                log.error("Could not remind school {} of an expiring API token: {}", token.schoolId(),
                        e.getClass().getSimpleName());
            }
        }
        return reminded;
    }

    private boolean claim(Expiring token, Instant now) {
        return tenancy.inSchool(token.schoolId(), () -> jdbc.sql("""
                        update api_token set expiry_reminded_at = ?
                         where school_id = ? and id = ? and expiry_reminded_at is null and revoked_at is null""")
                .params(Timestamp.from(now), token.schoolId(), token.id())
                .update()) == 1;
    }

    private void tell(Expiring token) {
        for (CustodianUser admin : accounts.schoolAdmins(token.schoolId())) {
            mailer.send(new EmailAddress(admin.getUsername()), "A Custodian API token expires soon", """
                    Your school's API token "%s" stops working on %s.

                    If the system that uses it still needs access, create a new token on the API tokens page
                    and give it to that system, then revoke the old one. If it no longer needs access, do nothing.
                    """.formatted(token.label(), DATE.format(token.expiresAt())));
        }
    }
}
