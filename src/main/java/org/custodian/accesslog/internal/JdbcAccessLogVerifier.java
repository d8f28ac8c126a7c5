package org.custodian.accesslog.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.custodian.accesslog.AccessLogVerifier;
import org.custodian.accesslog.LoggedEntry;
import org.custodian.tenancy.Tenancy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Streams the chain in sequence order (a server-side cursor fetching {@value #FETCH_SIZE} rows at
 * a time inside the school's transaction), so a million entries never sit in memory.
 */
@Component
class JdbcAccessLogVerifier implements AccessLogVerifier {

    static final int FETCH_SIZE = 1000;

    private final JdbcTemplate jdbc;
    private final Tenancy tenancy;

    JdbcAccessLogVerifier(DataSource dataSource, Tenancy tenancy) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(FETCH_SIZE);
        this.tenancy = tenancy;
    }

    @Override
    public Verification verify(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> {
            Walk walk = new Walk(schoolId);
            jdbc.query("""
                    select school_id, sequence, occurred_at, actor_id, actor_role, subject_ids, fields, action,
                           purpose, reason, request_id, source_ip, previous_hash, entry_hash
                    from access_log_entry where school_id = ? order by sequence""", walk, schoolId);
            return walk.result();
        });
    }

    /** Checks each row against the one before it; stops looking once the first break is found. */
    private static final class Walk implements RowCallbackHandler {

        private final UUID schoolId;
        private long expectedSequence = 1;
        private byte[] previousHash = LoggedEntry.genesisHash();
        private Verification broken;

        Walk(UUID schoolId) {
            this.schoolId = schoolId;
        }

        @Override
        public void processRow(ResultSet rs) throws SQLException {
            if (broken != null) {
                return;
            }
            LoggedEntry entry = read(rs);
            long checked = expectedSequence - 1;
            if (entry.sequence() != expectedSequence) {
                broken = Verification.broken(schoolId, checked, expectedSequence, "missing");
            } else if (!Arrays.equals(entry.previousHash(), previousHash)) {
                broken = Verification.broken(schoolId, checked, expectedSequence, "previous-hash");
            } else if (!Arrays.equals(entry.entryHash(),
                    LoggedEntry.chainHash(entry.previousHash(), entry.canonicalForm()))) {
                broken = Verification.broken(schoolId, checked, expectedSequence, "entry-hash");
            } else {
                previousHash = entry.entryHash();
                expectedSequence++;
            }
        }

        Verification result() {
            return broken != null ? broken : Verification.ok(schoolId, expectedSequence - 1);
        }
    }

    private static LoggedEntry read(ResultSet rs) throws SQLException {
        return new LoggedEntry(rs.getObject("school_id", UUID.class), rs.getLong("sequence"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("actor_id"),
                rs.getString("actor_role"), texts(rs.getArray("subject_ids")), texts(rs.getArray("fields")),
                rs.getString("action"), rs.getString("purpose"), rs.getBytes("reason"), rs.getString("request_id"),
                rs.getString("source_ip"), rs.getBytes("previous_hash"), rs.getBytes("entry_hash"));
    }

    /** Array elements as text (uuid[] elements arrive as UUIDs), nulls kept. */
    private static List<String> texts(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(value -> value == null ? null : value.toString()).toList();
    }
}
