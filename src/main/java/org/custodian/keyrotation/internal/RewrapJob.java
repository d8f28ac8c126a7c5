package org.custodian.keyrotation.internal;

import java.util.UUID;

import org.custodian.crypto.SubjectKeys;
import org.custodian.schools.SchoolState;
import org.custodian.schools.Schools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Moves subjects' data keys onto their school's current primary key after a rotation, in batches of
 * one transaction each. Safe on every instance at once: a batch locks its rows with SKIP LOCKED, so
 * two instances never re-wrap the same key.
 */
@Component
@EnableScheduling
class RewrapJob implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(RewrapJob.class);

    private final Schools schools;
    private final SubjectKeys subjectKeys;
    private final KeyRotationProperties properties;

    RewrapJob(Schools schools, SubjectKeys subjectKeys, KeyRotationProperties properties) {
        this.schools = schools;
        this.subjectKeys = subjectKeys;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!properties.rewrapInterval().isZero()) {
            // First run one interval after start: start-up stays free of a walk over every school.
            registrar.addFixedDelayTask(new FixedDelayTask(this::rewrapAll, properties.rewrapInterval(),
                    properties.rewrapInterval()));
        }
    }

    /** Returns how many data keys it moved. One school's failure is logged (its id only) and skipped. */
    long rewrapAll() {
        long moved = 0;
        for (Schools.Status school : schools.statuses()) {
            if (school.state() == SchoolState.PURGED) {
                continue;
            }
            try {
                moved += rewrap(school.id());
            } catch (RuntimeException e) {
                log.error("Could not re-wrap the data keys of school {}: {}", school.id(), e.getClass().getSimpleName());
            }
        }
        return moved;
    }

    long rewrap(UUID school) {
        long moved = 0;
        for (int batch; (batch = subjectKeys.rewrapSubjectKeys(school, properties.batchSize())) > 0; ) {
            moved += batch;
        }
        if (moved > 0) {
            log.info("Re-wrapped {} data keys of school {} under its current key", moved, school);
        }
        return moved;
    }
}
