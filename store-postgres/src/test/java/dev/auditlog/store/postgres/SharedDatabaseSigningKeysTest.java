package dev.auditlog.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.StoreException;
import dev.auditlog.core.store.Tenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one database, each with its own {@code keys/}: a tenant one of them creates is never signed by
 * the other with a key of its own (which would make the tenant's exports fail to verify on both).
 */
class SharedDatabaseSigningKeysTest {
    @TempDir
    Path first;
    @TempDir
    Path second;

    private static Event event(String action) {
        return new Event(action, EventType.OTHER, Event.DEFAULT_CHANNEL, null, null, null, null, List.of(), null, null,
                Event.SUCCESS, null, null, null);
    }

    @Test
    void aServerWithoutTheKeyOfATenantAnotherServerCreatedRefusesToSignItsLog() throws Exception {
        String url = TestDatabases.fresh();
        try (LogStore creator = PostgresStore.open(url, first, Clock.systemUTC());
             LogStore other = PostgresStore.open(url, second, Clock.systemUTC())) {
            assertThat(creator.createTenant(new Tenant("newt", "New", Instant.now()))).isTrue();
            creator.append("newt", List.of(event("one.created")));

            assertThat(other.createTenant(new Tenant("newt", "New", Instant.now()))).as("already created").isFalse();
            Path missing = second.resolve("keys/newt.key");
            assertThatThrownBy(() -> other.append("newt", List.of(event("two.created"))))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining(missing.toString())
                    .hasMessageContaining("servers sharing a database must share keys/");
            assertThat(missing).as("no key made for a tenant it did not create").doesNotExist();
            assertThat(other.checkpoint("newt").size()).isEqualTo(1);

            Files.createDirectories(missing.getParent());
            Files.copy(first.resolve("keys/newt.key"), missing);
            other.append("newt", List.of(event("two.created")));
            assertThat(other.checkpoint("newt").publicKey()).isEqualTo(creator.checkpoint("newt").publicKey());
            assertThat(creator.verify("newt").ok()).isTrue();
        }
    }
}
