package org.custodian.keyrotation.internal;

import java.util.UUID;

import org.custodian.crypto.MasterKeyRotation;
import org.custodian.schools.Schools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Moves every keyset (each school's, purged ones included, and the platform's) and every secret
 * still under an older master key onto the primary, after a master-key rotation. Safe on every
 * instance at once: each batch locks its rows with SKIP LOCKED.
 */
@Component
class MasterKeyRewrapJob implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyRewrapJob.class);

    private final Schools schools;
    private final MasterKeyRotation masterKeys;
    private final KeyRotationProperties properties;

    MasterKeyRewrapJob(Schools schools, MasterKeyRotation masterKeys, KeyRotationProperties properties) {
        this.schools = schools;
        this.masterKeys = masterKeys;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!properties.rewrapInterval().isZero()) {
            registrar.addFixedDelayTask(new FixedDelayTask(this::rewrapAll, properties.rewrapInterval(),
                    properties.rewrapInterval()));
        }
    }

    /** Returns how many keysets and secrets it moved. A school's failure is logged (its id only) and skipped. */
    long rewrapAll() {
        long moved = 0;
        for (int batch; (batch = masterKeys.rewrapPlatform(properties.batchSize())) > 0; ) {
            moved += batch;
        }
        for (Schools.Status school : schools.statuses()) {
            moved += rewrap(school.id());
        }
        if (moved > 0) {
            log.info("Re-wrapped {} keysets and secrets under the current master key", moved);
        }
        return moved;
    }

    private long rewrap(UUID school) {
        try {
            return masterKeys.rewrapSchool(school);
        } catch (RuntimeException e) {
            log.error("Could not re-wrap the keysets of school {}: {}", school, e.getClass().getSimpleName());
            return 0;
        }
    }

    /** What is still wrapped under an older master key, over the platform and every school. */
    long awaiting() {
        long remaining = masterKeys.platformAwaitingRewrap();
        for (Schools.Status school : schools.statuses()) {
            remaining += masterKeys.schoolAwaitingRewrap(school.id());
        }
        return remaining;
    }
}
