package dev.auditlog.store.embedded;

import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.LogStoreConformance;
import dev.auditlog.core.store.TestClock;
import java.nio.file.Path;

class EmbeddedStoreConformanceTest extends LogStoreConformance {
    @Override
    protected LogStore open(Path dir, TestClock clock) {
        return EmbeddedStore.open(dir, clock);
    }
}
