package dev.auditlog.server.internal.web;

import gg.jte.TemplateOutput;
import gg.jte.html.OwaspHtmlTemplateOutput;
import java.util.Set;

/**
 * JTE's HTML output, its escaping unchanged, that also keeps a sent value from changing how it and the text around it
 * read. The bidi controls in a value show as marks ({@link BidiControls}); a value holding right-to-left letters goes
 * in a {@code <bdi>}, so that its direction is its own and neutral neighbours such as " · " or a number stay where the
 * page put them. One place for every template's {@code ${…}}, rather than a call in each of them.
 *
 * <p>Only text a person reads changes: element content and the {@code title}, {@code aria-label}, {@code label} (of a
 * suggestion, in the browser's list) and {@code data-confirm} attributes (the last is the question of a confirmation
 * dialog, which obeys the controls too). A
 * form's values (value attributes, the text of a textarea or an option) are sent back as they stand and must come
 * back as stored, and a URL is followed, not read: they stay as they are. The escaping is the superclass's, of the
 * text shown; the {@code <bdi>} tags are constant markup, written only inside elements that may hold it.
 */
final class BidiSafeOutput extends OwaspHtmlTemplateOutput {
    /** Attributes a person reads: tooltips, what a screen reader says, suggestions, and the question {@code app.js} asks. */
    private static final Set<String> READ_ATTRIBUTES = Set.of("title", "aria-label", "data-confirm", "label");
    private static final Set<String> FORM_VALUE_ELEMENTS = Set.of("textarea", "option");
    /** Elements whose content may be phrasing content such as {@code <bdi>} (not title, option, textarea or SVG). */
    private static final Set<String> ISOLATING_ELEMENTS = Set.of("a", "b", "button", "code", "dd", "div", "dt", "em",
            "h1", "h2", "h3", "label", "li", "p", "small", "span", "strong", "summary", "td", "th");

    private String tagName;
    private String attributeName;

    BidiSafeOutput(TemplateOutput output) {
        super(output);
    }

    @Override
    public void setContext(String tagName, String attributeName) {
        super.setContext(tagName, attributeName);
        this.tagName = tagName;
        this.attributeName = attributeName;
    }

    @Override
    public void writeUserContent(String value) {
        if (value == null || !read()) {
            super.writeUserContent(value);
            return;
        }
        String shown = BidiControls.shown(value);
        boolean isolate = attributeName == null && among(ISOLATING_ELEMENTS, tagName) && rightToLeft(shown);
        if (isolate) writeContent("<bdi>");
        super.writeUserContent(shown);
        if (isolate) writeContent("</bdi>");
    }

    /** Whether the value being written is read by a person rather than sent back by a form or followed as a URL. */
    private boolean read() {
        if (tagName != null && attributeName != null) return READ_ATTRIBUTES.contains(attributeName);
        return !among(FORM_VALUE_ELEMENTS, tagName);
    }

    /** Whether the name is one of these; null (text before any tag) is none of them. */
    private static boolean among(Set<String> names, String name) {
        return name != null && names.contains(name);
    }

    private static boolean rightToLeft(String text) {
        return text.codePoints().map(Character::getDirectionality).anyMatch(d ->
                d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC);
    }
}
