package org.custodian.retention.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.custodian.mail.Mailer;
import org.custodian.retention.SchoolPurges;
import org.custodian.schools.Grace;
import org.custodian.schools.School;
import org.custodian.schools.SchoolState;
import org.custodian.schools.Schools;
import org.custodian.tenancy.Tenancy;
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
 * The daily work on terminated schools, on every instance: the main contact's reminders 7 days and
 * 1 day before the grace period ends (each recorded, so sent once), and at its end the move to PURGED
 * (which purges), unless something stands in the way (a legal hold: the platform page says so).
 * Schools marked PURGED whose purge did not finish are purged again. Each school's reminders run
 * under an advisory try-lock, so two instances never send the same one.
 */
@Component
@EnableScheduling
@EnableConfigurationProperties(TerminationProperties.class)
class TerminationJobs implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(TerminationJobs.class);
    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);
    /** Days before the end of the grace period on which the main contact is reminded, longest first. */
    static final List<Integer> REMINDERS = List.of(7, 1);

    private final Schools schools;
    private final SchoolPurges purges;
    private final Tenancy tenancy;
    private final JdbcClient jdbc;
    private final Mailer mailer;
    private final TerminationProperties properties;
    private final Clock clock;

    TerminationJobs(Schools schools, SchoolPurges purges, Tenancy tenancy, JdbcClient jdbc, Mailer mailer,
                    TerminationProperties properties, Clock clock) {
        this.schools = schools;
        this.purges = purges;
        this.tenancy = tenancy;
        this.jdbc = jdbc;
        this.mailer = mailer;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!"-".equals(properties.terminationSchedule())) {
            registrar.addCronTask(new CronTask(this::run, new CronTrigger(properties.terminationSchedule(), UK)));
        }
    }

    /** One pass over every school; one school's failure does not stop the others. */
    void run() {
        LocalDate today = LocalDate.now(clock.withZone(UK));
        for (Schools.Status status : schools.statuses()) {
            try {
                if (status.state() == SchoolState.TERMINATED) {
                    endOfGrace(status.id(), today);
                } else if (status.state() == SchoolState.PURGED && purges.report(status.id()).isEmpty()) {
                    purges.purge(status.id());
                }
            } catch (RuntimeException e) {
                log.error("Termination work on school {} failed: {}", status.id(), e.getClass().getSimpleName());
            }
        }
    }

    private void endOfGrace(UUID schoolId, LocalDate today) {
        Grace grace = schools.grace(schoolId);
        if (grace.endsOn() == null) {
            return;
        }
        long daysLeft = ChronoUnit.DAYS.between(today, grace.endsOn());
        if (daysLeft > 0) {
            remind(schoolId, grace.endsOn(), daysLeft);
            return;
        }
        if (!schools.purgeObstacles(schoolId).isEmpty()) {
            log.info("School {} is due to be purged but something stands in the way (see its platform page)", schoolId);
            return;
        }
        schools.transition(schoolId, SchoolState.PURGED, null, null);
    }

    /** The nearest reminder due (a late run sends the 1-day one, never both), once. */
    private void remind(UUID schoolId, LocalDate endsOn, long daysLeft) {
        Integer due = REMINDERS.stream().filter(days -> daysLeft <= days).reduce((a, b) -> b).orElse(null);
        if (due == null) {
            return;
        }
        tenancy.inSchool(schoolId, () -> {
            boolean locked = jdbc.sql("select pg_try_advisory_xact_lock(hashtextextended('termination_reminder:' || ?, 0))")
                    .param(schoolId.toString()).query(Boolean.class).single();
            if (!locked) {
                return;
            }
            int recorded = jdbc.sql("""
                            insert into termination_reminder (school_id, grace_ends_on, days_before, sent_at)
                            values (?, ?, ?, ?) on conflict do nothing""")
                    .params(schoolId, endsOn, due, Timestamp.from(clock.instant())).update();
            if (recorded == 1) {
                School school = schools.forSystem(schoolId).orElseThrow();
                mailer.send(school.contactEmail(), subject(school, due), body(school, endsOn));
            }
        });
    }

    private static String subject(School school, int daysBefore) {
        return "Custodian: " + school.name() + "'s data will be deleted in " + daysBefore
                + (daysBefore == 1 ? " day" : " days");
    }

    private static String body(School school, LocalDate endsOn) {
        return """
                %s's use of Custodian has ended. On %s every record of the school that Custodian holds will be \
                deleted for good, and the keys that protect it destroyed, so that no copy can be read again.

                Until then the school's admin can sign in and export the school's data (pupils as CSV and as a \
                Common Transfer File). Nothing else can be done with it.

                A certificate of the deletion will be sent to this address afterwards.
                """.formatted(school.name(), DATE.format(endsOn));
    }
}
