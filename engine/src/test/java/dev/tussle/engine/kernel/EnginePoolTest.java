package dev.tussle.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
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

    @Test
    void forRangeCoversEveryIndexOnceInGrainAlignedShares() {
        EnginePool.setThreads(3);
        for (int n : new int[] {0, 1, 15, 16, 17, 100, 1000, 4099}) {
            AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(n, 1));
            List<int[]> shares = Collections.synchronizedList(new ArrayList<>());
            EnginePool.forRange(n, 16, 10, (from, to) -> {
                shares.add(new int[] {from, to});
                for (int i = from; i < to; i++) {
                    seen.incrementAndGet(i);
                }
            });
            for (int i = 0; i < n; i++) {
                assertThat(seen.get(i)).as("index %d of %d", i, n).isEqualTo(1);
            }
            assertThat(shares.size()).as("shares of %d", n).isLessThanOrEqualTo(3);
            for (int[] share : shares) {
                assertThat(share[0] % 16).as("share %d..%d of %d starts on the grain", share[0], share[1], n).isZero();
                if (shares.size() > 1) {
                    assertThat(share[1] - share[0]).as("share of %d", n).isGreaterThanOrEqualTo(10);
                }
            }
        }
    }

    @Test
    void forRangeStaysOnTheCallerBelowTwoShares() {
        EnginePool.setThreads(2);
        Thread caller = Thread.currentThread();
        AtomicReference<Thread> ran = new AtomicReference<>();
        EnginePool.forRange(99, 1, 50, (from, to) -> ran.set(Thread.currentThread()));
        assertThat(ran.get()).isSameAs(caller);
        assertThat(EnginePool.splits(99, 50)).isFalse();
        assertThat(EnginePool.splits(100, 50)).isTrue();
        EnginePool.setThreads(1);
        assertThat(EnginePool.splits(1 << 20, 50)).isFalse();
    }

    @Test
    void forRangeRejectsBadArgumentsByName() {
        assertThatThrownBy(() -> EnginePool.forRange(-1, 1, 1, (a, b) -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EnginePool.forRange: need n >= 0, grain >= 1 and minPerTask >= 1, got n=-1, grain=1, minPerTask=1");
        assertThatThrownBy(() -> EnginePool.forRange(10, 0, 1, (a, b) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grain=0");
        assertThatThrownBy(() -> EnginePool.forRange(10, 1, 0, (a, b) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minPerTask=0");
    }

    /** A task that throws on a helper: every other task still runs, and the caller gets the exception. */
    @Test
    void anExceptionInAnyTaskReachesTheCallerAfterAllTasksRan() {
        EnginePool.setThreads(2);
        for (int round = 0; round < 50; round++) {
            AtomicIntegerArray ran = new AtomicIntegerArray(8);
            int failing = round % 8;
            assertThatThrownBy(() -> EnginePool.run(8, t -> {
                ran.incrementAndGet(t);
                if (t == failing) {
                    throw new IllegalStateException("task " + t + " failed");
                }
            })).isInstanceOf(IllegalStateException.class).hasMessage("task " + failing + " failed");
            for (int t = 0; t < 8; t++) {
                assertThat(ran.get(t)).as("round %d task %d", round, t).isEqualTo(1);
            }
        }
    }

    /** Several threads splitting work at once (one job at a time runs on the crew; the others run on their callers). */
    @Test
    void concurrentCallersEachGetEveryTaskRunOnce() throws InterruptedException {
        EnginePool.setThreads(2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> callers = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            Thread caller = new Thread(() -> {
                try {
                    for (int round = 0; round < 2000; round++) {
                        AtomicIntegerArray ran = new AtomicIntegerArray(5);
                        EnginePool.run(5, ran::incrementAndGet, round % 2 == 0);
                        for (int t = 0; t < 5; t++) {
                            assertThat(ran.get(t)).isEqualTo(1);
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            callers.add(caller);
            caller.start();
        }
        for (Thread caller : callers) {
            caller.join();
        }
        assertThat(failure.get()).isNull();
    }

    /**
     * Jobs back to back, as a training step issues them: the crew's one job is reused, so a
     * helper still finishing with one call must never run a task of the next with the old body,
     * nor count it twice. Each call's body marks its own array; every task of every call runs once.
     */
    @Test
    void backToBackCallsRunEachOfTheirTasksOnceWithTheirOwnBody() {
        EnginePool.setThreads(3);
        int calls = 20_000;
        AtomicIntegerArray[] ran = new AtomicIntegerArray[calls];
        for (int call = 0; call < calls; call++) {
            int tasks = 2 + call % 4;
            AtomicIntegerArray mine = new AtomicIntegerArray(tasks);
            ran[call] = mine;
            EnginePool.run(tasks, t -> {
                mine.incrementAndGet(t);
                Thread.onSpinWait();
            }, call % 3 != 0);
            for (int t = 0; t < tasks; t++) {
                assertThat(mine.get(t)).as("call %d task %d", call, t).isEqualTo(1);
            }
        }
        for (int call = 0; call < calls; call++) {
            for (int t = 0; t < ran[call].length(); t++) {
                assertThat(ran[call].get(t)).as("call %d task %d, after all calls", call, t).isEqualTo(1);
            }
        }
        for (int call = 0; call < 2_000; call++) {
            int n = 1000 + call % 77;
            AtomicIntegerArray seen = new AtomicIntegerArray(n);
            EnginePool.forRange(n, 16, 100, (from, to) -> {
                for (int i = from; i < to; i++) {
                    seen.incrementAndGet(i);
                }
            });
            for (int i = 0; i < n; i++) {
                assertThat(seen.get(i)).as("range call %d index %d", call, i).isEqualTo(1);
            }
        }
    }

    /** A small job with no helper polling and no job just before it does not pay for waking one. */
    @Test
    void aLoneSmallJobRunsOnTheCaller() {
        EnginePool.setThreads(1);
        EnginePool.setThreads(2); // a fresh crew: no helper polling, no recent job
        Thread caller = Thread.currentThread();
        List<Thread> ran = Collections.synchronizedList(new ArrayList<>());
        EnginePool.run(4, t -> ran.add(Thread.currentThread()), false);
        assertThat(ran).hasSize(4).allMatch(t -> t == caller);
    }

    /** A parallel call made from inside a task runs on that task's thread. */
    @Test
    void nestedCallsRunInline() {
        EnginePool.setThreads(2);
        AtomicIntegerArray inner = new AtomicIntegerArray(4 * 3);
        EnginePool.run(4, outer -> {
            Thread here = Thread.currentThread();
            EnginePool.run(3, t -> {
                assertThat(Thread.currentThread()).isSameAs(here);
                inner.incrementAndGet(outer * 3 + t);
            });
        });
        for (int i = 0; i < 12; i++) {
            assertThat(inner.get(i)).isEqualTo(1);
        }
    }
}
