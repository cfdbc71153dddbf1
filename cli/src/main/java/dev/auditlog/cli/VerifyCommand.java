package dev.auditlog.cli;

import dev.auditlog.core.checkpoint.NoteVerifier;
import dev.auditlog.core.export.ExportVerifier;
import dev.auditlog.core.files.FileProblems;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code auditlog verify FILE}: checks a JSON export offline. Exit 0 when it holds, 1 naming the first bad entry
 * (CONTRACT §1), and 2 when there was nothing to check: a file that cannot be read or a malformed {@code --public-key}.
 * Keeping 2 apart means a 1 always says something about the export itself, and a key pasted with a stray space or
 * newline is not reported as a forged signature.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verifies a JSON export offline.",
                "Checks the checkpoint's signature, every entry's content against its leaf",
                "hash, and that the entries belong to the signed tree."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:it holds (one-line summary on standard output)",
                "1:it does not hold (FAILED: naming the first bad entry)",
                "2:usage error: the file cannot be read, or --public-key is malformed"})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

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
        String key = trustedKey();
        if (Files.isDirectory(file)) return cannotRead("is a directory");
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ExportVerifier.Result result = new ExportVerifier(key, allowFormat1).verify(in);
            if (result.ok()) {
                System.out.println(result.message());
                return 0;
            }
            System.out.println("FAILED: " + result.message());
            return 1;
        } catch (IOException e) { // the file's, not its content's: a document that is not JSON is a failed result
            return cannotRead(FileProblems.describe(e));
        }
    }

    private int cannotRead(String why) {
        System.err.println("auditlog: cannot read " + file + ": " + why);
        return 2;
    }

    /** The key as given, without the whitespace a copy and paste brings along; null when none was given. */
    private String trustedKey() {
        if (publicKey == null) return null;
        String key = publicKey.strip();
        try {
            NoteVerifier.fromVerifierKey(key);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--public-key': " + e.getMessage()
                    + " (expected the public_key of GET …/checkpoint, such as auditlog/acme+1a2b3c4d+AQ…)");
        }
        return key;
    }
}
