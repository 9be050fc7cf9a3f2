package dev.tussle.engine.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The helpers of one {@link EnginePool} size: threads of the engine's own {@link ForkJoinPool}
 * that, after a parallel call, keep polling for the next one for a short while ({@code linger})
 * before they return to the pool and park.
 *
 * <p>Why: a parked worker on this kind of machine (a VM with 2 vCPUs) takes 20–80 µs to wake,
 * while the products of a training step take 10–500 µs each and come one after the other.
 * Handing each of them to a parked worker cost more than the half product it took; a helper
 * still polling picks the work up in about a microsecond. OpenMP runtimes and OpenBLAS keep
 * their threads spinning between calls for the same reason.
 *
 * <p>A call publishes one {@link Job}; the caller and every polling helper claim its task
 * indices from one counter until none are left, so the work is done whether or not a helper
 * shows up, and which thread runs a task never changes its result. One job runs at a time; a
 * second caller that finds the crew busy (or a nested call) runs its tasks itself.
 */
final class KernelCrew {
    private final ForkJoinPool pool;
    private final int helpers;
    private final long lingerNanos;
    /** Helpers polling for work or submitted to do so. */
    private final AtomicInteger polling = new AtomicInteger();
    private volatile Job current;
    /** When the last job was submitted (racy by design: it only steers whether to wake helpers). */
    private long lastCall = System.nanoTime() - Long.MAX_VALUE / 2;
    private static final VarHandle CURRENT;

    static {
        try {
            CURRENT = MethodHandles.lookup().findVarHandle(KernelCrew.class, "current", Job.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    KernelCrew(int threads, long lingerNanos) {
        this.helpers = threads - 1;
        this.lingerNanos = lingerNanos;
        this.pool = new ForkJoinPool(Math.max(1, helpers), p -> {
            ForkJoinWorkerThread w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            w.setName("tussle-kernel-" + w.getPoolIndex());
            w.setDaemon(true);
            return w;
        }, null, false);
    }

    /**
     * Runs {@code body.accept(t)} for every {@code t < tasks} on the caller and the helpers;
     * returns when all are done. Starting a parked pool thread costs the caller about 10 µs,
     * more than a small job takes, so when no helper is polling a small job ({@code !mayWake})
     * starts helpers only if it follows another job within the linger time: a lone small job runs
     * on the caller, a stream of them (the products of a training step, or a benchmark loop)
     * pays for the wake-up once and then finds the helpers polling.
     */
    void run(int tasks, IntConsumer body, boolean mayWake) {
        long now = System.nanoTime();
        boolean streaming = now - lastCall < lingerNanos;
        lastCall = now;
        boolean wake = mayWake || streaming;
        Job job = new Job(tasks, body);
        if ((!wake && polling.get() == 0) || !CURRENT.compareAndSet(this, null, job)) {
            job.work();
            job.rethrow();
            return;
        }
        try {
            if (wake) {
                recruit(Math.min(tasks - 1, helpers));
            }
            job.work();
            job.awaitDone();
        } finally {
            current = null;
        }
        job.rethrow();
    }

    /** Makes sure {@code wanted} helpers are polling, submitting new ones to the pool as needed. */
    private void recruit(int wanted) {
        for (int have = polling.get(); have < wanted; have = polling.get()) {
            if (polling.compareAndSet(have, have + 1)) {
                try {
                    pool.execute(this::poll);
                } catch (RejectedExecutionException e) {
                    // The pool is gone (it never is shut down, but a JVM exiting may refuse): the caller does the work.
                    polling.decrementAndGet();
                    return;
                }
            }
        }
    }

    /** A helper's life: work on every new job until none has come for {@code lingerNanos}. */
    private void poll() {
        Job seen = null;
        long idleSince = System.nanoTime();
        while (true) {
            Job job = current;
            if (job != null && job != seen) {
                seen = job;
                job.work();
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince > lingerNanos) {
                polling.decrementAndGet();
                // A job published while this helper was leaving may have counted on it: look once more.
                job = current;
                if (job == null || job == seen || !job.hasUnclaimed() || !reenlist()) {
                    return;
                }
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private boolean reenlist() {
        for (int have = polling.get(); have < helpers; have = polling.get()) {
            if (polling.compareAndSet(have, have + 1)) {
                return true;
            }
        }
        return false;
    }

    /** One parallel call: its task indices are claimed one at a time by whoever is there. */
    private static final class Job {
        private final int tasks;
        private final IntConsumer body;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private volatile RuntimeException failure;
        private volatile Error error;

        Job(int tasks, IntConsumer body) {
            this.tasks = tasks;
            this.body = body;
        }

        boolean hasUnclaimed() {
            return next.get() < tasks;
        }

        void work() {
            for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                try {
                    body.accept(t);
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    }
                } catch (Error e) {
                    if (error == null) {
                        error = e;
                    }
                } finally {
                    done.incrementAndGet();
                }
            }
        }

        /** Waits for tasks claimed by helpers: they are running, so this is short; spins, then yields. */
        void awaitDone() {
            for (int spins = 0; done.get() < tasks; spins++) {
                if (spins < 1 << 16) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }

        void rethrow() {
            if (error != null) {
                throw error;
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
