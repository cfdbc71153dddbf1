package dev.auditlog.server.internal.web;

import dev.auditlog.core.event.Text;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code /t}: the tenants the signed-in user has a role on, with each one's name and the user's role, found by words of
 * the id or name and listed {@value #PAGE_SIZE} at a time. The installation's admin is super-admin of every tenant, which
 * in a large installation is hundreds: the switch menu in the top bar lists only the first few and leads here, so that
 * no page carries every tenant.
 */
final class TenantsPage {
    static final int PAGE_SIZE = 50;
    /** How many tenants a menu or a message lists before it leads here instead. */
    static final int SHORT_LIST = 10;

    private final LogStore store;
    private final WebAuth auth;
    private final Templates templates;

    TenantsPage(LogStore store, WebAuth auth, Templates templates) {
        this.store = store;
        this.auth = auth;
        this.templates = templates;
    }

    void page(ServerRequest req, ServerResponse res) {
        WebAuth.SignedIn in = auth.require(req);
        String search = req.query().first("q").asOptional().map(String::strip).orElse("");
        List<String> words = search.isEmpty() ? List.of() : List.of(search.toLowerCase(Locale.ROOT).split("\\s+"));
        Map<String, String> names = store.tenants().stream().collect(Collectors.toMap(Tenant::id, Tenant::name));
        List<TenantRow> matching = in.user().roles().entrySet().stream()
                .map(r -> new TenantRow(r.getKey(), names.getOrDefault(r.getKey(), ""), r.getValue()))
                .filter(r -> r.matches(words))
                .toList();
        int pages = Math.max(1, (matching.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        // A page number past the end (the list shrank, or an edited address) shows the last page; one that is no number, the first.
        long asked = Text.asciiNumber(req.query().first("page").asOptional().orElse(""));
        int page = (int) Math.min(Math.max(asked, 1), pages);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("frame", PageFrame.ofNoTenant("Your tenants", in));
        params.put("search", search);
        params.put("rows", matching.subList((page - 1) * PAGE_SIZE, Math.min(page * PAGE_SIZE, matching.size())));
        params.put("count", search.isEmpty() ? Plural.of(matching.size(), "tenant")
                : matching.size() + " of " + Plural.of(in.user().roles().size(), "tenant") + (matching.size() == 1 ? " matches" : " match"));
        params.put("all", in.user().roles().size());
        params.put("previous", page > 1 ? pageLink(search, page - 1) : null);
        params.put("next", page < pages ? pageLink(search, page + 1) : null);
        params.put("pageOf", pages > 1 ? "Page " + page + " of " + pages : null);
        WebHttp.html(res, 200, templates.render("tenants.jte", params));
    }

    private static String pageLink(String search, int page) {
        return "/t?" + (search.isEmpty() ? "" : "q=" + WebHttp.encode(search) + "&") + "page=" + page;
    }
}
