package dev.auditlog.server.internal.setup;

import dev.auditlog.core.checkpoint.TenantKeyring;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Before a server signs anything: it must hold the key that signed each tenant's stored checkpoint. The store's
 * keyring makes a tenant's key on its first use, so a server whose {@code keys/} lost a key file (an embedded data
 * directory restored without it, a second PostgreSQL server started with another {@code --data-dir}) would otherwise
 * start and sign with a brand-new key, and every checkpoint and export after that would fail to verify against the
 * key published before: what looks like tampering, found weeks later.
 */
public final class SigningKeys {
    private SigningKeys() {
    }

    /**
     * Refuses to go on when a tenant with a signed checkpoint in the store has no key file in {@code dataDir/keys},
     * or one holding another key. Reads the key files only; writes nothing. A tenant with nothing signed yet needs
     * no key.
     *
     * @throws IllegalStateException whose message, one line, names the tenant and the key file expected
     */
    public static void requireKeysOfSignedLogs(LogStore store, Path dataDir) {
        TenantKeyring keys = TenantKeyring.readOnly(dataDir);
        List<String> problems = new ArrayList<>();
        for (Tenant tenant : store.tenants()) {
            keys.match(tenant.id(), store.checkpoint(tenant.id())).refusal(tenant.id()).ifPresent(problems::add);
        }
        if (problems.isEmpty()) return;
        String others = problems.size() == 1 ? "" : " (and " + (problems.size() - 1) + " more "
                + (problems.size() == 2 ? "tenant" : "tenants") + ")";
        throw new IllegalStateException(problems.getFirst() + others + "; restore the key file, or give the data "
                + "directory that holds it (--data-dir): signing with a new key would make its checkpoints and "
                + "exports fail to verify");
    }
}
