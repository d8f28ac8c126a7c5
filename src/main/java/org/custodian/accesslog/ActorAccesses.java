package org.custodian.accesslog;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * What one actor (an account, or an API token, whose id is the actor) saw in a school between two
 * times, optionally only from one client address: the facts a breach is scoped by. Pupils are the
 * distinct subjects of the actor's entries other than staff administration (whose subjects are staff).
 */
public interface ActorAccesses {

    /** {@code sourceIp} null for every address; {@code from} inclusive, {@code to} exclusive. */
    record Window(UUID actorId, String sourceIp, Instant from, Instant to) {
        public Window {
            Objects.requireNonNull(actorId, "actor id");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    record Counts(long entries, long pupils) {
    }

    /** The counts, in a transaction of its own scoped to the school. */
    Counts count(UUID schoolId, Window window);

    /** The pupils' ids, in a transaction of its own scoped to the school. */
    Set<UUID> pupils(UUID schoolId, Window window);
}
