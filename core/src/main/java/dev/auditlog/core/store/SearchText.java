package dev.auditlog.core.store;

import java.text.Normalizer;
import java.util.List;
import java.util.stream.Stream;

/**
 * How {@code q} compares with a description, in one place for the databases' WHERE clause ({@link FilterSql}) and the
 * same test in memory ({@link EntryMatcher}): both sides lowered code point by code point, the needle looked for in
 * each of its spellings, and the two lower-case sigmas taken as one.
 */
final class SearchText {
    static final char SIGMA = '\u03c3';
    static final char FINAL_SIGMA = '\u03c2';

    private SearchText() {
    }

    /**
     * Lowered code point by code point, as DuckDB's and PostgreSQL's {@code lower()} lower the description. {@link
     * String#toLowerCase} looks at context and special cases: the last Σ of a word becomes ς and İ becomes i plus a
     * combining dot, so "ΟΔΟΣ" and "İstanbul" would not find themselves.
     */
    static String lowered(String text) {
        return text.codePoints().map(Character::toLowerCase)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /**
     * The needle, lowered, in each encoding one text has when it has accents: composed ("ë" as one code point, what
     * keyboards type) and decomposed ("e" and a combining diaeresis, what macOS file names and some identity providers
     * send). They look the same, so the search looks for both; a description stored in either form is found by a
     * needle typed in either.
     */
    static List<String> spellings(String q) {
        String needle = lowered(q);
        return Stream.of(Normalizer.normalize(needle, Normalizer.Form.NFC), Normalizer.normalize(needle, Normalizer.Form.NFD))
                .distinct().toList();
    }

    /**
     * Whether a needle holds a sigma. Greek has two lower-case sigmas, σ and, at the end of a word, ς; both are Σ in
     * upper case, and {@code lower()} turns Σ into σ wherever it stands. So "οδος" typed in lower case would not find
     * "ΟΔΟΣ", nor "ΟΔΟΣ" find "Οδός": a needle with either sigma matches with both made σ on both sides.
     */
    static boolean hasSigma(String needle) {
        return needle.indexOf(FINAL_SIGMA) >= 0 || needle.indexOf(SIGMA) >= 0;
    }

    /** Whether the lowered description holds the needle (one of {@link #spellings}), as the WHERE clause decides it. */
    static boolean contains(String lowered, String needle) {
        if (!hasSigma(needle)) return lowered.contains(needle);
        return lowered.replace(FINAL_SIGMA, SIGMA).contains(needle.replace(FINAL_SIGMA, SIGMA));
    }
}
