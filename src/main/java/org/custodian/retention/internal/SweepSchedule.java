package org.custodian.retention.internal;

import java.time.ZoneId;

import org.custodian.schools.SchoolState;
import org.custodian.schools.Schools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Runs the retention sweep daily on every instance: each school is swept under an advisory
 * try-lock, so instances share the work without doing any of it twice. Purged schools have nothing
 * left to sweep. Then the sign-in records of no school, under the platform's own rule.
 */
@Component
@EnableScheduling
class SweepSchedule implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(SweepSchedule.class);
    private static final ZoneId UK = ZoneId.of("Europe/London");

    private final Schools schools;
    private final RetentionSweeps sweeps;
    private final SweepProperties properties;

    SweepSchedule(Schools schools, RetentionSweeps sweeps, SweepProperties properties) {
        this.schools = schools;
        this.sweeps = sweeps;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!"-".equals(properties.sweepSchedule())) {
            registrar.addCronTask(new CronTask(this::run, new CronTrigger(properties.sweepSchedule(), UK)));
        }
    }

    void run() {
        sweeps.sweepAll(schools.statuses().stream().filter(status -> status.state() != SchoolState.PURGED)
                .map(Schools.Status::id).toList());
        try {
            sweeps.sweepPlatformSignIns();
        } catch (RuntimeException e) {
            log.error("Retention sweep of the sign-in records of no school failed: {}", e.getClass().getSimpleName());
        }
    }
}
