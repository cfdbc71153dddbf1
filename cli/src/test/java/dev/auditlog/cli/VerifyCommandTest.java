package dev.auditlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.export.JsonExport;
import dev.auditlog.core.sample.SampleEvents;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.store.embedded.EmbeddedStore;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auditlog verify FILE}: exit 0 and a summary for a genuine export, exit 1 naming the entry otherwise. */
class VerifyCommandTest {
    @TempDir
    Path dir;
    Path export;
    String publicKey;

    @BeforeEach
    void exportALog() throws Exception {
        try (LogStore store = EmbeddedStore.open(dir.resolve("data"))) {
            store.createTenant(new Tenant("acme", "Acme", Instant.now()));
            SampleEvents sample = new SampleEvents(11);
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 300; i++) events.add(sample.next(Instant.now().minusSeconds(10)));
            store.append("acme", events);
            Checkpoint cp = store.checkpoint("acme");
            publicKey = cp.publicKey();
            export = dir.resolve("export.json");
            try (OutputStream out = Files.newOutputStream(export)) {
                JsonExport.write(out, "acme", Map.of(), cp, Instant.now(),
                        sink -> store.scan("acme", EntryQuery.all(), cp.size(), sink), store.nodes("acme"), text -> store.signNote("acme", text));
            }
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Run(Main.run(args), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void aGenuineExportVerifiesWithExitZeroAndOneLine() {
        Run r = run("verify", export.toString(), "--public-key", publicKey);
        assertThat(r.exit()).isZero();
        assertThat(r.out().strip()).startsWith("OK: 300 entries").doesNotContain("\n");
    }

    @Test
    void anEditedEntryFailsWithExitOneNamingIt() throws Exception {
        String json = Files.readString(export);
        int firstEntry = json.indexOf("\"entries\":[");
        Files.writeString(export, json.substring(0, firstEntry)
                + json.substring(firstEntry).replaceFirst("\"action\":\"", "\"action\":\"forged."));
        Run r = run("verify", export.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("FAILED").contains("entry seq 299");
    }

    @Test
    void anExportCheckedAgainstAnotherKeyFails() {
        String otherKey = dev.auditlog.core.checkpoint.NoteSigner.generate("auditlog/acme").verifierKey();
        Run r = run("verify", export.toString(), "--public-key", otherKey);
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void aMissingFileIsExitTwoSayingNoSuchFile() {
        Path missing = dir.resolve("nope.json");
        Run r = run("verify", missing.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("auditlog: cannot read " + missing + ": no such file or directory");
        assertThat(r.out()).isEmpty();
    }

    /** A file that is there but holds no valid export does not hold: exit 1, as the contract says, not a usage error. */
    @Test
    void aTruncatedExportIsExitOneSayingItIsNotValidJson() throws Exception {
        Path truncated = dir.resolve("truncated.json");
        byte[] whole = Files.readAllBytes(export);
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        Run r = run("verify", truncated.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).startsWith("FAILED: the export is not valid JSON at byte ");
    }

    @Test
    void aDirectoryIsExitTwoSayingSo() {
        Run r = run("verify", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("auditlog: cannot read " + dir + ": is a directory");
    }

    @Test
    void aPublicKeyPastedWithSpacesOrANewlineIsTrimmed() {
        Run r = run("verify", export.toString(), "--public-key", "  " + publicKey + " \n");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("OK: 300 entries");
    }

    @Test
    void aMalformedPublicKeyIsAUsageErrorNamingTheOptionNotABadSignature() {
        for (String key : List.of("garbage", publicKey.substring(0, publicKey.length() - 4), "")) {
            Run r = run("verify", export.toString(), "--public-key", key);
            assertThat(r.exit()).as(key).isEqualTo(2);
            assertThat(r.err()).as(key).startsWith("Invalid value for option '--public-key': ")
                    .endsWith("\nTry 'auditlog verify --help' for more information.\n").doesNotContain("Usage:");
            assertThat(r.out()).as(key).doesNotContain("signature");
        }
    }

    @Test
    void helpListsTheExitCodes() {
        Run r = run("verify", "--help");
        assertThat(r.out()).contains("Exit codes:").contains("0   it holds").contains("1   it does not hold")
                .contains("2   usage error");
    }

    @Test
    void everySubcommandPrintsHelp() {
        for (String cmd : List.of("serve", "verify", "bench")) {
            assertThat(run(cmd, "--help").exit()).as(cmd).isZero();
        }
    }
}
