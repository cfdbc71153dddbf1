package dev.auditlog.server.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import gg.jte.html.HtmlTemplateOutput;
import gg.jte.html.OwaspHtmlTemplateOutput;
import gg.jte.output.StringOutput;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BidiSafeOutputTest {
    private static final String HOSTILE = "<script>alert(1)</script> \"quoted\" 'single' & javascript:alert(2)";

    @Test
    void textWithoutBidiControlsIsEscapedExactlyAsJteEscapesItInEveryContext() {
        for (String[] context : new String[][] {{"td", null}, {"a", null}, {"title", null}, {"textarea", null},
                {"div", "title"}, {"a", "href"}, {"input", "value"}, {"button", "onclick"}, {null, null}}) {
            assertThat(write(BidiSafeOutput::new, context[0], context[1], HOSTILE)).as(context[0] + " " + context[1])
                    .isEqualTo(write(OwaspHtmlTemplateOutput::new, context[0], context[1], HOSTILE));
        }
    }

    @Test
    void aBidiControlInTextAPersonReadsIsShownAsItsMarkAndTheTextAroundItEscapedAsBefore() {
        assertThat(write(BidiSafeOutput::new, "a", null, "<b>report\u202Efdp.exe</b>"))
                .isEqualTo("&lt;b&gt;report⟨U+202E⟩fdp.exe&lt;/b&gt;");
        assertThat(write(BidiSafeOutput::new, "title", null, "Entry \u2067x")).isEqualTo("Entry ⟨U+2067⟩x");
        assertThat(write(BidiSafeOutput::new, "span", "title", "\"\u202Dx"))
                .isEqualTo(write(OwaspHtmlTemplateOutput::new, "span", "title", "\"⟨U+202D⟩x"));
        assertThat(write(BidiSafeOutput::new, "form", "data-confirm", "Revoke key deploy\u202Etxt.exe?"))
                .as("the question a confirmation dialog asks").isEqualTo("Revoke key deploy⟨U+202E⟩txt.exe?");
        assertThat(write(BidiSafeOutput::new, "option", "label", "Bob \u202Eevil\u202C (bob@example.com)"))
                .as("a suggestion's label").isEqualTo("Bob ⟨U+202E⟩evil⟨U+202C⟩ (bob@example.com)");
    }

    @Test
    void formValuesAndUrlsKeepTheirBidiControlsSoTheyGoBackAsStored() {
        for (String[] context : new String[][] {{"input", "value"}, {"option", "value"}, {"textarea", null},
                {"option", null}, {"a", "href"}}) {
            assertThat(write(BidiSafeOutput::new, context[0], context[1], "x\u202Ey")).as(context[0] + " " + context[1])
                    .isEqualTo(write(OwaspHtmlTemplateOutput::new, context[0], context[1], "x\u202Ey"));
        }
    }

    @Test
    void aValueWithRightToLeftLettersIsIsolatedWhereMarkupMayStandAndOnlyThere() {
        assertThat(write(BidiSafeOutput::new, "td", null, "דנה & co")).isEqualTo("<bdi>דנה &amp; co</bdi>");
        assertThat(write(BidiSafeOutput::new, "strong", null, "مرحبا")).isEqualTo("<bdi>مرحبا</bdi>");
        assertThat(write(BidiSafeOutput::new, "td", null, "Dana & co")).as("left to right only").isEqualTo("Dana &amp; co");
        assertThat(write(BidiSafeOutput::new, "title", null, "דנה")).isEqualTo("דנה");
        assertThat(write(BidiSafeOutput::new, "option", null, "דנה")).isEqualTo("דנה");
        assertThat(write(BidiSafeOutput::new, "div", "title", "דנה")).isEqualTo("דנה");
    }

    /** One value written in the context of this tag and attribute (null: element content). */
    private static String write(Function<StringOutput, HtmlTemplateOutput> output, String tag, String attribute, String value) {
        StringOutput written = new StringOutput();
        HtmlTemplateOutput html = output.apply(written);
        html.setContext(tag, attribute);
        html.writeUserContent(value);
        return written.toString();
    }
}
