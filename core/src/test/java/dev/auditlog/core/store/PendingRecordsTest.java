package dev.auditlog.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** Appending the records of erasures and prunes after their commit: a failure never fails the change, nor the others. */
class PendingRecordsTest {
    @Test
    void aRecordThatCannotBeAppendedStaysPendingAndHoldsBackNoOther() {
        List<String> appended = new ArrayList<>();
        List<String> forgotten = new ArrayList<>();
        BiConsumer<String, List<Event>> append = (tenant, events) -> {
            if (tenant.equals("down")) throw new StoreException("could not store the events", null);
            appended.add(tenant);
        };

        PendingRecords.appendAll(append, () -> List.of(pending("down", "k1"), pending("acme", "k2")), forgotten::add);

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
