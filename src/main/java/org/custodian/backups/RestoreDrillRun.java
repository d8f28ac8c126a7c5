package org.custodian.backups;

import java.time.Instant;
import java.util.UUID;

/**
 * One restore drill: the newest data and key backups restored into a throw-away database, every
 * table's rows compared with the manifest, and a sample of pupils decrypted with the restored keys.
 */
@org.custodian.privacy.NoPersonalData("backup names, times, counts and the reason a drill failed: never a row")
public record RestoreDrillRun(UUID id, Instant startedAt, Instant finishedAt, Status status, String dataBackup,
                              String keyBackup, Integer tables, Long rows, Integer sampleSize, Integer sampleOpened,
                              String failure) {

    public enum Status { PASSED, FAILED }
}
