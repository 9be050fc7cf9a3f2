package dev.tussle.engine.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
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
 */
public final class EnginePool {
    private static final Object LOCK = new Object();
    private static volatile int threads = initialThreads();
    private static volatile ForkJoinPool pool;

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
            // The old pool is dropped, not shut down: a product being split on another thread may
            // still be submitting to it. Its idle workers exit after the pool's keep-alive time.
            pool = null;
            threads = count;
        }
    }

    /**
     * Runs {@code body.accept(t)} for every {@code t < tasks}: task 0 on the calling thread, the
     * others on the pool, and returns when all are done. Runs everything on the calling thread
     * when there is one task, one thread, or when called from inside a pool worker (nested
     * parallelism would only oversubscribe the cores).
     */
    public static void run(int tasks, IntConsumer body) {
        if (tasks <= 1 || threads == 1 || Thread.currentThread() instanceof ForkJoinWorkerThread) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        ForkJoinPool p = pool();
        ForkJoinTask<?>[] forked = new ForkJoinTask<?>[tasks - 1];
        RuntimeException failure = null;
        for (int t = 1; t < tasks; t++) {
            int task = t;
            try {
                forked[t - 1] = p.submit(() -> body.accept(task));
            } catch (RejectedExecutionException e) {
                // The pool refused the task (it is shutting down): the task runs here (which
                // thread runs a task never changes its result).
                try {
                    body.accept(task);
                } catch (RuntimeException inline) {
                    failure = inline;
                }
            }
        }
        try {
            body.accept(0);
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            }
        }
        for (ForkJoinTask<?> f : forked) {
            if (f == null) {
                continue;
            }
            try {
                f.join();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (LOCK) {
                p = pool;
                if (p == null) {
                    // The calling thread does one share of the work, so the pool needs one worker fewer.
                    p = new ForkJoinPool(Math.max(1, threads - 1), pool -> {
                        ForkJoinWorkerThread w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                        w.setName("tussle-kernel-" + w.getPoolIndex());
                        w.setDaemon(true);
                        return w;
                    }, null, false);
                    pool = p;
                }
            }
        }
        return p;
    }

    private static int initialThreads() {
        String property = System.getProperty("tussle.threads");
        if (property == null || property.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int value = Integer.parseInt(property.trim());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // Falls through to the message below.
        }
        throw new IllegalArgumentException("EnginePool: system property tussle.threads must be an integer >= 1, got '"
                + property + "'");
    }
}
