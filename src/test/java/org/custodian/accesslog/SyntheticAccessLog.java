package org.custodian.accesslog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import javax.sql.DataSource;

/**
 * Many access-log rows at once, written with SQL {@code generate_series} as the table owner (the
 * application role may only append one at a time through {@link AccessLog}). Their leaf hashes are
 * placeholders: the rows exist for query plans and timings, never for the verifier. Pupil {@code p} of
 * a school is {@link #pupil}(p), actor {@code a} is {@link #actor}(a); row {@code i} (from 1) is at
 * {@code start + i * spacing seconds}, by actor {@code i % actors}, about pupil {@code (i * 7919) % pupils}.
 */
public final class SyntheticAccessLog {

    private SyntheticAccessLog() {
    }

    public static UUID pupil(int p) {
        return UUID.fromString(String.format("00000000-0000-4000-8000-%012d", p));
    }

    public static UUID actor(int a) {
        return UUID.fromString(String.format("00000000-0000-4000-9000-%012d", a));
    }

    /** Appends {@code rows} rows after the school's current last sequence; returns how long it took in ms. */
    public static long load(DataSource owner, UUID schoolId, int rows, int pupils, int actors, Instant start,
                            int spacingSeconds) {
        long began = System.nanoTime();
        try (Connection connection = owner.getConnection()) {
            try (PreparedStatement scope = connection.prepareStatement(
                    "select set_config('custodian.school_id', ?, false)")) {
                scope.setString(1, schoolId.toString());
                scope.execute();
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into access_log_entry (school_id, sequence, actor_id, actor_role, subject_ids, fields,
                        action, purpose, reason, occurred_at, request_id, source_ip, format, leaf_hash)
                    select ?::uuid, nextval('access_log_entry_sequence'),
                           ('00000000-0000-4000-9000-' || lpad((i % ?)::text, 12, '0'))::uuid,
                           'TEACHER',
                           array[('00000000-0000-4000-8000-' || lpad(((i::bigint * 7919) % ?)::text, 12, '0'))::uuid],
                           array['name', 'attendance'], 'READ', 'TEACHING_AND_LEARNING', null,
                           ?::timestamptz + make_interval(secs => i::double precision * ?),
                           'bench', '192.0.2.1', 2, sha256(i::text::bytea)
                    from generate_series(1, ?) as i""")) {
                insert.setString(1, schoolId.toString());
                insert.setInt(2, actors);
                insert.setInt(3, pupils);
                insert.setObject(4, OffsetDateTime.ofInstant(start, ZoneOffset.UTC));
                insert.setInt(5, spacingSeconds);
                insert.setInt(6, rows);
                insert.executeUpdate();
            }
            try (PreparedStatement analyze = connection.prepareStatement("vacuum analyze access_log_entry, access_log_subject")) {
                analyze.execute();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return (System.nanoTime() - began) / 1_000_000;
    }
}
