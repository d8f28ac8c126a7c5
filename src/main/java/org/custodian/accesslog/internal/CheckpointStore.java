package org.custodian.accesslog.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The SQL of {@code access_log_checkpoint} and {@code access_log_checkpoint_sent}, in the caller's
 * school transaction (the verifier streams checkpoints itself, beside its walk over the leaves).
 */
@Component
class CheckpointStore {

    /** A checkpoint as stored: its size, root, the frontier the next batch extends, and the signed note. */
    record Stored(long treeSize, byte[] root, byte[] frontier, String note, Instant createdAt) {

        @Override
        public String toString() {
            return "Checkpoint[size=" + treeSize + "]";
        }
    }

    /** When a checkpoint was last emailed to the school, and which. */
    record Sent(long treeSize, Instant sentAt, int recipients) {
    }

    private final JdbcClient jdbc;

    CheckpointStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Stored> latest(UUID schoolId) {
        return jdbc.sql("""
                        select tree_size, root_hash, frontier, note, created_at from access_log_checkpoint
                        where school_id = ? order by tree_size desc limit 1""")
                .param(schoolId)
                .query((rs, row) -> new Stored(rs.getLong(1), rs.getBytes(2), rs.getBytes(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant()))
                .optional();
    }

    void insert(UUID schoolId, long treeSize, byte[] root, byte[] frontier, String note, Instant createdAt) {
        jdbc.sql("""
                        insert into access_log_checkpoint (school_id, tree_size, root_hash, frontier, note, created_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(schoolId, treeSize, root, frontier, note, createdAt.atOffset(ZoneOffset.UTC))
                .update();
    }

    Optional<Sent> lastSent(UUID schoolId) {
        return jdbc.sql("""
                        select tree_size, sent_at, recipients from access_log_checkpoint_sent
                        where school_id = ? order by sent_at desc limit 1""")
                .param(schoolId)
                .query((rs, row) -> new Sent(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getInt(3)))
                .optional();
    }

    void recordSent(UUID schoolId, long treeSize, Instant sentAt, int recipients) {
        jdbc.sql("insert into access_log_checkpoint_sent (school_id, tree_size, sent_at, recipients) values (?, ?, ?, ?)")
                .params(schoolId, treeSize, sentAt.atOffset(ZoneOffset.UTC), recipients)
                .update();
    }
}
