package dev.auditlog.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HandoffTest {
    private static final int ROWS = Handoff.CHUNK * Handoff.CHUNKS_AHEAD * 3 + 7;

    @Test
    void theConsumerSeesEveryRowInOrderAcrossChunks() {
        Handoff<Integer> handoff = new Handoff<>();
        CompletableFuture.runAsync(() -> {
            for (int i = 0; i < ROWS; i++) handoff.put(i);
            handoff.finish();
        });
        List<Integer> seen = new ArrayList<>();
        handoff.drain(seen::add);
        assertThat(seen).hasSize(ROWS);
        for (int i = 0; i < ROWS; i++) assertThat(seen.get(i)).isEqualTo(i);
    }

    @Test
    void aFailedReadReachesTheConsumer() {
        Handoff<Integer> handoff = new Handoff<>();
        CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 10; i++) handoff.put(i);
            handoff.fail(new IllegalStateException("disk gone"));
        });
        assertThatThrownBy(() -> handoff.drain(row -> { })).isInstanceOf(IllegalStateException.class).hasMessage("disk gone");
    }

    @Test
    void aConsumerThatStopsEarlyReleasesTheProducer() throws Exception {
        Handoff<Integer> handoff = new Handoff<>();
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < ROWS; i++) handoff.put(i);
            handoff.finish();
        });
        assertThatThrownBy(() -> handoff.drain(row -> {
            if (row == 3) throw new IllegalArgumentException("client went away");
        })).hasMessage("client went away");
        assertThatThrownBy(() -> producer.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class);
    }

    /**
     * A read in parts reads the next part ahead while the consumer works through the current one, for longer than the
     * stall limit if it is slow: that producer is not cut off while the consumer keeps taking from the part before.
     */
    @Test
    void thePartReadAheadWaitsAsLongAsTheConsumerKeepsTakingFromThePartBefore() throws Exception {
        Handoff<Integer> first = new Handoff<>(Duration.ofMillis(300));
        Handoff<Integer> second = first.next();
        CompletableFuture<Void> producers = CompletableFuture.allOf(CompletableFuture.runAsync(() -> fill(first, 0)),
                CompletableFuture.runAsync(() -> fill(second, ROWS)));
        List<Integer> seen = new ArrayList<>();
        first.drain(row -> {
            seen.add(row);
            if (row % Handoff.CHUNK == 0) pause(40); // about 1.5 s for the part, a chunk taken every 40 ms
        });
        second.drain(seen::add);
        producers.get(5, TimeUnit.SECONDS);
        assertThat(seen).hasSize(2 * ROWS).startsWith(0, 1, 2).endsWith(2 * ROWS - 1);
    }

    private static void fill(Handoff<Integer> handoff, int from) {
        for (int i = from; i < from + ROWS; i++) handoff.put(i);
        handoff.finish();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Its client stopped reading the download: the read it holds (a read thread, a connection) must not wait forever. */
    @Test
    void aProducerWhoseConsumerTakesNothingGivesUpAfterTheStallLimitAndTheConsumerHearsOfIt() throws Exception {
        Handoff<Integer> handoff = new Handoff<>(Duration.ofMillis(300));
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < ROWS; i++) handoff.put(i);
                handoff.finish();
            } catch (RuntimeException e) {
                handoff.fail(e);
                throw e;
            }
        });
        assertThatThrownBy(() -> producer.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class)
                .hasMessageContaining("took nothing for");
        assertThatThrownBy(() -> handoff.drain(row -> { })).isInstanceOf(StoreException.class).hasMessageContaining("took nothing for");
    }

    @Test
    void aSlowConsumerThatKeepsTakingIsNeverCutOff() {
        Handoff<Integer> handoff = new Handoff<>(Duration.ofMillis(300));
        CompletableFuture.runAsync(() -> {
            for (int i = 0; i < ROWS; i++) handoff.put(i);
            handoff.finish();
        });
        List<Integer> seen = new ArrayList<>();
        handoff.drain(row -> {
            if (row % Handoff.CHUNK == 0) sleep(50); // a chunk every 50 ms: about 1.2 s in all, never 300 ms without one
            seen.add(row);
        });
        assertThat(seen).hasSize(ROWS);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
