package org.custodian.accesslog.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessEntry;
import org.custodian.accesslog.LoggedEntry;
import org.custodian.accesslog.SubjectAccessHistory;
import org.custodian.accesslog.internal.CheckpointStore.Stored;
import org.custodian.accesslog.internal.tree.MerkleProofs;
import org.custodian.accesslog.internal.tree.MerkleProofs.NodeId;
import org.custodian.accesslog.internal.tree.SignedNote.VerifierKey;
import org.custodian.crypto.CiphertextRejectedException;
import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.SubjectErasedException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The subject's entries found through {@code access_log_subject} (primary key school, subject,
 * sequence: one index range however large the log), each joined to its leaf. The proofs of all of
 * them are built from one batched read of the stored hashes they need, not one read per proof.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class JdbcSubjectAccessHistory implements SubjectAccessHistory {

    private static final byte[] PLACEHOLDER = new byte[32];

    private final JdbcClient jdbc;
    private final CheckpointStore checkpoints;
    private final JdbcAccessLogTree tree;
    private final SignedCheckpoints signatures;
    private final FieldCipher cipher;

    JdbcSubjectAccessHistory(JdbcClient jdbc, CheckpointStore checkpoints, JdbcAccessLogTree tree,
                             SignedCheckpoints signatures, FieldCipher cipher) {
        this.jdbc = jdbc;
        this.checkpoints = checkpoints;
        this.tree = tree;
        this.signatures = signatures;
        this.cipher = cipher;
    }

    private record Row(LoggedEntry entry, Long position, byte[] leafHash) {
    }

    @Override
    public History history(UUID schoolId, UUID subjectId) {
        List<Row> rows = jdbc.sql("""
                        select %s, l.position as leaf_position, l.leaf_hash as tree_leaf_hash
                        from access_log_subject s
                        join access_log_entry e on e.school_id = s.school_id and e.sequence = s.sequence
                        left join access_log_leaf l on l.school_id = e.school_id and l.entry_sequence = e.sequence
                        where s.school_id = ? and s.subject_id = ?
                        order by e.occurred_at, e.sequence""".formatted(prefixed(EntryRows.COLUMNS)))
                .params(schoolId, subjectId)
                .query((rs, n) -> new Row(EntryRows.read(rs), rs.getObject("leaf_position", Long.class),
                        rs.getBytes("tree_leaf_hash")))
                .list();
        Optional<Stored> latest = checkpoints.latest(schoolId);
        long size = latest.map(Stored::treeSize).orElse(0L);
        long lastUnbound = jdbc.sql("select last_sequence from access_log_unbound_reasons where school_id = ?")
                .param(schoolId).query(Long.class).optional().orElse(0L);

        List<Row> inTree = rows.stream().filter(r -> r.position() != null && r.position() < size).toList();
        // First pass records which stored hashes the proofs need; one read fetches them all.
        Set<NodeId> needed = new HashSet<>();
        for (Row row : inTree) {
            MerkleProofs.inclusion(row.position(), size, ids -> {
                needed.addAll(ids);
                Map<NodeId, byte[]> fake = new HashMap<>();
                ids.forEach(id -> fake.put(id, PLACEHOLDER));
                return fake;
            });
        }
        Map<NodeId, byte[]> hashes = needed.isEmpty() ? Map.of() : tree.storedHashes(schoolId).read(needed);
        List<ProvenEntry> sequenced = new ArrayList<>(inTree.size());
        for (Row row : inTree) {
            MerkleProofs.InclusionProof proof = MerkleProofs.inclusion(row.position(), size, ids -> hashes);
            sequenced.add(new ProvenEntry(row.entry(), row.position(), row.leafHash(), proof.hashes(),
                    reason(schoolId, subjectId, row.entry(), lastUnbound)));
        }
        List<PendingEntry> pending = rows.stream().filter(r -> r.position() == null || r.position() >= size)
                .map(r -> new PendingEntry(r.entry(), reason(schoolId, subjectId, r.entry(), lastUnbound))).toList();
        StringBuilder keys = new StringBuilder();
        for (VerifierKey key : signatures.verifierKeys()) {
            keys.append(key.encoded()).append('\n');
        }
        return new History(schoolId, latest.map(Stored::note).orElse(null), size, latest.map(Stored::root).orElse(null),
                keys.toString(), sequenced, pending);
    }

    /** The reason, when it is the subject's own (encrypted under their key); a reason about others stays closed. */
    private String reason(UUID schoolId, UUID subjectId, LoggedEntry entry, long lastUnbound) {
        if (entry.reason() == null) {
            return null;
        }
        AccessAction action;
        try {
            action = AccessAction.valueOf(entry.action());
        } catch (IllegalArgumentException e) {
            return null;
        }
        List<UUID> subjects = entry.subjectIds().stream().map(UUID::fromString).toList();
        if (!subjectId.equals(AccessEntry.reasonKeySubject(action, UUID.fromString(entry.actorId()), subjects))) {
            return null;
        }
        String field = entry.sequence() <= lastUnbound ? AccessEntry.REASON_FIELD : AccessEntry.reasonField(entry.sequence());
        try {
            return cipher.decryptString(schoolId, subjectId, field, entry.reason());
        } catch (SubjectErasedException | CiphertextRejectedException e) {
            return null;
        }
    }

    private static String prefixed(String columns) {
        return String.join(", ", java.util.Arrays.stream(columns.split(",")).map(c -> "e." + c.strip()).toList());
    }
}
