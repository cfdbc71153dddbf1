package dev.auditlog.store.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A killed JVM must not leave DuckDB's 58 MB native library behind in the temporary directory. */
class NativeLibraryCopyTest {
    private static final Path MAPS = Path.of("/proc/self/maps");

    @Test
    void opening_a_store_deletes_the_library_copy_this_process_loaded(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isReadable(MAPS), "needs /proc/self/maps (Linux)");
        try (DuckDbStore store = DuckDbStore.open(dir, Clock.systemUTC(), null)) {
            List<String> mapped = Files.readAllLines(MAPS).stream().filter(l -> l.contains("libduckdb_java")).toList();
            assertThat(mapped).as("the library is loaded").isNotEmpty();
            assertThat(mapped).as("and its file is gone").allMatch(l -> l.endsWith("(deleted)"));
            assertThat(NativeLibraryCopy.loadedCopies(mapped, Path.of(System.getProperty("java.io.tmpdir")))).isEmpty();
        }
    }

    @Test
    void only_copies_in_the_temporary_directory_count(@TempDir Path tmp) throws Exception {
        Path real = tmp.toRealPath();
        List<String> maps = List.of(
                "7f00-7f01 r-xp 00000000 fd:01 42 " + real + "/libduckdb_java123456.so",
                "7f01-7f02 r--p 00001000 fd:01 42 " + real + "/libduckdb_java123456.so",
                "7f02-7f03 r-xp 00000000 fd:01 43 " + real + "/libduckdb_java777.so (deleted)",
                "7f03-7f04 r-xp 00000000 fd:01 44 /opt/lib/libduckdb_java999.so",
                "7f04-7f05 r-xp 00000000 fd:01 45 " + real + "/libduckdb_java.so",
                "7f05-7f06 rw-p 00000000 00:00 0 [heap]");

        assertThat(NativeLibraryCopy.loadedCopies(maps, tmp)).containsExactly(real.resolve("libduckdb_java123456.so"));
    }
}
