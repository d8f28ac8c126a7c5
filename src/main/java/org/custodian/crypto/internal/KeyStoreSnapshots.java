package org.custodian.crypto.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.custodian.crypto.KeyStoreSnapshot;
import org.postgresql.PGConnection;
import org.springframework.stereotype.Component;

@Component
class KeyStoreSnapshots implements KeyStoreSnapshot {

    private static final List<String> TABLES = List.of("school_keyset", "subject_data_key", "erased_subject", "purged_school");

    private final KeyDatabase database;

    KeyStoreSnapshots(KeyDatabase database) {
        this.database = database;
    }

    @Override
    public List<String> tables() {
        return TABLES;
    }

    @Override
    public <T> T inSnapshot(SnapshotWork<T> work) throws IOException {
        try {
            return database.snapshot(connection -> {
                try {
                    return work.run(new Snapshot() {
                        @Override
                        public long copy(String table, OutputStream out) throws IOException {
                            if (!TABLES.contains(table)) {
                                throw new IllegalArgumentException("Not a key table");
                            }
                            try {
                                return connection.unwrap(PGConnection.class).getCopyAPI()
                                        .copyOut("copy " + table + " to stdout (format binary)", out);
                            } catch (SQLException e) {
                                throw new IOException("Could not copy a key table (SQLState " + e.getSQLState() + ")", e);
                            }
                        }

                        @Override
                        public String schemaVersion() {
                            return schemaVersionOf(connection);
                        }
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String schemaVersionOf(Connection connection) {
        try (var statement = connection.createStatement();
             var result = statement.executeQuery("select custodian_key_store_version()")) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the key database's schema version", e);
        }
    }
}
