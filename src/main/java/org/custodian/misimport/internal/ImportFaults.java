package org.custodian.misimport.internal;

import java.util.UUID;

/**
 * A seam for tests that prove atomicity: told after each batch of a commit, it may throw to stand
 * for a crash part-way through. No bean of it exists in the application itself.
 */
@FunctionalInterface
public interface ImportFaults {

    void afterBatch(UUID jobId, int pupilsRead);
}
