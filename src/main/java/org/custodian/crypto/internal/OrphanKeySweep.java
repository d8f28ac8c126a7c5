package org.custodian.crypto.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Settles keys created in the key store whose creating transaction of the data is long over: a key
 * with a committed intent is confirmed, one without is an orphan (its subject never came to be) and
 * is deleted. Runs on every instance: each step is idempotent, and only keys still unconfirmed are
 * ever deleted, so two instances sweeping at once do no harm.
 */
@Component
@EnableScheduling
class OrphanKeySweep implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(OrphanKeySweep.class);
    private static final int BATCH = 1000;

    record Result(int confirmed, int orphansDeleted) {
    }

    private final KeyStore store;
    private final SubjectKeyIntents intents;
    private final KeyStoreProperties properties;
    private final Clock clock;

    OrphanKeySweep(KeyStore store, SubjectKeyIntents intents, KeyStoreProperties properties, Clock clock) {
        this.store = store;
        this.intents = intents;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!properties.sweepInterval().isZero()) {
            registrar.addFixedDelayTask(this::sweepLogged, properties.sweepInterval());
        }
    }

    private void sweepLogged() {
        try {
            Result result = sweep();
            if (result.orphansDeleted() > 0) {
                log.info("Deleted {} orphan subject key(s) whose subject was never created", result.orphansDeleted());
            }
        } catch (RuntimeException e) {
            log.error("The orphan key sweep failed: {}", e.getClass().getSimpleName());
        }
    }

    /** Settles every key and intent older than the grace period. */
    Result sweep() {
        Instant now = clock.instant();
        Instant before = now.minus(properties.orphanGrace());
        Set<UUID> schools = new LinkedHashSet<>(store.asPlatform(() -> store.schoolsWithUnconfirmedKeys(before)));
        schools.addAll(intents.schoolsWithIntentsBefore(before));
        int confirmed = 0;
        int deleted = 0;
        for (UUID school : schools) {
            List<UUID> unconfirmed = store.inSchool(school, () -> store.unconfirmedKeys(school, before));
            for (int from = 0; from < Math.max(1, unconfirmed.size()); from += BATCH) {
                List<UUID> batch = unconfirmed.subList(from, Math.min(unconfirmed.size(), from + BATCH));
                Set<UUID> created = batch.isEmpty() ? Set.of() : intents.present(school, batch);
                List<UUID> real = new ArrayList<>(created);
                List<UUID> orphans = batch.stream().filter(id -> !created.contains(id)).toList();
                store.inSchool(school, () -> {
                    if (!real.isEmpty()) {
                        store.confirm(school, real, now);
                    }
                    return null;
                });
                if (!orphans.isEmpty()) {
                    deleted += store.inSchool(school, () -> store.deleteUnconfirmed(school, orphans));
                }
                confirmed += real.size();
                // Only after the keys are confirmed: an intent lost before would make its key look orphaned.
                intents.forget(school, real, before);
            }
        }
        return new Result(confirmed, deleted);
    }
}
