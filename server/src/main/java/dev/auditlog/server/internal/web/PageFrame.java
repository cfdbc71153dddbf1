package dev.auditlog.server.internal.web;

import dev.auditlog.server.internal.auth.WebRole;
import java.util.List;

/**
 * What the layout around every signed-in page needs: the title, who is signed in, the tenant and the
 * user's role on it (which decides the navigation links), the other tenants the user may switch to, and the
 * session's CSRF token for the sign-out form.
 */
public record PageFrame(String title, String user, String tenant, WebRole role, List<String> otherTenants, String csrf) {
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

    static PageFrame of(String title, WebAuth.SignedIn in, String tenant) {
        List<String> others = in.user().roles().keySet().stream().filter(t -> !t.equals(tenant)).toList();
        return new PageFrame(title, in.user().name(), tenant, in.role(tenant), others, in.session().csrf());
    }
}
