package org.custodian.backups.internal;

import java.nio.file.Path;

/** A seam for tests to stand in for a crash part-way through a backup; absent in production. */
public interface BackupFaults {

    /** Called after each table's file is written and fsynced, before the next one starts. */
    void afterTable(Path backupDirectory, String table, int tablesWritten);
}
