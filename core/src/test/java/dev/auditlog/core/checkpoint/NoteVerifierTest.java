package dev.auditlog.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auditlog.core.checkpoint.NoteVerifier.ParsedCheckpoint;
import java.util.Base64;
import java.util.HexFormat;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class NoteVerifierTest {

    private static final String ORIGIN = "auditlog/acme";
    private static final byte[] ROOT = HexFormat.of()
            .parseHex("cf52b3a6a2de4f0e6d8c2fc8a0ad3ef4e6d9e1e0b55c1f2bb0a7bd5aa8bb0a11");
    private static final String ROOT_B64 = Base64.getEncoder().encodeToString(ROOT);

    private final NoteSigner signer = NoteSigner.generate(ORIGIN);
    private final NoteVerifier verifier = NoteVerifier.fromVerifierKey(signer.verifierKey());
    private final String checkpoint = signer.signCheckpoint(ORIGIN, 42, ROOT).signedNote();

    @Test
    void validCheckpointParsesToOriginSizeAndRoot() {
        ParsedCheckpoint parsed = verifier.verifyCheckpoint(checkpoint);

        assertThat(parsed.origin()).isEqualTo(ORIGIN);
        assertThat(parsed.size()).isEqualTo(42);
        assertThat(parsed.rootHash()).isEqualTo(ROOT);
    }

    @Test
    void emptyTreeCheckpointVerifies() {
        String note = signer.signCheckpoint(ORIGIN, 0, ROOT).signedNote();

        assertThat(verifier.verifyCheckpoint(note).size()).isZero();
    }

    @Test
    void extensionLinesAfterTheRootAreIgnored() {
        String note = signer.sign(ORIGIN + "\n7\n" + ROOT_B64 + "\nextension one\nextension two\n");

        ParsedCheckpoint parsed = verifier.verifyCheckpoint(note);

        assertThat(parsed.size()).isEqualTo(7);
        assertThat(parsed.rootHash()).isEqualTo(ROOT);
    }

    @Test
    void changedSizeFailsVerification() {
        rejects(checkpoint.replace("\n42\n", "\n43\n")).hasMessageContaining("invalid signature");
    }

    @Test
    void changedRootFailsVerification() {
        byte[] otherRoot = ROOT.clone();
        otherRoot[0] ^= 1;
        rejects(checkpoint.replace(ROOT_B64, Base64.getEncoder().encodeToString(otherRoot)))
                .hasMessageContaining("invalid signature");
    }

    @Test
    void changedOriginFailsVerification() {
        rejects(checkpoint.replaceFirst("^auditlog/acme\n", "auditlog/evil\n")).hasMessageContaining("invalid signature");
    }

    @Test
    void flippedSignatureByteFailsVerification() {
        int lineStart = checkpoint.indexOf('\u2014');
        String blob = checkpoint.substring(checkpoint.indexOf(' ', lineStart + 2) + 1, checkpoint.length() - 1);
        byte[] signature = Base64.getDecoder().decode(blob);
        signature[10] ^= 0x01;
        String tampered = checkpoint.replace(blob, Base64.getEncoder().encodeToString(signature));

        rejects(tampered).hasMessageContaining("invalid signature");
    }

    @Test
    void signatureByAnotherKeyWithTheSameNameIsNotAccepted() {
        String forged = NoteSigner.generate(ORIGIN).signCheckpoint(ORIGIN, 42, ROOT).signedNote();

        rejects(forged).hasMessageContaining("no signature by key " + ORIGIN);
    }

    @Test
    void signatureLinesOfOtherKeysAreIgnored() {
        NoteSigner witness = NoteSigner.generate("witness.example/w1");
        String cosigned = checkpoint + witness.sign(body(checkpoint)).substring(body(checkpoint).length() + 1);

        assertThat(verifier.verify(cosigned)).isEqualTo(body(checkpoint));
        assertThat(NoteVerifier.fromVerifierKey(witness.verifierKey()).verify(cosigned)).isEqualTo(body(checkpoint));
    }

    @Test
    void noteWithoutSignatureLinesIsRejected() {
        rejects(body(checkpoint) + "\n").hasMessageContaining("malformed");
    }

    @Test
    void noteWithoutBlankLineSeparatorIsRejected() {
        rejects(checkpoint.replace("\n\n", "\n")).hasMessageContaining("blank line");
    }

    @Test
    void textWithoutTrailingNewlineIsRejected() {
        String text = body(checkpoint);
        String signatureLine = checkpoint.substring(text.length() + 1);

        rejects(text.substring(0, text.length() - 1) + "\n" + signatureLine).hasMessageContaining("malformed");
    }

    @Test
    void malformedSignatureLineIsRejected() {
        rejects(checkpoint + "- ascii-dash AAAAAAAA\n").hasMessageContaining("malformed signature line");
        rejects(checkpoint + "\u2014 name not!base64\n").hasMessageContaining("malformed signature line");
        rejects(checkpoint + "\u2014 name AAAA\n").hasMessageContaining("malformed signature line");
    }

    @Test
    void controlCharactersInTheNoteAreRejected() {
        rejects(checkpoint.replace("\n42\n", "\n42\r\n")).hasMessageContaining("U+000D");
    }

    @Test
    void signedTextThatIsNotACheckpointIsRejectedAsCheckpoint() {
        rejects(signer.sign(ORIGIN + "\n042\n" + ROOT_B64 + "\n")).hasMessageContaining("tree size");
        rejects(signer.sign(ORIGIN + "\n1\n" + ROOT_B64.substring(4) + "\n")).hasMessageContaining("root hash");
        rejects(signer.sign(ORIGIN + "\n1\n")).hasMessageContaining("needs origin");
        rejects(signer.sign(ORIGIN + "\n1\n" + ROOT_B64 + "\n\next\n")).hasMessageContaining("empty");
    }

    @Test
    void malformedVerifierKeysAreRejectedReadably() {
        String good = signer.verifierKey();
        String[] parts = good.split("\\+", 3);

        assertThatThrownBy(() -> NoteVerifier.fromVerifierKey("no-plus-signs"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<name>+<key id>+<key>");
        assertThatThrownBy(() -> NoteVerifier.fromVerifierKey(parts[0] + "+zzzzzzzz+" + parts[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 hex digits");
        assertThatThrownBy(() -> NoteVerifier.fromVerifierKey(parts[0] + "+00000000+" + parts[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> NoteVerifier.fromVerifierKey(parts[0] + "+" + parts[1] + "+AAAA"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Ed25519");
        assertThatThrownBy(() -> NoteVerifier.fromVerifierKey("other/name+" + parts[1] + "+" + parts[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
    }

    private static String body(String note) {
        return note.substring(0, note.lastIndexOf("\n\n") + 1);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> rejects(String note) {
        return assertThatThrownBy(() -> verifier.verifyCheckpoint(note)).isInstanceOf(NoteVerificationException.class);
    }
}
