package dev.tussle.engine.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.IntConsumer;

/**
 * The engine's own worker threads. Parallel kernels split their work into independent blocks of
 * the output; how many threads run them never changes which arithmetic produces an element, so
 * results are bit-identical whatever the thread count.
 *
 * <p>The thread count comes from the system property {@code tussle.threads} (default: the
 * number of available processors) and can be changed at run time with {@link #setThreads}. The
 * engine does not use {@link ForkJoinPool#commonPool()}: its parallelism is often 1 on small
 * machines, and sharing it with user code would make kernel timings depend on that code.
 *
 * <p>Between parallel calls the helper threads keep polling for {@code tussle.lingerMicros}
 * microseconds (default {@value #DEFAULT_LINGER_MICROS}; 0 parks them at once) before they park,
 * so that the products of a training step, which come one after the other, do not each pay for
 * waking a parked thread (see {@link KernelCrew}).
 */
public final class EnginePool {
    private static final Object LOCK = new Object();
    /**
     * Idle helpers poll this long for the next parallel call before they park: longer than the
     * gap between the products of a training step, short enough that a finished computation
     * leaves the cores idle a moment later. See {@link KernelCrew}.
     */
    static final long DEFAULT_LINGER_MICROS = 200;
    /**
     * Elementwise loops shorter than twice this stay on the calling thread: 2^14 floats take
     * 3–10 µs through an elementwise kernel, against about a microsecond to hand a share to a
     * polling helper.
     */
    public static final int MIN_ELEMENTS_PER_TASK = 1 << 14;
    /** {@link #forRange} wakes parked helpers only for loops of at least this many minimal shares. */
    public static final int WAKE_SHARES = 8;
    private static volatile int threads = (int) Math.min(Integer.MAX_VALUE,
            longProperty("tussle.threads", Runtime.getRuntime().availableProcessors(), 1));
    private static final long lingerNanos = 1000L * longProperty("tussle.lingerMicros", DEFAULT_LINGER_MICROS, 0);
    private static volatile KernelCrew crew;

    private EnginePool() {
    }

    /** The number of threads kernels may use, including the calling thread; at least 1. */
    public static int threads() {
        return threads;
    }

    /**
     * Sets the number of threads kernels may use, including the calling thread.
     *
     * @throws IllegalArgumentException if {@code count < 1}
     */
    public static void setThreads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("EnginePool.setThreads: thread count must be >= 1, got " + count);
        }
        synchronized (LOCK) {
            if (count == threads) {
                return;
            }
            // The old crew is dropped, not shut down: a product being split on another thread may
            // still be using it. Its helpers stop polling after the linger time and its pool's
            // idle workers exit after the pool's keep-alive time.
            crew = null;
            threads = count;
        }
    }

    /**
     * Runs {@code body.accept(t)} for every {@code t < tasks} on the calling thread and the
     * engine's helpers, and returns when all are done (rethrowing the first exception a task
     * threw). Runs everything on the calling thread when there is one task, one thread, or when
     * called from inside a helper (nested parallelism would only oversubscribe the cores). Which
     * thread runs a task is not fixed; callers make a task's result independent of it.
     */
    public static void run(int tasks, IntConsumer body) {
        run(tasks, body, true);
    }

    /**
     * {@link #run(int, IntConsumer)} for a job that may be too small to pay for waking a parked
     * helper (about 10 µs) when {@code !mayWake}: such a job uses the helpers still polling after
     * an earlier job, wakes them only when it follows another job within the linger time (a
     * stream of small jobs pays for the wake-up once), and otherwise runs on the calling thread.
     */
    public static void run(int tasks, IntConsumer body, boolean mayWake) {
        if (tasks <= 1 || threads == 1 || Thread.currentThread() instanceof ForkJoinWorkerThread) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        crew().run(tasks, body, mayWake);
    }

    /** Receives one contiguous share {@code [from, to)} of a loop split by {@link #forRange}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /**
     * The fewest columns a task of a column-wise reduction over {@code rows} rows takes (each
     * column one chain in row order, so columns, not rows, are split): at least 16, and at least
     * {@link #MIN_ELEMENTS_PER_TASK} elements.
     */
    public static int minColumnsPerTask(int rows) {
        return Math.max(16, MIN_ELEMENTS_PER_TASK / Math.max(1, rows));
    }

    /**
     * Whether {@link #forRange forRange(n, grain, minPerTask, ...)} would split its loop: hot
     * paths ask first, so that the one-thread path does not even build the loop body's closure.
     */
    public static boolean splits(int n, int minPerTask) {
        return threads > 1 && n >= 2L * minPerTask && !(Thread.currentThread() instanceof ForkJoinWorkerThread);
    }

    /**
     * Runs {@code body} over {@code [0, n)} in at most {@link #threads()} contiguous shares, each
     * at least {@code minPerTask} long and starting at a multiple of {@code grain} (so that
     * vector loops see whole vectors); one share, on the calling thread, when {@code n <
     * 2·minPerTask}. Parked helpers are woken only for loops of at least {@link #WAKE_SHARES}
     * minimal shares (see {@link #run(int, IntConsumer, boolean)}). For loops whose iterations
     * are independent: the shares must not depend on each other, and the result must not depend
     * on where a share starts.
     *
     * @throws IllegalArgumentException if {@code n < 0}, {@code grain < 1} or {@code minPerTask < 1}
     */
    public static void forRange(int n, int grain, int minPerTask, Range body) {
        if (n < 0 || grain < 1 || minPerTask < 1) {
            throw new IllegalArgumentException("EnginePool.forRange: need n >= 0, grain >= 1 and minPerTask >= 1, got n="
                    + n + ", grain=" + grain + ", minPerTask=" + minPerTask);
        }
        int units = (n + grain - 1) / grain;
        int tasks = Math.min(Math.min(threads, n / minPerTask), units);
        if (tasks <= 1 || !splits(n, minPerTask)) {
            body.run(0, n);
            return;
        }
        crew().runRange(n, grain, tasks, body, n / minPerTask >= WAKE_SHARES);
    }

    private static KernelCrew crew() {
        KernelCrew c = crew;
        if (c == null) {
            synchronized (LOCK) {
                c = crew;
                if (c == null) {
                    c = new KernelCrew(threads, lingerNanos);
                    crew = c;
                }
            }
        }
        return c;
    }

    /** An integer system property of at least {@code min}, or {@code fallback} when it is not set. */
    private static long longProperty(String name, long fallback, long min) {
        String property = System.getProperty(name);
        if (property == null || property.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(property.trim());
            if (value >= min) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // Falls through to the message below.
        }
        throw new IllegalArgumentException("EnginePool: system property " + name + " must be an integer >= " + min
                + ", got '" + property + "'");
    }
}
