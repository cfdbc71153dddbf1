package dev.auditlog.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How figures are printed in the report. */
class ReportTest {
    private static Report.Figure figure(double value, Target target) {
        return new Report.Figure("section", "name", value, "fraction", target);
    }

    @Test
    void a_missed_target_is_never_shown_as_its_bound() {
        assertThat(figure(0.69731, Target.atLeast(0.70)).shown()).isEqualTo("0.6973");
        assertThat(figure(25.04, Target.atMost(25)).shown()).isEqualTo("25.04");
    }

    @Test
    void other_figures_keep_their_usual_digits() {
        assertThat(figure(0.70231, Target.atLeast(0.70)).shown()).isEqualTo("0.70");
        assertThat(figure(0.69731, null).shown()).isEqualTo("0.70");
        assertThat(figure(143_416.4, Target.atLeast(100_000)).shown()).isEqualTo("143,416");
    }
}
