package org.custodian.rights.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.custodian.identity.Role;
import org.custodian.identity.StaffAccounts;
import org.custodian.identity.StaffAccounts.StaffAccount;
import org.custodian.mail.Mailer;
import org.custodian.privacy.EmailAddress;
import org.custodian.schools.SchoolState;
import org.custodian.schools.Schools;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.PublicAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * The daily reminder of legal holds due for review, on every instance: for each standing hold whose
 * review date has come, the school's DPOs (or, if it has none, its school admins) are emailed once
 * for that review date. The notice is recorded before the email goes, under a per-school advisory
 * try-lock, so a rerun or a second instance sends nothing twice; a hold reviewed since gets a new
 * review date and so, when that comes, a new reminder. The email names no one and no reason.
 */
@Component
@EnableScheduling
@EnableConfigurationProperties(LegalHoldProperties.class)
class LegalHoldReviewReminders implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(LegalHoldReviewReminders.class);
    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    private final Schools schools;
    private final StaffAccounts staff;
    private final Tenancy tenancy;
    private final JdbcClient jdbc;
    private final Mailer mailer;
    private final LegalHoldProperties properties;
    private final Clock clock;
    private final PublicAddress publicAddress;

    LegalHoldReviewReminders(Schools schools, StaffAccounts staff, Tenancy tenancy, JdbcClient jdbc, Mailer mailer,
                             LegalHoldProperties properties, Clock clock,
                             PublicAddress publicAddress) {
        this.schools = schools;
        this.staff = staff;
        this.tenancy = tenancy;
        this.jdbc = jdbc;
        this.mailer = mailer;
        this.properties = properties;
        this.clock = clock;
        this.publicAddress = publicAddress;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!"-".equals(properties.reviewReminderSchedule())) {
            registrar.addCronTask(new CronTask(this::run, new CronTrigger(properties.reviewReminderSchedule(), UK)));
        }
    }

    /** One pass over every school that still holds data; returns how many reminders were sent. */
    int run() {
        LocalDate today = LocalDate.now(clock.withZone(UK));
        int sent = 0;
        for (Schools.Status status : schools.statuses()) {
            if (status.state() == SchoolState.PURGED) {
                continue;
            }
            try {
                sent += remind(status.id(), today);
            } catch (RuntimeException e) {
                log.error("Legal hold review reminders for school {} failed: {}", status.id(),
                        e.getClass().getSimpleName());
            }
        }
        return sent;
    }

    private record Due(UUID holdId, Instant placedAt, LocalDate reviewOn) {
    }

    private int remind(UUID schoolId, LocalDate today) {
        List<Due> claimed = tenancy.inSchool(schoolId, () -> {
            boolean locked = jdbc.sql("select pg_try_advisory_xact_lock(hashtextextended('legal_hold_review:' || ?, 0))")
                    .param(schoolId.toString()).query(Boolean.class).single();
            if (!locked) {
                return List.<Due>of();
            }
            List<Due> due = jdbc.sql("""
                            select h.id, h.placed_at, h.review_on from legal_hold h
                             where h.school_id = ? and h.lifted_at is null and h.review_on <= ?
                               and not exists (select 1 from legal_hold_review_notice n
                                                where n.school_id = h.school_id and n.hold_id = h.id
                                                  and n.review_on = h.review_on)
                             order by h.review_on, h.placed_at, h.id""")
                    .params(schoolId, today)
                    .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(),
                            rs.getDate(3).toLocalDate()))
                    .list();
            List<Due> recorded = new ArrayList<>();
            for (Due hold : due) {
                int inserted = jdbc.sql("""
                                insert into legal_hold_review_notice (school_id, hold_id, review_on, sent_at)
                                values (?, ?, ?, ?) on conflict do nothing""")
                        .params(schoolId, hold.holdId(), hold.reviewOn(), Timestamp.from(clock.instant())).update();
                if (inserted == 1) {
                    recorded.add(hold);
                }
            }
            return recorded;
        });
        if (claimed.isEmpty()) {
            return 0;
        }
        // Sent once the notices are committed: a failed commit must not leave an email with no record.
        List<EmailAddress> recipients = recipients(schoolId);
        if (recipients.isEmpty()) {
            log.warn("School {} has legal holds due for review but no DPO or school admin to tell", schoolId);
        }
        for (Due hold : claimed) {
            for (EmailAddress to : recipients) {
                mailer.send(to, "A legal hold is due for review", body(hold));
            }
        }
        return claimed.size();
    }

    /** The school's enabled DPOs; if it has none, its enabled school admins. */
    private List<EmailAddress> recipients(UUID schoolId) {
        List<StaffAccount> accounts = staff.of(schoolId);
        List<EmailAddress> dpos = addresses(accounts, Role.DPO);
        return dpos.isEmpty() ? addresses(accounts, Role.SCHOOL_ADMIN) : dpos;
    }

    private static List<EmailAddress> addresses(List<StaffAccount> accounts, Role role) {
        return accounts.stream()
                .filter(account -> account.enabled() && account.role() == role)
                .map(StaffAccount::username)
                .filter(EmailAddress::isValid)
                .map(EmailAddress::new)
                .toList();
    }

    private String body(Due hold) {
        return """
                A legal hold placed on %s is due for review (its review date was %s).

                Review it on the legal holds page: keep it and set its next review date, or lift it if it is \
                no longer needed.
                %s
                """.formatted(DATE.format(hold.placedAt().atZone(UK)), DATE.format(hold.reviewOn()),
                publicAddress.link(LegalHoldPageController.PATH));
    }
}
