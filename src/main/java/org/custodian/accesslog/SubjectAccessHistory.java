package org.custodian.accesslog;

import java.util.List;
import java.util.UUID;

/**
 * Every access-log entry naming one subject, for a subject-access bundle: each entry in the school's
 * latest signed checkpoint with its inclusion proof against that checkpoint, and the entries not yet
 * covered by a checkpoint listed as pending. With the checkpoint note and the installation's verifier
 * keys the requester checks the proofs offline ({@code verify-access-log --bundle}).
 */
public interface SubjectAccessHistory {

    /** Runs in the caller's transaction, scoped to {@code schoolId}. */
    History history(UUID schoolId, UUID subjectId);

    /**
     * The history: {@code checkpointNote} null (and every entry pending) when the school has no
     * checkpoint yet; {@code verifierKeys} the installation's keys, one {@code name+keyid+key} a line.
     */
    record History(UUID schoolId, String checkpointNote, long treeSize, byte[] rootHash, String verifierKeys,
                   List<ProvenEntry> sequenced, List<PendingEntry> pending) {
        @Override
        public String toString() {
            return "History[treeSize=" + treeSize + ", sequenced=" + sequenced.size() + ", pending=" + pending.size() + "]";
        }
    }

    /**
     * An entry in the checkpoint's tree at {@code position}, with the sibling hashes (deepest first)
     * leading from its leaf hash to the checkpoint's root. {@code reason} is the decrypted reason when
     * it was encrypted under the subject's own key (an entry about them alone), else null.
     */
    record ProvenEntry(LoggedEntry entry, long position, byte[] leafHash, List<byte[]> proof, String reason) {
        @Override
        public String toString() {
            return "ProvenEntry[position=" + position + "]";
        }
    }

    /** An entry not yet covered by a signed checkpoint (the sequencer integrates it within seconds). */
    record PendingEntry(LoggedEntry entry, String reason) {
        @Override
        public String toString() {
            return "PendingEntry[sequence=" + entry.sequence() + "]";
        }
    }
}
