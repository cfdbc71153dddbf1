package dev.auditlog.cli;

import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.core.store.VerificationReport;
import dev.auditlog.server.internal.setup.Stores;
import dev.auditlog.store.embedded.EmbeddedStore;
import java.nio.file.Files;
import java.nio.file.Path;
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
 */
@Command(name = "verify-store", mixinStandardHelpOptions = true,
        description = {"Verifies the store itself against its signed checkpoints.",
                "Every entry of every tenant (or of --tenant) is re-hashed against the tenant's",
                "signed checkpoint. Stop the server first for the embedded store.",
                "Environment as for serve: AUDITLOG_DATA_DIR, AUDITLOG_STORE."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every log verifies (one line per tenant)",
                "1:a log does not verify (FAILED: naming the first bad entry), or the store cannot be opened",
                "2:usage error: a bad option, no store in the data directory, no such tenant"})
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
        Path dir = storeOptions.dataDir(settings);
        String url = storeOptions.storeUrl(settings);
        if (url == null && !Files.exists(EmbeddedStore.databaseFile(dir))) { // opening would create an empty store
            throw new ParameterException(spec.commandLine(), "no embedded store in " + dir + " (give --data-dir or --store)");
        }
        LogStore log;
        try {
            log = Stores.opener(url, dir).apply(Clock.systemUTC());
        } catch (RuntimeException e) {
            System.err.println("auditlog: " + IoProblems.oneLine(e));
            return 1;
        }
        try (log) {
            List<Tenant> tenants = log.tenants().stream().filter(t -> tenant == null || t.id().equals(tenant)).toList();
            if (tenants.isEmpty()) throw new ParameterException(spec.commandLine(), "no tenant " + tenant + " in the store");
            boolean allOk = true;
            for (Tenant t : tenants) {
                VerificationReport report = log.verify(t.id());
                allOk &= report.ok();
                System.out.println(report.ok()
                        ? "OK: " + t.id() + ": " + report.entriesChecked() + " entries verified against the signed checkpoint"
                        : "FAILED: " + t.id() + ": " + report.problem());
            }
            return allOk ? 0 : 1;
        }
    }
}
