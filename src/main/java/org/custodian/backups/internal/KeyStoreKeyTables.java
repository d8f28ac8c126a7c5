package org.custodian.backups.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.List;

import org.custodian.crypto.KeyStoreSnapshot;
import org.springframework.stereotype.Component;

/** The key tables, read from the key store's own database through its snapshot. */
@Component
class KeyStoreKeyTables implements KeyTablesSource {

    private final KeyStoreSnapshot keys;

    KeyStoreKeyTables(KeyStoreSnapshot keys) {
        this.keys = keys;
    }

    @Override
    public List<String> tables() {
        return keys.tables();
    }

    @Override
    public <T> T inSnapshot(Work<T> work) {
        try {
            return keys.inSnapshot(snapshot -> {
                try {
                    return work.run(new TableCopies() {
                        @Override
                        public long copy(String table, OutputStream out) throws IOException {
                            return snapshot.copy(table, out);
                        }

                        @Override
                        public String flywayVersion() {
                            return snapshot.schemaVersion();
                        }
                    });
                } catch (SQLException e) {
                    throw new IOException("The key store's snapshot failed (SQLState " + e.getSQLState() + ")", e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
