package dev.auditlog.server.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PagerTest {
    private static final Pager FIRST = new Pager(null, List.of());

    @Test
    void theFirstPageHasNoNewerAndItsOlderCarriesNoBackStack() {
        assertThat(FIRST.newer()).isNull();
        assertThat(FIRST.older("c1")).isEqualTo(Map.of("cursor", "c1"));
    }

    @Test
    void olderPushesTheCurrentCursorAndNewerPopsIt() {
        Pager third = new Pager("c2", List.of("c1"));
        assertThat(third.older("c3")).isEqualTo(Map.of("cursor", "c3", "back", "c1.c2"));
        assertThat(third.newer()).isEqualTo(Map.of("cursor", "c1"));
        assertThat(new Pager("c1", List.of()).newer()).as("the second page's Newer is the first page").isEmpty();
    }

    @Test
    void theBackStackKeepsOnlyTheLatestCursors() {
        List<String> deep = IntStream.range(0, Pager.MAX_DEPTH).mapToObj(i -> "c" + i).toList();
        String back = new Pager("current", deep).older("next").get("back");
        assertThat(back.split("\\.")).hasSize(Pager.MAX_DEPTH).startsWith("c1").endsWith("current");
    }
}
