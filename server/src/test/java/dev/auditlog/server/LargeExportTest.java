package dev.auditlog.server;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.auditlog.core.export.ExportVerifier;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV and JSON exports of 1,000,000 entries from a server whose heap is capped at 256 MiB: only a streamed
 * export fits. The server runs in a child JVM so the cap applies to it alone. Tagged slow: about 25 s, half of it
 * seeding a million entries through the store.
 */
@Tag("slow")
class LargeExportTest {
    private static final int ENTRIES = 1_000_000;

    @Test
    void csvAndJsonExportsOfAMillionEntriesStreamWithin256MiBOfHeapAndTheJsonOneVerifies(@TempDir Path dataDir) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(List.of(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), LargeExportChild.class.getName(), dataDir.toString(),
                Integer.toString(ENTRIES)))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String seeded = readUntil(out, "SEEDED ");
            int port = Integer.parseInt(readUntil(out, "PORT ").substring(5));
            long start = System.nanoTime();
            long rows = 0;
            try (CsvReader<CsvRecord> reader = CsvReader.builder().detectBomHeader(true).ofCsvRecord(export(port, "csv"), StandardCharsets.UTF_8)) {
                for (CsvRecord ignored : reader) rows++;
            }
            long exportMs = (System.nanoTime() - start) / 1_000_000;
            ExportVerifier.Result json;
            try (InputStream body = export(port, "json")) {
                json = new ExportVerifier(null).verify(body);
            }
            OutputStream in = child.getOutputStream();
            in.write('\n');
            in.flush();
            String peak = readUntil(out, "PEAK_HEAP ");
            System.out.printf("Large export: %s; %d CSV rows in %d ms; peak heap %d MiB%n", seeded, rows, exportMs,
                    Long.parseLong(peak.substring(10)) / (1024 * 1024));
            assertThat(rows).isEqualTo(ENTRIES + 1);
            assertThat(json.ok()).as(json.message()).isTrue();
            assertThat(json.entries()).isEqualTo(ENTRIES + 1); // and the CSV export's own export.downloaded entry
        } finally {
            child.destroy();
            child.waitFor();
        }
    }

    private static InputStream export(int port, String format) throws Exception {
        HttpResponse<InputStream> res = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/tenants/big/export?format=" + format))
                        .header("Authorization", "Bearer " + TestServer.MASTER).timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        return res.body();
    }

    private static String readUntil(BufferedReader out, String prefix) throws Exception {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(prefix)) return line;
        }
        throw new AssertionError("the child ended before printing " + prefix);
    }
}
