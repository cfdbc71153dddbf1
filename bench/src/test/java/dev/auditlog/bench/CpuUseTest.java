package dev.auditlog.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** What a measurement reports for a group of threads, named as the store names its writer and applier. */
class CpuUseTest {
    @Test
    void moreBusyThreadsThanCoresShowUpAsCpuAndAsWaitingForACore() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/self/schedstat")), "the kernel reports run-queue waits");
        CpuUse use = CpuUse.start();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> spinners = new ArrayList<>();
        // longer than the 15 bytes Linux keeps of a thread's name, as "auditlog-applier" is
        for (int i = 0; i <= Runtime.getRuntime().availableProcessors(); i++) {
            spinners.add(Thread.ofPlatform().name("cpu-use-test-spinner-" + i).start(() -> {
                while (!stop.get()) Thread.onSpinWait();
            }));
        }
        Thread.sleep(300);
        CpuUse.Usage usage = use.stop(name -> name.startsWith("cpu-use-test-spinner") ? "spinners" : null);
        stop.set(true);
        for (Thread t : spinners) t.join();

        assertThat(usage.byGroup().get("spinners")).isGreaterThan(0.1);
        assertThat(usage.waitingByGroup()).containsOnlyKeys("spinners");
        assertThat(usage.waitingByGroup().get("spinners")).isGreaterThan(0.0);
    }
}
