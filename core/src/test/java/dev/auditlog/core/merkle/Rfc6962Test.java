package dev.auditlog.core.merkle;

import static dev.auditlog.core.merkle.TestTrees.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Rfc6962Test {

    @Test
    void emptyRootIsSha256OfNothing() {
        assertThat(hex(Rfc6962.emptyRoot())).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void leafHashPrefixesZeroByte() {
        assertThat(hex(Rfc6962.leafHash(new byte[0])))
                .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    }

    @Test
    void leafHashOfPartsEqualsTheLeafHashOfThePartsJoined() {
        byte[] joined = "{\"id\":\"a\",\"seq\":7}".getBytes(StandardCharsets.US_ASCII);
        assertThat(hex(Rfc6962.leafHashOfParts(Arrays.copyOfRange(joined, 0, 6), new byte[0],
                Arrays.copyOfRange(joined, 6, joined.length))))
                .isEqualTo(hex(Rfc6962.leafHash(joined)));
    }

    @Test
    void nodeHashPrefixesOneByteAndDiffersFromLeafHashOfTheSameBytes() {
        byte[] left = Rfc6962.leafHash(new byte[0]);
        byte[] right = Rfc6962.leafHash(new byte[] {0x00});
        assertThat(hex(Rfc6962.nodeHash(left, right)))
                .isEqualTo("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
        byte[] concatenated = new byte[64];
        System.arraycopy(left, 0, concatenated, 0, 32);
        System.arraycopy(right, 0, concatenated, 32, 32);
        assertThat(Rfc6962.leafHash(concatenated)).isNotEqualTo(Rfc6962.nodeHash(left, right));
    }
}
