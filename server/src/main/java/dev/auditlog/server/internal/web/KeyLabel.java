package dev.auditlog.server.internal.web;

import dev.auditlog.core.store.ApiKey;

/**
 * How the pages name an API key to a person: its name, with the start of its id to tell apart keys of the same name
 * ("deploy-bot (0c37…)"). The full id is in the keys table beside it.
 */
public final class KeyLabel {
    private static final int ID_SHOWN = 4;

    private KeyLabel() {
    }

    public static String of(ApiKey key) {
        String id = key.id();
        return key.name() + " (" + (id.length() > ID_SHOWN ? id.substring(0, ID_SHOWN) + "…" : id) + ")";
    }

    /** The question asked before a key is revoked: it cannot be undone, and every client using the key stops working. */
    public static String revokeQuestion(ApiKey key) {
        return "Revoke key " + of(key) + "? Every client using it is refused from then on. This cannot be undone.";
    }
}
