package dev.auditlog.cli;

import dev.auditlog.core.export.ExportVerifier;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code auditlog verify FILE}: checks a JSON export offline. Exit 0 when it holds, 1 naming the first bad entry. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verifies a JSON export offline.",
                "Checks the checkpoint's signature, every entry's content against its leaf",
                "hash, and that the entries belong to the signed tree.",
                "Exit 0 with a summary when it holds; exit 1 naming the first bad entry."})
final class VerifyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "a JSON export (GET …/export?format=json)")
    Path file;

    @Option(names = "--public-key", paramLabel = "KEY",
            description = "the verifier key to trust (GET …/checkpoint → public_key); without it the key in the file is used")
    String publicKey;

    @Option(names = "--allow-format-1",
            description = "also verify an export of format auditlog-export/1 (made by earlier versions), whose number of entries and filters are not signed")
    boolean allowFormat1;

    @Override
    public Integer call() {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ExportVerifier.Result result = new ExportVerifier(publicKey, allowFormat1).verify(in);
            if (result.ok()) {
                System.out.println(result.message());
                return 0;
            }
            System.out.println("FAILED: " + result.message());
            return 1;
        } catch (IOException e) {
            System.out.println("FAILED: cannot read " + file + ": " + e.getMessage());
            return 1;
        }
    }
}
