package dev.auditlog.server.internal.web;

import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.server.internal.auth.WebRole;
import java.util.List;

/**
 * What the layout around every signed-in page needs: the title, who is signed in, the tenant (its id, and its name
 * when that says more than the id: "Acme Corp" beside acme, not "Default" beside default) and the user's role on it
 * (which decides the navigation links), the other tenants the user may switch to (named so in the menu too), and the
 * session's CSRF token for the sign-out form. The list of one's tenants ({@link TenantsPage}) is the one page of no
 * tenant: its {@code tenant} and {@code role} are null.
 */
public record PageFrame(String title, String user, String tenant, String tenantName, WebRole role, List<String> otherTenants,
                        List<TenantLink> switchMenu, String csrf) {
    /** A tenant the switch menu offers: its id, and its name when that says more than the id (else null). */
    public record TenantLink(String id, String name) {
        static TenantLink of(String id, LogStore store) {
            return new TenantLink(id, nameBeside(id, store));
        }
    }

    public boolean admin() {
        return role != null && role.includes(WebRole.ADMIN);
    }

    public boolean superAdmin() {
        return role != null && role.includes(WebRole.SUPER_ADMIN);
    }

    /** {@code "page"} on the navigation link to the page shown ({@code aria-current}), null on the others. */
    public String currentIf(String pageTitle) {
        return title.equals(pageTitle) ? "page" : null;
    }

    /** Whether the switch menu leaves tenants out, and so offers a search and the list of them all. */
    public boolean switchMenuCut() {
        return otherTenants.size() > TenantsPage.SHORT_LIST;
    }

    /** How many tenants the user has a role on. */
    public int tenantCount() {
        return otherTenants.size() + (role == null ? 0 : 1);
    }

    /** The user's account page, under this tenant or, on the page of no tenant, under their first; null with no tenant at all. */
    public String accountPage() {
        String under = tenant != null ? tenant : otherTenants.isEmpty() ? null : otherTenants.getFirst();
        return under == null ? null : WebHttp.tenantPage(under, "/account");
    }

    static PageFrame of(String title, WebAuth.SignedIn in, String tenant, LogStore store) {
        List<String> others = in.user().roles().keySet().stream().filter(t -> !t.equals(tenant)).toList();
        // The switch menu lists the first {@value TenantsPage#SHORT_LIST}, and offers the list of them all for the rest.
        List<TenantLink> menu = others.stream().limit(TenantsPage.SHORT_LIST).map(id -> TenantLink.of(id, store)).toList();
        return new PageFrame(title, in.user().name(), tenant, nameBeside(tenant, store), in.role(tenant), others, menu,
                in.session().csrf());
    }

    /** The tenant's name, when it says more than its id: "Acme Corp" beside acme, not "Default" beside default. */
    private static String nameBeside(String id, LogStore store) {
        return store.tenant(id).map(Tenant::name).filter(n -> !n.isBlank() && !n.equalsIgnoreCase(id)).orElse(null);
    }

    static PageFrame ofNoTenant(String title, WebAuth.SignedIn in) {
        return new PageFrame(title, in.user().name(), null, null, null, List.copyOf(in.user().roles().keySet()), List.of(),
                in.session().csrf());
    }
}
