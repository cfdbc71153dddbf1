package dev.auditlog.core.export;

import dev.auditlog.core.merkle.Rfc6962;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Recomputes an exported entry's leaf hash ({@code docs/LEAF-ENCODING.md}) straight from the entry's JSON bytes:
 * the fast path of {@link ExportVerifier}.
 *
 * <p>Why: the general path — a Jackson tree, then {@link dev.auditlog.core.entry.EntryJson#fromExportJson} and
 * {@link dev.auditlog.core.entry.LeafEncoding#leafHash} — decodes every string, parses both times, builds an
 * event and encodes it all again: about 10 µs per entry, for two SHA-256 runs that take well under one. Yet an
 * export as {@link JsonExport} writes it is already nearly canonical: its strings are JCS strings when they carry
 * no escape, its times are in the one canonical form, its seq is a plain integer. Only the order of members
 * differs, and that is fixed by the encoding, not by the data.
 *
 * <p>How: one pass over the entry records where each member's value lies (plain strings without their quotes,
 * the seq's digits, the nested actor, target and concerns, the raw {@code changes} and {@code metadata}); a
 * second writes the personal JSON and the leaf data in JCS member order by copying those bytes, with
 * {@link CanonicalCopy} sorting the members of {@code changes} and {@code metadata}.
 *
 * <p>What keeps it honest: it accepts only input for which copying bytes provably gives what the general path
 * writes — strings without escapes or control characters in well-formed UTF-8, times already canonical and
 * valid, integers exact as doubles, no whitespace, no duplicate, unknown or null member, no erased entry —
 * and declines everything else ({@link #read} returns false), which the caller then hands to the general path.
 * So an entry is judged the same whichever path reads it; a test holds the two to the same leaf data, byte for
 * byte, on many random entries. Not thread-safe: one instance per worker.
 */
final class LeafFromJson {
    // The export's top-level members, in the order JsonExport writes them (so the next name is guessed first).
    private static final int ID = 0;
    private static final int SEQ = 1;
    private static final int RECORDED_AT = 2;
    private static final int OCCURRED_AT = 3;
    private static final int ACTION = 4;
    private static final int EVENT = 5;
    private static final int CHANNEL = 6;
    private static final int DESCRIPTION = 7;
    private static final int ACTOR = 8;
    private static final int TARGET = 9;
    private static final int CONCERNS = 10;
    private static final int IP = 11;
    private static final int USER_AGENT = 12;
    private static final int STATUS = 13;
    private static final int CHANGES = 14;
    private static final int METADATA = 15;
    private static final int IDEMPOTENCY_KEY = 16;
    private static final int LEAF_HASH = 17;
    private static final int SALT = 18;
    private static final int LEAF_VERSION = 19;
    /** Not a member of the export: the personal JSON's commitment, in the leaf data's order. */
    private static final int PERSONAL = 20;
    private static final String[] MEMBER_NAMES = {"id", "seq", "recorded_at", "occurred_at", "action", "event", "channel",
        "description", "actor", "target", "concerns", "ip", "user_agent", "status", "changes", "metadata",
        "idempotency_key", "leaf_hash", "salt", "leaf_version"};
    private static final MemberNames MEMBERS = new MemberNames(MEMBER_NAMES);
    private static final int[] REQUIRED = {ID, SEQ, RECORDED_AT, ACTION, EVENT, CHANNEL, STATUS, LEAF_HASH, SALT};

    // Members of actor, target and each concern: one name list serves all three.
    private static final int TYPE = 0;
    private static final int PARTY_ID = 1;
    private static final int NAME = 2;
    private static final int EMAIL = 3; // of an actor
    private static final int URL = 3; // of a target
    private static final MemberNames ACTOR_FIELDS = new MemberNames("type", "id", "name", "email");
    private static final MemberNames TARGET_FIELDS = new MemberNames("type", "id", "name", "url");
    private static final MemberNames CONCERN_FIELDS = new MemberNames("type", "id", "name");

    private static final byte[][] EVENT_TYPES = names("created", "read", "updated", "deleted", "other");
    private static final long MAX_SAFE_INTEGER = 1L << 53;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX_VALUES = hexValues();
    /** A canonical time, a {@code d} standing for any digit. */
    private static final byte[] TIME_FORM = "dddd-dd-ddTdd:dd:dd.dddZ".getBytes(StandardCharsets.US_ASCII);
    private static final int TIME_WORDS = TIME_FORM.length / 8;
    private static final long TIME_DIGIT_CHECK = 0x7676767676767676L;
    /** Per eight bytes of {@link #TIME_FORM}: each byte expected ('0' for a digit), the separators' bytes, the digits'. */
    private static final long[] TIME_EXPECTED = timeWords(0);
    private static final long[] TIME_SEPARATORS = timeWords(1);
    private static final long[] TIME_DIGITS = timeWords(2);
    private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private final int[] member = new int[2 * MEMBERS.size()]; // per member: value start (-1 when absent), end
    private final int[] actor = new int[2 * ACTOR_FIELDS.size()];
    private final int[] target = new int[2 * TARGET_FIELDS.size()];
    private int[] concerns = new int[2 * CONCERN_FIELDS.size() * 4];
    private int concernCount;
    private long seq;
    /** The entry's leaf encoding version: 1 when the export does not say (made before version 2). */
    private int version;
    private final byte[] salt = new byte[16];
    private final byte[] claimedLeafHash = new byte[32];
    private final byte[] commitmentHex = new byte[64];
    private byte[] leafHash;

    private final ByteSink personal = new ByteSink();
    private final ByteSink leaf = new ByteSink();
    private final MessageDigest sha = Rfc6962.sha256();
    private boolean firstMember;

    private byte[] in;
    private int pos;
    private int limit;

    /**
     * Reads the entry in {@code in[from, to)} and recomputes its leaf hash; false when the entry is not one this
     * fast path takes, and then nothing about it is known (not even whether it is valid).
     */
    boolean read(byte[] in, int from, int to) {
        this.in = in;
        this.pos = from;
        this.limit = to;
        Arrays.fill(member, -1);
        concernCount = 0;
        version = 1;
        return members() && pos == to && complete() && rehash();
    }

    long seq() {
        return seq;
    }

    String id() {
        return new String(in, member[2 * ID], member[2 * ID + 1] - member[2 * ID], StandardCharsets.UTF_8);
    }

    /** The recomputed leaf hash (owned by the caller). */
    byte[] leafHash() {
        return leafHash;
    }

    /** Whether the recomputed leaf hash is the one the entry claims. */
    boolean matchesClaim() {
        return Arrays.equals(leafHash, claimedLeafHash);
    }

    /** The leaf data the hash covers. */
    byte[] leafData() {
        return Arrays.copyOfRange(leaf.array(), LEAF_PREFIX.length, leaf.size());
    }

    // ---- reading -------------------------------------------------------------------------------------------

    private boolean members() {
        if (!take('{')) return false;
        int guess = 0;
        do {
            int m = name(MEMBERS, guess);
            if (m < 0 || member[2 * m] >= 0 || !value(m)) return false;
            guess = m + 1;
        } while (take(','));
        return take('}');
    }

    private boolean value(int m) {
        return switch (m) {
            case SEQ -> readSeq();
            case LEAF_VERSION -> readVersion();
            case ACTOR -> mark(m) && fields(ACTOR_FIELDS, actor, 0);
            case TARGET -> mark(m) && fields(TARGET_FIELDS, target, 0);
            case CONCERNS -> mark(m) && concerns();
            case CHANGES, METADATA -> raw(m);
            default -> string(member, 2 * m);
        };
    }

    private boolean mark(int m) {
        member[2 * m] = pos;
        return true;
    }

    /** A JSON value kept as it is for {@link CanonicalCopy}; null is declined (the general path omits it). */
    private boolean raw(int m) {
        int end = JsonText.valueEnd(in, pos, limit);
        if (end <= pos || in[pos] == 'n') return false;
        member[2 * m] = pos;
        member[2 * m + 1] = end;
        pos = end;
        return true;
    }

    private boolean readSeq() {
        int start = pos;
        long value = 0;
        while (pos < limit && in[pos] >= '0' && in[pos] <= '9' && pos - start < 17) value = value * 10 + (in[pos++] - '0');
        int digits = pos - start;
        if (digits == 0 || digits > 16 || (in[start] == '0' && digits > 1) || value > MAX_SAFE_INTEGER) return false;
        if (pos < limit && (in[pos] == '.' || in[pos] == 'e' || in[pos] == 'E')) return false;
        member[2 * SEQ] = start;
        member[2 * SEQ + 1] = pos;
        seq = value;
        return true;
    }

    /**
     * A leaf encoding version this path knows, 1 or 2, as one digit (anything else goes the general way; what follows
     * the digit must be the next member or the end, which {@link #members} checks).
     */
    private boolean readVersion() {
        if (pos >= limit || (in[pos] != '1' && in[pos] != '2')) return false;
        member[2 * LEAF_VERSION] = pos;
        version = in[pos++] - '0';
        member[2 * LEAF_VERSION + 1] = pos;
        return true;
    }

    /** An object of plain string members from {@code names}, each at most once, into {@code ranges[at…]}. */
    private boolean fields(MemberNames names, int[] ranges, int at) {
        Arrays.fill(ranges, at, at + 2 * names.size(), -1);
        if (!take('{')) return false;
        if (take('}')) return true;
        do {
            int f = name(names, 0);
            if (f < 0 || ranges[at + 2 * f] >= 0 || !string(ranges, at + 2 * f)) return false;
        } while (take(','));
        return take('}');
    }

    private boolean concerns() {
        if (!take('[')) return false;
        if (take(']')) return true;
        int size = 2 * CONCERN_FIELDS.size();
        do {
            if (size * (concernCount + 1) > concerns.length) concerns = Arrays.copyOf(concerns, concerns.length * 2);
            if (!fields(CONCERN_FIELDS, concerns, size * concernCount++)) return false;
        } while (take(','));
        return take(']');
    }

    /** A plain string ({@link JsonText#plainStringEnd}): its content's range into {@code ranges[at]} and {@code [at + 1]}. */
    private boolean string(int[] ranges, int at) {
        if (!take('"')) return false;
        int close = JsonText.plainStringEnd(in, pos, limit);
        if (close < 0) return false;
        ranges[at] = pos;
        ranges[at + 1] = close;
        pos = close + 1;
        return true;
    }

    /** Reads {@code "name":} and returns the index of the name in {@code names} (trying {@code guess} first), or -1. */
    private int name(MemberNames names, int guess) {
        if (!take('"')) return -1;
        int n = names.match(in, pos, limit, guess);
        if (n >= 0) pos += names.length(n);
        return n;
    }

    private boolean take(char c) {
        if (pos < limit && in[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    // ---- checking what the general path would check ------------------------------------------------------------

    private boolean complete() {
        for (int m : REQUIRED) if (member[2 * m] < 0) return false;
        return canonicalTime(RECORDED_AT) && (member[2 * OCCURRED_AT] < 0 || canonicalTime(OCCURRED_AT))
                && oneOf(EVENT_TYPES, EVENT) && hex(SALT, salt) && hex(LEAF_HASH, claimedLeafHash);
    }

    /**
     * Whether the time is already what {@code Times.format(Times.parse(…))} gives back: {@code yyyy-MM-ddTHH:mm:ss.SSSZ}
     * naming a real day and time. Its form is checked eight bytes at a time against {@link #TIME_FORM} (a byte loop
     * over the template was 4% of a worker's time), then the fields' values.
     */
    private boolean canonicalTime(int m) {
        int s = member[2 * m];
        if (member[2 * m + 1] - s != TIME_FORM.length) return false;
        for (int w = 0; w < TIME_WORDS; w++) {
            long x = JsonText.word(in, s + 8 * w) ^ TIME_EXPECTED[w]; // a digit's byte is now its value
            if ((x & TIME_SEPARATORS[w]) != 0) return false;
            // a digit's byte above 9: its low seven bits plus 0x76 reach 0x80, or it had the high bit already
            if ((((x & ~JsonText.HIGH_BITS) + TIME_DIGIT_CHECK | x) & JsonText.HIGH_BITS & TIME_DIGITS[w]) != 0) return false;
        }
        int year = number(s, 4);
        int month = number(s + 5, 2);
        int day = number(s + 8, 2);
        return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month)
                && number(s + 11, 2) <= 23 && number(s + 14, 2) <= 59 && number(s + 17, 2) <= 59;
    }

    /** The number in {@code in[at, at + n)}, whose bytes are known to be digits. */
    private int number(int at, int n) {
        int value = 0;
        for (int i = at; i < at + n; i++) value = value * 10 + in[i] - '0';
        return value;
    }

    /** The length of the month in the proleptic Gregorian calendar, as {@link java.time.Month#length} gives it. */
    private static int daysIn(int year, int month) {
        boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        return month == 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
    }

    private boolean oneOf(byte[][] words, int m) {
        int from = member[2 * m];
        int to = member[2 * m + 1];
        for (byte[] w : words) if (Arrays.equals(in, from, to, w, 0, w.length)) return true;
        return false;
    }

    /** Decodes the member's hex (either case, as {@link java.util.HexFormat} reads it) into exactly {@code out}. */
    private boolean hex(int m, byte[] out) {
        int from = member[2 * m];
        if (member[2 * m + 1] - from != 2 * out.length) return false;
        for (int i = 0; i < out.length; i++) {
            int hi = HEX_VALUES[in[from + 2 * i] & 0xff];
            int lo = HEX_VALUES[in[from + 2 * i + 1] & 0xff];
            if (hi < 0 || lo < 0) return false;
            out[i] = (byte) (hi << 4 | lo);
        }
        return true;
    }

    // ---- writing, members in JCS order -------------------------------------------------------------------------

    private static final byte[] ACTOR_EMAIL = key("actor_email");
    private static final byte[] ACTOR_NAME = key("actor_name");
    private static final byte[] CONCERN_NAMES = key("concern_names");
    private static final byte[] TARGET_NAME = key("target_name");
    private static final byte[] TARGET_URL = key("target_url");
    private static final byte[] PERSONAL_KEY = key("personal");
    /** The top-level members' keys, as the leaf data names them too. */
    private static final byte[][] KEYS = keys(MEMBER_NAMES);
    /** The leaf data's members in JCS order. */
    private static final int[] LEAF_ORDER = {ACTION, ACTOR, CHANNEL, CONCERNS, EVENT, ID, IDEMPOTENCY_KEY, OCCURRED_AT, PERSONAL,
        RECORDED_AT, SEQ, STATUS, TARGET};
    private static final byte[][] PARTY_KEYS = {key("type"), key("id"), key("name"), key("url")};
    private static final int[] ID_TYPE = {PARTY_ID, TYPE};
    private static final int[] ID_TYPE_URL = {PARTY_ID, TYPE, URL};
    /** The leaf data's last member, per version. */
    private static final byte[][] VERSION_MEMBER = {null, "\"v\":1}".getBytes(StandardCharsets.US_ASCII),
        "\"v\":2}".getBytes(StandardCharsets.US_ASCII)};
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    /** What RFC 6962 puts before a leaf's data in its hash. */
    private static final byte[] LEAF_PREFIX = {0};

    /**
     * Hashes here, not in the writers: the digest's code, inlined into each method that calls it, made the C2
     * compilation of the largest writer take a third of a second of one of the 2 cores on a first run.
     */
    private boolean rehash() {
        if (!writePersonal()) return false;
        writeLeaf(digest(personal));
        leafHash = digest(leaf);
        return true;
    }

    /**
     * The hash of all that {@code data} holds: each sink starts with what its hash covers before the JSON (the
     * salt, the leaf prefix), so one update covers it all — each call into the digest is inlined with all of its
     * code, and fewer of them made C2's compilation of the caller shorter.
     */
    private byte[] digest(ByteSink data) {
        sha.update(data.array(), 0, data.size());
        return sha.digest();
    }

    private boolean writePersonal() {
        ByteSink out = personal;
        begin(out, salt);
        if (member[2 * ACTOR] >= 0) {
            optional(out, ACTOR_EMAIL, actor, 2 * EMAIL);
            optional(out, ACTOR_NAME, actor, 2 * NAME);
        }
        if (!canonical(out, KEYS[CHANGES], CHANGES)) return false;
        writeConcernNames(out);
        optional(out, KEYS[DESCRIPTION], member, 2 * DESCRIPTION);
        boolean urlAndKey = version >= 2;
        if (urlAndKey) optional(out, KEYS[IDEMPOTENCY_KEY], member, 2 * IDEMPOTENCY_KEY);
        optional(out, KEYS[IP], member, 2 * IP);
        if (!canonical(out, KEYS[METADATA], METADATA)) return false;
        if (member[2 * TARGET] >= 0) {
            optional(out, TARGET_NAME, target, 2 * NAME);
            if (urlAndKey) optional(out, TARGET_URL, target, 2 * URL);
        }
        optional(out, KEYS[USER_AGENT], member, 2 * USER_AGENT);
        out.write('}');
        return true;
    }

    private boolean canonical(ByteSink out, byte[] key, int m) {
        int from = member[2 * m];
        if (from < 0) return true;
        name(out, key);
        return CanonicalCopy.copy(in, from, member[2 * m + 1], out) == member[2 * m + 1];
    }

    private void writeConcernNames(ByteSink out) {
        int size = 2 * CONCERN_FIELDS.size();
        boolean anyName = false;
        for (int c = 0; c < concernCount; c++) anyName |= concerns[size * c + 2 * NAME] >= 0;
        if (!anyName) return;
        name(out, CONCERN_NAMES);
        out.write('[');
        for (int c = 0; c < concernCount; c++) {
            if (c > 0) out.write(',');
            if (concerns[size * c + 2 * NAME] >= 0) quoted(out, concerns, size * c + 2 * NAME); else out.write(NULL);
        }
        out.write(']');
    }

    /**
     * One loop over the members, with one call for all the plain strings: written out member by member, with
     * each write inlined where it stood, this was the largest method C2 compiled on a first run (0.1 to 0.17 s
     * of one of the 2 cores, while the entries waited in slower code).
     *
     * @param commitment the hash of the salted personal JSON
     */
    private void writeLeaf(byte[] commitment) {
        ByteSink out = leaf;
        begin(out, LEAF_PREFIX);
        boolean urlAndKey = version >= 2; // then both are in the personal JSON instead
        for (int m : LEAF_ORDER) {
            switch (m) {
                case ACTOR -> party(out, ACTOR, actor, ID_TYPE);
                case TARGET -> party(out, TARGET, target, urlAndKey ? ID_TYPE : ID_TYPE_URL);
                case IDEMPOTENCY_KEY -> {
                    if (!urlAndKey) optional(out, KEYS[IDEMPOTENCY_KEY], member, 2 * IDEMPOTENCY_KEY);
                }
                case CONCERNS -> writeConcerns(out);
                case PERSONAL -> writeCommitment(out, commitment);
                case SEQ -> {
                    name(out, KEYS[SEQ]);
                    out.write(in, member[2 * SEQ], member[2 * SEQ + 1]);
                }
                default -> optional(out, KEYS[m], member, 2 * m);
            }
        }
        out.write(',');
        out.write(VERSION_MEMBER[version]);
    }

    private void party(ByteSink out, int m, int[] ranges, int[] fields) {
        if (member[2 * m] < 0) return;
        name(out, KEYS[m]);
        nested(out, ranges, 0, fields);
    }

    private void writeConcerns(ByteSink out) {
        if (concernCount == 0) return;
        name(out, KEYS[CONCERNS]);
        out.write('[');
        for (int c = 0; c < concernCount; c++) {
            if (c > 0) out.write(',');
            nested(out, concerns, 2 * CONCERN_FIELDS.size() * c, ID_TYPE);
        }
        out.write(']');
    }

    private void writeCommitment(ByteSink out, byte[] commitment) {
        name(out, PERSONAL_KEY);
        for (int i = 0; i < commitment.length; i++) {
            commitmentHex[2 * i] = HEX[commitment[i] >> 4 & 0xf];
            commitmentHex[2 * i + 1] = HEX[commitment[i] & 0xf];
        }
        out.write('"');
        out.write(commitmentHex);
        out.write('"');
    }

    /** A nested object of the {@code fields} (in JCS order) of the party at {@code ranges[at…]}, absent ones omitted. */
    private void nested(ByteSink out, int[] ranges, int at, int[] fields) {
        out.write('{');
        boolean first = true;
        for (int f : fields) {
            if (ranges[at + 2 * f] < 0) continue;
            if (!first) out.write(',');
            first = false;
            out.write(PARTY_KEYS[f]);
            quoted(out, ranges, at + 2 * f);
        }
        out.write('}');
    }

    /** Starts {@code out} with what its hash covers before the JSON, then the JSON's opening brace. */
    private void begin(ByteSink out, byte[] hashedFirst) {
        out.truncate(0);
        out.write(hashedFirst);
        out.write('{');
        firstMember = true;
    }

    private void optional(ByteSink out, byte[] key, int[] ranges, int at) {
        if (ranges[at] < 0) return;
        name(out, key);
        quoted(out, ranges, at);
    }

    private void name(ByteSink out, byte[] key) {
        if (!firstMember) out.write(',');
        firstMember = false;
        out.write(key);
    }

    private void quoted(ByteSink out, int[] ranges, int at) {
        out.write('"');
        out.write(in, ranges[at], ranges[at + 1]);
        out.write('"');
    }

    private static byte[] key(String name) {
        return ("\"" + name + "\":").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[][] keys(String... names) {
        byte[][] keys = new byte[names.length][];
        for (int i = 0; i < names.length; i++) keys[i] = key(names[i]);
        return keys;
    }

    /** Each hex digit's value (either case, as {@link java.util.HexFormat} reads them), -1 for any other byte. */
    private static byte[] hexValues() {
        byte[] values = new byte[256];
        Arrays.fill(values, (byte) -1);
        for (int b = 0; b < 256; b++) if (Character.digit(b, 16) >= 0) values[b] = (byte) Character.digit(b, 16);
        return values;
    }

    /** {@link #TIME_FORM} as little-endian words: 0 the bytes expected, 1 a mask of its separators, 2 of its digits. */
    private static long[] timeWords(int kind) {
        long[] words = new long[TIME_WORDS];
        for (int i = 0; i < TIME_FORM.length; i++) {
            boolean digit = TIME_FORM[i] == 'd';
            long b = switch (kind) {
                case 0 -> digit ? '0' : TIME_FORM[i];
                case 1 -> digit ? 0 : 0xff;
                default -> digit ? 0xff : 0;
            };
            words[i / 8] |= b << 8 * (i % 8);
        }
        return words;
    }

    private static byte[][] names(String... names) {
        byte[][] bytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++) bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        return bytes;
    }
}
