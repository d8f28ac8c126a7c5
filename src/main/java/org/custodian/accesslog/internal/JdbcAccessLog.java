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

    JdbcAccessLog(JdbcClient jdbc, FieldCipher cipher, SubjectKeys keys, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.keys = keys;
        this.clock = clock;
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
        // One appender per school at a time (until the caller's transaction ends), so two entries
        // never claim the same predecessor: the function takes the school's lock, then reads the head.
        Head head = jdbc.sql("select head_sequence, head_hash from access_log_lock_head(?)")
                .param(entry.schoolId())
                .query((rs, row) -> rs.getBytes(2) == null ? new Head(0, LoggedEntry.genesisHash())
                        : new Head(rs.getLong(1), rs.getBytes(2)))
                .single();
        long sequence = head.sequence() + 1;
        // The reason is bound to the sequence it is stored at, known only once the school's lock is held.
        byte[] reason = entry.reason() == null ? null
                : cipher.encryptString(entry.schoolId(), reasonKey, AccessEntry.reasonField(sequence), entry.reason());
        LoggedEntry logged = LoggedEntry.of(entry, sequence, clock.instant(), head.hash(), reason);
        jdbc.sql("""
                        insert into access_log_entry (school_id, sequence, actor_id, actor_role, subject_ids, fields,
                            action, purpose, reason, occurred_at, request_id, source_ip, previous_hash, entry_hash)
                        values (?, ?, ?, ?, ?::uuid[], ?::text[], ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(entry.schoolId(), logged.sequence(), entry.actorId(), logged.actorRole(),
                        logged.subjectIds().toArray(String[]::new), logged.fields().toArray(String[]::new),
                        logged.action(), logged.purpose(), logged.reason(),
                        logged.occurredAt().atOffset(java.time.ZoneOffset.UTC), logged.requestId(), logged.sourceIp(),
                        logged.previousHash(), logged.entryHash())
                .update();
        return logged;
    }

    private record Head(long sequence, byte[] hash) {
    }

}
