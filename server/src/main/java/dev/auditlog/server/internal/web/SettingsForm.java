package dev.auditlog.server.internal.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.FieldError;
import dev.auditlog.core.settings.Archive;
import dev.auditlog.core.settings.InvalidSettingsException;
import dev.auditlog.core.settings.Settings;
import dev.auditlog.core.settings.SettingsJson;
import dev.auditlog.core.settings.Tracking;
import dev.auditlog.server.internal.api.SettingsUpdates;
import dev.auditlog.server.internal.http.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The settings page's form: a tenant's settings as text fields, and the way back to the API's settings
 * document, so the page goes through exactly the API's validation and recording ({@link SettingsUpdates})
 * instead of rules of its own. Tracking rules are one per line ({@code invoice: created, deleted}), allowlist
 * CIDRs one per line. The webhook secret is never put back into the page: left blank, the current one is kept.
 *
 * @param secretSet  whether the tenant has a webhook secret (the field then says so instead of showing it)
 * @param errorField the form field the validation error is about, null when there is none
 * @param errorText  that error, to show beside the field
 */
public record SettingsForm(String retentionDays, String trackingDefault, String trackingRules, String ipAllowlist,
                           String archiveType, String archivePath, String archiveUrl, boolean secretSet,
                           String errorField, String errorText) {
    /** Document pointers and the field showing their errors; the first prefix that matches wins. */
    private static final List<Map.Entry<String, String>> FIELDS = List.of(
            Map.entry("/retention_days", "retention_days"), Map.entry("/tracking/default", "tracking_default"),
            Map.entry("/tracking", "tracking_rules"), Map.entry("/ip_allowlist", "ip_allowlist"),
            Map.entry("/archive/path", "archive_path"), Map.entry("/archive/url", "archive_url"),
            Map.entry("/archive/secret", "archive_secret"), Map.entry("/archive", "archive_type"));
    private static final String NO_COLON = "write the target type, a colon, then the events recorded for it "
            + "(invoice: created, deleted); nothing after the colon records none of its events";
    private static final Pattern LIST_ITEM = Pattern.compile("^/(?:tracking/rules|ip_allowlist)/(\\d+)");
    /**
     * The API's settings errors in this page's words: the labels the form shows instead of the document's member
     * names ({@code retention_days}, {@code tracking.default}, {@code archive.type}). The first pattern that matches
     * the API's message rewrites it; the API's own messages stay as they are, for API clients.
     */
    private static final List<Map.Entry<Pattern, String>> PAGE_WORDS = List.of(
            Map.entry(Pattern.compile("^retention_days must be a whole number of days$"), "Retention is a whole number of days."),
            Map.entry(Pattern.compile("^retention_days must be at least (\\d+)(.*)$"), "Retention is at least $1 days$2."),
            Map.entry(Pattern.compile("^retention_days may be at most (\\d+)(.*)$"), "Retention is at most $1 days$2."),
            Map.entry(Pattern.compile("^tracking\\.default must be all or none$"), "Record events by default: choose all or none."),
            Map.entry(Pattern.compile("^a rule needs a target_type$"), "write a target type before the colon"),
            Map.entry(Pattern.compile("^two rules for target_type (.*)$"), "a second rule for target type $1: write all its events on one line"),
            Map.entry(Pattern.compile("^events must be (.*)$"), "the events after the colon are $1"),
            Map.entry(Pattern.compile("^target_type may be at most (\\d+) characters, as an event's target\\.type$"),
                    "a target type has at most $1 characters, as in an event"),
            Map.entry(Pattern.compile("^tracking\\.rules may hold at most (\\d+) rules$"), "There may be at most $1 tracking rules."),
            Map.entry(Pattern.compile("^tracking\\.rules may take at most (\\d+) bytes of JSON \\(these take (\\d+)\\).*$"),
                    "The tracking rules may take at most $1 bytes as the API writes them (these take $2): write fewer rules or shorter target types."),
            Map.entry(Pattern.compile("^ip_allowlist must be an array of at most (\\d+) CIDRs$"), "The IP allowlist holds at most $1 CIDRs, one per line."),
            Map.entry(Pattern.compile("^your address (\\S+) is not in it: (.*)$"), "Your address $1 is not in the IP allowlist: $2."),
            Map.entry(Pattern.compile("^archive\\.type must be (.*)$"), "Archive: choose $1."),
            Map.entry(Pattern.compile("^a file archive needs a path$"), "A file archive needs its directory."),
            Map.entry(Pattern.compile("^a file archive's path may be at most (\\d+) bytes (.*)$"), "The directory may be at most $1 bytes long $2."),
            Map.entry(Pattern.compile("^a webhook archive needs an http\\(s\\) url$"), "A webhook archive needs its URL, starting with http:// or https://."),
            Map.entry(Pattern.compile("^a webhook archive's url may be at most (\\d+) characters$"), "The webhook URL may be at most $1 characters long."),
            Map.entry(Pattern.compile("^a webhook archive needs a secret (.*)$"), "A webhook archive needs a secret $1."));
    /** Member names an error not rewritten above may still use, and the form's label for each. */
    private static final List<Map.Entry<String, String>> LABELS = List.of(
            Map.entry("retention_days", "Retention (days)"), Map.entry("tracking.default", "Record events by default"),
            Map.entry("tracking.rules", "Tracking rules"), Map.entry("target_type", "target type"),
            Map.entry("ip_allowlist", "IP allowlist"), Map.entry("archive.type", "Archive"));

    static SettingsForm of(Settings s) {
        String rules = s.tracking().rules().stream()
                .map(r -> r.targetType() + ": " + r.events().stream().sorted().map(EventType::wire).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("\n"));
        String allowlist = s.ipAllowlist().stream().map(Object::toString).collect(Collectors.joining("\n"));
        Archive a = s.archive();
        return new SettingsForm(Integer.toString(s.retentionDays()), s.tracking().recordByDefault() ? "all" : "none", rules,
                allowlist, a.type(), orEmpty(a.path()), orEmpty(a.url()), a.secret() != null, null, null);
    }

    /** The posted fields (the secret excepted: it is passed to {@link #toDocument} and never kept). */
    static SettingsForm posted(Map<String, String> form, boolean secretSet) {
        return new SettingsForm(field(form, "retention_days"), field(form, "tracking_default"), field(form, "tracking_rules"),
                field(form, "ip_allowlist"), field(form, "archive_type"), field(form, "archive_path"),
                field(form, "archive_url"), secretSet, null, null);
    }

    /** The same form showing the error beside the field it is about; a rule or CIDR is named by its place in the list. */
    SettingsForm withError(FieldError error) {
        String field = FIELDS.stream().filter(f -> error.pointer().startsWith(f.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse("retention_days");
        Matcher item = LIST_ITEM.matcher(error.pointer());
        String text = item.find()
                ? (field.equals("ip_allowlist") ? "CIDR " : "Rule ") + (Integer.parseInt(item.group(1)) + 1) + ": " + inPageWords(error.detail())
                : capitalised(inPageWords(error.detail()));
        return new SettingsForm(retentionDays, trackingDefault, trackingRules, ipAllowlist, archiveType, archivePath,
                archiveUrl, secretSet, field, text);
    }

    /** An error of the API's settings validation in the words of this page ({@link #PAGE_WORDS}). */
    static String inPageWords(String detail) {
        for (Map.Entry<Pattern, String> words : PAGE_WORDS) {
            Matcher m = words.getKey().matcher(detail);
            if (m.matches()) return m.replaceFirst(words.getValue());
        }
        String text = detail;
        for (Map.Entry<String, String> label : LABELS) text = text.replace(label.getKey(), label.getValue());
        return text;
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** The error to show beside {@code field}, or null. */
    public String error(String field) {
        return field.equals(errorField) ? errorText : null;
    }

    /**
     * The ids that describe a field's control: its hint ({@code hint}, or null) and its error message when it has one;
     * null when neither, so that no reference points at an element the page does not hold.
     */
    public String describedBy(String field, String hint) {
        String error = error(field) == null ? null : "e-" + field;
        if (hint == null || error == null) return hint == null ? error : hint;
        return hint + " " + error;
    }

    /**
     * The API's settings document for these fields; a blank {@code secret} keeps the current one.
     *
     * @throws InvalidSettingsException for a tracking rule without its colon
     */
    ObjectNode toDocument(String secret) {
        ObjectNode doc = Json.object();
        if (retentionDays.matches("-?\\d{1,30}")) doc.put("retention_days", new java.math.BigInteger(retentionDays)); // too large: the API names its maximum
        else doc.put("retention_days", retentionDays); // an emptied field too: refused, rather than the old value kept unsaid
        ObjectNode tracking = doc.putObject("tracking").put("default", trackingDefault);
        ArrayNode rules = tracking.putArray("rules");
        List<String> ruleLines = lines(trackingRules);
        for (int i = 0; i < ruleLines.size(); i++) {
            String line = ruleLines.get(i);
            int colon = line.indexOf(':');
            // "invoice" alone would be a rule recording no invoice event at all: too quiet a way to drop them
            if (colon < 0) throw new InvalidSettingsException("/tracking/rules/" + i, NO_COLON);
            ObjectNode rule = rules.addObject().put("target_type", line.substring(0, colon).strip());
            ArrayNode events = rule.putArray("events");
            Arrays.stream(line.substring(colon + 1).split(",")).map(String::strip).filter(e -> !e.isEmpty()).forEach(events::add);
        }
        ArrayNode allow = doc.putArray("ip_allowlist");
        lines(ipAllowlist).forEach(allow::add);
        ObjectNode archive = doc.putObject("archive").put("type", archiveType);
        if (Archive.FILE_TYPE.equals(archiveType)) putIfPresent(archive, "path", archivePath);
        if (Archive.WEBHOOK_TYPE.equals(archiveType)) {
            putIfPresent(archive, "url", archiveUrl);
            archive.put("secret", secret == null || secret.isEmpty() ? SettingsJson.MASKED_SECRET : secret);
        }
        return doc;
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static void putIfPresent(ObjectNode o, String name, String value) {
        if (!value.isEmpty()) o.put(name, value);
    }

    private static String field(Map<String, String> form, String name) {
        return form.getOrDefault(name, "").strip();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
