package org.custodian.accesslog.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.custodian.accesslog.AccessEntry;
import org.custodian.accesslog.AccessFlag;
import org.custodian.accesslog.AccessLogReview;
import org.custodian.crypto.CiphertextRejectedException;
import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.SubjectErasedException;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * One query per page over {@code access_log_entry} (newest first, keyset by sequence, one row more
 * than asked for to know whether an older page exists), then the page's flags and reviews by
 * sequence. "Who accessed this pupil" reads {@code access_log_subject} (V9), "what did this user
 * see" the B-tree on (school_id, actor_id, occurred_at); {@code AccessLogReviewPlanIT} checks the
 * planner picks them.
 */
@Component
class JdbcAccessLogReview implements AccessLogReview {

    static final String NOTE_FIELD = "access-log.review-note";
    static final int MAX_NOTE_LENGTH = 2000;

    /** The field name the note of the review of entry {@code sequence} is encrypted under (bound to that entry). */
    static String noteField(long sequence) {
        return FieldCipher.recordField(NOTE_FIELD, sequence);
    }

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final FieldCipher cipher;
    private final SubjectKeys keys;
    private final Clock clock;

    JdbcAccessLogReview(JdbcClient jdbc, Tenancy tenancy, FieldCipher cipher, SubjectKeys keys, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.cipher = cipher;
        this.keys = keys;
        this.clock = clock;
    }

    /** The statement {@link #search} runs: SQL with positional parameters. */
    record Statement(String sql, List<Object> params) {
    }

    /**
     * With a pupil, the query is driven by that pupil's rows of {@code access_log_subject} (newest
     * first through its primary key) and joins each entry by its primary key, so it reads about as
     * many rows as the page holds. Without one, it reads the entries themselves: by actor and time
     * through (school_id, actor_id, occurred_at), otherwise backwards through the primary key.
     */
    static Statement searchStatement(UUID schoolId, Query query) {
        boolean byPupil = query.pupilId() != null;
        String key = byPupil ? "s" : "e";
        StringBuilder sql = new StringBuilder("""
                select e.sequence, e.occurred_at, e.actor_id, e.actor_role, e.subject_ids, e.fields, e.action,
                       e.purpose, e.reason, e.request_id, e.source_ip
                """);
        List<Object> params = new ArrayList<>();
        if (byPupil) {
            sql.append("from access_log_subject s join access_log_entry e on e.school_id = s.school_id and e.sequence = s.sequence\n");
            sql.append("where s.school_id = ? and s.subject_id = ? and e.school_id = ?");
            params.add(schoolId);
            params.add(query.pupilId());
            params.add(schoolId);
        } else {
            sql.append("from access_log_entry e\nwhere e.school_id = ?");
            params.add(schoolId);
        }
        if (query.actorId() != null) {
            sql.append(" and e.actor_id = ?");
            params.add(query.actorId());
        }
        if (query.purpose() != null) {
            sql.append(" and e.purpose = ?");
            params.add(query.purpose());
        }
        if (query.action() != null) {
            sql.append(" and e.action = ?");
            params.add(query.action().name());
        }
        if (query.from() != null) {
            sql.append(" and e.occurred_at >= ?");
            params.add(query.from().atOffset(ZoneOffset.UTC));
        }
        if (query.to() != null) {
            sql.append(" and e.occurred_at < ?");
            params.add(query.to().atOffset(ZoneOffset.UTC));
        }
        if (query.before() != null) {
            sql.append(" and ").append(key).append(".sequence < ?");
            params.add(query.before());
        }
        if (query.flag() != null) {
            sql.append(" and exists (select 1 from access_log_flag f"
                    + " where f.school_id = e.school_id and f.sequence = e.sequence and f.flag = ?)");
            params.add(query.flag().name());
        }
        if (query.unreviewedOnly()) {
            sql.append(" and not exists (select 1 from access_log_review r"
                    + " where r.school_id = e.school_id and r.sequence = e.sequence)");
        }
        sql.append(" order by ").append(key).append(".sequence desc limit ?");
        params.add(query.limit() + 1);
        return new Statement(sql.toString(), List.copyOf(params));
    }

    @Override
    public Page search(UUID schoolId, Query query) {
        Statement statement = searchStatement(schoolId, query);
        return tenancy.inSchool(schoolId, () -> {
            List<Row> rows = jdbc.sql(statement.sql()).params(statement.params()).query(JdbcAccessLogReview::row).list();
            boolean more = rows.size() > query.limit();
            List<Row> page = more ? rows.subList(0, query.limit()) : rows;
            Long[] sequences = page.stream().map(Row::sequence).toArray(Long[]::new);
            Map<Long, Set<AccessFlag>> flags = flags(schoolId, sequences);
            Map<Long, Review> reviews = reviews(schoolId, sequences);
            long lastUnboundReason = lastUnboundReason(schoolId);
            List<Entry> entries = page.stream().map(row -> entry(schoolId, lastUnboundReason, row,
                    flags.getOrDefault(row.sequence(), EnumSet.noneOf(AccessFlag.class)),
                    reviews.get(row.sequence()))).toList();
            return new Page(entries, more ? page.get(page.size() - 1).sequence() : null);
        });
    }

    @Override
    public long unreviewedFlagged(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql("""
                        select count(distinct f.sequence) from access_log_flag f
                         where f.school_id = ? and not exists (select 1 from access_log_review r
                                where r.school_id = f.school_id and r.sequence = f.sequence)""")
                .param(schoolId).query(Long.class).single());
    }

    @Override
    public Review markReviewed(UUID schoolId, long sequence, UUID reviewerId, String note) {
        String text = noteText(note);
        return tenancy.inSchool(schoolId, () -> {
            boolean exists = jdbc.sql("select exists (select 1 from access_log_entry where school_id = ? and sequence = ?)")
                    .params(schoolId, sequence).query(Boolean.class).single();
            if (!exists) {
                throw ProblemException.notFound("entry-not-found", "There is no access-log entry with that number.");
            }
            keys.create(schoolId, reviewerId, SubjectKind.STAFF);
            byte[] ciphertext = cipher.encryptString(schoolId, reviewerId, noteField(sequence), text);
            Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
            int inserted = jdbc.sql("""
                            insert into access_log_review (school_id, sequence, reviewed_by, reviewed_at, note, note_bound)
                            values (?, ?, ?, ?, ?, true) on conflict do nothing""")
                    .params(schoolId, sequence, reviewerId, at.atOffset(ZoneOffset.UTC), ciphertext).update();
            if (inserted == 0) {
                throw ProblemException.conflict("already-reviewed", "This entry has already been marked as reviewed.");
            }
            return new Review(reviewerId, at, text);
        });
    }

    @Override
    public int markReviewed(UUID schoolId, java.util.Collection<Long> sequences, UUID reviewerId, String note) {
        String text = noteText(note);
        Long[] chosen = sequences.stream().distinct().sorted().toArray(Long[]::new);
        if (chosen.length == 0 || chosen.length > MAX_LIMIT) {
            throw ProblemException.badRequest("invalid-selection",
                    "Choose between 1 and " + MAX_LIMIT + " entries to mark as reviewed.");
        }
        return tenancy.inSchool(schoolId, () -> {
            long known = jdbc.sql("select count(*) from access_log_entry where school_id = ? and sequence = any(?)")
                    .params(schoolId, chosen).query(Long.class).single();
            if (known != chosen.length) {
                throw ProblemException.notFound("entry-not-found", "There is no access-log entry with one of those numbers.");
            }
            keys.create(schoolId, reviewerId, SubjectKind.STAFF);
            Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
            int marked = 0;
            for (Long sequence : chosen) {
                byte[] ciphertext = cipher.encryptString(schoolId, reviewerId, noteField(sequence), text);
                marked += jdbc.sql("""
                                insert into access_log_review (school_id, sequence, reviewed_by, reviewed_at, note, note_bound)
                                values (?, ?, ?, ?, ?, true) on conflict do nothing""")
                        .params(schoolId, sequence, reviewerId, at.atOffset(ZoneOffset.UTC), ciphertext).update();
            }
            return marked;
        });
    }

    private static String noteText(String note) {
        String text = note == null ? "" : note.strip();
        if (text.isEmpty() || text.length() > MAX_NOTE_LENGTH) {
            throw ProblemException.badRequest("invalid-note",
                    "Write a note of 1 to " + MAX_NOTE_LENGTH + " characters saying what you found.");
        }
        return text;
    }

    private Map<Long, Set<AccessFlag>> flags(UUID schoolId, Long[] sequences) {
        Map<Long, Set<AccessFlag>> flags = new HashMap<>();
        if (sequences.length == 0) {
            return flags;
        }
        jdbc.sql("select sequence, flag from access_log_flag where school_id = ? and sequence = any(?)")
                .params(schoolId, sequences)
                .query((rs, n) -> {
                    flags.computeIfAbsent(rs.getLong(1), s -> EnumSet.noneOf(AccessFlag.class))
                            .add(AccessFlag.valueOf(rs.getString(2)));
                    return null;
                }).list();
        return flags;
    }

    private Map<Long, Review> reviews(UUID schoolId, Long[] sequences) {
        Map<Long, Review> reviews = new HashMap<>();
        if (sequences.length == 0) {
            return reviews;
        }
        jdbc.sql("select sequence, reviewed_by, reviewed_at, note from access_log_review where school_id = ? and sequence = any(?)")
                .params(schoolId, sequences)
                .query((rs, n) -> {
                    long sequence = rs.getLong(1);
                    UUID reviewer = rs.getObject(2, UUID.class);
                    Decrypted note = decrypt(schoolId, reviewer, noteField(sequence), rs.getBytes(4));
                    reviews.put(sequence, new Review(reviewer,
                            rs.getObject(3, OffsetDateTime.class).toInstant(), note.text()));
                    return null;
                }).list();
        return reviews;
    }

    /** Stored actions are enum names; an unknown one (never written by this code) keys like a read. */
    private static org.custodian.accesslog.AccessAction actionOf(String action) {
        try {
            return org.custodian.accesslog.AccessAction.valueOf(action);
        } catch (IllegalArgumentException e) {
            return org.custodian.accesslog.AccessAction.READ;
        }
    }

    /**
     * The school's last entry whose reason was written before reasons were bound to their entry (0 if
     * none): up to it reasons open under {@link AccessEntry#REASON_FIELD}, after it only bound to their
     * entry, so an old reason copied into a newer entry is refused too.
     */
    private long lastUnboundReason(UUID schoolId) {
        return jdbc.sql("select last_sequence from access_log_unbound_reasons where school_id = ?").param(schoolId)
                .query(Long.class).optional().orElse(0L);
    }

    private Entry entry(UUID schoolId, long lastUnboundReason, Row row, Set<AccessFlag> flags, Review review) {
        String field = row.sequence() <= lastUnboundReason ? AccessEntry.REASON_FIELD
                : AccessEntry.reasonField(row.sequence());
        Decrypted reason = row.reason() == null ? new Decrypted(null, false)
                : decrypt(schoolId, AccessEntry.reasonKeySubject(actionOf(row.action()), row.actorId(), row.subjectIds()),
                        field, row.reason());
        return new Entry(row.sequence(), row.occurredAt(), row.actorId(), row.actorRole(), row.subjectIds(),
                row.fields(), row.action(), row.purpose(), reason.text(), reason.erased(), row.requestId(),
                row.sourceIp(), flags, review);
    }

    /** A ciphertext whose subject was shredded reads as erased; one that fails its check, as nothing. */
    private Decrypted decrypt(UUID schoolId, UUID subjectId, String field, byte[] ciphertext) {
        try {
            return new Decrypted(cipher.decryptString(schoolId, subjectId, field, ciphertext), false);
        } catch (SubjectErasedException e) {
            return new Decrypted(null, true);
        } catch (CiphertextRejectedException e) {
            return new Decrypted(null, false);
        }
    }

    private record Decrypted(String text, boolean erased) {
        @Override
        public String toString() {
            return "Decrypted[erased=" + erased + "]";
        }
    }

    record Row(long sequence, Instant occurredAt, UUID actorId, String actorRole, List<UUID> subjectIds,
               List<String> fields, String action, String purpose, byte[] reason, String requestId,
               String sourceIp) {
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong("sequence"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getObject("actor_id", UUID.class), rs.getString("actor_role"), uuids(rs.getArray("subject_ids")),
                strings(rs.getArray("fields")), rs.getString("action"), rs.getString("purpose"),
                rs.getBytes("reason"), rs.getString("request_id"), rs.getString("source_ip"));
    }

    static List<UUID> uuids(Array array) throws SQLException {
        return Arrays.stream((Object[]) array.getArray()).map(value -> (UUID) value).toList();
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }
}
