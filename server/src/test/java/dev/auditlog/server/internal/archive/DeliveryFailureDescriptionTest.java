package dev.auditlog.server.internal.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** What an administrator reads when delivery to an archive fails: never "null", never a bare path. */
class DeliveryFailureDescriptionTest {
    @Test
    void aRefusedConnectionSaysSo() {
        assertThat(ArchiveDelivery.describe(new ConnectException())).isEqualTo("could not connect");
        assertThat(ArchiveDelivery.describe(new IOException(new ConnectException("Connection refused"))))
                .isEqualTo("could not connect: Connection refused");
    }

    @Test
    void fileSystemErrorsNameTheirKindAndPath() {
        assertThat(ArchiveDelivery.describe(new NoSuchFileException("/proc/nope/a.ndjson"))).isEqualTo("no such file or directory: /proc/nope/a.ndjson");
        assertThat(ArchiveDelivery.describe(new AccessDeniedException("/root/x"))).isEqualTo("permission denied: /root/x");
        assertThat(ArchiveDelivery.describe(new FileSystemException("/proc/nope", null, "Read-only file system")))
                .isEqualTo("Read-only file system: /proc/nope");
    }

    @Test
    void otherFailuresKeepTheirMessageOrTheirType() {
        assertThat(ArchiveDelivery.describe(new IOException("webhook answered 500"))).isEqualTo("webhook answered 500");
        assertThat(ArchiveDelivery.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
