package org.custodian.accesslog.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.custodian.accesslog.SubjectRecipients;
import org.custodian.identity.ApiToken;
import org.custodian.identity.ApiTokens;
import org.custodian.identity.Role;
import org.custodian.tenancy.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The recipients queries, through access_log_subject (the per-subject index of the log). An API
 * token acts as {@link Role#MIS_CONNECTOR}; every entry such a token made naming the subject, other
 * than a change, passed the data to the token's system.
 */
@Component
class JdbcSubjectRecipients implements SubjectRecipients {

    /** Entries naming the subject, in the order they were made, with their time and sequence. */
    private static final String NAMING = """
            from access_log_subject s
            join access_log_entry e on e.school_id = s.school_id and e.sequence = s.sequence
            where s.school_id = :school and s.subject_id = :subject""";
    private static final String CHANGES = " and e.action in ('CREATE', 'UPDATE')";

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final ApiTokens apiTokens;

    JdbcSubjectRecipients(JdbcClient jdbc, Tenancy tenancy, ApiTokens apiTokens) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.apiTokens = apiTokens;
    }

    @Override
    public Optional<Long> latestChange(UUID schoolId, UUID subjectId) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql("select e.sequence " + NAMING + CHANGES
                        + " order by e.occurred_at desc, e.sequence desc limit 1")
                .param("school", schoolId).param("subject", subjectId).query(Long.class).optional());
    }

    @Override
    public List<Recipient> beforeChange(UUID schoolId, UUID subjectId, long changeSequence) {
        String order = "(e.occurred_at, e.sequence)";
        String change = "(select occurred_at, sequence from access_log_entry where school_id = :school and sequence = :change)";
        String previous = "select e.occurred_at, e.sequence " + NAMING + CHANGES + " and " + order + " < " + change
                + " order by e.occurred_at desc, e.sequence desc limit 1";
        String sql = "select e.sequence, e.occurred_at, e.action, e.actor_id, e.actor_role, e.purpose " + NAMING
                + " and " + order + " < " + change
                + " and (not exists (" + previous + ") or " + order + " > (" + previous + "))"
                + " and (e.action = 'EXPORT' or (e.actor_role = :token_role and e.action not in ('CREATE', 'UPDATE')))"
                + " order by e.occurred_at, e.sequence";
        List<Recipient> found = tenancy.inSchool(schoolId, () -> jdbc.sql(sql)
                .param("school", schoolId).param("subject", subjectId).param("change", changeSequence)
                .param("token_role", Role.MIS_CONNECTOR.name())
                .query((rs, n) -> new Recipient(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        "EXPORT".equals(rs.getString(3)) && !Role.MIS_CONNECTOR.name().equals(rs.getString(5))
                                ? "EXPORT" : "API_TOKEN",
                        rs.getString(3), rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6), null))
                .list());
        if (found.stream().noneMatch(r -> r.kind().equals("API_TOKEN"))) {
            return found;
        }
        Map<UUID, String> labels = apiTokens.list(schoolId).stream()
                .collect(Collectors.toMap(ApiToken::id, ApiToken::label, (a, b) -> a));
        return found.stream().map(r -> new Recipient(r.sequence(), r.occurredAt(), r.kind(), r.action(), r.actorId(),
                r.actorRole(), r.purpose(), labels.get(r.actorId()))).toList();
    }
}
