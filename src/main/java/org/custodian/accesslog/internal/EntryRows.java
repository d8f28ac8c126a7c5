package org.custodian.accesslog.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.custodian.accesslog.LoggedEntry;

/** Reads {@code access_log_entry} rows as stored, for hashing: every column its canonical form covers. */
final class EntryRows {

    /** The columns {@link #read} needs, in a select list. */
    static final String COLUMNS = """
            school_id, sequence, format, occurred_at, actor_id, actor_role, subject_ids, fields, action, purpose,
            reason, request_id, source_ip""";

    private EntryRows() {
    }

    static LoggedEntry read(ResultSet rs) throws SQLException {
        return new LoggedEntry(rs.getObject("school_id", UUID.class), rs.getLong("sequence"), rs.getInt("format"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("actor_id"),
                rs.getString("actor_role"), texts(rs.getArray("subject_ids")), texts(rs.getArray("fields")),
                rs.getString("action"), rs.getString("purpose"), rs.getBytes("reason"), rs.getString("request_id"),
                rs.getString("source_ip"));
    }

    /** Array elements as text (uuid[] elements arrive as UUIDs), nulls kept. */
    private static List<String> texts(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(value -> value == null ? null : value.toString()).toList();
    }
}
