package org.custodian.accesslog.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import org.custodian.accesslog.LoggedEntry;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;

/**
 * Migration 52: entries written while the log was a hash chain get their leaf hash (computed here,
 * from their canonical form, as the verifier will) and wait for the sequencer like new ones, in
 * their chain's order. Java because the canonical form is defined in Java, once.
 */
@Component
class ChainedEntriesJoinTheTree implements JavaMigration {

    private static final int BATCH = 5_000;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("52");
    }

    @Override
    public String getDescription() {
        return "chained access-log entries join the tree";
    }

    @Override
    public Integer getChecksum() {
        return 52;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("alter table access_log_entry no force row level security");
            ddl.execute("alter table access_log_pending no force row level security");
        }
        try (Statement read = connection.createStatement();
             PreparedStatement setLeaf = connection.prepareStatement(
                     "update access_log_entry set leaf_hash = ? where school_id = ? and sequence = ?");
             PreparedStatement queue = connection.prepareStatement(
                     "insert into access_log_pending (school_id, sequence, leaf_hash) values (?, ?, ?)")) {
            read.setFetchSize(BATCH);
            int pending = 0;
            try (ResultSet rs = read.executeQuery("select " + EntryRows.COLUMNS
                    + " from access_log_entry where leaf_hash is null order by school_id, sequence")) {
                while (rs.next()) {
                    LoggedEntry entry = EntryRows.read(rs);
                    byte[] leaf = entry.leafHash();
                    setLeaf.setBytes(1, leaf);
                    setLeaf.setObject(2, entry.schoolId());
                    setLeaf.setLong(3, entry.sequence());
                    setLeaf.addBatch();
                    queue.setObject(1, entry.schoolId());
                    queue.setLong(2, entry.sequence());
                    queue.setBytes(3, leaf);
                    queue.addBatch();
                    if (++pending == BATCH) {
                        setLeaf.executeBatch();
                        queue.executeBatch();
                        pending = 0;
                    }
                }
            }
            setLeaf.executeBatch();
            queue.executeBatch();
        }
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("alter table access_log_entry force row level security");
            ddl.execute("alter table access_log_pending force row level security");
            ddl.execute("alter table access_log_entry alter column leaf_hash set not null");
        }
    }
}
