package dev.auditlog.server.internal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auditlog.core.settings.InvalidSettingsException;
import java.util.Map;
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
    void aRuleWithoutItsColonIsRefusedRatherThanReadAsRecordingNothing() {
        SettingsForm form = rules("invoice: created\nhardware");

        InvalidSettingsException refused = catchThrowableOfType(InvalidSettingsException.class, () -> form.toDocument(null));

        assertThat(refused.error().pointer()).isEqualTo("/tracking/rules/1");
        SettingsForm shown = form.withError(refused.error());
        assertThat(shown.error("tracking_rules")).startsWith("Rule 2: write the target type, a colon");
        assertThat(shown.trackingRules()).isEqualTo("invoice: created\nhardware");
    }
}
