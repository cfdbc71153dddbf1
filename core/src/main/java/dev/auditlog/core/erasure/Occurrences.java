package dev.auditlog.core.erasure;

import dev.auditlog.core.event.IpAddresses;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Replaces a subject's names, e-mail addresses and IP addresses in free text by their pseudonym, whole
 * tokens only.
 *
 * <p>Why whole tokens: the text is shared with other people. Erasing "Bob" must not turn "Bobby Tables"
 * into "subject-…by Tables", nor erasing 10.0.0.1 turn 10.0.0.15 into "subject-…5". So a name or e-mail
 * address counts only where no letter or digit (any script, judged per code point) stands right before or
 * after it; "Bob-fest" still loses "Bob", a hyphen is a boundary. An e-mail address must also not be part of a
 * longer one: no {@code . _ % + -} before it (another local part) nor a {@code .} and a letter or digit after
 * it (a longer domain), so erasing al@x.com leaves al@x.com.au and jo.al@x.com alone.
 *
 * <p>Why one-word names are tokens only in the person's own entries: a one-word name is often a word ("Mark",
 * "Will", a target named "Invoice"), and replacing it in every entry of the log rewrote, for good, text that was
 * not about the person ("Mark invoice #5 as paid"). In the person's own entries (as actor, target or concern),
 * where "Al logged in" is about them, every name is a token ({@link #inOwnEntries}); in other people's entries
 * only names of at least two words ("Ada Lovelace") and e-mail addresses are, and a one-word name goes where it
 * is the whole text ({@link #everywhere}).
 *
 * <p>Why IP addresses are parsed rather than matched as text: one IPv6 address has many spellings
 * ({@code 2001:db8::7}, {@code 2001:DB8:0:0:0:0:0:7}); each candidate is brought to the canonical form the
 * log stores and compared in that form. An IPv4 candidate is a dotted quad with no digit or '.' before it and
 * no digit or '.'-and-digit after it (a sentence may end right after an address); an IPv6 candidate is a
 * whole run of hex digits, ':' and '.', and a trailing '.' or ':' that makes it invalid is left as
 * punctuation.
 *
 * <p>Why names are compared composed and in more than one spelling: one name reaches the log in several
 * encodings. "Zoë" may come decomposed (an e followed by a combining diaeresis, as macOS and some identity
 * providers send it) in the actor's name and composed in a description that renders the same; and German has two
 * spellings of one name, "Weiß" and, in capitals or without the letter, "WEISS". Regular expressions fold case one
 * code point at a time and compare code points, so neither pair matches as it stands. So names and texts are both
 * compared in the composed form (NFC), and a name with ß or ss is also sought in the other spelling. A text in
 * which nothing of the subject's is found is returned exactly as it came, decomposed or not.
 */
final class Occurrences {
    private static final Pattern IPV6 = Pattern.compile("(?<![0-9A-Fa-f:.])[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");
    private static final Pattern IPV4 = Pattern.compile("(?<![0-9.])[0-9]{1,3}(?:\\.[0-9]{1,3}){3}(?![0-9]|\\.[0-9])");
    /** A name of at least two words: something that is no white space on both sides of white space. */
    private static final Pattern WORDS = Pattern.compile("\\S\\s+\\S");
    /** A part of a URL between its delimiters: a path segment, a query parameter's name or value, a user or host. */
    private static final Pattern URL_PART = Pattern.compile("[^/?&=#;:@]+");
    /** How many times over a URL part is decoded: a URL in a parameter of a URL in a parameter is as deep as links go. */
    private static final int ENCODING_DEPTH = 3;
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[.:]+$");
    private static final Pattern DOUBLE_S = Pattern.compile("ss", Pattern.CASE_INSENSITIVE);
    private static final Pattern SHARP_S = Pattern.compile("[\u00df\u1e9e]");

    /** What may not stand right before an e-mail address: a letter, a digit, or what joins a longer local part. */
    private static final IntPredicate CONTINUES_LOCAL_PART = c -> Character.isLetterOrDigit(c) || "._%+-".indexOf(c) >= 0;

    private final Set<String> wholeTexts;
    private final Pattern emails;
    private final Pattern names;
    private final Set<String> ips;
    private final String pseudonym;

    private Occurrences(Set<String> given, Set<String> ips, String pseudonym, Predicate<String> nameAsToken) {
        Set<String> texts = given.stream().flatMap(Occurrences::spellings).collect(Collectors.toSet());
        this.wholeTexts = texts.stream().map(Occurrences::fold).collect(Collectors.toUnmodifiableSet());
        this.emails = tokenPattern(texts.stream().filter(Occurrences::isEmail), "(?!\\p{javaLetterOrDigit}|\\.\\p{javaLetterOrDigit})");
        this.names = tokenPattern(texts.stream().filter(t -> !isEmail(t) && nameAsToken.test(t)), "(?!\\p{javaLetterOrDigit})");
        this.ips = Set.copyOf(ips);
        this.pseudonym = pseudonym;
    }

    /**
     * For any entry.
     *
     * @param texts the subject's names and e-mail addresses
     * @param ips   the subject's IP addresses in canonical form ({@link IpAddresses#canonical})
     */
    static Occurrences everywhere(Set<String> texts, Set<String> ips, String pseudonym) {
        return new Occurrences(texts, ips, pseudonym, Occurrences::isSeveralWords);
    }

    /**
     * For the entries whose actor, target or a concern is the subject: one-word names count as tokens there too, and so
     * does each word of a longer name that could name them alone ({@link #nameWords}), so that "Lovelace, Ada" and
     * "Ms Lovelace" leave their own entries with "Ada Lovelace".
     */
    static Occurrences inOwnEntries(Set<String> texts, Set<String> ips, String pseudonym) {
        Set<String> withWords = new LinkedHashSet<>(texts);
        texts.stream().filter(t -> !isEmail(t) && isSeveralWords(t)).flatMap(Occurrences::nameWords).forEach(withWords::add);
        return new Occurrences(withWords, ips, pseudonym, name -> true);
    }

    /**
     * The words of a name of several words that name its bearer: of two letters or more ("Al", "Lovelace", not an
     * initial), and not particles written in lower case ("de", "van"), which are words of other text as well.
     */
    private static Stream<String> nameWords(String name) {
        return Arrays.stream(composed(name).split("[\\s,]+"))
                .map(w -> w.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", ""))
                .filter(w -> w.codePointCount(0, w.length()) >= 2 && !Character.isLowerCase(w.codePointAt(0)));
    }

    /** True when the text is, as a whole, one of the subject's names, e-mail addresses or IP addresses. */
    boolean isWhole(String text) {
        return text != null && (wholeTexts.contains(fold(composed(text))) || isOurs(IpAddresses.canonical(text)));
    }

    /**
     * A field that names a person (an actor's, target's or concern's name, a {@code changes} member such as
     * {@code assignee}) with every whole occurrence of the subject replaced by the pseudonym (composed, if any was):
     * as a whole, any of their names, e-mail addresses and IP addresses; as a token, those this instance replaces as
     * tokens.
     */
    String replace(String text) {
        if (text == null) return null;
        return isWhole(text) ? pseudonym : replaceInText(text);
    }

    /**
     * Text, of a description or any other field (a status, a role, a country), with every occurrence of the subject
     * as a token replaced: of {@link #everywhere}, a text that is as a whole one of their one-word names stays, since
     * "Jordan" as a country or "Admin" as a role is no person.
     */
    String replaceInText(String text) {
        if (text == null) return null;
        String composed = composed(text);
        String replaced = replaceInside(composed);
        return replaced.equals(composed) ? text : replaced;
    }

    /**
     * A URL with every occurrence of the subject replaced as in {@link #replaceInText}, in its percent-encoded parts
     * too: an e-mail address in a query is usually sent as {@code ada%40example.com}, a name as {@code Ada+Lovelace}, and
     * a URL carried in a parameter ({@code next=%2Fu%3Fmail%3Dada%2540example.com}) encodes once more. Each part between
     * {@code / ? & = # ; : @} that holds an escape is looked at decoded, as a URL of its own (down to
     * {@value #ENCODING_DEPTH} encodings), and where it names the subject it is encoded again with the pseudonym in their
     * place; the other parts stay as they were. The parts go first: in the raw text, "ada" of {@code ada%40example.com}
     * is a one-word name of its own.
     */
    String replaceInUrl(String url) {
        return url == null ? null : replaceInText(replaceInEncodedParts(url, 1));
    }

    /** True when the URL holds the subject as {@link #replaceInUrl} finds them. */
    boolean mentionsInUrl(String url) {
        return url != null && !replaceInUrl(url).equals(url);
    }

    /**
     * An idempotency key with the subject replaced as in a URL, except that an e-mail address counts after any
     * character but a letter or digit: keys are composed ({@code signup-ada@example.com}, {@code user.ada@example.com}),
     * and a key is an identifier nobody reads, so taking {@code jo.al@x.com} for {@code al@x.com} there costs nothing,
     * while leaving an address in it would keep it.
     */
    String replaceInKey(String key) {
        if (key == null) return null;
        String replaced = replaceInside(composed(replaceInEncodedParts(key, 1)), Character::isLetterOrDigit);
        return replaced.equals(key) ? key : replaced;
    }

    /** True when the key holds the subject as {@link #replaceInKey} finds them. */
    boolean mentionsInKey(String key) {
        return key != null && !replaceInKey(key).equals(key);
    }

    private String replaceInEncodedParts(String text, int depth) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) return text;
        return URL_PART.matcher(text).replaceAll(part -> Matcher.quoteReplacement(replaceInEncoded(part.group(), depth)));
    }

    /**
     * A percent-encoded part, encoded again with the subject replaced when its decoded text names them. Spaces are
     * encoded as {@code %20}, which a path and a query both read as a space ({@code +} is one only in a query).
     */
    private String replaceInEncoded(String part, int depth) {
        if (part.indexOf('%') < 0 && part.indexOf('+') < 0) return part;
        String decoded;
        try {
            decoded = URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) { // a % without two hex digits: looked at as it stands
            return part;
        }
        String inner = depth < ENCODING_DEPTH ? replaceInEncodedParts(decoded, depth + 1) : decoded;
        String replaced = replaceInText(inner);
        return replaced.equals(decoded) ? part : URLEncoder.encode(replaced, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * True when the text holds the subject as a token: an e-mail address, an IP address, or a name this instance
     * replaces as a token (of {@link #everywhere}: a full name). A one-word name that is the whole text is no such
     * sign: "Mark" in a field may be another Mark.
     */
    boolean mentions(String text) {
        if (text == null) return false;
        String composed = composed(text);
        return !replaceInside(composed).equals(composed);
    }

    private String replaceInside(String text) {
        return replaceInside(text, CONTINUES_LOCAL_PART);
    }

    /** @param emailContinuesBefore what, standing right before an e-mail address, makes it part of another */
    private String replaceInside(String text, IntPredicate emailContinuesBefore) {
        // e-mail addresses first: a name may be the start of one ("ada" of "ada@example.com")
        return replaceIps(replaceTokens(replaceTokens(text, emails, emailContinuesBefore), names, Character::isLetterOrDigit));
    }

    /** Replaces the matches of {@code tokens} that do not follow a code point {@code continuesBefore} accepts. */
    private String replaceTokens(String text, Pattern tokens, IntPredicate continuesBefore) {
        if (tokens == null) return text;
        Matcher m = tokens.matcher(text);
        StringBuilder out = new StringBuilder();
        int copied = 0;
        int from = 0;
        while (from < text.length() && m.find(from)) {
            if (m.start() > 0 && continuesBefore.test(text.codePointBefore(m.start()))) {
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
        // each pattern needs its separator: most texts hold neither, so most skip both matchers
        String v6Done = text.indexOf(':') < 0 ? text : IPV6.matcher(text).replaceAll(this::ipv6);
        if (v6Done.indexOf('.') < 0) return v6Done;
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
    private static Pattern tokenPattern(Stream<String> texts, String notContinuedAfter) {
        String alternatives = texts.sorted(Comparator.comparingInt(String::length).reversed()).map(Pattern::quote)
                .collect(Collectors.joining("|"));
        if (alternatives.isEmpty()) return null;
        return Pattern.compile("(?:" + alternatives + ")" + notContinuedAfter, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** The name as given, composed, and with ß and ss each written as the other (an e-mail address only composed). */
    private static Stream<String> spellings(String name) {
        String composed = composed(name);
        if (isEmail(composed)) return Stream.of(composed);
        return Stream.of(composed, SHARP_S.matcher(composed).replaceAll("ss"), DOUBLE_S.matcher(composed).replaceAll("\u00df"))
                .distinct();
    }

    private static String composed(String text) {
        return Normalizer.isNormalized(text, Normalizer.Form.NFC) ? text : Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    private static boolean isSeveralWords(String name) {
        return WORDS.matcher(name).find();
    }

    private static boolean isEmail(String text) {
        return text.indexOf('@') > 0;
    }

    private static String fold(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
