package dev.auditlog.core.store;

import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.checkpoint.NoteSigner;
import dev.auditlog.core.checkpoint.TenantKeyring;
import dev.auditlog.core.checkpoint.TenantKeyring.KeyMatch;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The keys a store signs its tenants' logs with, and the rule for making one: a store makes a key only for a
 * tenant it is creating itself. A log the store already holds is signed only with the key that signed its latest
 * checkpoint.
 *
 * <p>Why: the keyring would make a key for any tenant without a key file. A server started with a {@code keys/}
 * that lacks a tenant's key is refused at start ({@code SigningKeys}), but a tenant another server creates later in
 * the same PostgreSQL database is new to it: had it made its own key at its first append, both servers would answer
 * 201 while signing one log with two keys, and every export of it would fail to verify. So a store asks for a
 * tenant's signer here, which checks once per tenant against the latest stored checkpoint and refuses (a
 * {@link StoreException}, a 503) rather than make or use another key; a refused tenant is checked again at its next
 * write, so restoring the key file is enough.
 */
public final class LogSigners {
    private final TenantKeyring keyring;
    private final Function<String, Checkpoint> latest;
    /** Signers found to hold the key of their tenant's latest checkpoint. */
    private final ConcurrentMap<String, NoteSigner> checked = new ConcurrentHashMap<>();

    /**
     * @param latest the latest checkpoint the store holds for a tenant (as {@link LogStore#checkpoint})
     */
    public LogSigners(TenantKeyring keyring, Function<String, Checkpoint> latest) {
        this.keyring = keyring;
        this.latest = latest;
    }

    /**
     * The signer of a tenant the store is creating now: its key file's key, or a new key.
     *
     * @throws StoreException naming the key file when it cannot be read or made (a {@code keys/} the server may not
     *                        write): a failure of the machine, not of the request
     */
    public NoteSigner ofNewLog(String tenant) {
        try {
            return keyring.signer(tenant);
        } catch (UncheckedIOException | IllegalStateException unusable) { // a key file unreadable, unwritable or corrupt
            throw new StoreException(unusable.getMessage(), unusable);
        }
    }

    /**
     * The signer of a tenant's existing log.
     *
     * @throws StoreException naming the key file when it is missing or holds another key than the one that signed
     *                        the log's latest checkpoint
     */
    public NoteSigner of(String tenant) {
        NoteSigner signer = checked.get(tenant);
        return signer != null ? signer : check(tenant);
    }

    /**
     * The verifier key of the tenant's key file, to check its stored log with: a key file holding another key than
     * the one that signed the log is the verification's to report (the checkpoint does not verify), not a refusal.
     *
     * @throws StoreException naming the key file when there is none (no key is made to check a log with)
     */
    public String verifierKey(String tenant) {
        try {
            return keyring.existing(tenant).orElseThrow(() -> new StoreException("no signing key for tenant " + tenant
                    + ": " + keyring.keyFile(tenant) + " does not exist", null)).verifierKey();
        } catch (UncheckedIOException | IllegalStateException unreadable) {
            throw new StoreException(unreadable.getMessage(), unreadable);
        }
    }

    private NoteSigner check(String tenant) {
        Checkpoint stored = latest.apply(tenant);
        try {
            KeyMatch match = keyring.match(tenant, stored);
            match.refusal(tenant).ifPresent(refusal -> {
                throw new StoreException(refusal + "; servers sharing a database must share keys/, so restore that key "
                        + "file: this server signs no log with another key, which would make its checkpoints and "
                        + "exports fail to verify", null);
            });
            // Nothing signed yet: any key may sign the first checkpoint, so one may be made.
            NoteSigner signer = match instanceof KeyMatch.Holds ? keyring.existing(tenant).orElseThrow() : keyring.signer(tenant);
            NoteSigner raced = checked.putIfAbsent(tenant, signer);
            return raced == null ? signer : raced;
        } catch (UncheckedIOException | IllegalStateException unreadable) { // a key file unreadable or corrupt
            throw new StoreException(unreadable.getMessage(), unreadable);
        }
    }

    /**
     * The requests of a writer's batch whose tenants this store can sign for; every other request is refused at
     * once with the reason, so that one tenant's missing key fails none of the other tenants' events batched with
     * its own.
     */
    public <R> List<R> signable(List<R> batch, Function<R, String> tenant, BiConsumer<R, StoreException> refuse) {
        Map<String, StoreException> refused = new HashMap<>();
        List<R> signable = new ArrayList<>(batch.size());
        for (R request : batch) {
            String id = tenant.apply(request);
            StoreException reason = checked.containsKey(id) ? null : refused.computeIfAbsent(id, this::refusal);
            if (reason == null) signable.add(request);
            else refuse.accept(request, reason);
        }
        return signable;
    }

    private StoreException refusal(String tenant) {
        try {
            of(tenant);
            return null;
        } catch (StoreException e) {
            return e;
        } catch (RuntimeException e) { // the writer must answer every request, whatever failed
            return new StoreException("cannot sign the log of tenant " + tenant, e);
        }
    }
}
