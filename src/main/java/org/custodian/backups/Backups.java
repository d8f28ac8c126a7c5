package org.custodian.backups;

import java.util.List;

/** Taking backups and reading their history (platform operators). */
public interface Backups {

    /** A data backup and then a key backup, now; returns both runs (data first). */
    List<BackupRun> backUp(BackupReason reason);

    /** The latest runs, newest first. */
    List<BackupRun> history(int limit);
}
