package dev.auditlog.server.internal.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auditlog.core.settings.Archive;
import dev.auditlog.core.settings.InvalidSettingsException;
import dev.auditlog.core.settings.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchivePathsTest {
    @TempDir
    Path tmp;

    private static Settings fileArchive(String path) {
        Settings defaults = Settings.DEFAULT;
        return new Settings(defaults.retentionDays(), defaults.tracking(), defaults.ipAllowlist(), Archive.file(path));
    }

    private Path dataDir() throws IOException {
        return Files.createDirectories(tmp.resolve("data/keys"));
    }

    @Test
    void noArchiveMayWriteIntoTheDataDirectoryHoweverThePathLeadsThere() throws IOException {
        Path data = dataDir().getParent();
        Files.createSymbolicLink(tmp.resolve("link"), data);
        ArchivePaths paths = new ArchivePaths(data, null);
        for (String path : new String[] {data.toString(), data.resolve("keys").toString(), tmp.resolve("elsewhere/../data/keys/new").toString(),
                tmp.resolve("link/keys").toString()}) {
            assertThatThrownBy(() -> paths.confine(fileArchive(path))).as(path).isInstanceOf(InvalidSettingsException.class)
                    .hasMessageContaining("data directory");
        }
    }

    @Test
    void withoutARootAnyOtherDirectoryIsTakenAsAnAbsolutePath() throws IOException {
        ArchivePaths paths = new ArchivePaths(dataDir().getParent(), null);
        Path archive = tmp.resolve("archive");
        assertThat(paths.confine(fileArchive(archive.toString())).archive().path()).isEqualTo(tmp.toRealPath().resolve("archive").toString());
        assertThat(Path.of(paths.confine(fileArchive("relative/dir")).archive().path())).isAbsolute();
    }

    @Test
    void withARootOnlyPathsInsideItAreTakenAndARelativeOneMeansOneUnderIt() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("archives"));
        ArchivePaths paths = new ArchivePaths(dataDir().getParent(), root);
        assertThat(paths.confine(fileArchive("acme")).archive().path()).isEqualTo(root.toRealPath().resolve("acme").toString());
        assertThat(paths.confine(fileArchive(root.resolve("globex").toString())).archive().path())
                .isEqualTo(root.toRealPath().resolve("globex").toString());
        for (String path : new String[] {"../outside", tmp.resolve("outside").toString(), "/etc"}) {
            assertThatThrownBy(() -> paths.confine(fileArchive(path))).as(path).isInstanceOf(InvalidSettingsException.class)
                    .hasMessageContaining("must be inside " + root.toRealPath());
        }
    }

    @Test
    void anArchiveRootThatIsNoDirectoryOrInTheDataDirectoryIsRefusedAtStart() throws IOException {
        Path data = dataDir().getParent();
        assertThatThrownBy(() -> new ArchivePaths(data, tmp.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("is not a directory");
        assertThatThrownBy(() -> new ArchivePaths(data, data.resolve("keys")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("is in the data directory, where no archive may be");
    }

    /** The archive writes its files into the path: a file there, or in the way of making it, could never take one. */
    @Test
    void aPathThatIsAFileOrLiesUnderOneIsRefused() throws IOException {
        ArchivePaths paths = new ArchivePaths(dataDir().getParent(), null);
        Path file = Files.writeString(tmp.resolve("afile"), "");
        Files.createSymbolicLink(tmp.resolve("link-to-file"), file);
        for (String path : new String[] {file.toString(), file.resolve("archive").toString(), tmp.resolve("link-to-file").toString(),
                "/proc/self/status"}) {
            assertThatThrownBy(() -> paths.confine(fileArchive(path))).as(path).isInstanceOf(InvalidSettingsException.class)
                    .hasMessageEndingWith(" is not a directory: a file archive writes its files into one")
                    .satisfies(e -> assertThat(((InvalidSettingsException) e).error().pointer()).isEqualTo("/archive/path"));
        }
        assertThat(paths.confine(fileArchive(tmp.resolve("new/archive").toString())).archive().path()).endsWith("new/archive");
    }

    @Test
    void otherArchivesAreLeftAsTheyAre() throws IOException {
        Settings webhook = new Settings(30, Settings.DEFAULT.tracking(), Settings.DEFAULT.ipAllowlist(),
                Archive.webhook("https://example.com/in", "0123456789abcdef"));
        assertThat(new ArchivePaths(dataDir().getParent(), tmp).confine(webhook)).isSameAs(webhook);
    }
}
