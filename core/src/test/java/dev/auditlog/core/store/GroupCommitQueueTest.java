package dev.auditlog.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Group commit: what waits is committed together; a lingering queue waits for more unless hurried. */
class GroupCommitQueueTest {
    /** Long enough that a test never sees a linger run out by itself. */
    private static final GroupCommitQueue.Linger FOR_AN_HOUR = new GroupCommitQueue.Linger(10, Duration.ofHours(1).toNanos());

    private final BlockingQueue<List<Integer>> commits = new LinkedBlockingQueue<>();

    private GroupCommitQueue<Integer> queue(GroupCommitQueue.Linger linger) {
        return new GroupCommitQueue<>("test-committer", 100, linger, n -> n, batch -> commits.add(List.copyOf(batch)));
    }

    private List<Integer> nextCommit() throws InterruptedException {
        List<Integer> batch = commits.poll(10, TimeUnit.SECONDS);
        assertThat(batch).as("a commit").isNotNull();
        return batch;
    }

    @Test
    void without_linger_a_lone_request_is_committed_at_once() throws Exception {
        try (GroupCommitQueue<Integer> q = queue(GroupCommitQueue.Linger.NONE)) {
            q.offer(1);
            assertThat(nextCommit()).containsExactly(1);
        }
    }

    @Test
    void a_lingering_queue_holds_a_small_batch_back() throws Exception {
        try (GroupCommitQueue<Integer> q = queue(FOR_AN_HOUR)) {
            q.offer(1);
            q.offer(2);
            assertThat(commits.poll(300, TimeUnit.MILLISECONDS)).as("nothing committed yet").isNull();
            q.hurry();
            assertThat(nextCommit()).containsExactly(1, 2);
        }
    }

    @Test
    void a_lingering_queue_commits_once_the_batch_holds_enough_events() throws Exception {
        try (GroupCommitQueue<Integer> q = queue(FOR_AN_HOUR)) {
            q.offer(4);
            q.offer(3);
            q.offer(5);
            assertThat(nextCommit()).containsExactly(4, 3, 5);
        }
    }

    @Test
    void a_hurried_queue_does_not_linger_for_the_next_batch_either() throws Exception {
        try (GroupCommitQueue<Integer> q = queue(FOR_AN_HOUR)) {
            q.hurry();
            q.offer(1);
            assertThat(nextCommit()).containsExactly(1);
        }
    }

    @Test
    void a_linger_runs_out() throws Exception {
        try (GroupCommitQueue<Integer> q = queue(new GroupCommitQueue.Linger(10, Duration.ofMillis(50).toNanos()))) {
            q.offer(1);
            assertThat(nextCommit()).containsExactly(1);
        }
    }

    @Test
    void closing_commits_what_lingers() {
        GroupCommitQueue<Integer> q = queue(FOR_AN_HOUR);
        q.offer(1);
        assertThat(q.closeAndDrain()).isEmpty();
        assertThat(commits).containsExactly(List.of(1));
        assertThat(q.offer(2)).as("closed").isFalse();
    }

    @Test
    void a_hold_waits_for_what_was_queued_before_it_and_keeps_back_what_comes_after() throws Exception {
        try (GroupCommitQueue<Integer> q = queue(GroupCommitQueue.Linger.NONE)) {
            q.offer(1);
            try (GroupCommitQueue<Integer>.Held held = q.hold()) {
                assertThat(commits.poll()).as("committed before the hold returned").containsExactly(1);
                q.offer(2);
                assertThat(commits.poll(200, TimeUnit.MILLISECONDS)).as("nothing while held").isNull();
            }
            assertThat(nextCommit()).containsExactly(2);
        }
    }

    @Test
    void a_holder_commits_its_own_request_ahead_of_everything_queued() throws Exception {
        try (GroupCommitQueue<Integer> q = queue(GroupCommitQueue.Linger.NONE)) {
            try (GroupCommitQueue<Integer>.Held held = q.hold()) {
                q.offer(2);
                held.commit(1);
                assertThat(commits.poll()).as("committed when commit returned").containsExactly(1);
            }
            assertThat(nextCommit()).containsExactly(2);
        }
    }

    @Test
    void a_hold_ends_a_linger() throws Exception {
        try (GroupCommitQueue<Integer> q = queue(FOR_AN_HOUR)) {
            q.offer(1);
            try (GroupCommitQueue<Integer>.Held held = q.hold()) {
                assertThat(commits.poll()).as("committed before the hold returned").containsExactly(1);
            }
        }
    }

    @Test
    void a_closed_queue_cannot_be_held() {
        GroupCommitQueue<Integer> q = queue(GroupCommitQueue.Linger.NONE);
        q.close();
        assertThatThrownBy(q::hold).isInstanceOf(StoreException.class);
    }
}
