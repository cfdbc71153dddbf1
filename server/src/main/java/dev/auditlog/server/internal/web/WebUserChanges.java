package dev.auditlog.server.internal.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.server.internal.api.ServerEntries;
import dev.auditlog.server.internal.auth.Caller;
import dev.auditlog.server.internal.auth.WebRole;
import dev.auditlog.server.internal.http.Json;
import dev.auditlog.server.internal.setup.WebUsers;
import dev.auditlog.server.internal.setup.WebUsers.RoleChange;
import java.util.List;
import java.util.Optional;

/**
 * Adding web users, changing their roles and their passwords, and lifting their sign-in lock, each change itself an
 * entry in the tenant's log (channel {@code settings}, as API key changes are): who may read a tenant's log is as much
 * its settings as its keys. The entry names the acting user, the affected user as target and the role before and
 * after, never a password or its hash. A password opens every tenant its user has a role on, and the sign-in lock
 * guards that password, so a change of either is recorded in each of their logs. Callers have checked the caller's
 * rights and validated input.
 */
final class WebUserChanges {
    private static final String CHANNEL = "settings";

    private final WebUsers users;
    private final ServerEntries entries;

    WebUserChanges(WebUsers users, ServerEntries entries) {
        this.users = users;
        this.entries = entries;
    }

    /** Adds a user with a role on the tenant; false (and no entry) when the name is taken. */
    boolean add(String tenant, Caller caller, String name, String password, WebRole role) {
        if (!users.add(name, password, tenant, role)) return false;
        entries.record(tenant, caller, CHANNEL, "web_user.added", EventType.CREATED,
                "Web user " + name + " added as " + role.wire(), target(name), roleChange(new RoleChange(null, role)), null);
        return true;
    }

    /** Sets or (role null) removes a user's role on the tenant; empty when there is no such user. */
    Optional<RoleChange> setRole(String tenant, Caller caller, String name, WebRole role) {
        Optional<RoleChange> change = users.setRole(name, tenant, role);
        change.filter(RoleChange::changed).ifPresent(c -> entries.record(tenant, caller, CHANNEL, "web_user.role_changed",
                EventType.UPDATED, "Role of web user " + name + " changed from " + wire(c.before(), "no role") + " to " + wire(c.after(), "no role"),
                target(name), roleChange(c), null));
        return change;
    }

    /**
     * Makes the super-admins of tenant {@code default} super-admins of a tenant just created over the API, each a
     * role change in its log. The super-admins of default administer the installation: without them nobody could open
     * the new tenant's pages or add its users, as only a super-admin of a tenant manages its users. The tenant's own
     * super-admins may remove them later; that is recorded too.
     */
    void grantInstallationAdmins(String tenant, Caller caller) {
        for (WebUsers.WebUser user : users.users()) {
            if (user.role(Tenant.DEFAULT).filter(r -> r == WebRole.SUPER_ADMIN).isPresent() && !tenant.equals(Tenant.DEFAULT)) {
                setRole(tenant, caller, user.name(), WebRole.SUPER_ADMIN);
            }
        }
    }

    /** Replaces a user's password; false (and no entry) when there is no such user. */
    boolean setPassword(Caller caller, String name, String password) {
        Optional<WebUsers.WebUser> user = users.user(name);
        if (user.isEmpty() || !users.setPassword(name, password)) return false;
        String by = name.equals(caller.user()) ? "" : " by " + caller.user();
        recordInEachTenantOf(user.get(), caller, "web_user.password_changed", "Password of web user " + name + " changed" + by);
        return true;
    }

    /**
     * Records that {@code caller} lifted the sign-in lock of {@code user}: each lift lets guessing at their password go
     * on, so every tenant that password opens learns who lifted it and when.
     */
    void unlocked(Caller caller, WebUsers.WebUser user) {
        recordInEachTenantOf(user, caller, "web_user.unlocked",
                "Sign-in lock of web user " + user.name() + " lifted by " + caller.user());
    }

    private void recordInEachTenantOf(WebUsers.WebUser user, Caller caller, String action, String description) {
        entries.recordInEach(List.copyOf(user.roles().keySet()), caller, CHANNEL, action, EventType.UPDATED, description, target(user.name()));
    }

    private static Target target(String name) {
        return new Target("web_user", name, name, null);
    }

    private static ObjectNode roleChange(RoleChange c) {
        ObjectNode changes = Json.object();
        ObjectNode role = changes.putObject("role");
        role.put("old", wire(c.before(), null));
        role.put("new", wire(c.after(), null));
        return changes;
    }

    private static String wire(WebRole role, String none) {
        return role == null ? none : role.wire();
    }
}
