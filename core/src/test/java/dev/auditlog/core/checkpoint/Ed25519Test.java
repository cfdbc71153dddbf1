package dev.auditlog.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ed25519 is deterministic, so these pin the implementation to RFC 8032 and to the JDK's SunEC. */
class Ed25519Test {

    private static final HexFormat HEX = HexFormat.of();
    /** The order of the Ed25519 base point, 2^252 + 27742317777372353535851937790883648493. */
    private static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    private final byte[] seed = Ed25519.generateSeed();
    private final byte[] publicKey = Ed25519.rawPublicKey(seed);
    private final byte[] message = "auditlog/acme\n42\nz6+yppreTw5tjC/IoK0+9ObZ4eC1XB8rsKe9WqivChE=\n"
            .getBytes(StandardCharsets.UTF_8);
    private final byte[] signature = Ed25519.sign(seed, publicKey, message);

    /** RFC 8032, section 7.1, TEST 1 to 3: secret key, public key, message, signature. */
    @ParameterizedTest
    @CsvSource({
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
                + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, '',"
                + "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
                + "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, 72,"
                + "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7,"
                + "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025, af82,"
                + "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    })
    void rfc8032TestVectorsSignAndVerify(String secretHex, String publicHex, String messageHex, String signatureHex) {
        byte[] secret = HEX.parseHex(secretHex);
        byte[] vectorMessage = HEX.parseHex(messageHex);

        assertThat(HEX.formatHex(Ed25519.rawPublicKey(secret))).isEqualTo(publicHex);
        assertThat(HEX.formatHex(Ed25519.sign(secret, HEX.parseHex(publicHex), vectorMessage))).isEqualTo(signatureHex);
        assertThat(Ed25519.verify(Ed25519.publicKey(HEX.parseHex(publicHex)), vectorMessage, HEX.parseHex(signatureHex)))
                .isTrue();
    }

    /**
     * Keys made by the JDK, which wrote every existing key file, get the same public key, PKCS#8 bytes
     * and signatures here; message lengths cover 0 to 299 bytes, across SHA-512's block boundaries.
     */
    @Test
    void publicKeysEncodingsAndSignaturesEqualTheJdks() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        Random random = new Random();
        for (int length = 0; length < 300; length++) {
            KeyPair jdk = generator.generateKeyPair();
            byte[] spki = jdk.getPublic().getEncoded();
            byte[] jdkPublicKey = Arrays.copyOfRange(spki, spki.length - Ed25519.PUBLIC_KEY_LENGTH, spki.length);
            byte[] randomMessage = new byte[length];
            random.nextBytes(randomMessage);
            Signature jdkSigner = Signature.getInstance("Ed25519");
            jdkSigner.initSign(jdk.getPrivate());
            jdkSigner.update(randomMessage);
            byte[] jdkSignature = jdkSigner.sign();

            byte[] key = Ed25519.seedFromPkcs8(jdk.getPrivate().getEncoded());

            String context = "seed " + HEX.formatHex(key) + ", message " + HEX.formatHex(randomMessage);
            assertThat(spki).as(context).hasSize(44);
            assertThat(Ed25519.rawPublicKey(key)).as(context).isEqualTo(jdkPublicKey);
            assertThat(Ed25519.pkcs8(key)).as(context).isEqualTo(jdk.getPrivate().getEncoded());
            assertThat(Ed25519.sign(key, jdkPublicKey, randomMessage)).as(context).isEqualTo(jdkSignature);
            assertThat(Ed25519.verify(Ed25519.publicKey(jdkPublicKey), randomMessage, jdkSignature)).as(context).isTrue();
        }
    }

    @Test
    void everyFlippedSignatureBitIsRejected() {
        Ed25519.PublicKey key = Ed25519.publicKey(publicKey);
        assertThat(Ed25519.verify(key, message, signature)).isTrue();

        for (int bit = 0; bit < signature.length * 8; bit++) {
            byte[] flipped = signature.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(Ed25519.verify(key, message, flipped)).as("bit %d", bit).isFalse();
        }
    }

    @Test
    void aFlippedMessageBitIsRejected() {
        byte[] changed = message.clone();
        changed[changed.length / 2] ^= 0x01;

        assertThat(Ed25519.verify(Ed25519.publicKey(publicKey), changed, signature)).isFalse();
    }

    @Test
    void anotherKeyIsRejected() {
        byte[] otherKey = Ed25519.rawPublicKey(Ed25519.generateSeed());

        assertThat(Ed25519.verify(Ed25519.publicKey(otherKey), message, signature)).isFalse();
    }

    @Test
    void signaturesOfTheWrongLengthAreRejected() {
        Ed25519.PublicKey key = Ed25519.publicKey(publicKey);

        assertThat(Ed25519.verify(key, message, new byte[0])).isFalse();
        assertThat(Ed25519.verify(key, message, Arrays.copyOf(signature, 63))).isFalse();
        assertThat(Ed25519.verify(key, message, Arrays.copyOf(signature, 65))).isFalse();
    }

    /** S and S + L satisfy the same equation; RFC 8032 requires S < L so signatures are not malleable. */
    @Test
    void theMalleableTwinWithSPlusLIsRejected() {
        byte[] s = Arrays.copyOfRange(signature, 32, 64);
        // L <= S + L < 2^253, so its big-endian form is exactly 32 bytes.
        byte[] sPlusL = reversed(new BigInteger(1, reversed(s)).add(L).toByteArray());
        byte[] twin = signature.clone();
        System.arraycopy(sPlusL, 0, twin, 32, 32);

        assertThat(Ed25519.verify(Ed25519.publicKey(publicKey), message, twin)).isFalse();
    }

    @Test
    void publicKeysOfTheWrongLengthOrOffTheCurveAreRejected() {
        // y = p, the non-canonical encoding of y = 0.
        byte[] nonCanonical = HEX.parseHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");

        assertThatThrownBy(() -> Ed25519.publicKey(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ed25519.publicKey(Arrays.copyOf(publicKey, 33))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ed25519.publicKey(nonCanonical)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pkcs8ThatIsNotAnEd25519KeyIsRejected() {
        byte[] pkcs8 = Ed25519.pkcs8(seed);

        assertThatThrownBy(() -> Ed25519.seedFromPkcs8(Arrays.copyOf(pkcs8, pkcs8.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Ed25519.seedFromPkcs8(pkcs8)).isEqualTo(seed);
    }

    private static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }
}
