package org.custodian.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * A consistent copy of the key store's tables, for a key-backup stream kept apart from the data's
 * backups: every table read in one REPEATABLE READ read-only transaction on the key database, each
 * as {@code COPY table TO STDOUT (FORMAT binary)}. The tables hold wrapped keys only (school keysets
 * under the master key, subject keys under their school's keyset) and the erasure and purge ledgers.
 */
public interface KeyStoreSnapshot {

    /** The key tables, in the order a restore loads them. */
    List<String> tables();

    /**
     * Runs {@code work} inside one snapshot transaction; {@link Snapshot#copy} may be called for each of
     * {@link #tables()} (any other name is refused). Returns what {@code work} returns.
     */
    <T> T inSnapshot(SnapshotWork<T> work) throws IOException;

    @FunctionalInterface
    interface SnapshotWork<T> {
        T run(Snapshot snapshot) throws IOException;
    }

    interface Snapshot {

        /** Streams the table's rows ({@code COPY … TO STDOUT (FORMAT binary)}) into {@code out}; returns the row count. */
        long copy(String table, OutputStream out) throws IOException;

        /** The key database's schema version (its Flyway version), for the backup's manifest. */
        String schemaVersion();
    }
}
