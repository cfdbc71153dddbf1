package dev.auditlog.core.store;

import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.IpAddresses;
import dev.auditlog.core.event.Text;
import dev.auditlog.core.event.Times;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the query-string parameters of CONTRACT §4 into an {@link EntryQuery}, rejecting any unknown value
 * with an {@link InvalidQueryException} that names the parameter. The HTTP API, the export and the web page
 * all go through here, so a filtered view means the same thing everywhere.
 *
 * <p>A filter on a field that ingest checks is checked by the same rule, and an IP is compared in the canonical
 * form ingest stores: a value no entry can hold would only ever find nothing, which hides the caller's mistake.
 */
public final class QueryParameters {
    /** Every parameter the query understands (the API refuses others; the web page picks these from its own). */
    public static final Set<String> NAMES = Set.of("q", "event", "action", "channel", "actor", "actor_type",
            "target_type", "target_id", "concerns", "status", "ip", "from", "to", "period", "limit", "cursor", "count");
    /** The filter parameters (no paging): what an export echoes and what the page's Clear removes. */
    public static final List<String> FILTERS = List.of("q", "event", "action", "channel", "actor", "actor_type",
            "target_type", "target_id", "concerns", "status", "ip", "from", "to", "period");
    private static final Set<String> STATUSES = Set.copyOf(Event.STATUSES);

    /** A time whose offset lost its + to the query's decoding: "…T10:00:00 05:30". */
    private static final Pattern PLUS_READ_AS_SPACE = Pattern.compile("T[0-9:.]+ [0-9]{2}:[0-9]{2}$");
    /** The filters that match an id exactly, as stored. */
    private static final Set<String> IDS = Set.of("actor", "target_id", "concerns");

    private final Clock clock;

    public QueryParameters(Clock clock) {
        this.clock = clock;
    }

    /** Parses parameters given as name → first value (blank values count as absent). */
    public EntryQuery parse(Map<String, String> params) {
        String q = value(params, "q");
        EventType event = null;
        String eventValue = value(params, "event");
        if (eventValue != null) {
            event = EventType.fromWire(eventValue).orElseThrow(() -> new InvalidQueryException("event",
                    "event must be one of created, read, updated, deleted, other"));
        }
        String action = matching(params, "action", Event.ACTION, "action must be " + Event.ACTION_RULE);
        String channel = channel(params);
        String actorType = oneOf(params, "actor_type", Actor.TYPES);
        String status = oneOf(params, "status", STATUSES);
        Instant from = bound(params, "from", false);
        Instant to = bound(params, "to", true);
        if (from != null && to != null && from.isAfter(to)) {
            // A typo (the two dates swapped) would otherwise answer "no entries", as if there were none to find.
            throw new InvalidQueryException("from", "from (" + from + ") is after to (" + to + ")");
        }
        String period = value(params, "period");
        if (period != null) {
            Instant[] range = period(period);
            Instant periodFrom = later(from, range[0]);
            Instant periodTo = earlier(to, range[1]);
            if (periodFrom.isAfter(periodTo)) {
                throw new InvalidQueryException("period", "period " + period + " (" + range[0] + " to " + range[1]
                        + ") does not overlap from/to: together they match nothing");
            }
            from = periodFrom;
            to = periodTo;
        }
        int limit = limit(value(params, "limit"));
        Long beforeSeq = decodeCursor(value(params, "cursor"));
        boolean count = flag(params, "count");
        return new EntryQuery(q, event, action, channel, value(params, "actor"),
                actorType, value(params, "target_type"), value(params, "target_id"), value(params, "concerns"),
                status, ip(params), from, to, beforeSeq, limit, count);
    }

    /** The filters present in the parameters, in a stable order: recorded in export metadata. */
    public static Map<String, String> filtersOf(Map<String, String> params) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (String name : FILTERS) {
            String v = value(params, name);
            if (v != null) filters.put(name, v);
        }
        return filters;
    }

    public static String encodeCursor(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("s" + seq).getBytes(StandardCharsets.US_ASCII));
    }

    static Long decodeCursor(String cursor) {
        if (cursor == null) return null;
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (s.startsWith("s")) {
                long seq = Long.parseLong(s.substring(1));
                if (seq >= 0) return seq;
            }
        } catch (IllegalArgumentException e) {
            // fall through to the error below
        }
        throw new InvalidQueryException("cursor", "cursor is not one this server handed out");
    }

    /**
     * The parameter's value, stripped; null when absent or blank. An id ({@link #IDS}) is taken as it is, null only when
     * empty: ids are stored as sent, white space around them included (a padded CHAR column), and the row's own links
     * filter by them. A value with characters no entry can hold (control characters, and in {@code q} those other than
     * tab and line breaks, which descriptions may have) is a 400: it could match nothing, and PostgreSQL refuses a NUL
     * in any text.
     */
    private static String value(Map<String, String> params, String name) {
        String v = given(name, params.get(name));
        if (v == null) return null;
        String problem = Text.problem(v, name.equals("q"));
        if (problem != null) throw new InvalidQueryException(name, name + " " + problem);
        return v;
    }

    /**
     * A parameter's value as the query takes it, for those that read queries elsewhere (the web page, {@code verify}):
     * an id ({@link #IDS}) as it is, any other stripped; null when it says nothing (absent, empty, or blank but no id).
     */
    public static String given(String name, String value) {
        if (value == null) return null;
        if (IDS.contains(name)) return value.isEmpty() ? null : value;
        return value.isBlank() ? null : value.strip();
    }

    private static String oneOf(Map<String, String> params, String name, Set<String> allowed) {
        String v = value(params, name);
        if (v != null && !allowed.contains(v)) {
            throw new InvalidQueryException(name, name + " must be one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
        return v;
    }

    private static String matching(Map<String, String> params, String name, Pattern pattern, String detail) {
        String v = value(params, name);
        if (v != null && !pattern.matcher(v).matches()) throw new InvalidQueryException(name, detail);
        return v;
    }

    /**
     * The channel, in lower case: every channel is (ingest holds them to {@link Event#CHANNEL}), so "Billing" typed in
     * the page's box can only mean {@code billing}; anything else no channel can be is a 400 saying what one is.
     */
    private static String channel(Map<String, String> params) {
        String v = value(params, "channel");
        if (v == null) return null;
        String channel = v.chars().allMatch(c -> c < 0x80) ? v.toLowerCase(Locale.ROOT) : v; // the Kelvin sign is no k
        if (!Event.CHANNEL.matcher(channel).matches()) {
            throw new InvalidQueryException("channel", "channel must match " + Event.CHANNEL.pattern() + ", capitals read as "
                    + "lower case: 1 to 64 letters, digits, '_', '.' or '-', the first a letter or digit");
        }
        return channel;
    }

    /** The address in the form ingest stores it ({@link IpAddresses#canonical}), so equal addresses match. */
    private static String ip(Map<String, String> params) {
        String v = value(params, "ip");
        if (v == null) return null;
        String canonical = IpAddresses.canonical(v);
        if (canonical == null) throw new InvalidQueryException("ip", "ip must be an IPv4 or IPv6 address");
        return canonical;
    }

    private static boolean flag(Map<String, String> params, String name) {
        String v = value(params, name);
        if (v == null || v.equals("false")) return false;
        if (v.equals("true")) return true;
        throw new InvalidQueryException(name, name + " must be true or false");
    }

    private static int limit(String v) {
        if (v == null) return EntryQuery.DEFAULT_LIMIT;
        long n = Text.asciiNumber(v);
        if (n >= 1 && n <= EntryQuery.MAX_LIMIT) return (int) n;
        throw new InvalidQueryException("limit", "limit must be a whole number from 1 to " + EntryQuery.MAX_LIMIT);
    }

    /**
     * A bare date means the whole day: from its start, or to its last millisecond. A time is read by ingest's parser
     * for {@code occurred_at}, so that a bound takes exactly the RFC 3339 times an event may carry (seconds required, a
     * fraction with digits, an offset with minutes), each digit of its fraction kept for the store to round.
     */
    private static Instant bound(Map<String, String> params, String name, boolean endOfDay) {
        String v = value(params, name);
        if (v == null) return null;
        Optional<LocalDate> day = bareDate(v);
        if (day.isPresent()) {
            return endOfDay ? day.get().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1)
                    : day.get().atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        try {
            return Times.parseExactly(v);
        } catch (IllegalArgumentException e) {
            String hint = PLUS_READ_AS_SPACE.matcher(v).find()
                    ? "; a + in an address's query reads as a space, so write an offset's + as %2B (2026-11-21T10:00:00%2B05:30)" : "";
            throw new InvalidQueryException(name, name + " must be a date (2026-11-21) or an RFC 3339 time (2026-11-21T10:00:00Z)" + hint);
        }
    }

    /** The day a {@code from} or {@code to} of the form {@code 2026-11-21} names (what the page's date pickers send). */
    public static Optional<LocalDate> bareDate(String value) {
        if (value.length() != 10) return Optional.empty();
        try {
            return Optional.of(LocalDate.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private Instant[] period(String period) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        YearMonth month = YearMonth.from(today);
        int quarterStartMonth = (today.getMonthValue() - 1) / 3 * 3 + 1;
        LocalDate quarter = LocalDate.of(today.getYear(), quarterStartMonth, 1);
        LocalDate year = LocalDate.of(today.getYear(), 1, 1);
        return switch (period) {
            case "today" -> range(today, today.plusDays(1));
            case "this_month" -> range(month.atDay(1), month.plusMonths(1).atDay(1));
            case "last_month" -> range(month.minusMonths(1).atDay(1), month.atDay(1));
            case "this_quarter" -> range(quarter, quarter.plusMonths(3));
            case "last_quarter" -> range(quarter.minusMonths(3), quarter);
            case "this_year" -> range(year, year.plusYears(1));
            case "last_year" -> range(year.minusYears(1), year);
            default -> throw new InvalidQueryException("period",
                    "period must be one of today, this_month, last_month, this_quarter, last_quarter, this_year, last_year");
        };
    }

    private static Instant[] range(LocalDate fromDay, LocalDate toDayExclusive) {
        return new Instant[] {fromDay.atStartOfDay(ZoneOffset.UTC).toInstant(),
                toDayExclusive.atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1)};
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
