package org.custodian.backups;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One run of a backup, as the history shows it. {@code PARTIAL}: the local copy is complete and
 * verified but at least one extra destination failed (named in {@code destinations}).
 */
@org.custodian.privacy.NoPersonalData("a backup's name, times, counts, sizes and destinations: folders and table names, never a row")
public record BackupRun(UUID id, BackupKind kind, BackupReason reason, String name, Instant startedAt,
                        Instant finishedAt, Status status, Integer tables, Long rows, Long bytes,
                        List<Destination> destinations, String failure, Instant prunedAt) {

    public enum Status { RUNNING, COMPLETE, PARTIAL, FAILED }

    /** A copy of the backup in one destination folder; {@code failure} is null when written and verified. */
    public record Destination(String directory, boolean verified, String failure) {
    }
}
