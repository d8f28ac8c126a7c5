package org.custodian.rights.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The SQL of tables {@code erasure} and {@code erasure_rule_change}, in the caller's school-scoped
 * transaction. An erasure's reason is encrypted under the erasure's own data key.
 */
@Component
class ErasureStore {

    static final String REASON = "erasure.reason";

    enum State { PENDING, CONFIRMED, CANCELLED }

    record Erasure(UUID id, SubjectKind subjectKind, UUID subjectId, UUID requestReference, String purpose,
                   String reason, UUID requestedBy, Instant requestedAt, State state, UUID decidedBy,
                   Instant decidedAt) {
        @Override
        public String toString() {
            return "Erasure[id=" + id + ", kind=" + subjectKind + ", state=" + state + "]";
        }
    }

    record RuleChange(boolean twoPerson, UUID changedBy, Instant changedAt) {
    }

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final SubjectKeys keys;

    ErasureStore(JdbcClient jdbc, FieldCipher cipher, SubjectKeys keys) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.keys = keys;
    }

    /**
     * Stores a new pending erasure; false if the subject already has one pending (the caller must
     * then roll back: the erasure's data key was made already).
     */
    boolean insertPending(UUID school, Erasure erasure) {
        keys.create(school, erasure.id(), erasure.subjectKind());
        return jdbc.sql("""
                            insert into erasure (school_id, id, subject_kind, subject_id, request_reference, purpose,
                                                 reason, requested_by, requested_at, state)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING')
                            on conflict (school_id, subject_kind, subject_id) where state = 'PENDING' do nothing""")
                    .params(school, erasure.id(), erasure.subjectKind().name(), erasure.subjectId(),
                            erasure.requestReference(), erasure.purpose(),
                            erasure.reason() == null ? null : cipher.encryptString(school, erasure.id(), REASON,
                                    erasure.reason()),
                            erasure.requestedBy(), Timestamp.from(erasure.requestedAt()))
                    .update() == 1;
    }

    /** {@code lock}: take the row for update, so that two decisions on it are made one after the other. */
    Optional<Erasure> find(UUID school, UUID id, boolean lock) {
        return jdbc.sql("select * from erasure where school_id = ? and id = ?" + (lock ? " for update" : ""))
                .params(school, id).query((rs, n) -> erasure(school, rs)).optional();
    }

    /** Pending first (oldest first), then decided ones (newest first), at most {@code limit}. */
    List<Erasure> list(UUID school, int limit) {
        return jdbc.sql("""
                        select * from erasure where school_id = ?
                         order by state = 'PENDING' desc,
                                  case when state = 'PENDING' then requested_at end,
                                  coalesce(decided_at, requested_at) desc, id
                         limit ?""")
                .params(school, limit).query((rs, n) -> erasure(school, rs)).list();
    }

    void decide(UUID school, UUID id, State state, UUID decidedBy, Instant at) {
        jdbc.sql("update erasure set state = ?, decided_by = ?, decided_at = ? where school_id = ? and id = ? and state = 'PENDING'")
                .params(state.name(), decidedBy, Timestamp.from(at), school, id).update();
    }

    /** The school's rule: on unless its latest change switched it off. */
    boolean twoPerson(UUID school) {
        return latestRuleChange(school).map(RuleChange::twoPerson).orElse(true);
    }

    Optional<RuleChange> latestRuleChange(UUID school) {
        return ruleChanges(school, 1).stream().findFirst();
    }

    List<RuleChange> ruleChanges(UUID school, int limit) {
        return jdbc.sql("""
                        select two_person, changed_by, changed_at from erasure_rule_change
                         where school_id = ? order by sequence desc limit ?""")
                .params(school, limit)
                .query((rs, n) -> new RuleChange(rs.getBoolean(1), rs.getObject(2, UUID.class),
                        rs.getTimestamp(3).toInstant()))
                .list();
    }

    void recordRuleChange(UUID school, boolean twoPerson, UUID changedBy, Instant at) {
        jdbc.sql("""
                        insert into erasure_rule_change (school_id, id, two_person, changed_by, changed_at)
                        values (?, ?, ?, ?, ?)""")
                .params(school, UUID.randomUUID(), twoPerson, changedBy, Timestamp.from(at)).update();
    }

    private Erasure erasure(UUID school, ResultSet rs) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        byte[] reason = rs.getBytes("reason");
        Timestamp decided = rs.getTimestamp("decided_at");
        return new Erasure(id, SubjectKind.valueOf(rs.getString("subject_kind")), rs.getObject("subject_id", UUID.class),
                rs.getObject("request_reference", UUID.class), rs.getString("purpose"),
                reason == null ? null : cipher.decryptString(school, id, REASON, reason),
                rs.getObject("requested_by", UUID.class), rs.getTimestamp("requested_at").toInstant(),
                State.valueOf(rs.getString("state")), rs.getObject("decided_by", UUID.class),
                decided == null ? null : decided.toInstant());
    }
}
