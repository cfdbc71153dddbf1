package dev.auditlog.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Appending the records of erasures and prunes after their commit: a failure never fails the change, nor the others. */
class PendingRecordsTest {
    @Test
    void aRecordThatCannotBeAppendedStaysPendingAndHoldsBackNoOther() {
        List<String> appended = new ArrayList<>();
        List<String> forgotten = new ArrayList<>();
        LogStore store = (LogStore) Proxy.newProxyInstance(LogStore.class.getClassLoader(), new Class<?>[] {LogStore.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("append")) throw new UnsupportedOperationException(method.getName());
                    if (args[0].equals("down")) throw new StoreException("could not store the events", null);
                    appended.add((String) args[0]);
                    return List.of();
                });

        PendingRecords.appendAll(store, () -> List.of(pending("down", "k1"), pending("acme", "k2")), forgotten::add);

        assertThat(appended).containsExactly("acme");
        assertThat(forgotten).containsExactly("k2");
    }

    @Test
    void recordsThatCannotBeReadAreLeftForTheNextTime() {
        PendingRecords.appendAll(null, () -> {
            throw new StoreException("database error", null);
        }, key -> {
            throw new AssertionError("nothing to forget");
        });
    }

    private static PendingRecords.Pending pending(String tenant, String key) {
        return new PendingRecords.Pending(tenant, new Event("subject.erased", EventType.DELETED, "gdpr", null, null, null, null, List.of(),
                null, null, Event.SUCCESS, null, null, key));
    }
}
