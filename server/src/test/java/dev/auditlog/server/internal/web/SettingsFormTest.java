package dev.auditlog.server.internal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auditlog.core.settings.InvalidSettingsException;
import dev.auditlog.core.settings.SettingsJson;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SettingsFormTest {
    private static SettingsForm rules(String text) {
        return SettingsForm.posted(Map.of("retention_days", "90", "tracking_default", "all", "tracking_rules", text,
                "archive_type", "none"), false);
    }

    @Test
    void eachRuleLineIsATargetTypeAndTheEventsAfterItsColon() {
        JsonNode rules = rules("invoice: created, deleted\n\n  hardware:\n").toDocument(null).path("tracking").path("rules");

        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).path("target_type").asText()).isEqualTo("invoice");
        assertThat(rules.get(0).path("events")).extracting(JsonNode::asText).containsExactly("created", "deleted");
        assertThat(rules.get(1).path("target_type").asText()).isEqualTo("hardware");
        assertThat(rules.get(1).path("events")).isEmpty();
    }

    @Test
    void anEmptiedRetentionIsSentToBeRefusedNotLeftOutSoTheOldValueWouldStaySilently() {
        SettingsForm form = SettingsForm.posted(Map.of("retention_days", " ", "tracking_default", "all", "archive_type", "none"), false);

        assertThat(form.toDocument(null).has("retention_days")).isTrue();
    }

    @Test
    void aRuleWithoutItsColonIsRefusedRatherThanReadAsRecordingNothing() {
        SettingsForm form = rules("invoice: created\nhardware");

        InvalidSettingsException refused = catchThrowableOfType(InvalidSettingsException.class, () -> form.toDocument(null));

        assertThat(refused.error().pointer()).isEqualTo("/tracking/rules/1");
        SettingsForm shown = form.withError(refused.error());
        assertThat(shown.error("tracking_rules")).startsWith("Rule 2: write the target type, a colon");
        assertThat(shown.trackingRules()).isEqualTo("invoice: created\nhardware");
    }

    /**
     * The page shows the API's validation errors in its own words, the labels of its fields, never the settings
     * document's member names; the API's messages stay as they are.
     */
    @Test
    void errorsAreShownInThePagesWordsBesideTheirFieldWhileTheApiKeepsItsOwn() {
        String hundredAndOne = IntStream.range(0, 101).mapToObj(i -> "10.0." + i + ".0/24").collect(Collectors.joining("\n"));
        String hundredAndOneRules = IntStream.range(0, 101).mapToObj(i -> "type-" + i + ": created").collect(Collectors.joining("\n"));
        String longRules = IntStream.range(0, 20).mapToObj(i -> i + "t".repeat(460) + ": created").collect(Collectors.joining("\n"));
        String[][] cases = {
                // the field the error is shown beside, the error, then the fields posted (the others are valid)
                {"retention_days", "Retention is at least 30 days: the 30-day floor keeps every entry for at least 30 days.", "retention_days", "29"},
                {"retention_days", "Retention is at most 36500 days (100 years).", "retention_days", "3000000000"},
                {"retention_days", "Retention is a whole number of days.", "retention_days", "ninety"},
                {"tracking_default", "Record events by default: choose all or none.", "tracking_default", "some"},
                {"tracking_rules", "Rule 1: write a target type before the colon", "tracking_rules", ": created"},
                {"tracking_rules", "Rule 2: a second rule for target type invoice: write all its events on one line",
                        "tracking_rules", "invoice: created\ninvoice: deleted"},
                {"tracking_rules", "Rule 1: the events after the colon are created, read, updated, deleted or other",
                        "tracking_rules", "invoice: made"},
                {"ip_allowlist", "The IP allowlist holds at most 100 CIDRs, one per line.", "ip_allowlist", hundredAndOne},
                {"archive_type", "Archive: choose none, file or webhook.", "archive_type", "tape"},
                {"archive_path", "A file archive needs its directory.", "archive_type", "file"},
                {"archive_url", "A webhook archive needs its URL, starting with http:// or https://.",
                        "archive_type", "webhook", "archive_url", "ftp://archive.example.com/"},
                {"archive_secret", "A webhook archive needs a secret of 16 to 256 characters.",
                        "archive_type", "webhook", "archive_url", "https://archive.example.com/"},
                {"tracking_rules", "Rule 1: a target type has at most 500 characters, as in an event", "tracking_rules", "t".repeat(501) + ": created"},
                {"tracking_rules", "There may be at most 100 tracking rules.", "tracking_rules", hundredAndOneRules},
                {"tracking_rules", "The tracking rules may take at most 8192 bytes as the API writes them (these take 10031): write fewer rules or"
                        + " shorter target types.", "tracking_rules", longRules},
                {"archive_path", "The directory may be at most 4096 bytes long (PATH_MAX).", "archive_type", "file", "archive_path", "/" + "p".repeat(4096)},
                {"archive_url", "The webhook URL may be at most 2048 characters long.",
                        "archive_type", "webhook", "archive_url", "https://archive.example.com/" + "p".repeat(2048)},
        };
        for (String[] c : cases) {
            Map<String, String> fields = new HashMap<>(Map.of("retention_days", "90", "tracking_default", "all", "archive_type", "none"));
            for (int i = 2; i < c.length; i += 2) fields.put(c[i], c[i + 1]);
            SettingsForm form = SettingsForm.posted(fields, false);

            InvalidSettingsException refused = catchThrowableOfType(InvalidSettingsException.class,
                    () -> SettingsJson.parse(form.toDocument("too-short")));

            assertThat(refused).as(c[1]).isNotNull();
            String shown = form.withError(refused.error()).error(c[0]);
            assertThat(shown).as(refused.getMessage()).isEqualTo(c[1]);
            assertThat(shown).doesNotContainPattern("retention_days|tracking\\.|target_type|ip_allowlist|archive\\.type");
        }
    }

    @Test
    void theApisOwnMessageIsUnchanged() {
        SettingsForm form = SettingsForm.posted(Map.of("retention_days", "29", "tracking_default", "all", "archive_type", "none"), false);
        InvalidSettingsException refused = catchThrowableOfType(InvalidSettingsException.class, () -> SettingsJson.parse(form.toDocument(null)));
        assertThat(refused.getMessage()).startsWith("retention_days must be at least 30");
    }

    @Test
    void theRefusalOfAnAllowlistShuttingTheAdminOutNamesTheAllowlist() {
        assertThat(SettingsForm.inPageWords("your address ::1 is not in it: saving it would shut you out of these pages. Add your "
                + "address, or change the allowlist through the API with the master key"))
                .isEqualTo("Your address ::1 is not in the IP allowlist: saving it would shut you out of these pages. Add your address, "
                        + "or change the allowlist through the API with the master key.");
    }
}
