package org.custodian.rights.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.custodian.identity.StaffErasure;
import org.custodian.schools.Schools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Deletes staff erasure tombstones older than {@code custodian.rights.erasure.staff-tombstone-retention},
 * school by school. Idempotent, so every instance may run it.
 */
@Component
@EnableScheduling
@EnableConfigurationProperties(ErasureProperties.class)
class StaffTombstoneExpiry implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(StaffTombstoneExpiry.class);
    private static final ZoneId UK = ZoneId.of("Europe/London");

    private final Schools schools;
    private final StaffErasure staffErasure;
    private final ErasureProperties properties;
    private final Clock clock;

    StaffTombstoneExpiry(Schools schools, StaffErasure staffErasure, ErasureProperties properties, Clock clock) {
        this.schools = schools;
        this.staffErasure = staffErasure;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!"-".equals(properties.staffTombstoneExpirySchedule())) {
            registrar.addCronTask(new CronTask(this::expire,
                    new CronTrigger(properties.staffTombstoneExpirySchedule(), UK)));
        }
    }

    /** How many tombstones expired, across schools; one school's failure does not stop the others. */
    int expire() {
        Instant erasedBefore = ZonedDateTime.now(clock.withZone(UK)).minus(properties.staffTombstoneRetention())
                .toInstant();
        int expired = 0;
        for (Schools.Status school : schools.statuses()) {
            try {
                expired += staffErasure.expireTombstones(school.id(), erasedBefore);
            } catch (RuntimeException e) {
                log.error("Could not expire the staff erasure tombstones of school {}: {}", school.id(),
                        e.getClass().getSimpleName());
            }
        }
        if (expired > 0) {
            log.info("Deleted {} staff erasure tombstone(s) older than {}", expired,
                    properties.staffTombstoneRetention());
        }
        return expired;
    }
}
