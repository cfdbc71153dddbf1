package dev.auditlog.cli;

import dev.auditlog.core.checkpoint.TenantKeyring;
import dev.auditlog.core.checkpoint.TenantKeyring.KeyMatch;
import dev.auditlog.core.files.FileProblems;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.core.store.VerificationReport;
import dev.auditlog.server.internal.setup.Stores;
import dev.auditlog.store.embedded.EmbeddedStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code auditlog verify-store}: re-hashes every entry a store holds, in seq order, against each tenant's signed
 * checkpoint, and names the first entry found changed, missing or out of place. It is the check for a database that
 * someone may have edited directly, where {@code verify} checks an export. The embedded store must not be in use by a
 * running server (its file is locked); a PostgreSQL store may be.
 *
 * <p>It checks signatures with the tenants' keys in the data directory and never writes a key: a tenant whose key
 * file is not there cannot be checked (exit 2), which says nothing about the log itself. (Opening a store still
 * does what opening does: the embedded store replays its journal, a PostgreSQL schema is migrated.)
 */
@Command(name = "verify-store", mixinStandardHelpOptions = true,
        description = {"Verifies the store itself against its signed checkpoints.",
                "Every entry of every tenant (or of --tenant) is re-hashed against the tenant's",
                "signed checkpoint, whose signature is checked with the tenant's key in the",
                "data directory the server uses (--data-dir, also with --store).",
                "Stop the server first for the embedded store.",
                "Environment as for serve: AUDITLOG_DATA_DIR, AUDITLOG_STORE, AUDITLOG_LOG_LEVEL."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every log verifies (one line per tenant)",
                "1:a log does not verify (FAILED: naming the first bad entry), or the store cannot be opened",
                "2:not every log could be checked: a bad option, no store in the data directory or one that cannot be read, no tenants or no such tenant, a tenant without its signing key"})
final class VerifyStoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--tenant", paramLabel = "ID", description = "only this tenant's log")
    String tenant;

    @Override
    public Integer call() {
        ServeSettings settings = new ServeSettings(spec.commandLine(), System.getenv());
        settings.requireKnownLogLevel();
        Path dir = storeOptions.dataDir(settings);
        String url = storeOptions.storeUrl(settings);
        if (url == null) {
            Path database = EmbeddedStore.databaseFile(dir);
            try {
                Files.readAttributes(database, BasicFileAttributes.class); // opening a missing one would create it
            } catch (NoSuchFileException e) {
                return cannotCheck("no embedded store in " + dir + " (give --data-dir or --store)");
            } catch (IOException e) {
                return cannotCheck("cannot read the embedded store in " + dir + ": " + FileProblems.describe(e));
            }
            if (!Files.isReadable(database)) return cannotCheck("cannot read the embedded store in " + dir + ": permission denied");
        }
        LogStore log;
        try {
            log = Stores.opener(url, dir, null).apply(Clock.systemUTC());
        } catch (RuntimeException e) {
            System.err.println("auditlog: " + IoProblems.oneLine(e));
            return 1;
        }
        try (log) {
            List<Tenant> all = log.tenants();
            if (all.isEmpty()) return cannotCheck("there are no tenants in the store: nothing to verify");
            List<Tenant> tenants = all.stream().filter(t -> tenant == null || t.id().equals(tenant)).toList();
            if (tenants.isEmpty()) throw new ParameterException(spec.commandLine(), "no tenant " + tenant + " in the store");
            TenantKeyring keys = TenantKeyring.readOnly(dir);
            boolean allOk = true;
            boolean allChecked = true;
            for (Tenant t : tenants) {
                KeyMatch key;
                try {
                    key = keys.match(t.id(), log.checkpoint(t.id()));
                } catch (UncheckedIOException | IllegalStateException e) { // an unreadable or corrupt key file
                    cannotCheck(IoProblems.oneLine(e));
                    allChecked = false;
                    continue;
                }
                // log.verify needs the key file; a tenant without one is not checked at all (which says nothing
                // about its log), rather than refused by the store.
                if (key instanceof KeyMatch.Missing || key instanceof KeyMatch.NothingSigned && keys.existing(t.id()).isEmpty()) {
                    cannotCheck("no signing key for tenant " + t.id() + " in " + keys.keysDir()
                            + ": verify-store needs the data directory the server uses (--data-dir)");
                    allChecked = false;
                    continue;
                }
                VerificationReport report = log.verify(t.id());
                allOk &= report.ok();
                System.out.println(report.ok()
                        ? "OK: " + t.id() + ": " + report.entriesChecked() + " entries verified against the signed checkpoint"
                        : "FAILED: " + t.id() + ": " + report.problem() + hint(key));
            }
            return !allOk ? 1 : allChecked ? 0 : 2;
        }
    }

    /** For a checkpoint signed by another key than the key file's: the data directory may be the wrong one. */
    private static String hint(KeyMatch key) {
        return key instanceof KeyMatch.Different different
                ? " (" + different.keyFile() + " holds key " + different.held() + ": if the server uses another data "
                + "directory, give it with --data-dir)"
                : "";
    }

    /** Says on standard error why something could not be checked; answers the exit code 2. */
    private static int cannotCheck(String why) {
        System.err.println("auditlog: " + why);
        return 2;
    }
}
