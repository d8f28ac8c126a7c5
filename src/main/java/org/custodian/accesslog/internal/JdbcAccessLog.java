package org.custodian.accesslog.internal;

import java.time.Clock;
import java.util.UUID;

import org.custodian.accesslog.AccessEntry;
import org.custodian.accesslog.AccessLog;
import org.custodian.accesslog.LoggedEntry;
import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

@Component
class JdbcAccessLog implements AccessLog {

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final SubjectKeys keys;
    private final Clock clock;
    private final SequenceBlocks sequences;

    JdbcAccessLog(JdbcClient jdbc, FieldCipher cipher, SubjectKeys keys, Clock clock, SequenceBlocks sequences) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.keys = keys;
        this.clock = clock;
        this.sequences = sequences;
    }

    /**
     * MANDATORY, not REQUIRED: an entry must commit or roll back with the access it records. With
     * REQUIRED a caller that forgot its transaction would get the entry committed on its own (and
     * the access perhaps rolled back, or the reverse); MANDATORY refuses such a call outright.
     */
    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public LoggedEntry append(AccessEntry entry) {
        UUID reasonKey = entry.reasonKeySubject();
        if (entry.reason() != null && reasonKey.equals(entry.actorId())) {
            keys.create(entry.schoolId(), reasonKey, SubjectKind.STAFF);
        }
        // No lock: the sequence comes from a block this instance holds, the entry's
        // tree position later from the sequencer.
        long sequence = sequences.next();
        byte[] reason = entry.reason() == null ? null
                : cipher.encryptString(entry.schoolId(), reasonKey, AccessEntry.reasonField(sequence), entry.reason());
        LoggedEntry logged = LoggedEntry.of(entry, sequence, clock.instant(), reason);
        jdbc.sql("""
                        insert into access_log_entry (school_id, sequence, format, actor_id, actor_role, subject_ids,
                            fields, action, purpose, reason, occurred_at, request_id, source_ip, leaf_hash)
                        values (?, ?, ?, ?, ?, ?::uuid[], ?::text[], ?, ?, ?, ?, ?, ?, ?)""")
                .params(entry.schoolId(), logged.sequence(), logged.format(), entry.actorId(), logged.actorRole(),
                        logged.subjectIds().toArray(String[]::new), logged.fields().toArray(String[]::new),
                        logged.action(), logged.purpose(), logged.reason(),
                        logged.occurredAt().atOffset(java.time.ZoneOffset.UTC), logged.requestId(), logged.sourceIp(),
                        logged.leafHash())
                .update();
        return logged;
    }

}
