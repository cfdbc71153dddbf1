package dev.auditlog.server.internal.web;

import dev.auditlog.server.internal.auth.WebRole;

/**
 * A user as the users page lists them for the signed-in super-admin: their role on the tenant, what the viewer may do
 * to their sign-in ({@link UserReach}), and how long their name is still locked against signing in. Decided here,
 * so that the template shows only the controls that can succeed.
 *
 * @param own       the signed-in user themselves, whose password is changed on their account page
 * @param managed   the viewer may set their password and lift their lock
 * @param lockedFor how long their sign-in is still locked or backing off, in words; null when it is not
 */
public record UserRow(String name, WebRole role, boolean own, boolean managed, String lockedFor) {
}
