package dev.auditlog.core.store;

/**
 * The outcome of checking a log against its signed checkpoint.
 *
 * @param entriesChecked how many entries were read
 * @param firstBadSeq    the seq of the first entry found wrong (changed, missing, out of place), or -1
 * @param problem        what was wrong, in words, or null when the log verifies
 */
public record VerificationReport(long entriesChecked, long firstBadSeq, String problem) {
    public static VerificationReport ok(long checked) {
        return new VerificationReport(checked, -1, null);
    }

    public static VerificationReport bad(long checked, long seq, String problem) {
        return new VerificationReport(checked, seq, problem);
    }

    public boolean ok() {
        return problem == null;
    }
}
