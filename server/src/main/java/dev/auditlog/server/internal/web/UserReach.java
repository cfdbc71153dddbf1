package dev.auditlog.server.internal.web;

import dev.auditlog.server.internal.auth.WebRole;
import dev.auditlog.server.internal.setup.WebUsers.WebUser;

/**
 * Whether a super-admin on the users page may set another user's password and lift their sign-in lock. A password
 * opens every tenant its user has a role on, and the lock guards that password, so both need a super-admin of each of
 * those tenants: otherwise a super-admin of one tenant could take over a user's access to another, or let guessing at
 * it go on. One's own password is changed on the account page, giving the current one, so that a session left open is
 * not enough to take an account over; for the same reason one's own lock is not lifted here.
 *
 * <p>One rule for the page's controls and for the forms' answers: the page offers only what the form would allow.
 */
enum UserReach {
    /** The signed-in user themselves. */
    OWN,
    /** A user all of whose tenants the signed-in user is super-admin of. */
    MANAGED,
    /** A user who also has a role on a tenant the signed-in user is not super-admin of. */
    BEYOND;

    static UserReach of(WebAuth.SignedIn in, WebUser user) {
        if (user.name().equals(in.user().name())) return OWN;
        return user.roles().keySet().stream().allMatch(t -> in.may(t, WebRole.SUPER_ADMIN)) ? MANAGED : BEYOND;
    }
}
