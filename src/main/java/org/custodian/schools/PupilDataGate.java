package org.custodian.schools;

import java.util.UUID;

/**
 * The one guard in front of pupil data: before any module imports, creates, reads or exports a
 * school's pupil data it calls {@link #requireProcessingAllowed}, on every path (pages, API, API
 * tokens, background jobs). It refuses with {@code 403 school-terminated} or {@code 403 school-purged}
 * once the school has left service (see {@link SchoolState#inService()}), and with
 * {@code 403 isa-not-accepted} until the school has accepted the current Information Sharing Agreement.
 */
public interface PupilDataGate {

    void requireProcessingAllowed(UUID schoolId);

    /**
     * For returning the school's data to it (the grace export): like {@link #requireProcessingAllowed}
     * but a terminated school passes too, its grace period being for exactly this. A purged school
     * is refused ({@code school-purged}).
     */
    void requireReturnAllowed(UUID schoolId);

    /**
     * Like {@link #requireProcessingAllowed}, and keeps the school in service until the caller's
     * transaction ends: a transition out of service waits for it, so a long write (an import's commit)
     * either commits before the school leaves service or is refused. Needs an open transaction.
     */
    void requireProcessingAllowedUntilCommit(UUID schoolId);
}
