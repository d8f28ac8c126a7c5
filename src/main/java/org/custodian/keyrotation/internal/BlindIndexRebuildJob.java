package org.custodian.keyrotation.internal;

import java.util.UUID;

import org.custodian.crypto.BlindIndexKeys;
import org.custodian.pupils.PupilIndexes;
import org.custodian.schools.SchoolState;
import org.custodian.schools.Schools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Recomputes the pupil blind indexes of schools whose PRF key was rotated, in batches of one
 * transaction each (SKIP LOCKED, so every instance may run it at once). Searches match old and new
 * indexes meanwhile.
 */
@Component
class BlindIndexRebuildJob implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(BlindIndexRebuildJob.class);

    private final Schools schools;
    private final BlindIndexKeys blindIndexKeys;
    private final PupilIndexes pupilIndexes;
    private final KeyRotationProperties properties;

    BlindIndexRebuildJob(Schools schools, BlindIndexKeys blindIndexKeys, PupilIndexes pupilIndexes,
                         KeyRotationProperties properties) {
        this.schools = schools;
        this.blindIndexKeys = blindIndexKeys;
        this.pupilIndexes = pupilIndexes;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!properties.rewrapInterval().isZero()) {
            registrar.addFixedDelayTask(new FixedDelayTask(this::rebuildAll, properties.rewrapInterval(),
                    properties.rewrapInterval()));
        }
    }

    long rebuildAll() {
        long moved = 0;
        for (Schools.Status school : schools.statuses()) {
            if (school.state() == SchoolState.PURGED) {
                continue;
            }
            try {
                if (!blindIndexKeys.olderKeyIds(school.id()).isEmpty()) {
                    moved += rebuild(school.id(), Integer.MAX_VALUE);
                }
            } catch (RuntimeException e) {
                log.error("Could not rebuild the blind indexes of school {}: {}", school.id(), e.getClass().getSimpleName());
            }
        }
        return moved;
    }

    /** Re-indexes up to {@code batches} batches of the school's pupils; returns how many pupils. */
    long rebuild(UUID school, int batches) {
        long moved = 0;
        for (int i = 0, batch; i < batches && (batch = pupilIndexes.reindex(school, properties.batchSize())) > 0; i++) {
            moved += batch;
        }
        if (moved > 0) {
            log.info("Re-indexed {} pupils of school {} under its current blind-index key", moved, school);
        }
        return moved;
    }
}
