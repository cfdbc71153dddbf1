package dev.auditlog.store.embedded.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the copy of DuckDB's native library that its JDBC driver leaves in the temporary directory.
 *
 * <p>Why: the driver copies its library (about 58 MB) out of its jar into {@code java.io.tmpdir} in every JVM
 * that loads it, and asks for the copy to be deleted only when the JVM exits normally. A server stopped with
 * {@code kill -9}, by the OOM killer or by a crash leaves its copy behind, and copies pile up until the
 * temporary directory's disk is full (about 900 of them did here, over weeks of tests that kill servers).
 * Once loaded, the library no longer needs its file on Linux: the process's mapping keeps it alive. So the
 * store deletes the copy as soon as the library is loaded. It finds it in {@code /proc/self/maps}, which names
 * only files this process has mapped: another JVM's copy is never touched. Elsewhere (no {@code /proc}) it does
 * nothing, and the driver's own cleanup on exit remains.
 */
final class NativeLibraryCopy {
    private static final Logger LOG = LoggerFactory.getLogger(NativeLibraryCopy.class);
    /** The driver names its copies {@code libduckdb_java<random digits>.so}. */
    private static final Pattern COPY = Pattern.compile("(/\\S*/libduckdb_java\\d+\\.so)$");
    private static final Path MAPS = Path.of("/proc/self/maps");
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private NativeLibraryCopy() {
    }

    /** Deletes this process's copy of the library; call once a DuckDB connection is open. Once per JVM. */
    static void deleteLoadedCopy() {
        if (!DONE.compareAndSet(false, true) || !Files.isReadable(MAPS)) return;
        try {
            for (Path copy : loadedCopies(Files.readAllLines(MAPS), Path.of(System.getProperty("java.io.tmpdir")))) {
                Files.deleteIfExists(copy);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete the DuckDB library's temporary copy: {}", e.toString());
        }
    }

    /** The library copies among the mapped files listed in {@code maps} that lie directly in {@code tmpDir}. */
    static List<Path> loadedCopies(List<String> maps, Path tmpDir) throws IOException {
        Path dir = tmpDir.toRealPath();
        return maps.stream()
                .map(COPY::matcher)
                .filter(Matcher::find)
                .map(m -> Path.of(m.group(1)))
                .filter(p -> dir.equals(p.getParent()))
                .distinct()
                .toList();
    }
}
