package dev.tussle.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tussle.engine.kernel.EnginePool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An elementwise pass split over 2 threads allocates nothing on the calling thread once compiled:
 * FusedLinearBenchmark's backward pass at 500×784×256 (128,000 elements, split), as JMH's
 * {@code -prof gc} measured it (56 B a call when each split captured its arguments in a lambda).
 */
class SplitAllocationTest {
    private static final int DEFAULT_THREADS = EnginePool.threads();

    @AfterEach
    void restoreThreads() {
        EnginePool.setThreads(DEFAULT_THREADS);
    }

    @Test
    void aSplitBackwardPassAllocatesNothing() {
        FusedLinearBenchmark bench = new FusedLinearBenchmark();
        bench.shape = "500x784x256";
        bench.threads = 2;
        bench.setUp();
        assertThat(EnginePool.splits(500 * 256, EnginePool.MIN_ELEMENTS_PER_TASK)).isTrue();
        for (int i = 0; i < 20_000; i++) {
            bench.backwardActivationAndBias();
        }
        int calls = 2000;
        long bytes = ThreadAllocation.fewestBytesPerWindow(bench::backwardActivationAndBias, calls, 1, 0);
        // 56 bytes a call would be 112 KB.
        assertThat(bytes).as("bytes allocated by %d split backward passes", calls).isLessThan(4096);
    }
}
