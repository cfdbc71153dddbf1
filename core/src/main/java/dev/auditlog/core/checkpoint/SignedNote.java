package dev.auditlog.core.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A signed note split into its text and signature lines, with the C2SP signed-note syntax checked
 * but no signature verified.
 *
 * @param text       the signed text, final newline included, separating blank line excluded
 * @param signatures the signature lines, in note order
 */
record SignedNote(String text, List<SignatureLine> signatures) {

    /** Well above the 16 signatures the spec requires verifiers to accept; bounds parsing work. */
    static final int MAX_SIGNATURES = 100;
    private static final String SEPARATOR = "\n\n";

    SignedNote {
        signatures = List.copyOf(signatures);
    }

    static SignedNote parse(String note) {
        if (note == null) {
            throw new NoteVerificationException("note is null");
        }
        textProblem(note).ifPresent(problem -> {
            throw new NoteVerificationException("malformed note: " + problem);
        });
        // The text may itself contain blank lines; the spec splits at the last one.
        int split = note.lastIndexOf(SEPARATOR);
        if (split < 0) {
            throw new NoteVerificationException(
                    "malformed note: text must end with a newline and be followed by a blank line and signatures");
        }
        String text = note.substring(0, split + 1);
        String block = note.substring(split + SEPARATOR.length());
        if (block.isEmpty() || !block.endsWith("\n")) {
            throw new NoteVerificationException("malformed note: signature lines must follow the blank line, each ending in a newline");
        }
        String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            throw new NoteVerificationException("malformed note: more than " + MAX_SIGNATURES + " signatures");
        }
        List<SignatureLine> signatures = new ArrayList<>(lines.length);
        for (String line : lines) {
            signatures.add(SignatureLine.parse(line).orElseThrow(
                    () -> new NoteVerificationException("malformed signature line: " + line)));
        }
        return new SignedNote(text, signatures);
    }

    /** Why a string cannot appear in a note: not encodable as UTF-8, or an ASCII control character other than newline. */
    static Optional<String> textProblem(String text) {
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(text)) {
            return Optional.of("not valid UTF-8 (unpaired surrogate)");
        }
        return text.chars()
                .filter(c -> c < 0x20 && c != '\n')
                .mapToObj(c -> String.format("control character U+%04X", c))
                .findFirst();
    }
}
