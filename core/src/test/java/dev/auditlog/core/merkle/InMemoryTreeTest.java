package dev.auditlog.core.merkle;

import static dev.auditlog.core.merkle.TestTrees.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InMemoryTreeTest {

    private final InMemoryTree tree = TestTrees.randomTree(new Random(7), 13);

    @Test
    void emptyTreeHasTheEmptyRoot() {
        assertThat(hex(new InMemoryTree().root())).isEqualTo(hex(Rfc6962.emptyRoot()));
    }

    @Test
    void internalNodesHashTheirTwoChildren() {
        for (int level = 1; level <= 3; level++) {
            for (long index = 0; (index + 1) << level <= tree.size(); index++) {
                assertThat(tree.node(level, index))
                        .isEqualTo(Rfc6962.nodeHash(tree.node(level - 1, 2 * index), tree.node(level - 1, 2 * index + 1)));
            }
        }
    }

    @Test
    void nodesReachingPastTheTreeAreRejected() {
        assertThatThrownBy(() -> tree.node(0, 13)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.node(2, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.node(4, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.node(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(tree.node(3, 0)).hasSize(Rfc6962.HASH_SIZE);
    }

    @Test
    void rootMatchesTheRfcRecursion() {
        List<byte[]> leaves = TestTrees.leafHashes(tree, 13);
        assertThat(hex(tree.root())).isEqualTo(hex(TestTrees.referenceRoot(leaves, 0, 13)));
    }
}
