package dev.auditlog.server.internal.web;

/**
 * The Unicode characters that override or isolate the direction of the text around them: the embeddings and
 * overrides U+202A–U+202E and the isolates U+2066–U+2069. Obeyed, they let whoever sends a value decide how it reads:
 * "Downloaded report\u202Efdp.exe" shows as "Downloaded reportexe.pdf", and an audit log must not show an event other
 * than the one recorded. So a page shows each of them as a visible mark, {@code ⟨U+202E⟩}, instead of obeying it.
 * Only the pages do: ingest accepts and stores them as sent, and the API and the exports return them so.
 */
final class BidiControls {
    private BidiControls() {
    }

    /** The text with each bidi control replaced by its mark; the text itself when it holds none. */
    static String shown(String text) {
        if (text.chars().noneMatch(BidiControls::isControl)) return text;
        StringBuilder shown = new StringBuilder(text.length() + 16);
        text.chars().forEach(c -> {
            if (isControl(c)) shown.append(String.format("⟨U+%04X⟩", c));
            else shown.append((char) c);
        });
        return shown.toString();
    }

    private static boolean isControl(int c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }
}
