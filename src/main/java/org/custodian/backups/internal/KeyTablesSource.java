package org.custodian.backups.internal;

import java.util.List;

/**
 * Where the key tables are read for the key-backup stream (and which tables data backups leave out).
 * One implementation, so pointing it at another database is one class.
 */
public interface KeyTablesSource {

    /** The key tables, in the order they are written. */
    List<String> tables();

    /** Opens one REPEATABLE READ, read-only transaction over the database holding {@link #tables()}. */
    <T> T inSnapshot(Work<T> work);

    @FunctionalInterface
    interface Work<T> {
        T run(TableCopies copies) throws java.io.IOException, java.sql.SQLException;
    }
}
