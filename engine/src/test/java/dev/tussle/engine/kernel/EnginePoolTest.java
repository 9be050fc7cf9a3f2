package dev.tussle.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnginePoolTest {
    private static final int DEFAULT_THREADS = EnginePool.threads();

    @AfterEach
    void restoreThreads() {
        EnginePool.setThreads(DEFAULT_THREADS);
    }

    /**
     * Changing the thread count shuts the old pool down; a product being split on another thread
     * at that moment must still finish, with the same bits (its tasks then run on the caller).
     */
    @Test
    void changingTheThreadCountWhileAProductRunsKeepsItsResult() throws InterruptedException {
        Kernels k = KernelProvider.get();
        int m = 384;
        int n = 192;
        int depth = 192;
        assertThat((long) m * n * depth).as("split into tasks whenever 2 or more threads are allowed")
                .isGreaterThanOrEqualTo(2 * Gemm.MIN_MACS_PER_TASK);
        float[] a = new float[m * depth];
        float[] b = new float[depth * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 17) / 17f - 0.5f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (i % 13) / 13f - 0.5f;
        }
        EnginePool.setThreads(1);
        float[] expected = new float[m * n];
        k.gemm(false, false, m, n, depth, a, 0, b, 0, expected, 0, false);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                for (int round = 0; round < 20; round++) {
                    float[] c = new float[m * n];
                    k.gemm(false, false, m, n, depth, a, 0, b, 0, c, 0, false);
                    assertThat(c).containsExactly(expected);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        worker.start();
        for (int flip = 0; worker.isAlive(); flip++) {
            EnginePool.setThreads(2 + flip % 2);
            Thread.sleep(1);
        }
        worker.join();
        assertThat(failure.get()).isNull();
    }
}
