package org.custodian.backups.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * One REPEATABLE READ, read-only transaction: every table copied in it shows the same moment, and
 * nothing can be written through it.
 */
public final class Snapshot implements TableCopies {

    /** Advisory lock key ("custodian backup"): one backup at a time across instances. */
    private static final long LOCK = 0x6375_7374_6261_636bL;

    @FunctionalInterface
    public interface Work<T> {
        T run(Snapshot snapshot) throws IOException, SQLException;
    }

    private final Connection connection;
    private final CopyManager copy;

    private Snapshot(Connection connection) throws SQLException {
        this.connection = connection;
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
    }

    static <T> T run(DataSource dataSource, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("set transaction isolation level repeatable read, read only");
            }
            try {
                return work.run(new Snapshot(connection));
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The backup's database snapshot failed (SQLState " + e.getSQLState() + ")", e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** False if another instance is backing up now (the lock lasts until this snapshot ends). */
    boolean tryLock() throws SQLException {
        try (Statement statement = connection.createStatement();
             var result = statement.executeQuery("select pg_try_advisory_xact_lock(" + LOCK + ")")) {
            result.next();
            return result.getBoolean(1);
        }
    }

    /** Every ordinary table of the public schema, by name. */
    List<String> tables() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             var result = statement.executeQuery("""
                     select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                      where n.nspname = 'public' and c.relkind = 'r' order by c.relname""")) {
            while (result.next()) {
                tables.add(result.getString(1));
            }
        }
        return tables;
    }

    @Override
    public String flywayVersion() throws SQLException {
        try (Statement statement = connection.createStatement();
             var result = statement.executeQuery("""
                     select version from flyway_schema_history where success and version is not null
                      order by installed_rank desc limit 1""")) {
            return result.next() ? result.getString(1) : null;
        }
    }

    @Override
    public long copy(String table, OutputStream out) throws SQLException, IOException {
        return copy.copyOut("copy public.\"" + table.replace("\"", "\"\"") + "\" to stdout (format binary)", out);
    }
}
