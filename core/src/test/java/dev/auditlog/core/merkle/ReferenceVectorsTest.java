package dev.auditlog.core.merkle;

import static dev.auditlog.core.merkle.TestTrees.flipBit;
import static dev.auditlog.core.merkle.TestTrees.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published RFC 6962 test vectors (certificate-transparency / transparency-dev/merkle): eight
 * leaves, the root of every prefix, and known inclusion and consistency proofs. Leaf indexes here are
 * zero-based.
 */
class ReferenceVectorsTest {

    private static final String[] LEAF_DATA = {
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    };

    /** ROOTS[n - 1] is the root of the first n leaves. */
    private static final String[] ROOTS = {
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    };

    private InMemoryTree tree;

    @BeforeEach
    void buildTree() {
        tree = new InMemoryTree();
        for (String data : LEAF_DATA) {
            tree.append(Rfc6962.leafHash(hex(data)));
        }
    }

    static Stream<Arguments> inclusionVectors() {
        return Stream.of(
                Arguments.of(0, 1, List.of()),
                Arguments.of(0, 8, List.of(
                        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
                Arguments.of(5, 8, List.of(
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
                Arguments.of(2, 3, List.of(
                        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
                Arguments.of(1, 5, List.of(
                        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));
    }

    static Stream<Arguments> consistencyVectors() {
        return Stream.of(
                Arguments.of(1, 1, List.of()),
                Arguments.of(1, 8, List.of(
                        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
                Arguments.of(6, 8, List.of(
                        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
                Arguments.of(2, 5, List.of(
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
                Arguments.of(6, 7, List.of(
                        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));
    }

    @Test
    void everyPrefixHasThePublishedRoot() {
        CompactRange range = new CompactRange();
        InMemoryTree prefix = new InMemoryTree();
        assertThat(hex(range.root())).isEqualTo(hex(Rfc6962.emptyRoot()));
        for (int n = 1; n <= LEAF_DATA.length; n++) {
            byte[] leaf = tree.node(0, n - 1);
            range.append(leaf, (level, index, hash) -> {});
            prefix.append(leaf);
            assertThat(hex(Proofs.root(n, tree))).as("Proofs.root(%d)", n).isEqualTo(ROOTS[n - 1]);
            assertThat(hex(range.root())).as("CompactRange root at %d", n).isEqualTo(ROOTS[n - 1]);
            assertThat(hex(prefix.root())).as("InMemoryTree root at %d", n).isEqualTo(ROOTS[n - 1]);
        }
    }

    @ParameterizedTest(name = "leaf {0} of {1}")
    @MethodSource("inclusionVectors")
    void inclusionProofIsThePublishedOneAndVerifies(int leaf, int size, List<String> expected) {
        List<byte[]> proof = Proofs.inclusion(leaf, size, tree);

        assertThat(hex(proof)).containsExactlyElementsOf(expected);
        assertThat(Proofs.verifyInclusion(leaf, size, tree.node(0, leaf), proof, root(size))).isTrue();
    }

    @ParameterizedTest(name = "leaf {0} of {1}")
    @MethodSource("inclusionVectors")
    void inclusionProofFailsWithAnySingleBitFlipped(int leaf, int size, List<String> expected) {
        List<byte[]> proof = expected.stream().map(TestTrees::hex).toList();
        byte[] leafHash = tree.node(0, leaf);
        for (int bit = 0; bit < Rfc6962.HASH_SIZE * 8; bit++) {
            assertThat(Proofs.verifyInclusion(leaf, size, flipBit(leafHash, bit), proof, root(size))).isFalse();
            assertThat(Proofs.verifyInclusion(leaf, size, leafHash, proof, flipBit(root(size), bit))).isFalse();
            for (int i = 0; i < proof.size(); i++) {
                assertThat(Proofs.verifyInclusion(leaf, size, leafHash, withFlip(proof, i, bit), root(size))).isFalse();
            }
        }
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("consistencyVectors")
    void consistencyProofIsThePublishedOneAndVerifies(int from, int to, List<String> expected) {
        List<byte[]> proof = Proofs.consistency(from, to, tree);

        assertThat(hex(proof)).containsExactlyElementsOf(expected);
        assertThat(Proofs.verifyConsistency(from, to, root(from), root(to), proof)).isTrue();
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("consistencyVectors")
    void consistencyProofFailsWithAnySingleBitFlipped(int from, int to, List<String> expected) {
        List<byte[]> proof = expected.stream().map(TestTrees::hex).toList();
        for (int bit = 0; bit < Rfc6962.HASH_SIZE * 8; bit++) {
            assertThat(Proofs.verifyConsistency(from, to, flipBit(root(from), bit), root(to), proof)).isFalse();
            assertThat(Proofs.verifyConsistency(from, to, root(from), flipBit(root(to), bit), proof)).isFalse();
            for (int i = 0; i < proof.size(); i++) {
                assertThat(Proofs.verifyConsistency(from, to, root(from), root(to), withFlip(proof, i, bit))).isFalse();
            }
        }
    }

    private static byte[] root(int size) {
        return hex(ROOTS[size - 1]);
    }

    private static List<byte[]> withFlip(List<byte[]> proof, int element, int bit) {
        List<byte[]> flipped = new ArrayList<>(proof);
        flipped.set(element, flipBit(proof.get(element), bit));
        return flipped;
    }
}
