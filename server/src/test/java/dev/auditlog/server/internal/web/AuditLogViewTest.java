package dev.auditlog.server.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditLogViewTest {
    @Test
    void theCountIsTheBareNumberOfEntriesAsTheApiTotalsThemWhateverTheNumber() {
        assertThat(withTotal(0).countText()).isEqualTo("0 entries");
        assertThat(withTotal(1).countText()).isEqualTo("1 entries");
        assertThat(withTotal(3_079).countText()).as("no thousands separator").isEqualTo("3079 entries");
    }

    private static AuditLogView withTotal(long total) {
        return new AuditLogView("default", Map.of(), Map.of(), total, List.of(), false, "/t/default/audit-log", null, null,
                null, null, null);
    }
}
