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
 * <p>A call starts a new epoch of the crew's one {@link Job}; the caller and every polling
 * helper claim its task indices from one counter until none are left, so the work is done
 * whether or not a helper shows up, and which thread runs a task never changes its result. One
 * job runs at a time; a second caller that finds the crew busy (or a nested call) runs its tasks
 * itself. The job is reused from call to call, so a parallel call allocates nothing here.
 */
final class KernelCrew {
    private final ForkJoinPool pool;
    private final int helpers;
    private final long lingerNanos;
    /** Helpers polling for work or submitted to do so. */
    private final AtomicInteger polling = new AtomicInteger();
    private final Job job = new Job();
    private final RangeTasks ranges = new RangeTasks();
    /** 1 while a caller owns {@link #job}. */
    private volatile int busy;
    /** When the last job was submitted (racy by design: it only steers whether to wake helpers). */
    private long lastCall = System.nanoTime() - Long.MAX_VALUE / 2;
    private static final VarHandle BUSY;

    static {
        try {
            BUSY = MethodHandles.lookup().findVarHandle(KernelCrew.class, "busy", int.class);
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
     * returns when all are done, rethrowing the first exception a task threw. Starting a parked
     * pool thread costs the caller about 10 µs, more than a small job takes, so when no helper
     * is polling a small job ({@code !mayWake}) starts helpers only if it follows another job
     * within the linger time: a lone small job runs on the caller, a stream of them (the
     * products of a training step, or a benchmark loop) pays for the wake-up once and then finds
     * the helpers polling.
     */
    void run(int tasks, IntConsumer body, boolean mayWake) {
        boolean wake = shouldWake(mayWake);
        if (!acquire(wake)) {
            runHere(tasks, body);
            return;
        }
        runOwned(tasks, body, wake);
    }

    /**
     * {@link EnginePool#forRange}'s split of {@code [0, n)} into {@code tasks} grain-aligned
     * shares, run as {@link #run} runs tasks; when the crew cannot take it, the whole range runs
     * as one share on the caller (a range's result does not depend on how it is split).
     */
    void runRange(int n, int grain, int tasks, EnginePool.Range body, boolean mayWake) {
        boolean wake = shouldWake(mayWake);
        if (!acquire(wake)) {
            body.run(0, n);
            return;
        }
        ranges.set(n, grain, tasks, body);
        try {
            runOwned(tasks, ranges, wake);
        } finally {
            ranges.body = null;
        }
    }

    private boolean shouldWake(boolean mayWake) {
        long now = System.nanoTime();
        boolean streaming = now - lastCall < lingerNanos;
        lastCall = now;
        return mayWake || streaming;
    }

    /** Takes the job for this call, unless no helper would come or another call owns it. */
    private boolean acquire(boolean wake) {
        return (wake || polling.get() > 0) && BUSY.compareAndSet(this, 0, 1);
    }

    private void runOwned(int tasks, IntConsumer body, boolean wake) {
        try {
            long epoch = job.start(tasks, body);
            if (wake) {
                recruit(Math.min(tasks - 1, helpers));
            }
            job.work(epoch);
            job.awaitDone();
            job.finish();
        } finally {
            busy = 0;
        }
    }

    /** The shares of a {@link #runRange} as tasks; one per crew, used only by the job's owner. */
    private static final class RangeTasks implements IntConsumer {
        private int n;
        private int grain;
        private int units;
        private int tasks;
        private EnginePool.Range body;

        void set(int n, int grain, int tasks, EnginePool.Range body) {
            this.n = n;
            this.grain = grain;
            this.units = (n + grain - 1) / grain;
            this.tasks = tasks;
            this.body = body;
        }

        @Override
        public void accept(int t) {
            body.run((int) ((long) units * t / tasks) * grain, (int) Math.min(n, (long) units * (t + 1) / tasks * grain));
        }
    }

    /** Every task on the calling thread, the first exception rethrown after all ran (as {@link Job#work}). */
    private static void runHere(int tasks, IntConsumer body) {
        RuntimeException failure = null;
        Error error = null;
        for (int t = 0; t < tasks; t++) {
            try {
                body.accept(t);
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            } catch (Error e) {
                error = error == null ? e : error;
            }
        }
        Job.rethrow(failure, error);
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

    /** A helper's life: work on every new epoch of the job until none has come for {@code lingerNanos}. */
    private void poll() {
        long seen = -1;
        long idleSince = System.nanoTime();
        while (true) {
            long epoch = job.epoch();
            if (epoch != seen) {
                seen = epoch;
                job.work(epoch);
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince > lingerNanos) {
                polling.decrementAndGet();
                // A job started while this helper was leaving may have counted on it: look once more.
                if (job.epoch() == seen || !reenlist()) {
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

    /**
     * The crew's one job, reused by every call. Its {@code state} packs the epoch (high 32 bits)
     * with the next unclaimed task (low 32 bits), so a claim is one compare-and-set that fails
     * once the state has moved on. The owner starts an epoch only when the previous one is done,
     * closes the previous one before it changes {@code tasks} and {@code body}, and those do not
     * change while a task of the epoch is unfinished; a task's body is read after its claim.
     */
    private static final class Job {
        /** The next-task half of a closed epoch's state: no claim can succeed. */
        private static final long CLOSED = Integer.MAX_VALUE;
        private volatile long state;
        private volatile int tasks;
        private volatile IntConsumer body;
        private volatile int done;
        private volatile RuntimeException failure;
        private volatile Error error;
        private static final VarHandle STATE;
        private static final VarHandle DONE;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                STATE = lookup.findVarHandle(Job.class, "state", long.class);
                DONE = lookup.findVarHandle(Job.class, "done", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        long epoch() {
            return state >>> 32;
        }

        /**
         * Begins a new epoch (by the owner, with the previous one done); returns it. The previous
         * epoch is closed first: a helper may have read its last state, then read the new
         * {@code tasks} below, and would otherwise claim a task of the previous epoch by a
         * compare-and-set that still matches — and run the new body's task twice (seen once in
         * 20,000 back-to-back calls, {@code EnginePoolTest}).
         */
        long start(int tasks, IntConsumer body) {
            long previous = epoch();
            state = previous << 32 | CLOSED;
            this.tasks = tasks;
            this.body = body;
            done = 0;
            failure = null;
            error = null;
            long epoch = (previous + 1) & 0xFFFF_FFFFL;
            state = epoch << 32; // publishes the fields above
            return epoch;
        }

        /** Claims and runs tasks of {@code epoch} until none is left (or the epoch is over). */
        void work(long epoch) {
            while (true) {
                long s = state;
                int t = (int) s;
                if (s >>> 32 != epoch || t >= tasks) {
                    return;
                }
                if (!STATE.compareAndSet(this, s, s + 1)) {
                    continue;
                }
                // The epoch cannot end before this task is counted done, so body is still its body.
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
                    DONE.getAndAdd(this, 1);
                }
            }
        }

        /** Waits for tasks claimed by helpers: they are running, so this is short; spins, then yields. */
        void awaitDone() {
            for (int spins = 0; done < tasks; spins++) {
                if (spins < 1 << 16) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }

        /** After {@link #awaitDone}: drops the body (it may hold large arrays) and rethrows a task's exception. */
        void finish() {
            body = null;
            rethrow(failure, error);
        }

        static void rethrow(RuntimeException failure, Error error) {
            if (error != null) {
                throw error;
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
