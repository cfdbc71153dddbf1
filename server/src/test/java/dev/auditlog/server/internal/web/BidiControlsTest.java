package dev.auditlog.server.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BidiControlsTest {
    @Test
    void anOverrideIsShownAsItsMarkSoTheTextReadsAsItWasSent() {
        assertThat(BidiControls.shown("Downloaded report\u202Efdp.exe")).isEqualTo("Downloaded report⟨U+202E⟩fdp.exe");
    }

    @Test
    void everyEmbeddingOverrideAndIsolateIsShownAndNothingBesideThem() {
        assertThat(BidiControls.shown("\u2029\u202A\u202B\u202C\u202D\u202E\u202F\u2065\u2066\u2067\u2068\u2069\u206A"))
                .isEqualTo("\u2029⟨U+202A⟩⟨U+202B⟩⟨U+202C⟩⟨U+202D⟩⟨U+202E⟩\u202F\u2065⟨U+2066⟩⟨U+2067⟩⟨U+2068⟩⟨U+2069⟩\u206A");
    }

    @Test
    void textWithoutThemIsLeftAsItIsRightToLeftLettersAndPairedSurrogatesIncluded() {
        String text = "שלום <b>Zoë</b> 🙂 \u200F";
        assertThat(BidiControls.shown(text)).isSameAs(text);
    }
}
