package dev.auditlog.server.internal.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/**
 * The precompiled JTE templates (src/main/jte), HTML-escaping every {@code ${…}} output and showing the bidi controls
 * in it rather than obeying them ({@link BidiSafeOutput}).
 */
final class Templates {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput(16 * 1024);
        engine.render(template, params, new BidiSafeOutput(out));
        return out.toString();
    }
}
