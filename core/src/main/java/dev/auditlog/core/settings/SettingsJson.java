package dev.auditlog.core.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventParser;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.FieldError;
import dev.auditlog.core.event.Text;
import dev.auditlog.core.store.EntryColumns;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The wire form of {@link Settings} (CONTRACT §5), used by the API and as the stores' durable copy. Parsing
 * is strict: every member is validated, unknown members are refused, and absent members keep their defaults.
 *
 * <p>A new document is held to limits on every length and count, so that the {@code settings.updated} entry recording
 * a change, which holds the old and the new value of each member changed, stays well within the
 * {@value EventParser#MAX_EVENT_BYTES} bytes ingest allows an event. At their limits the archive takes about 8 KB of
 * JSON (a path of 4,096 backslashes, each written as two; a URL of 2,048 four-byte characters), the allowlist under
 * 5 KB and the tracking rules {@value #MAX_RULES_BYTES} bytes: an entry changing them all stays under 48 KB.
 */
public final class SettingsJson {
    /** How a document written without the secret shows the webhook secret; sent back, it means "keep the current one". */
    public static final String MASKED_SECRET = "********";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> MEMBERS = Set.of("retention_days", "tracking", "ip_allowlist", "archive");
    private static final Set<String> TRACKING_MEMBERS = Set.of("default", "rules");
    private static final Set<String> RULE_MEMBERS = Set.of("target_type", "events");
    /** What each archive type may carry; a member of another type (a url on a file archive) is refused. */
    private static final Map<String, Set<String>> ARCHIVE_MEMBERS = Map.of(
            Archive.NONE_TYPE, Set.of("type"),
            Archive.FILE_TYPE, Set.of("type", "path"),
            Archive.WEBHOOK_TYPE, Set.of("type", "url", "secret"));
    private static final int MAX_CIDRS = 100;
    private static final int MAX_RULES = 100;
    /**
     * The tracking rules as JSON, in bytes: a rule's target type may be as long as an event's (500 characters, up to
     * 2,000 bytes), so the number of rules alone would let them take 200 KB.
     */
    private static final int MAX_RULES_BYTES = 8 * 1024;
    /** PATH_MAX: no longer path can be opened. */
    private static final int MAX_PATH_BYTES = 4096;
    /** NAME_MAX: no directory of a longer name can be made, so no delivery could ever be written there. */
    private static final int MAX_NAME_BYTES = 255;
    private static final int MIN_SECRET = 16;
    private static final String FORBIDDEN_ADDRESS = "a webhook archive may not be delivered to a link-local address"
            + " (169.254.169.254 is the metadata service of cloud instances), a multicast one or 0.0.0.0; a receiver on"
            + " loopback or a private network is fine";
    /**
     * Why a webhook URL may not hold user info ({@code https://user:password@host/}): the URL is shown in the settings
     * answers and in the {@code settings.updated} entry, which every key with read access sees, while only the secret
     * is masked; and the delivery never sends it.
     */
    private static final String NO_CREDENTIALS = "a webhook archive's url may not hold credentials (user:password@): it is"
            + " shown in the settings and in the entry recording the change, and they are never sent. The receiver"
            + " authenticates each delivery by its webhook-signature header, an HMAC-SHA256 made with the secret"
            + " (Standard Webhooks)";
    private static final int MAX_SECRET = 256;

    private SettingsJson() {
    }

    /** The document; the webhook secret appears only when {@code withSecret} (never in answers or entries). */
    public static ObjectNode write(Settings s, boolean withSecret) {
        ObjectNode o = JSON.objectNode();
        o.put("retention_days", s.retentionDays());
        ObjectNode tracking = o.putObject("tracking");
        tracking.put("default", s.tracking().recordByDefault() ? "all" : "none");
        tracking.set("rules", rules(s.tracking().rules()));
        ArrayNode allow = o.putArray("ip_allowlist");
        s.ipAllowlist().forEach(c -> allow.add(c.toString()));
        Archive a = s.archive();
        ObjectNode archive = o.putObject("archive").put("type", a.type());
        if (a.path() != null) archive.put("path", a.path());
        if (a.url() != null) archive.put("url", a.url());
        if (a.secret() != null) archive.put("secret", withSecret ? a.secret() : MASKED_SECRET);
        return o;
    }

    private static ArrayNode rules(List<Tracking.Rule> rules) {
        ArrayNode out = JSON.arrayNode();
        for (Tracking.Rule rule : rules) {
            ArrayNode events = out.addObject().put("target_type", rule.targetType()).putArray("events");
            rule.events().stream().sorted().forEach(e -> events.add(e.wire()));
        }
        return out;
    }

    /** The text a store keeps (secret included). */
    public static String toStoredText(Settings s) {
        return write(s, true).toString();
    }

    /**
     * Reads what {@link #toStoredText} wrote. Settings saved before retention had its ceiling may hold more days;
     * they read as the ceiling, so that such a tenant's settings stay readable and its prune's cutoff stays valid.
     * Settings saved before a later limit (on lengths, on the number of rules) are read as they are: the store must
     * open and ingest follow them; the next change of them must meet the limits.
     */
    public static Settings fromStoredText(String text) {
        JsonNode doc = EntryColumns.parse(text);
        if (doc instanceof ObjectNode o && o.path("retention_days").intValue() > Settings.MAX_RETENTION_DAYS) {
            o.put("retention_days", Settings.MAX_RETENTION_DAYS);
        }
        return parse(doc, false);
    }

    /** @throws InvalidSettingsException naming the first invalid member */
    public static Settings parse(JsonNode doc) {
        return parse(doc, true);
    }

    /** @param limits whether to hold the document to the limits on lengths and counts (not a stored one) */
    private static Settings parse(JsonNode doc, boolean limits) {
        if (doc == null || !doc.isObject()) throw new InvalidSettingsException("", "settings must be a JSON object");
        onlyMembers(doc, "", MEMBERS);
        return new Settings(retention(doc.get("retention_days")), tracking(doc.get("tracking"), limits),
                allowlist(doc.get("ip_allowlist")), archive(doc.get("archive"), limits));
    }

    /**
     * Refuses members {@code object} does not define, naming the first by its pointer: an option misspelt, or one
     * of another archive type, would otherwise look accepted and do nothing.
     */
    private static void onlyMembers(JsonNode object, String pointer, Set<String> members) {
        object.fieldNames().forEachRemaining(name -> {
            if (!members.contains(name)) {
                throw new InvalidSettingsException(FieldError.member(pointer, name), "unknown member " + name
                        + (pointer.isEmpty() ? "" : " in " + pointer)
                        + "; the members are " + String.join(", ", new TreeSet<>(members)));
            }
        });
    }

    private static int retention(JsonNode n) {
        if (n == null) return Settings.DEFAULT_RETENTION_DAYS;
        if (!n.canConvertToExactIntegral()) {
            throw new InvalidSettingsException("/retention_days", "retention_days must be a whole number of days");
        }
        BigInteger days = n.bigIntegerValue();
        if (days.compareTo(BigInteger.valueOf(Settings.MIN_RETENTION_DAYS)) < 0) {
            throw new InvalidSettingsException("/retention_days", "retention_days must be at least "
                    + Settings.MIN_RETENTION_DAYS + ": the 30-day floor keeps every entry for at least 30 days");
        }
        if (days.compareTo(BigInteger.valueOf(Settings.MAX_RETENTION_DAYS)) > 0) {
            throw new InvalidSettingsException("/retention_days", "retention_days may be at most "
                    + Settings.MAX_RETENTION_DAYS + " (100 years)");
        }
        return days.intValue();
    }

    private static Tracking tracking(JsonNode n, boolean limits) {
        if (n == null) return Tracking.ALL;
        if (!n.isObject()) throw new InvalidSettingsException("/tracking", "tracking must be an object");
        onlyMembers(n, "/tracking", TRACKING_MEMBERS);
        String byDefault = text(n, "default", "/tracking/default", "all");
        if (!byDefault.equals("all") && !byDefault.equals("none")) {
            throw new InvalidSettingsException("/tracking/default", "tracking.default must be all or none");
        }
        JsonNode rulesNode = n.path("rules");
        if (!rulesNode.isMissingNode() && !rulesNode.isArray()) {
            throw new InvalidSettingsException("/tracking/rules", "tracking.rules must be an array");
        }
        if (limits && rulesNode.size() > MAX_RULES) {
            throw new InvalidSettingsException("/tracking/rules", "tracking.rules may hold at most " + MAX_RULES + " rules");
        }
        List<Tracking.Rule> rules = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rulesNode.size(); i++) {
            String at = "/tracking/rules/" + i;
            JsonNode r = rulesNode.get(i);
            onlyMembers(r, at, RULE_MEMBERS);
            String targetType = text(r, "target_type", at + "/target_type", null);
            if (targetType == null || targetType.isBlank()) throw new InvalidSettingsException(at + "/target_type", "a rule needs a target_type");
            if (limits) targetTypeIngestAccepts(at + "/target_type", targetType);
            if (!seen.add(targetType)) throw new InvalidSettingsException(at + "/target_type", "two rules for target_type " + targetType);
            JsonNode events = r.path("events");
            if (!events.isArray()) throw new InvalidSettingsException(at + "/events", "events must be an array");
            Set<EventType> types = new HashSet<>();
            for (int j = 0; j < events.size(); j++) {
                int index = j;
                types.add(EventType.fromWire(events.get(j).asText("")).orElseThrow(() -> new InvalidSettingsException(
                        at + "/events/" + index, "events must be created, read, updated, deleted or other")));
            }
            rules.add(new Tracking.Rule(targetType, types));
        }
        if (limits) rulesFitAnEntry(rules);
        return new Tracking(byDefault.equals("all"), rules);
    }

    private static void rulesFitAnEntry(List<Tracking.Rule> rules) {
        int bytes = rules(rules).toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_RULES_BYTES) {
            throw new InvalidSettingsException("/tracking/rules", "tracking.rules may take at most " + MAX_RULES_BYTES
                    + " bytes of JSON (these take " + bytes + "), so that the entry recording a change, which holds the old"
                    + " and the new rules, stays within the " + EventParser.MAX_EVENT_BYTES + " bytes of an event");
        }
    }

    /** A rule for a target type no event can have would never match: the type is held to ingest's rule for {@code target.type}. */
    private static void targetTypeIngestAccepts(String pointer, String targetType) {
        if (Text.length(targetType) > Event.MAX_PARTY_FIELD) {
            throw new InvalidSettingsException(pointer, "target_type may be at most " + Event.MAX_PARTY_FIELD
                    + " characters, as an event's target.type");
        }
        String problem = Text.problem(targetType, false);
        if (problem != null) throw new InvalidSettingsException(pointer, "target_type " + problem);
    }

    private static List<Cidr> allowlist(JsonNode n) {
        if (n == null) return List.of();
        if (!n.isArray() || n.size() > MAX_CIDRS) {
            throw new InvalidSettingsException("/ip_allowlist", "ip_allowlist must be an array of at most " + MAX_CIDRS + " CIDRs");
        }
        List<Cidr> cidrs = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            try {
                cidrs.add(Cidr.parse(n.get(i).asText("")));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingsException("/ip_allowlist/" + i, "not a CIDR: " + e.getMessage());
            }
        }
        return cidrs;
    }

    private static Archive archive(JsonNode n, boolean limits) {
        if (n == null) return Archive.NONE;
        if (!n.isObject()) throw new InvalidSettingsException("/archive", "archive must be an object");
        String type = text(n, "type", "/archive/type", null);
        Set<String> members = type == null ? null : ARCHIVE_MEMBERS.get(type);
        if (members == null) throw new InvalidSettingsException("/archive/type", "archive.type must be none, file or webhook");
        onlyMembers(n, "/archive", members);
        return switch (type) {
            case Archive.FILE_TYPE -> {
                String path = text(n, "path", "/archive/path", null);
                if (path == null || path.isBlank()) throw new InvalidSettingsException("/archive/path", "a file archive needs a path");
                if (limits) pathFits(path);
                yield Archive.file(path);
            }
            case Archive.WEBHOOK_TYPE -> {
                String url = text(n, "url", "/archive/url", null);
                URI uri = url == null ? null : httpUri(url);
                if (uri == null) throw new InvalidSettingsException("/archive/url", "a webhook archive needs an http(s) url");
                if (limits && Text.length(url) > Event.MAX_URL) {
                    throw new InvalidSettingsException("/archive/url", "a webhook archive's url may be at most " + Event.MAX_URL + " characters");
                }
                if (limits && uri.getRawUserInfo() != null) throw new InvalidSettingsException("/archive/url", NO_CREDENTIALS);
                if (limits && Archive.forbiddenWebhookHost(uri.getHost())) {
                    throw new InvalidSettingsException("/archive/url", FORBIDDEN_ADDRESS);
                }
                String secret = text(n, "secret", "/archive/secret", null);
                if (secret == null || Text.length(secret) < MIN_SECRET || limits && Text.length(secret) > MAX_SECRET) {
                    throw new InvalidSettingsException("/archive/secret", "a webhook archive needs a secret of " + MIN_SECRET
                            + " to " + MAX_SECRET + " characters");
                }
                if (limits) deliveriesCanBeSigned(secret);
                yield Archive.webhook(url, secret);
            }
            default -> Archive.NONE; // none, the one type left in ARCHIVE_MEMBERS
        };
    }

    /** A path the file system cannot take would fail every delivery, and hold back every prune. */
    private static void pathFits(String path) {
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new InvalidSettingsException("/archive/path", "a file archive's path may be at most " + MAX_PATH_BYTES
                    + " bytes (PATH_MAX)");
        }
        for (String name : path.split("[/\\\\]")) {
            if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw new InvalidSettingsException("/archive/path", "each name in a file archive's path may be at most "
                        + MAX_NAME_BYTES + " bytes (NAME_MAX)");
            }
        }
    }

    /** A secret whose key cannot be read would fail every delivery, and hold back every prune, from then on. */
    private static void deliveriesCanBeSigned(String secret) {
        try {
            Archive.webhookKey(secret);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException("/archive/secret", "a secret starting whsec_ is a Standard Webhooks secret, "
                    + "whose key is the base64 after the prefix, and this one's is not (" + e.getMessage() + "): send the "
                    + "secret the receiver gave, or one without the prefix, used as it is");
        }
    }

    /** The URL when it is an http or https one with a host, else null. */
    private static URI httpUri(String url) {
        try {
            URI uri = new URI(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String text(JsonNode parent, String member, String pointer, String fallback) {
        JsonNode v = parent.get(member);
        if (v == null || v.isNull()) return fallback;
        if (!v.isTextual()) throw new InvalidSettingsException(pointer, member + " must be a string");
        return v.textValue();
    }
}
