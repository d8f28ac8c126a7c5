package org.custodian.accesslog.internal.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.custodian.accesslog.internal.tree.MerkleProofs.NodeId;
import org.custodian.accesslog.internal.tree.MerkleProofs.StoredHashes;
import org.junit.jupiter.api.Test;

/**
 * Proofs against the RFC 6962 / 9162 reference vectors (the eight-leaf tree of the Certificate
 * Transparency and transparency-dev test suites), then random trees: every proof generated verifies,
 * any tampered one does not, and each generation reads the store once.
 */
class MerkleProofsTests {

    private static final HexFormat HEX = HexFormat.of();

    private static final byte[][] LEAVES = {
            bytes(""), bytes("00"), bytes("10"), bytes("2021"), bytes("3031"), bytes("40414243"),
            bytes("5051525354555657"), bytes("606162636465666768696a6b6c6d6e6f")};

    /** Roots of the trees of the first 1…8 reference leaves. */
    private static final String[] ROOTS = {
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    @Test
    void hashesMatchTheReferenceValues() {
        assertThat(HEX.formatHex(MerkleHash.emptyTree()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(HEX.formatHex(MerkleHash.leaf(new byte[0])))
                .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
        assertThat(HEX.formatHex(MerkleHash.leaf("L123456".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56");
        assertThat(HEX.formatHex(MerkleHash.node("N123".getBytes(StandardCharsets.US_ASCII), "N456".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb");
    }

    @Test
    void rootsOfTheReferenceTreeMatch() {
        Tree tree = new Tree();
        for (int size = 1; size <= LEAVES.length; size++) {
            tree.append(MerkleHash.leaf(LEAVES[size - 1]));
            assertThat(HEX.formatHex(MerkleProofs.root(size, tree))).as("root of " + size).isEqualTo(ROOTS[size - 1]);
        }
    }

    @Test
    void inclusionProofsMatchTheReferenceVectors() {
        Tree tree = referenceTree();
        checkInclusion(tree, 0, 1);
        checkInclusion(tree, 0, 8, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        checkInclusion(tree, 5, 8, "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        checkInclusion(tree, 2, 3, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
        checkInclusion(tree, 1, 5, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
    }

    @Test
    void consistencyProofsMatchTheReferenceVectors() {
        Tree tree = referenceTree();
        checkConsistency(tree, 1, 1);
        checkConsistency(tree, 1, 8, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        checkConsistency(tree, 6, 8, "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        checkConsistency(tree, 2, 5, "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
        checkConsistency(tree, 6, 7, "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    }

    @Test
    void referenceProofsFailWhenTamperedWith() {
        byte[] root8 = bytes(ROOTS[7]);
        List<byte[]> proof = hashes("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        byte[] leaf = MerkleHash.leaf(LEAVES[5]);
        assertThat(MerkleProofs.verifyInclusion(5, 8, leaf, proof, root8)).isTrue();
        assertThat(MerkleProofs.verifyInclusion(4, 8, leaf, proof, root8)).as("wrong index").isFalse();
        assertThat(MerkleProofs.verifyInclusion(5, 16, leaf, proof, root8)).as("tree size doubled").isFalse();
        assertThat(MerkleProofs.verifyInclusion(5, 4, leaf, proof, root8)).as("tree size halved").isFalse();
        assertThat(MerkleProofs.verifyInclusion(5, 8, MerkleHash.leaf(LEAVES[4]), proof, root8)).as("wrong leaf").isFalse();
        assertThat(MerkleProofs.verifyInclusion(5, 8, leaf, proof, bytes(ROOTS[6]))).as("wrong root").isFalse();
        assertThat(MerkleProofs.verifyInclusion(5, 8, leaf, proof.subList(0, 2), root8)).as("truncated").isFalse();
        List<byte[]> longer = new ArrayList<>(proof);
        longer.add(root8);
        assertThat(MerkleProofs.verifyInclusion(5, 8, leaf, longer, root8)).as("trailing hash").isFalse();
        assertThat(MerkleProofs.verifyInclusion(8, 8, leaf, proof, root8)).as("index beyond the tree").isFalse();
        assertThat(MerkleProofs.verifyInclusion(0, 0, leaf, List.of(), MerkleHash.emptyTree())).as("empty tree").isFalse();

        assertThat(MerkleProofs.verifyConsistency(1, 1, bytes(ROOTS[0]), bytes(ROOTS[0]), List.of())).isTrue();
        assertThat(MerkleProofs.verifyConsistency(1, 1, bytes(ROOTS[0]), bytes(ROOTS[1]), List.of())).as("equal sizes, other roots").isFalse();
        assertThat(MerkleProofs.verifyConsistency(1, 1, bytes(ROOTS[0]), bytes(ROOTS[0]), List.of(bytes(ROOTS[0])))).as("equal sizes, a proof").isFalse();
        assertThat(MerkleProofs.verifyConsistency(2, 1, bytes(ROOTS[1]), bytes(ROOTS[0]), List.of())).as("shrinking").isFalse();
        assertThat(MerkleProofs.verifyConsistency(0, 3, MerkleHash.emptyTree(), bytes(ROOTS[2]), List.of())).as("from the empty tree").isTrue();
        List<byte[]> consistency = hashes("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
        assertThat(MerkleProofs.verifyConsistency(2, 5, bytes(ROOTS[1]), bytes(ROOTS[4]), consistency)).isTrue();
        assertThat(MerkleProofs.verifyConsistency(2, 5, bytes(ROOTS[4]), bytes(ROOTS[1]), consistency)).as("swapped roots").isFalse();
        assertThat(MerkleProofs.verifyConsistency(2, 5, bytes(ROOTS[1]), bytes(ROOTS[4]), List.of())).as("empty proof").isFalse();
        assertThat(MerkleProofs.verifyConsistency(2, 4, bytes(ROOTS[1]), bytes(ROOTS[4]), consistency)).as("wrong size").isFalse();
        assertThat(MerkleProofs.verifyConsistency(1, 5, bytes(ROOTS[1]), bytes(ROOTS[4]), consistency)).as("wrong size").isFalse();
    }

    @Test
    void everyProofOfRandomTreesVerifiesAndReadsTheStoreOnce() {
        Random random = new Random(9162);
        for (int size : new int[] {1, 2, 3, 15, 16, 17, 255, 256, 257, 1000, 4097}) {
            Tree tree = new Tree();
            for (int i = 0; i < size; i++) {
                byte[] data = new byte[8];
                random.nextBytes(data);
                tree.append(MerkleHash.leaf(data));
            }
            int[] sizes = size <= 64 ? range(1, size) : random.ints(40, 1, size + 1).toArray();
            for (int n : sizes) {
                byte[] root = tree.referenceRoot(0, n);
                int[] indices = n <= 64 ? range(0, n - 1) : random.ints(20, 0, n).toArray();
                for (int index : indices) {
                    tree.reads = 0;
                    MerkleProofs.InclusionProof proof = MerkleProofs.inclusion(index, n, tree);
                    assertThat(tree.reads).isEqualTo(1);
                    assertThat(proof.root()).isEqualTo(root);
                    assertThat(MerkleProofs.verifyInclusion(index, n, tree.leaves.get(index), proof.hashes(), root))
                            .as("inclusion %d in %d", index, n).isTrue();
                    assertTamperedInclusionFails(random, index, n, tree.leaves.get(index), proof.hashes(), root);
                }
                int[] froms = n <= 64 ? range(1, n) : random.ints(20, 1, n + 1).toArray();
                for (int m : froms) {
                    tree.reads = 0;
                    MerkleProofs.ConsistencyProof proof = MerkleProofs.consistency(m, n, tree);
                    assertThat(tree.reads).isEqualTo(1);
                    byte[] fromRoot = tree.referenceRoot(0, m);
                    assertThat(proof.fromRoot()).isEqualTo(fromRoot);
                    assertThat(proof.toRoot()).isEqualTo(root);
                    assertThat(MerkleProofs.verifyConsistency(m, n, fromRoot, root, proof.hashes()))
                            .as("consistency %d to %d", m, n).isTrue();
                    assertTamperedConsistencyFails(random, m, n, fromRoot, root, proof.hashes());
                }
            }
        }
    }

    @Test
    void aProofReadsOnlyStoredLevelsAndFewHashes() {
        Tree tree = new Tree();
        Random random = new Random(4);
        for (int i = 0; i < 70_000; i++) {
            byte[] data = new byte[4];
            random.nextBytes(data);
            tree.append(MerkleHash.leaf(data));
        }
        tree.asked.clear();
        MerkleProofs.InclusionProof proof = MerkleProofs.inclusion(12_345, 69_999, tree);
        assertThat(MerkleProofs.verifyInclusion(12_345, 69_999, tree.leaves.get(12_345), proof.hashes(), tree.referenceRoot(0, 69_999))).isTrue();
        // 17 levels: at most 8 stored hashes per perfect subtree, a handful of subtrees per level.
        assertThat(tree.asked).allMatch(id -> id.level() % 4 == 0).hasSizeLessThan(400);
    }

    @Test
    void refusesProofsOutsideTheTree() {
        Tree tree = referenceTree();
        assertThatThrownBy(() -> MerkleProofs.inclusion(8, 8, tree)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleProofs.consistency(0, 8, tree)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleProofs.consistency(5, 4, tree)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NodeId(3, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertTamperedInclusionFails(Random random, long index, long size, byte[] leaf, List<byte[]> proof, byte[] root) {
        if (!proof.isEmpty()) {
            List<byte[]> flipped = copy(proof);
            int at = random.nextInt(flipped.size());
            flipped.get(at)[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
            assertThat(MerkleProofs.verifyInclusion(index, size, leaf, flipped, root)).isFalse();
            assertThat(MerkleProofs.verifyInclusion(index, size, leaf, proof.subList(0, proof.size() - 1), root)).isFalse();
        }
        List<byte[]> longer = copy(proof);
        longer.add(root);
        assertThat(MerkleProofs.verifyInclusion(index, size, leaf, longer, root)).isFalse();
        byte[] otherLeaf = leaf.clone();
        otherLeaf[0] ^= 1;
        assertThat(MerkleProofs.verifyInclusion(index, size, otherLeaf, proof, root)).isFalse();
        if (size > 1) {
            long otherIndex = (index + 1 + random.nextInt((int) size - 1)) % size;
            assertThat(MerkleProofs.verifyInclusion(otherIndex, size, leaf, proof, root)).as("another index").isFalse();
        }
    }

    private static void assertTamperedConsistencyFails(Random random, long from, long to, byte[] fromRoot, byte[] toRoot, List<byte[]> proof) {
        if (!proof.isEmpty()) {
            List<byte[]> flipped = copy(proof);
            flipped.get(random.nextInt(flipped.size()))[random.nextInt(32)] ^= 1;
            assertThat(MerkleProofs.verifyConsistency(from, to, fromRoot, toRoot, flipped)).isFalse();
            assertThat(MerkleProofs.verifyConsistency(from, to, fromRoot, toRoot, proof.subList(0, proof.size() - 1))).isFalse();
        }
        byte[] otherRoot = toRoot.clone();
        otherRoot[31] ^= 1;
        assertThat(MerkleProofs.verifyConsistency(from, to, fromRoot, otherRoot, proof)).isFalse();
        byte[] otherFrom = fromRoot.clone();
        otherFrom[0] ^= 1;
        assertThat(MerkleProofs.verifyConsistency(from, to, otherFrom, toRoot, proof)).isFalse();
        List<byte[]> longer = copy(proof);
        longer.add(toRoot);
        assertThat(MerkleProofs.verifyConsistency(from, to, fromRoot, toRoot, longer)).isFalse();
    }

    private static void checkInclusion(Tree tree, long index, long size, String... expected) {
        MerkleProofs.InclusionProof proof = MerkleProofs.inclusion(index, size, tree);
        assertThat(proof.hashes().stream().map(HEX::formatHex).toList()).containsExactly(expected);
        assertThat(HEX.formatHex(proof.root())).isEqualTo(ROOTS[(int) size - 1]);
        assertThat(MerkleProofs.verifyInclusion(index, size, MerkleHash.leaf(LEAVES[(int) index]), hashes(expected),
                bytes(ROOTS[(int) size - 1]))).isTrue();
    }

    private static void checkConsistency(Tree tree, long from, long to, String... expected) {
        MerkleProofs.ConsistencyProof proof = MerkleProofs.consistency(from, to, tree);
        assertThat(proof.hashes().stream().map(HEX::formatHex).toList()).containsExactly(expected);
        assertThat(MerkleProofs.verifyConsistency(from, to, bytes(ROOTS[(int) from - 1]), bytes(ROOTS[(int) to - 1]),
                hashes(expected))).isTrue();
    }

    private static Tree referenceTree() {
        Tree tree = new Tree();
        for (byte[] leaf : LEAVES) {
            tree.append(MerkleHash.leaf(leaf));
        }
        return tree;
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).toArray();
    }

    private static List<byte[]> copy(List<byte[]> hashes) {
        return new ArrayList<>(hashes.stream().map(byte[]::clone).toList());
    }

    private static List<byte[]> hashes(String... hex) {
        return Arrays.stream(hex).map(MerkleProofsTests::bytes).toList();
    }

    private static byte[] bytes(String hex) {
        return HEX.parseHex(hex);
    }

    /** Stores what the sequencer stores: every leaf hash, and the subtrees a compact range reports at stored levels. */
    private static final class Tree implements StoredHashes {

        final List<byte[]> leaves = new ArrayList<>();
        final Map<NodeId, byte[]> nodes = new HashMap<>();
        final List<NodeId> asked = new ArrayList<>();
        private final CompactRange range = CompactRange.empty();
        int reads;

        void append(byte[] leafHash) {
            nodes.put(new NodeId(0, leaves.size()), leafHash);
            leaves.add(leafHash);
            for (CompactRange.Subtree subtree : range.append(leafHash)) {
                nodes.put(new NodeId(subtree.level(), subtree.index()), subtree.hash());
            }
        }

        @Override
        public Map<NodeId, byte[]> read(Set<NodeId> ids) {
            reads++;
            asked.addAll(ids);
            Map<NodeId, byte[]> out = new HashMap<>();
            for (NodeId id : ids) {
                byte[] hash = nodes.get(id);
                assertThat(hash).as("stored hash " + id).isNotNull();
                out.put(id, hash.clone());
            }
            return out;
        }

        /** MTH(D[start:end]) straight from RFC 9162's definition. */
        byte[] referenceRoot(int start, int end) {
            if (end - start == 1) {
                return leaves.get(start);
            }
            int k = Integer.highestOneBit(end - start - 1);
            return MerkleHash.node(referenceRoot(start, start + k), referenceRoot(start + k, end));
        }
    }
}
