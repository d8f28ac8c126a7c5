package org.custodian.accesslog;

import java.util.UUID;

/**
 * Recomputes a school's Merkle tree from its entries and checks everything stored about it: each
 * entry against its leaf, positions without gaps, the stored subtree hashes, and every checkpoint's
 * root and signature. Reports the first break.
 */
public interface AccessLogVerifier {

    Verification verify(UUID schoolId);

    /**
     * As {@link #verify(UUID)}, and also checks the stored history against a checkpoint the school
     * kept (emailed to it, or downloaded): a log rewritten consistently inside the database, every
     * hash recomputed, still cannot contain a checkpoint the school holds.
     */
    Verification verify(UUID schoolId, String savedCheckpoint);

    /**
     * The outcome: intact, with the tree size and checkpoints checked, or the first position at which
     * something does not fit and what ({@code problem}, one of {@link Problem}'s codes). Entries
     * committed longer ago than the threshold but not yet in the tree are counted in
     * {@code unintegratedEntries}; any makes the log not intact ({@code entry-not-integrated}).
     */
    record Verification(UUID schoolId, boolean intact, long treeSize, long checkpointsChecked,
                        long entriesRemovedUnderRetention, long unintegratedEntries, Long firstBrokenPosition,
                        String problem) {
    }

    /** What kind of break verification found. */
    enum Problem {
        /** A leaf position is absent: the tree has a gap or was truncated below a checkpoint. */
        POSITION_MISSING("position-missing"),
        /** An entry's content no longer hashes to its leaf (changed entry, or changed leaf). */
        LEAF_HASH("leaf-hash"),
        /** A leaf's entry is gone, and not by removal at the end of its retention period. */
        ENTRY_MISSING("entry-missing"),
        /** A stored subtree hash does not match the leaves below it. */
        NODE_HASH("node-hash"),
        /** A checkpoint's root is not the root of the tree at its size (rewritten history). */
        CHECKPOINT_ROOT("checkpoint-root"),
        /** A checkpoint's signature does not verify under any of the installation's signing keys. */
        CHECKPOINT_SIGNATURE("checkpoint-signature"),
        /** The tree has leaves no checkpoint covers: the sequencer writes both at once, so checkpoints were removed. */
        LEAVES_WITHOUT_CHECKPOINT("leaves-without-checkpoint"),
        /** A checkpoint covers more leaves than the tree has (truncated). */
        CHECKPOINT_BEYOND_TREE("checkpoint-beyond-tree"),
        /** An entry committed longer ago than the threshold is still not in the tree. */
        ENTRY_NOT_INTEGRATED("entry-not-integrated"),
        /** The saved checkpoint is not a checkpoint of this school signed by the installation. */
        SAVED_CHECKPOINT_INVALID("saved-checkpoint-invalid"),
        /** The tree is smaller than the saved checkpoint: entries were removed from its end. */
        TRUNCATED("truncated"),
        /** The tree at the saved checkpoint's size has another root: the history was rewritten. */
        HISTORY_FORKS("history-forks");

        private final String code;

        Problem(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
