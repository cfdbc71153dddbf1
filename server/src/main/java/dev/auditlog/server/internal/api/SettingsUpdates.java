package dev.auditlog.server.internal.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.settings.Archive;
import dev.auditlog.core.settings.InvalidSettingsException;
import dev.auditlog.core.settings.Settings;
import dev.auditlog.core.settings.SettingsJson;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.server.internal.archive.ArchivePaths;
import dev.auditlog.server.internal.auth.Caller;
import dev.auditlog.server.internal.http.Json;
import dev.auditlog.server.internal.http.RequestOrigin;
import java.net.InetAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Replacing a tenant's settings (CONTRACT §5), shared by {@code PUT /api/v1/tenants/{t}/settings} and the
 * settings page so that both validate and record alike. A document replaces the members it names (the others
 * keep their values); the masked webhook secret means "keep the current one"; a change is an entry in channel
 * {@code settings} with the old and new value of each member that changed, the secret masked. Callers have
 * checked the caller's rights.
 *
 * <p>Changes of one tenant's settings are made one at a time, from reading the current settings to recording the
 * change: two at once would each record the same "old" value, and the entries would no longer chain. (Servers
 * sharing a PostgreSQL database each serialise only their own.)
 */
public final class SettingsUpdates {
    /** How a replaced secret shows in an entry's {@code new} side, so the change is visible but the secret is not. */
    private static final String CHANGED_SECRET = SettingsJson.MASKED_SECRET + " (changed)";

    private final LogStore store;
    private final ServerEntries entries;
    private final ArchivePaths archivePaths;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    SettingsUpdates(LogStore store, ServerEntries entries, ArchivePaths archivePaths) {
        this.store = store;
        this.entries = entries;
        this.archivePaths = archivePaths;
    }

    /**
     * Saves and records the settings {@code doc} describes, unless they are the current ones. A top-level member
     * it leaves out keeps its current value: a client changing only {@code retention_days} must not, unawares,
     * drop the tracking rules, the allowlist or the archive (and with it the archive-before-prune guarantee).
     *
     * @return the settings in force afterwards
     * @throws InvalidSettingsException naming the first invalid member; nothing is saved or recorded then
     */
    public Settings replace(String tenant, Caller caller, ObjectNode doc) {
        return replace(tenant, caller, doc, null);
    }

    /**
     * As {@link #replace(String, Caller, ObjectNode)}, refusing an IP allowlist that would shut out {@code
     * callerAddress}: a web user saving it would lose the pages at once, with no way back but the master key.
     * (API clients are not held to it: a key's owner may well set the allowlist for the addresses of others.)
     */
    public Settings replace(String tenant, Caller caller, ObjectNode doc, InetAddress callerAddress) {
        ReentrantLock lock = locks.computeIfAbsent(tenant, t -> new ReentrantLock()); // not synchronized: virtual threads
        lock.lock();
        try {
            return replaceAlone(tenant, caller, doc, callerAddress);
        } finally {
            lock.unlock();
        }
    }

    private Settings replaceAlone(String tenant, Caller caller, ObjectNode doc, InetAddress callerAddress) {
        Settings before = store.settings(tenant);
        keepMaskedSecret(doc, before.archive());
        ObjectNode merged = SettingsJson.write(before, true);
        doc.properties().forEach(member -> merged.set(member.getKey(), member.getValue()));
        Settings parsed = SettingsJson.parse(merged);
        Settings after = parsed.archive().equals(before.archive()) ? parsed : archivePaths.confine(parsed);
        if (callerAddress != null && !after.allows(callerAddress.getAddress())) {
            throw new InvalidSettingsException("/ip_allowlist", "your address " + RequestOrigin.canonical(callerAddress) + " is not in it: "
                    + "saving it would shut you out of these pages. Add your address, or change the allowlist "
                    + "through the API with the master key");
        }
        if (!after.equals(before)) {
            store.saveSettings(tenant, after, saved -> Optional.of(entries.event(caller, "settings", "settings.updated",
                    EventType.UPDATED, "Settings updated", new Target("settings", tenant, null, null), changes(before, saved), null)));
            entries.appendedByStore();
        }
        return after;
    }

    /** A client that sends back what it read sends the masked secret (and the delivery status): "unchanged". */
    private static void keepMaskedSecret(ObjectNode doc, Archive current) {
        if (doc.get("archive") instanceof ObjectNode a) {
            a.remove("delivery");
            if (SettingsJson.MASKED_SECRET.equals(a.path("secret").asText(null)) && current.secret() != null) a.put("secret", current.secret());
        }
    }

    /**
     * {@code {"<member>": {"old": …, "new": …}}} for each top-level member that changed (secret masked). Both
     * sides mask the secret the same way, so a new secret alone would look like no change: the new side then
     * says the secret was changed.
     */
    private static ObjectNode changes(Settings before, Settings after) {
        ObjectNode old = SettingsJson.write(before, false);
        ObjectNode now = SettingsJson.write(after, false);
        String oldSecret = before.archive().secret();
        if (oldSecret != null && after.archive().secret() != null && !oldSecret.equals(after.archive().secret())) {
            ((ObjectNode) now.get("archive")).put("secret", CHANGED_SECRET);
        }
        ObjectNode changes = Json.object();
        for (Iterator<String> names = now.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!now.get(name).equals(old.get(name))) {
                ObjectNode change = changes.putObject(name);
                change.set("old", old.get(name));
                change.set("new", now.get(name));
            }
        }
        return changes;
    }
}
