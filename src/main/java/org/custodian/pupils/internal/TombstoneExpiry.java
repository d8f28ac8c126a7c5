package org.custodian.pupils.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.custodian.schools.Schools;
import org.custodian.tenancy.Tenancy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Deletes erasure tombstones older than {@code custodian.pupils.tombstone-retention}, school by
 * school, every school whatever its state. Idempotent, so every instance may run it.
 */
@Component
@EnableScheduling
class TombstoneExpiry implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(TombstoneExpiry.class);
    private static final ZoneId UK = ZoneId.of("Europe/London");

    private final Schools schools;
    private final Tenancy tenancy;
    private final ErasedPupils erasedPupils;
    private final PupilProperties properties;
    private final Clock clock;

    TombstoneExpiry(Schools schools, Tenancy tenancy, ErasedPupils erasedPupils, PupilProperties properties,
                    Clock clock) {
        this.schools = schools;
        this.tenancy = tenancy;
        this.erasedPupils = erasedPupils;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!"-".equals(properties.tombstoneExpirySchedule())) {
            registrar.addCronTask(new CronTask(this::expire, new CronTrigger(properties.tombstoneExpirySchedule(), UK)));
        }
    }

    /** How many tombstones expired, across schools; one school's failure does not stop the others. */
    int expire() {
        Instant erasedBefore = ZonedDateTime.now(clock.withZone(UK)).minus(properties.tombstoneRetention()).toInstant();
        int expired = 0;
        for (Schools.Status school : schools.statuses()) {
            try {
                expired += tenancy.inSchool(school.id(), () -> erasedPupils.expire(school.id(), erasedBefore));
            } catch (RuntimeException e) {
                log.error("Could not expire the erasure tombstones of school {}: {}", school.id(),
                        e.getClass().getSimpleName());
            }
        }
        if (expired > 0) {
            log.info("Deleted {} erasure tombstone(s) older than {}", expired, properties.tombstoneRetention());
        }
        return expired;
    }
}
