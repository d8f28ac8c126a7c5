package org.custodian.accesslog;

import java.time.Instant;
import java.util.UUID;

/**
 * Removes access-log entries at the end of their retention period. The tree keeps their leaf
 * hashes (which hold no personal data), so checkpoints, proofs and verification keep working; the
 * removal is recorded, so verification tells it from an entry deleted behind the log's back.
 */
public interface AccessLogRetention {

    /**
     * Removes the school's entries that occurred before {@code cutoff} and are already in its tree,
     * as a prefix of tree positions (an older entry that reached the tree after a newer one waits for
     * the next removal). Returns how many were removed.
     */
    long removeEntriesBefore(UUID schoolId, Instant cutoff);
}
