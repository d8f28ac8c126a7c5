package org.custodian.accesslog.internal.tree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The right edge of a Merkle tree of {@code size} leaves: the hashes of the complete subtrees its
 * size decomposes into, largest first (one per set bit of the size). Enough to append leaves and
 * compute the root without the rest of the tree; appending reports each complete subtree that ends
 * at a {@link #STORED_LEVEL_STEP stored level}, so its hash can be kept for proofs.
 */
public final class CompactRange {

    /** Subtree hashes are kept at levels 4, 8, 12…; levels between are recomputed from at most 8 below. */
    public static final int STORED_LEVEL_STEP = 4;

    private long size;
    private final List<byte[]> hashes;

    private CompactRange(long size, List<byte[]> hashes) {
        this.size = size;
        this.hashes = hashes;
    }

    public static CompactRange empty() {
        return new CompactRange(0, new ArrayList<>());
    }

    /** A range from its size and {@link #toBytes() stored form}; refuses a form that does not fit the size. */
    public static CompactRange of(long size, byte[] stored) {
        if (size < 0 || stored.length != Long.bitCount(size) * MerkleHash.SIZE) {
            throw new IllegalArgumentException("frontier does not match tree size");
        }
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < stored.length; i += MerkleHash.SIZE) {
            hashes.add(Arrays.copyOfRange(stored, i, i + MerkleHash.SIZE));
        }
        return new CompactRange(size, hashes);
    }

    /** A complete subtree: {@code 2^level} leaves starting at leaf {@code index * 2^level}. */
    public record Subtree(int level, long index, byte[] hash) {
    }

    /** Appends one leaf hash; returns the complete subtrees at stored levels it completes (often none). */
    public List<Subtree> append(byte[] leafHash) {
        if (leafHash.length != MerkleHash.SIZE) {
            throw new IllegalArgumentException("a leaf hash is 32 bytes");
        }
        List<Subtree> completed = List.of();
        byte[] hash = leafHash;
        int level = 0;
        // Merge while the newest two subtrees have the same height: the set bits carried by size + 1.
        while ((size >> level & 1) == 1) {
            hash = MerkleHash.node(hashes.remove(hashes.size() - 1), hash);
            level++;
            if (level % STORED_LEVEL_STEP == 0) {
                if (completed.isEmpty()) {
                    completed = new ArrayList<>(2);
                }
                completed.add(new Subtree(level, ((size + 1) >> level) - 1, hash));
            }
        }
        hashes.add(hash);
        size++;
        return completed;
    }

    public long size() {
        return size;
    }

    /** The tree head: RFC 9162's MTH over all leaves appended ({@code SHA-256()} for none). */
    public byte[] root() {
        if (hashes.isEmpty()) {
            return MerkleHash.emptyTree();
        }
        byte[] root = hashes.get(hashes.size() - 1);
        for (int i = hashes.size() - 2; i >= 0; i--) {
            root = MerkleHash.node(hashes.get(i), root);
        }
        return root;
    }

    /** The frontier's hashes concatenated, largest subtree first. */
    public byte[] toBytes() {
        byte[] out = new byte[hashes.size() * MerkleHash.SIZE];
        for (int i = 0; i < hashes.size(); i++) {
            System.arraycopy(hashes.get(i), 0, out, i * MerkleHash.SIZE, MerkleHash.SIZE);
        }
        return out;
    }
}
