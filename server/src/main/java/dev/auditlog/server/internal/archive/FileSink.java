package dev.auditlog.server.internal.archive;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.EntryJson;
import dev.auditlog.core.files.OwnerOnly;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * NDJSON files, one export-form entry a line (each verifiable against its leaf hash), rotated daily:
 * {@code <dir>/<tenant>-<yyyy-mm-dd>.ndjson} by the UTC delivery date. A batch is synced before it counts
 * as delivered. A crash between the sync and the cursor's update re-delivers the batch: consumers dedupe
 * by {@code seq}.
 *
 * <p>The files are a full copy of the log, names, e-mail addresses and the salts an erasure deletes included, so they
 * are born owner-only (0600), and so is the directory when the sink makes it (0700): as the data directory is
 * ({@link OwnerOnly}).
 */
final class FileSink implements ArchiveSink {
    private final Path dir;
    private final Clock clock;

    FileSink(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    @Override
    public void deliver(String tenant, List<Entry> batch) throws IOException {
        OwnerOnly.createDirectories(dir);
        StringBuilder lines = new StringBuilder();
        for (Entry e : batch) lines.append(EntryJson.toExportJson(e)).append('\n');
        Path file = dir.resolve(tenant + "-" + LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC) + ".ndjson");
        try (FileChannel out = OwnerOnly.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) out.write(bytes);
            out.force(true);
        }
    }
}
