package dev.auditlog.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NoteSignerTest {

    private static final byte[] ROOT = HexFormat.of()
            .parseHex("cf52b3a6a2de4f0e6d8c2fc8a0ad3ef4e6d9e1e0b55c1f2bb0a7bd5aa8bb0a11");

    @Test
    void signedNoteVerifiesAndReturnsTheText() {
        NoteSigner signer = NoteSigner.generate("example.com/log");
        String text = "hello\nworld\n";

        String note = signer.sign(text);

        assertThat(NoteVerifier.fromVerifierKey(signer.verifierKey()).verify(note)).isEqualTo(text);
    }

    @Test
    void signedNoteIsTextBlankLineAndOneEmDashSignatureLine() {
        NoteSigner signer = NoteSigner.generate("example.com/log");

        String note = signer.sign("hello\n");

        assertThat(note).startsWith("hello\n\n\u2014 example.com/log ").endsWith("\n");
        String blob = note.substring("hello\n\n\u2014 example.com/log ".length(), note.length() - 1);
        byte[] decoded = Base64.getDecoder().decode(blob);
        assertThat(decoded).hasSize(4 + 64);
        assertThat(HexFormat.of().formatHex(decoded, 0, 4)).isEqualTo(signer.verifierKey().split("\\+", 3)[1]);
    }

    @Test
    void keyIdIsTheFirstFourBytesOfSha256OverNameNewlineTypeAndKey() throws Exception {
        NoteSigner signer = NoteSigner.generate("auditlog/acme");
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update("auditlog/acme\n".getBytes(StandardCharsets.UTF_8));
        sha256.update(new byte[] {0x01});
        sha256.update(signer.rawPublicKey());
        String expectedId = HexFormat.of().formatHex(Arrays.copyOf(sha256.digest(), 4));

        String[] parts = signer.verifierKey().split("\\+", 3);

        assertThat(parts).hasSize(3);
        assertThat(parts[0]).isEqualTo("auditlog/acme");
        assertThat(parts[1]).isEqualTo(expectedId);
        byte[] typedKey = Base64.getDecoder().decode(parts[2]);
        assertThat(typedKey[0]).isEqualTo((byte) 0x01);
        assertThat(Arrays.copyOfRange(typedKey, 1, typedKey.length)).isEqualTo(signer.rawPublicKey());
    }

    /**
     * Interop vector from the Go reference implementation (golang.org/x/mod/sumdb/note, example
     * and tests): its signer key is {@code PRIVATE+KEY+PeterNeumann+c74f20a3+<base64(0x01 || seed)>}.
     * Ed25519 is deterministic, so the whole signed note must match byte for byte.
     */
    @Test
    void matchesTheGoSumdbNoteReferenceVector() {
        byte[] typedSeed = Base64.getDecoder().decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz");
        NoteSigner signer = NoteSigner.fromPkcs8("PeterNeumann", pkcs8FromSeed(Arrays.copyOfRange(typedSeed, 1, 33)));
        String text = "If you think cryptography is the answer to your problem,\n"
                + "then you don't know what your problem is.\n";

        assertThat(signer.verifierKey())
                .isEqualTo("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
        assertThat(signer.sign(text)).isEqualTo(text + "\n\u2014 PeterNeumann "
                + "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n");
    }

    @Test
    void signerRestoredFromPkcs8HasTheSameKey() {
        NoteSigner original = NoteSigner.generate("auditlog/acme");

        NoteSigner restored = NoteSigner.fromPkcs8("auditlog/acme", original.pkcs8());

        assertThat(restored.verifierKey()).isEqualTo(original.verifierKey());
        assertThat(restored.rawPublicKey()).hasSize(32).isEqualTo(original.rawPublicKey());
        assertThat(NoteVerifier.fromVerifierKey(original.verifierKey()).verify(restored.sign("x\n"))).isEqualTo("x\n");
    }

    /** The writer thread, tenant creation and erasures share one signer per tenant. */
    @Test
    void concurrentSignaturesAreTheSameAsSequentialOnes() throws Exception {
        NoteSigner signer = NoteSigner.generate("auditlog/acme");
        List<String> expected = IntStream.range(0, 200).mapToObj(i -> signer.sign(i + "\n")).toList();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> runs = IntStream.range(0, 4)
                    .mapToObj(t -> pool.submit(() -> IntStream.range(0, 200).mapToObj(i -> signer.sign(i + "\n")).toList()))
                    .toList();
            for (Future<List<String>> run : runs) {
                assertThat(run.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void checkpointNoteCarriesOriginSizeAndBase64Root() {
        NoteSigner signer = NoteSigner.generate("auditlog/acme");

        Checkpoint checkpoint = signer.signCheckpoint("auditlog/acme", 42, ROOT);

        assertThat(checkpoint.signedNote())
                .startsWith("auditlog/acme\n42\n" + Base64.getEncoder().encodeToString(ROOT) + "\n\n\u2014 auditlog/acme ");
        assertThat(checkpoint.origin()).isEqualTo("auditlog/acme");
        assertThat(checkpoint.size()).isEqualTo(42);
        assertThat(checkpoint.rootHash()).isEqualTo(ROOT);
        assertThat(checkpoint.publicKey()).isEqualTo(signer.verifierKey());
    }

    @Test
    void textWithoutTrailingNewlineCannotBeSigned() {
        NoteSigner signer = NoteSigner.generate("example.com/log");

        assertThatThrownBy(() -> signer.sign("no newline")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textWithControlCharactersCannotBeSigned() {
        NoteSigner signer = NoteSigner.generate("example.com/log");

        assertThatThrownBy(() -> signer.sign("tab\there\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+0009");
    }

    @Test
    void keyNamesWithSpacesOrPlusAreRejected() {
        assertThatThrownBy(() -> NoteSigner.generate("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NoteSigner.generate("a+b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NoteSigner.generate("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checkpointWithWrongRootLengthOrNegativeSizeIsRejected() {
        NoteSigner signer = NoteSigner.generate("auditlog/acme");

        assertThatThrownBy(() -> signer.signCheckpoint("auditlog/acme", 1, new byte[31]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> signer.signCheckpoint("auditlog/acme", -1, ROOT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> signer.signCheckpoint("two\nlines", 1, ROOT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** RFC 8410 PKCS#8 v1 wrapping of a 32-byte Ed25519 seed. */
    private static byte[] pkcs8FromSeed(byte[] seed) {
        byte[] prefix = HexFormat.of().parseHex("302e020100300506032b657004220420");
        byte[] pkcs8 = Arrays.copyOf(prefix, prefix.length + seed.length);
        System.arraycopy(seed, 0, pkcs8, prefix.length, seed.length);
        return pkcs8;
    }
}
