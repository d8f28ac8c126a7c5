package org.custodian.rights.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.SubjectKeys;
import org.custodian.rights.internal.RequestVocabulary.Channel;
import org.custodian.rights.internal.RequestVocabulary.Competence;
import org.custodian.rights.internal.RequestVocabulary.CompetenceBasis;
import org.custodian.rights.internal.RequestVocabulary.RequestType;
import org.custodian.rights.internal.RequestVocabulary.RequesterKind;
import org.custodian.rights.internal.RequestVocabulary.SubjectKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The SQL of the requests register. Free text is encrypted under the request's own data key (its id
 * as subject), so it stays readable after the pupil or staff member is erased, and is destroyed with
 * the request. Each ciphertext's field names its step, so it cannot be moved to another.
 * Every method runs inside the caller's school-scoped transaction.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class RightsRequestStore {

    private static final String REQUESTER_FIELD = "rights-requester";

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final SubjectKeys keys;

    RightsRequestStore(JdbcClient jdbc, FieldCipher cipher, SubjectKeys keys) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.keys = keys;
    }

    /** A request as stored, with its steps in order. Texts are null unless asked to be decrypted. */
    record StoredRequest(UUID id, RequestType type, SubjectKind subjectKind, UUID subjectId,
                         RequesterKind requesterKind, String requester, Channel channel, LocalDate receivedOn,
                         Competence competence, CompetenceBasis competenceBasis, UUID competenceDecidedBy,
                         UUID createdBy, Instant createdAt, List<Step> steps) {

        Step last() {
            return steps.get(steps.size() - 1);
        }

        @Override
        public String toString() {
            return "StoredRequest[id=" + id + ", type=" + type + ", steps=" + steps.size() + "]";
        }
    }

    /** One step of a request's timeline; the reason is an extension's or a refusal's. */
    record Step(int position, RequestStatus status, LocalDate occurredOn, Instant recordedAt, UUID actorId,
                String details, Integer extensionMonths, String reason, String exemption) {

        @Override
        public String toString() {
            return "Step[position=" + position + ", status=" + status + ", occurredOn=" + occurredOn + "]";
        }
    }

    void insert(UUID school, StoredRequest request) {
        keys.create(school, request.id(), org.custodian.crypto.SubjectKind.valueOf(request.subjectKind().name()));
        jdbc.sql("""
                        insert into rights_request (school_id, id, request_type, subject_kind, subject_id, requester_kind,
                            requester, channel, received_on, competence, competence_basis, competence_decided_by,
                            created_by, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(school, request.id(), request.type().name(), request.subjectKind().name(), request.subjectId(),
                        request.requesterKind().name(), encrypt(school, request.id(), REQUESTER_FIELD, request.requester()),
                        request.channel().name(), request.receivedOn(), request.competence().name(),
                        request.competenceBasis().name(), request.competenceDecidedBy(), request.createdBy(),
                        request.createdAt().atOffset(ZoneOffset.UTC))
                .update();
        for (Step step : request.steps()) {
            append(school, request.id(), step);
        }
    }

    /** Appends a step; its position must be the next one (the primary key refuses a concurrent twin). */
    void append(UUID school, UUID requestId, Step step) {
        int position = step.position();
        jdbc.sql("""
                        insert into rights_request_step (school_id, request_id, position, status, occurred_on, recorded_at,
                            actor_id, details, extension_months, reason, exemption)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(school, requestId, position, step.status().name(), step.occurredOn(),
                        step.recordedAt().atOffset(ZoneOffset.UTC), step.actorId(),
                        encrypt(school, requestId, FieldCipher.recordField("rights-details", position), step.details()),
                        step.extensionMonths(),
                        encrypt(school, requestId, FieldCipher.recordField("rights-reason", position), step.reason()),
                        encrypt(school, requestId, FieldCipher.recordField("rights-exemption", position), step.exemption()))
                .update();
    }

    /** One request with its texts decrypted. */
    Optional<StoredRequest> find(UUID school, UUID id) {
        Optional<StoredRequest> request = jdbc.sql("select * from rights_request where school_id = ? and id = ?")
                .params(school, id).query((row, n) -> request(row, school, true)).optional();
        return request.map(found -> withSteps(found, steps(school, List.of(id), true).getOrDefault(id, List.of())));
    }

    /** Every request of the school, newest receipt first, without decrypting any text. */
    List<StoredRequest> all(UUID school) {
        List<StoredRequest> requests = jdbc.sql(
                        "select * from rights_request where school_id = ? order by received_on desc, created_at desc, id")
                .params(school).query((row, n) -> request(row, school, false)).list();
        Map<UUID, List<Step>> steps = steps(school, null, false);
        return requests.stream().map(r -> withSteps(r, steps.getOrDefault(r.id(), List.of()))).toList();
    }

    private Map<UUID, List<Step>> steps(UUID school, List<UUID> only, boolean decrypt) {
        String sql = "select * from rights_request_step where school_id = ?"
                + (only == null ? "" : " and request_id = any(?::uuid[])") + " order by request_id, position";
        var statement = jdbc.sql(sql).param(school);
        if (only != null) {
            statement = statement.param(only.stream().map(UUID::toString).toArray(String[]::new));
        }
        Map<UUID, List<Step>> byRequest = new LinkedHashMap<>();
        statement.query((ResultSet row) -> {
            UUID requestId = row.getObject("request_id", UUID.class);
            byRequest.computeIfAbsent(requestId, k -> new ArrayList<>()).add(step(row, school, requestId, decrypt));
        });
        return byRequest;
    }

    private Step step(ResultSet row, UUID school, UUID requestId, boolean decrypt) throws SQLException {
        int position = row.getInt("position");
        Integer months = row.getObject("extension_months", Integer.class);
        return new Step(position, RequestStatus.valueOf(row.getString("status")),
                row.getObject("occurred_on", LocalDate.class),
                row.getObject("recorded_at", java.time.OffsetDateTime.class).toInstant(),
                row.getObject("actor_id", UUID.class),
                decrypt ? decrypt(school, requestId, FieldCipher.recordField("rights-details", position),
                        row.getBytes("details")) : null,
                months,
                decrypt ? decrypt(school, requestId, FieldCipher.recordField("rights-reason", position),
                        row.getBytes("reason")) : null,
                decrypt ? decrypt(school, requestId, FieldCipher.recordField("rights-exemption", position),
                        row.getBytes("exemption")) : null);
    }

    private StoredRequest request(ResultSet row, UUID school, boolean decrypt) throws SQLException {
        UUID id = row.getObject("id", UUID.class);
        return new StoredRequest(id, RequestType.valueOf(row.getString("request_type")),
                SubjectKind.valueOf(row.getString("subject_kind")), row.getObject("subject_id", UUID.class),
                RequesterKind.valueOf(row.getString("requester_kind")),
                decrypt ? decrypt(school, id, REQUESTER_FIELD, row.getBytes("requester")) : null,
                Channel.valueOf(row.getString("channel")), row.getObject("received_on", LocalDate.class),
                Competence.valueOf(row.getString("competence")),
                CompetenceBasis.valueOf(row.getString("competence_basis")),
                row.getObject("competence_decided_by", UUID.class), row.getObject("created_by", UUID.class),
                row.getObject("created_at", java.time.OffsetDateTime.class).toInstant(), List.of());
    }

    private static StoredRequest withSteps(StoredRequest r, List<Step> steps) {
        return new StoredRequest(r.id(), r.type(), r.subjectKind(), r.subjectId(), r.requesterKind(), r.requester(),
                r.channel(), r.receivedOn(), r.competence(), r.competenceBasis(), r.competenceDecidedBy(), r.createdBy(),
                r.createdAt(), List.copyOf(steps));
    }

    private byte[] encrypt(UUID school, UUID requestId, String field, String text) {
        return text == null ? null : cipher.encryptString(school, requestId, field, text);
    }

    private String decrypt(UUID school, UUID requestId, String field, byte[] ciphertext) {
        return ciphertext == null ? null : cipher.decryptString(school, requestId, field, ciphertext);
    }
}
