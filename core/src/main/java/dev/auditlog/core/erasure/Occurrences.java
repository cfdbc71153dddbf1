package dev.auditlog.core.erasure;

import dev.auditlog.core.event.IpAddresses;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Replaces a subject's names, e-mail addresses and IP addresses in free text by their pseudonym, whole
 * tokens only.
 *
 * <p>Why whole tokens: the text is shared with other people. Erasing "Bob" must not turn "Bobby Tables"
 * into "subject-…by Tables", nor erasing 10.0.0.1 turn 10.0.0.15 into "subject-…5". So a name or e-mail
 * address counts only where no letter or digit (any script, judged per code point) stands right before or
 * after it; "Bob-fest" still loses "Bob", a hyphen is a boundary. Names shorter than {@value #MIN_TOKEN}
 * characters ("Al") are replaced only where they are the whole text, as tokens they would hit unrelated words.
 *
 * <p>Why IP addresses are parsed rather than matched as text: one IPv6 address has many spellings
 * ({@code 2001:db8::7}, {@code 2001:DB8:0:0:0:0:0:7}); each candidate is brought to the canonical form the
 * log stores and compared in that form. An IPv4 candidate is a dotted quad with no digit or '.' before it and
 * no digit or '.'-and-digit after it (a sentence may end right after an address); an IPv6 candidate is a
 * whole run of hex digits, ':' and '.', and a trailing '.' or ':' that makes it invalid is left as
 * punctuation.
 */
final class Occurrences {
    private static final int MIN_TOKEN = 3;

    private static final Pattern IPV6 = Pattern.compile("(?<![0-9A-Fa-f:.])[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");
    private static final Pattern IPV4 = Pattern.compile("(?<![0-9.])[0-9]{1,3}(?:\\.[0-9]{1,3}){3}(?![0-9]|\\.[0-9])");
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[.:]+$");

    private final Set<String> wholeTexts;
    private final Pattern tokens;
    private final Set<String> ips;
    private final String pseudonym;

    /**
     * @param texts the subject's names and e-mail addresses
     * @param ips   the subject's IP addresses in canonical form ({@link IpAddresses#canonical})
     */
    Occurrences(Set<String> texts, Set<String> ips, String pseudonym) {
        this.wholeTexts = texts.stream().map(Occurrences::fold).collect(Collectors.toUnmodifiableSet());
        this.tokens = tokenPattern(texts);
        this.ips = Set.copyOf(ips);
        this.pseudonym = pseudonym;
    }

    /** True when the text is, as a whole, one of the subject's names, e-mail addresses or IP addresses. */
    boolean isWhole(String text) {
        return text != null && (wholeTexts.contains(fold(text)) || isOurs(IpAddresses.canonical(text)));
    }

    /** The text with every whole occurrence of the subject replaced by the pseudonym. */
    String replace(String text) {
        if (text == null) return null;
        if (isWhole(text)) return pseudonym;
        return replaceIps(replaceTokens(text));
    }

    private String replaceTokens(String text) {
        if (tokens == null) return text;
        Matcher m = tokens.matcher(text);
        StringBuilder out = new StringBuilder();
        int copied = 0;
        int from = 0;
        while (from < text.length() && m.find(from)) {
            if (m.start() > 0 && Character.isLetterOrDigit(text.codePointBefore(m.start()))) {
                from = m.start() + Character.charCount(text.codePointAt(m.start()));
                continue;
            }
            out.append(text, copied, m.start()).append(pseudonym);
            copied = m.end();
            from = m.end();
        }
        return copied == 0 ? text : out.append(text, copied, text.length()).toString();
    }

    private String replaceIps(String text) {
        if (ips.isEmpty()) return text;
        String v6Done = IPV6.matcher(text).replaceAll(this::ipv6);
        return IPV4.matcher(v6Done).replaceAll(m -> Matcher.quoteReplacement(isOurs(m.group()) ? pseudonym : m.group()));
    }

    private String ipv6(MatchResult candidate) {
        String run = candidate.group();
        String address = IpAddresses.canonical(run) != null ? run : TRAILING_PUNCTUATION.matcher(run).replaceFirst("");
        return Matcher.quoteReplacement(isOurs(IpAddresses.canonical(address)) ? pseudonym + run.substring(address.length()) : run);
    }

    private boolean isOurs(String canonicalIp) {
        return canonicalIp != null && ips.contains(canonicalIp);
    }

    /**
     * Longest first, so "Ada Lovelace" wins over "Ada"; the check after a match is in the pattern, the one
     * before it in {@link #replaceTokens}, because a Java look-behind judges a single UTF-16 unit, not a code
     * point.
     */
    private static Pattern tokenPattern(Set<String> texts) {
        String alternatives = texts.stream().filter(s -> s.length() >= MIN_TOKEN)
                .sorted(Comparator.comparingInt(String::length).reversed()).map(Pattern::quote)
                .collect(Collectors.joining("|"));
        if (alternatives.isEmpty()) return null;
        return Pattern.compile("(?:" + alternatives + ")(?!\\p{javaLetterOrDigit})",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static String fold(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
