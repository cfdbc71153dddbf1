package dev.auditlog.store.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A read in parts: the caller sees every part's rows in order, while the next part is already being read. */
class ReadPoolTest {
    private static final int PART_ROWS = 256 * 8 * 2 + 3; // more than a Handoff holds
    private DuckDBConnection root;
    private ReadPool pool;

    @BeforeEach
    void open() throws Exception {
        root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        pool = new ReadPool(root, 4, 4);
    }

    @AfterEach
    void close() throws Exception {
        pool.close();
        root.close();
    }

    private static ReadPool.RowReader<Integer> part(int index, AtomicInteger running, AtomicInteger mostAtOnce) {
        return (c, rows) -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                for (int i = 0; i < PART_ROWS; i++) rows.accept(index * PART_ROWS + i);
            } finally {
                running.decrementAndGet();
            }
        };
    }

    @Test
    void theRowsOfAllPartsArriveInOrderWithTheNextPartReadAhead() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<ReadPool.RowReader<Integer>> parts = new ArrayList<>();
        for (int p = 0; p < 7; p++) parts.add(part(p, running, mostAtOnce));
        List<Integer> seen = new ArrayList<>();
        pool.stream(parts, row -> {
            if (row % PART_ROWS == PART_ROWS - 1) sleep(); // the end of a part: let the next one catch up
            seen.add(row);
        });
        assertThat(seen).hasSize(7 * PART_ROWS);
        for (int i = 0; i < seen.size(); i++) assertThat(seen.get(i)).isEqualTo(i);
        assertThat(mostAtOnce.get()).isEqualTo(ReadPool.PARTS_AHEAD);
    }

    @Test
    void aFailingPartReachesTheCallerAfterTheRowsOfTheEarlierParts() {
        List<Integer> seen = new ArrayList<>();
        List<ReadPool.RowReader<Integer>> parts = List.of(
                (c, rows) -> rows.accept(1),
                (c, rows) -> {
                    rows.accept(2);
                    throw new IllegalStateException("disk gone");
                },
                (c, rows) -> rows.accept(3));
        assertThatThrownBy(() -> pool.stream(parts, seen::add)).hasMessage("disk gone");
        assertThat(seen).startsWith(1).doesNotContain(3); // a failing part's own rows may be dropped
    }

    @Test
    void aCallerThatStopsReleasesEveryPartItStarted() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        for (int attempt = 0; attempt < 6; attempt++) { // more than the pool has threads
            List<ReadPool.RowReader<Integer>> parts = List.of(part(0, running, mostAtOnce), part(1, running, mostAtOnce), part(2, running, mostAtOnce));
            assertThatThrownBy(() -> pool.stream(parts, row -> {
                if (row == 10) throw new IllegalArgumentException("client went away");
            })).hasMessage("client went away");
        }
        List<Integer> seen = new ArrayList<>();
        pool.stream(List.of(part(0, running, mostAtOnce)), seen::add);
        assertThat(seen).hasSize(PART_ROWS);
    }

    /** Clients that stop reading their downloads hold the stream threads; a page of the log still reads at once. */
    @Test
    void streamsWhoseConsumersStopTakingLeaveShortReadsFree() throws Exception {
        CountDownLatch clientsBack = new CountDownLatch(1);
        List<Thread> stalled = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // more streams than there are stream threads
            AtomicInteger ignored = new AtomicInteger();
            stalled.add(Thread.ofVirtual().start(() -> pool.stream(List.of(part(0, ignored, ignored), part(1, ignored, ignored)),
                    row -> awaitQuietly(clientsBack))));
        }
        Thread.sleep(300); // the streams start and fill their handoffs
        int answer = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> pool.call(c -> 42));
        assertThat(answer).isEqualTo(42);
        clientsBack.countDown();
        for (Thread t : stalled) t.join(30_000);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
