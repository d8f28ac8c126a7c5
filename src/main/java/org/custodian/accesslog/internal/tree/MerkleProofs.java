package org.custodian.accesslog.internal.tree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RFC 9162 inclusion (§2.1.3) and consistency (§2.1.4) proofs: generation from the stored tree and
 * verification.
 *
 * <p>Generation first lists the subtree hashes a proof needs as leaf ranges ({@code MTH(D[start:end])}),
 * each either a perfect aligned subtree or one on the tree's right edge. A right-edge range splits
 * into perfect subtrees (largest first, one per set bit of its length), and a perfect subtree at level
 * {@code j} is computed from the {@code 2^(j mod 4)} hashes stored at level {@code 4 * floor(j / 4)}
 * (level 0 being the leaves). All those stored hashes are fetched in one {@link StoredHashes#read},
 * then combined in memory: a proof over millions of leaves is one indexed query and a few hundred
 * hash computations.
 */
public final class MerkleProofs {

    private MerkleProofs() {
    }

    /** A stored hash: a leaf hash (level 0) or a complete subtree's at a {@link CompactRange#STORED_LEVEL_STEP stored level}. */
    public record NodeId(int level, long index) {

        public NodeId {
            if (level < 0 || level >= 64 || level % CompactRange.STORED_LEVEL_STEP != 0 || index < 0) {
                throw new IllegalArgumentException("stored hashes are at level 0 or a multiple of 4, with an index of at least 0");
            }
        }
    }

    /** Reads stored hashes in one go; every id asked for lies in the tree (a missing one is an error). */
    @FunctionalInterface
    public interface StoredHashes {

        Map<NodeId, byte[]> read(Set<NodeId> ids);
    }

    /** The leaves {@code [start, end)}, whose Merkle tree hash a proof carries. */
    public record Range(long start, long end) {

        public Range {
            if (start < 0 || end <= start) {
                throw new IllegalArgumentException("a range holds at least one leaf");
            }
        }
    }

    /** An inclusion proof with the root of the tree it is for. */
    public record InclusionProof(long leafIndex, long treeSize, List<byte[]> hashes, byte[] root) {
    }

    /** A consistency proof with the roots of both trees. */
    public record ConsistencyProof(long fromSize, long toSize, List<byte[]> hashes, byte[] fromRoot, byte[] toRoot) {
    }

    /** The inclusion proof of leaf {@code index} in the tree of the first {@code size} leaves. */
    public static InclusionProof inclusion(long index, long size, StoredHashes store) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("the leaf must lie inside the tree");
        }
        List<Range> ranges = new ArrayList<>();
        inclusionRanges(index, 0, size, ranges);
        ranges.add(new Range(0, size));
        List<byte[]> hashes = hashes(ranges, store);
        return new InclusionProof(index, size, List.copyOf(hashes.subList(0, hashes.size() - 1)), hashes.get(hashes.size() - 1));
    }

    /** The consistency proof between the trees of the first {@code from} and first {@code to} leaves ({@code 1 <= from <= to}). */
    public static ConsistencyProof consistency(long from, long to, StoredHashes store) {
        if (from < 1 || from > to) {
            throw new IllegalArgumentException("a consistency proof goes from a non-empty tree to one at least as large");
        }
        List<Range> ranges = new ArrayList<>();
        if (from < to) {
            consistencyRanges(from, 0, to, true, ranges);
        }
        ranges.add(new Range(0, from));
        ranges.add(new Range(0, to));
        List<byte[]> hashes = hashes(ranges, store);
        int n = hashes.size();
        return new ConsistencyProof(from, to, List.copyOf(hashes.subList(0, n - 2)), hashes.get(n - 2), hashes.get(n - 1));
    }

    /** The root of the tree of the first {@code size} leaves. */
    public static byte[] root(long size, StoredHashes store) {
        return size == 0 ? MerkleHash.emptyTree() : hashes(List.of(new Range(0, size)), store).get(0);
    }

    /** RFC 9162 PATH(m, D[start:end]): the sibling ranges, deepest first. */
    static void inclusionRanges(long m, long start, long end, List<Range> out) {
        long n = end - start;
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            inclusionRanges(m, start, start + k, out);
            out.add(new Range(start + k, end));
        } else {
            inclusionRanges(m - k, start + k, end, out);
            out.add(new Range(start, start + k));
        }
    }

    /** RFC 9162 SUBPROOF(m, D[start:end], b). */
    static void consistencyRanges(long m, long start, long end, boolean whole, List<Range> out) {
        long n = end - start;
        if (m == n) {
            if (!whole) {
                out.add(new Range(start, end));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            consistencyRanges(m, start, start + k, whole, out);
            out.add(new Range(start + k, end));
        } else {
            consistencyRanges(m - k, start + k, end, false, out);
            out.add(new Range(start, start + k));
        }
    }

    /** The hashes of {@code ranges}, in order, from one read of the stored hashes they need. */
    static List<byte[]> hashes(List<Range> ranges, StoredHashes store) {
        Set<NodeId> needed = new LinkedHashSet<>();
        List<List<long[]>> pieces = new ArrayList<>(ranges.size());
        for (Range range : ranges) {
            List<long[]> perfect = perfectSubtrees(range);
            pieces.add(perfect);
            for (long[] subtree : perfect) {
                int level = (int) subtree[0];
                int stored = level - level % CompactRange.STORED_LEVEL_STEP;
                long first = subtree[1] << (level - stored);
                for (long i = 0; i < 1L << (level - stored); i++) {
                    needed.add(new NodeId(stored, first + i));
                }
            }
        }
        Map<NodeId, byte[]> read = needed.isEmpty() ? Map.of() : store.read(Set.copyOf(needed));
        Map<String, byte[]> memo = new HashMap<>();
        List<byte[]> out = new ArrayList<>(ranges.size());
        for (List<long[]> perfect : pieces) {
            byte[] hash = null;
            for (int i = perfect.size() - 1; i >= 0; i--) {
                byte[] subtree = perfectHash((int) perfect.get(i)[0], perfect.get(i)[1], read, memo);
                hash = hash == null ? subtree : MerkleHash.node(subtree, hash);
            }
            out.add(hash);
        }
        return out;
    }

    /** {@code [start, end)} as perfect subtrees {level, index}, largest first; the range must start aligned to its span. */
    private static List<long[]> perfectSubtrees(Range range) {
        List<long[]> out = new ArrayList<>();
        long start = range.start();
        long remaining = range.end() - range.start();
        while (remaining > 0) {
            long size = Long.highestOneBit(remaining);
            if (start % size != 0) {
                throw new IllegalArgumentException("not a range of the tree's structure");
            }
            int level = Long.numberOfTrailingZeros(size);
            out.add(new long[] {level, start >> level});
            start += size;
            remaining -= size;
        }
        return out;
    }

    private static byte[] perfectHash(int level, long index, Map<NodeId, byte[]> read, Map<String, byte[]> memo) {
        if (level % CompactRange.STORED_LEVEL_STEP == 0) {
            byte[] hash = read.get(new NodeId(level, index));
            if (hash == null || hash.length != MerkleHash.SIZE) {
                throw new IllegalStateException("a stored hash the proof needs is missing (level " + level + ", index " + index + ")");
            }
            return hash;
        }
        String key = level + ":" + index;
        byte[] known = memo.get(key);
        if (known == null) {
            known = MerkleHash.node(perfectHash(level - 1, 2 * index, read, memo), perfectHash(level - 1, 2 * index + 1, read, memo));
            memo.put(key, known);
        }
        return known;
    }

    private static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    /** RFC 9162 §2.1.3.2: whether {@code proof} shows {@code leafHash} at {@code index} in the tree of {@code size} leaves with {@code root}. */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size || leafHash == null || root == null || proof == null) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0 || p == null || p.length != MerkleHash.SIZE) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleHash.node(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = MerkleHash.node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** RFC 9162 §2.1.4.2: whether {@code proof} shows the tree of {@code from} leaves with {@code fromRoot} is a prefix of the one of {@code to} leaves with {@code toRoot}. */
    public static boolean verifyConsistency(long from, long to, byte[] fromRoot, byte[] toRoot, List<byte[]> proof) {
        if (from < 0 || from > to || fromRoot == null || toRoot == null || proof == null) {
            return false;
        }
        if (from == to) {
            return proof.isEmpty() && Arrays.equals(fromRoot, toRoot);
        }
        if (from == 0) {
            // Every tree extends the empty one; there is nothing to prove.
            return proof.isEmpty();
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof.size() + 1);
        if (Long.bitCount(from) == 1) {
            path.add(fromRoot);
        }
        path.addAll(proof);
        for (byte[] c : path) {
            if (c == null || c.length != MerkleHash.SIZE) {
                return false;
            }
        }
        long fn = from - 1;
        long sn = to - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHash.node(c, fr);
                sr = MerkleHash.node(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = MerkleHash.node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, fromRoot) && Arrays.equals(sr, toRoot);
    }
}
