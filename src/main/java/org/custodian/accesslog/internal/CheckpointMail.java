package org.custodian.accesslog.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.custodian.identity.Role;
import org.custodian.identity.StaffAccounts;
import org.custodian.mail.Mailer;
import org.custodian.privacy.EmailAddress;
import org.custodian.schools.School;
import org.custodian.schools.Schools;
import org.custodian.tenancy.Tenancy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Emails each school's latest signed checkpoint to its DPOs and main contact, every week and when a
 * DPO asks, so a copy lives outside Custodian: whoever rewrites the log inside the database cannot
 * reach the copies in the school's mailboxes.
 */
@Component
@EnableConfigurationProperties(CheckpointMail.Properties.class)
class CheckpointMail implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(CheckpointMail.class);
    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMMM yyyy 'at' HH:mm", Locale.UK);
    /** A weekly run skips a school emailed since this long ago (another instance, or a DPO's request). */
    private static final Duration RECENT = Duration.ofDays(6);

    /**
     * @param schedule when the weekly email goes out (cron, UK time; {@code -} = never)
     */
    @ConfigurationProperties("custodian.access-log.checkpoint-mail")
    record Properties(@DefaultValue("0 0 7 * * MON") String schedule) {
    }

    /** What was sent: the tree size of the checkpoint and how many people it went to (0: nothing to send). */
    record Sending(long treeSize, int recipients) {
    }

    private final Schools schools;
    private final StaffAccounts staff;
    private final Mailer mailer;
    private final CheckpointStore checkpoints;
    private final Tenancy tenancy;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Properties properties;

    CheckpointMail(Schools schools, StaffAccounts staff, Mailer mailer, CheckpointStore checkpoints, Tenancy tenancy,
                   JdbcClient jdbc, Clock clock, Properties properties) {
        this.schools = schools;
        this.staff = staff;
        this.mailer = mailer;
        this.checkpoints = checkpoints;
        this.tenancy = tenancy;
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!"-".equals(properties.schedule())) {
            registrar.addCronTask(new CronTask(this::sendWeekly, new CronTrigger(properties.schedule(), UK)));
        }
    }

    /** Every school in service not emailed in the last six days; one school's failure does not stop the rest. */
    int sendWeekly() {
        int sent = 0;
        for (School school : schools.all()) {
            if (!school.state().inService()) {
                continue;
            }
            try {
                if (send(school, true).recipients() > 0) {
                    sent++;
                }
            } catch (RuntimeException e) {
                log.error("Could not email the access-log checkpoint of school {}: {}", school.id(),
                        e.getClass().getSimpleName());
            }
        }
        return sent;
    }

    /** Sends the school's latest checkpoint now (a DPO's request). */
    Sending sendNow(School school) {
        return send(school, false);
    }

    /** When the school's checkpoint was last emailed, if ever. */
    Optional<CheckpointStore.Sent> lastSent(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> checkpoints.lastSent(schoolId));
    }

    private Sending send(School school, boolean onlyIfDue) {
        return tenancy.inSchool(school.id(), () -> {
            // One sender per school at a time, across instances; held until this transaction ends.
            jdbc.sql("select pg_advisory_xact_lock(hashtextextended('access_log_checkpoint_mail:' || ?, 0))")
                    .param(school.id().toString()).query((rs, row) -> 1).single();
            Instant now = clock.instant();
            if (onlyIfDue && checkpoints.lastSent(school.id())
                    .filter(sent -> sent.sentAt().isAfter(now.minus(RECENT))).isPresent()) {
                return new Sending(0, 0);
            }
            Optional<CheckpointStore.Stored> latest = checkpoints.latest(school.id());
            if (latest.isEmpty()) {
                return new Sending(0, 0);
            }
            Set<String> recipients = new LinkedHashSet<>();
            staff.of(school.id()).stream()
                    .filter(account -> account.role() == Role.DPO && account.enabled())
                    .forEach(account -> recipients.add(account.username()));
            if (school.contactEmail() != null) {
                recipients.add(school.contactEmail().value());
            }
            for (String recipient : recipients) {
                mailer.send(new EmailAddress(recipient), "Your school's access-log checkpoint", body(school, latest.get()));
            }
            checkpoints.recordSent(school.id(), latest.get().treeSize(), now, recipients.size());
            return new Sending(latest.get().treeSize(), recipients.size());
        });
    }

    private static String body(School school, CheckpointStore.Stored checkpoint) {
        return """
                This is the latest signed checkpoint of %s's access log in Custodian: the log's size and a
                fingerprint of every entry in it, signed by Custodian, as of %s (%d entries).

                Please keep this email. If anyone ever rewrote or removed entries of the log, even with full
                access to Custodian's database, the log would no longer match this checkpoint. Your DPO can
                check it at any time on the access-log page ("Verify against a saved checkpoint"), or offline
                with the exported log and the command described in Custodian's docs/access-log.md.

                The checkpoint (copy everything between the lines, exactly):
                ----------------------------------------------------------------
                %s----------------------------------------------------------------
                """.formatted(school.name(), WHEN.format(checkpoint.createdAt().atZone(UK)), checkpoint.treeSize(),
                checkpoint.note());
    }
}
