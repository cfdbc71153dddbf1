package dev.auditlog.core.checkpoint;

import dev.auditlog.core.checkpoint.NoteVerifier.ParsedCheckpoint;
import java.util.regex.Pattern;

/**
 * The C2SP tlog-checkpoint note text: origin, decimal tree size and base64 root hash, one per
 * line, optionally followed by non-empty extension lines.
 */
final class CheckpointBody {

    static final int ROOT_HASH_LENGTH = 32;
    private static final Pattern TREE_SIZE = Pattern.compile("0|[1-9][0-9]*");

    private CheckpointBody() {
    }

    static String format(String origin, long size, byte[] rootHash) {
        if (origin == null || origin.isEmpty() || origin.contains("\n")
                || SignedNote.textProblem(origin).isPresent()) {
            throw new IllegalArgumentException("origin must be a non-empty single line of printable text");
        }
        if (size < 0) {
            throw new IllegalArgumentException("tree size must not be negative: " + size);
        }
        if (rootHash == null || rootHash.length != ROOT_HASH_LENGTH) {
            throw new IllegalArgumentException("root hash must be " + ROOT_HASH_LENGTH + " bytes");
        }
        return origin + "\n" + size + "\n" + Base64Strict.encode(rootHash) + "\n";
    }

    /** Parses verified note text; extension lines after the root hash are ignored. */
    static ParsedCheckpoint parse(String text) {
        String[] lines = text.split("\n", -1);
        // The text ends in a newline, so the last element is always the empty remainder.
        int lineCount = lines.length - 1;
        if (lineCount < 3) {
            throw new NoteVerificationException("checkpoint needs origin, tree size and root hash lines");
        }
        for (int i = 0; i < lineCount; i++) {
            if (lines[i].isEmpty()) {
                throw new NoteVerificationException("checkpoint line " + (i + 1) + " is empty");
            }
        }
        return new ParsedCheckpoint(lines[0], parseSize(lines[1]), parseRootHash(lines[2]));
    }

    private static long parseSize(String line) {
        if (!TREE_SIZE.matcher(line).matches()) {
            throw new NoteVerificationException("checkpoint tree size is not a canonical decimal: " + line);
        }
        try {
            return Long.parseLong(line);
        } catch (NumberFormatException e) {
            throw new NoteVerificationException("checkpoint tree size is out of range: " + line);
        }
    }

    private static byte[] parseRootHash(String line) {
        return Base64Strict.decode(line)
                .filter(hash -> hash.length == ROOT_HASH_LENGTH)
                .orElseThrow(() -> new NoteVerificationException(
                        "checkpoint root hash is not base64 of " + ROOT_HASH_LENGTH + " bytes: " + line));
    }
}
