package org.custodian.rights.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.custodian.crypto.FieldCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The SQL of rights_rectification: each corrected field of a rectification request, its old and new
 * values encrypted under the request's own data key (as the request's other free text), each bound
 * to its position so a value cannot be moved to another row or swapped between old and new.
 * Every method runs inside the caller's school-scoped transaction.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class RectificationStore {

    private static final String OLD = "rights-rectification-old";
    private static final String NEW = "rights-rectification-new";

    private final JdbcClient jdbc;
    private final FieldCipher cipher;

    RectificationStore(JdbcClient jdbc, FieldCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** One corrected field: the values are null where the field was empty. */
    record Correction(int position, String field, String oldValue, String newValue, Instant recordedAt, UUID actorId,
                      long pupilVersion, long logSequence) {
        @Override
        public String toString() {
            return "Correction[position=" + position + ", field=" + field + "]";
        }
    }

    /** Appends the corrections, numbered on from the request's last one. */
    void append(UUID school, UUID requestId, List<Correction> corrections) {
        int next = jdbc.sql("select coalesce(max(position), 0) + 1 from rights_rectification where school_id = ? and request_id = ?")
                .params(school, requestId).query(Integer.class).single();
        for (Correction correction : corrections) {
            int position = next++;
            jdbc.sql("""
                            insert into rights_rectification (school_id, request_id, position, field, old_value, new_value,
                                recorded_at, actor_id, pupil_version, log_sequence)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(school, requestId, position, correction.field(),
                            seal(school, requestId, OLD, position, correction.oldValue()),
                            seal(school, requestId, NEW, position, correction.newValue()),
                            correction.recordedAt().atOffset(ZoneOffset.UTC), correction.actorId(),
                            correction.pupilVersion(), correction.logSequence())
                    .update();
        }
    }

    /** The request's corrections in order, decrypted. */
    List<Correction> all(UUID school, UUID requestId) {
        return jdbc.sql("""
                        select position, field, old_value, new_value, recorded_at, actor_id, pupil_version, log_sequence
                        from rights_rectification where school_id = ? and request_id = ? order by position""")
                .params(school, requestId)
                .query((rs, n) -> {
                    int position = rs.getInt(1);
                    return new Correction(position, rs.getString(2), open(school, requestId, OLD, position, rs.getBytes(3)),
                            open(school, requestId, NEW, position, rs.getBytes(4)),
                            rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getObject(6, UUID.class),
                            rs.getLong(7), rs.getLong(8));
                })
                .list();
    }

    private byte[] seal(UUID school, UUID requestId, String field, int position, String value) {
        return value == null ? null
                : cipher.encryptString(school, requestId, FieldCipher.recordField(field, position), value);
    }

    private String open(UUID school, UUID requestId, String field, int position, byte[] value) {
        return value == null ? null
                : cipher.decryptString(school, requestId, FieldCipher.recordField(field, position), value);
    }
}
