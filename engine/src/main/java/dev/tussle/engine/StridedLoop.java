package dev.tussle.engine;

import dev.tussle.engine.kernel.EnginePool;

/**
 * The one loop shape behind every broadcasting op: walk the output in row-major order as runs
 * along its last (collapsed) dimension, with each operand's offset advancing by its broadcast
 * stride (0 along a broadcast dimension). Each run is handed to a kernel with inner strides of
 * 0 or 1. Adjacent dimensions that are contiguous for every operand are merged first, so equal
 * shapes become a single run. Long loops are split over {@link EnginePool}'s threads by runs: a
 * {@link Run} must only write the output elements of its own run.
 *
 * <p>A loop on one thread allocates nothing: its collapsed dimensions, strides and counters live
 * in a per-thread {@link Walk} (a mixture's training step runs a few dozen broadcasts over its
 * k×k pairs, and their dozen small arrays each were a sixth of what the step allocated).
 */
final class StridedLoop {
    /** The most operands a loop takes ({@code where}: mask, a, b). */
    private static final int MAX_OPERANDS = 3;
    /** Each thread's loop state; a loop started from inside a run (none does today) gets its own. */
    private static final ThreadLocal<Walk> WALKS = ThreadLocal.withInitial(Walk::new);

    private StridedLoop() {
    }

    /**
     * What a loop's runs read and write: its tensors (by position: first, second, third operand,
     * output) and an op, held by the thread's walk for the loop's duration, so that a call site's
     * {@link Run} can be a constant that captures nothing (a capturing lambda was an allocation
     * per broadcasting op).
     */
    static final class Operands {
        Object op;
        Tensor a;
        Tensor b;
        Tensor c;
        Tensor out;

        private void set(Object op, Tensor a, Tensor b, Tensor c, Tensor out) {
            this.op = op;
            this.a = a;
            this.b = b;
            this.c = c;
            this.out = out;
        }
    }

    /**
     * Receives one contiguous run: the loop's operands, their start offsets and strides (arrays
     * at least as long as the operand count; read only the operands' entries), and the run's
     * output offset and length.
     */
    @FunctionalInterface
    interface Run {
        void apply(Operands t, int[] offsets, int[] innerStrides, int outOffset, int length);
    }

    /** Runs {@code run} over every element of {@code out} for one operand {@code a} broadcast to it. */
    static void forEach(Tensor out, Tensor a, Run run) {
        forEach(out.shape, 1, a.shape, null, null, null, a, null, null, out, run);
    }

    /** Runs {@code run} (which applies {@code op}) over every element of {@code out} for operands {@code a} and {@code b}. */
    static void forEach(Tensor out, Tensor a, Tensor b, Object op, Run run) {
        forEach(out.shape, 2, a.shape, b.shape, null, op, a, b, null, out, run);
    }

    /** Runs {@code run} over every element of {@code out} for operands {@code a}, {@code b}, {@code c}. */
    static void forEach(Tensor out, Tensor a, Tensor b, Tensor c, Run run) {
        forEach(out.shape, 3, a.shape, b.shape, c.shape, null, a, b, c, out, run);
    }

    /**
     * Runs {@code run} over every element of an {@code out}-shaped loop for operands of shapes
     * {@code a} and {@code b} (shapes that are not those of tensors: a batched product's batch
     * dimensions); the run gets no tensors.
     */
    static void forEach(Shape out, Shape a, Shape b, Run run) {
        forEach(out, 2, a, b, null, null, null, null, null, null, run);
    }

    private static void forEach(Shape out, int k, Shape a, Shape b, Shape c, Object op, Tensor ta, Tensor tb,
                                Tensor tc, Tensor tout, Run run) {
        if (out.size() == 0) {
            return;
        }
        Walk walk = WALKS.get();
        if (walk.busy) {
            walk = new Walk();
        }
        walk.busy = true;
        walk.operands.set(op, ta, tb, tc, tout);
        try {
            walk.collapse(out, k, a, b, c);
            walk.run(out.size(), k, run);
        } finally {
            walk.operands.set(null, null, null, null, null); // the thread's walk must not keep tensors alive
            walk.busy = false;
        }
    }

    /** A loop's collapsed dimensions, each operand's strides along them, and the counters of its walk. */
    private static final class Walk {
        boolean busy;
        final Operands operands = new Operands();
        /** Collapsed dimensions; {@code depth} of them are in use. */
        int[] dims = new int[4];
        int depth;
        /** {@code strides[j][d]}: operand j's stride along collapsed dimension d. */
        int[][] strides = new int[MAX_OPERANDS][4];
        /** Operand j's broadcast strides along each output dimension, before collapsing. */
        int[][] full = new int[MAX_OPERANDS][4];
        final int[] offsets = new int[MAX_OPERANDS];
        final int[] inner = new int[MAX_OPERANDS];
        int[] counter = new int[4];

        private void ensureRank(int rank) {
            if (dims.length < rank) {
                dims = new int[rank];
                counter = new int[rank];
                for (int j = 0; j < MAX_OPERANDS; j++) {
                    strides[j] = new int[rank];
                    full[j] = new int[rank];
                }
            }
        }

        /** Fills {@code full[j]} with the strides of {@code operand} broadcast to {@code out} (0 along broadcast dimensions). */
        private void broadcastStrides(int j, Shape operand, Shape out) {
            int r = out.rank();
            int lead = r - operand.rank();
            int[] s = full[j];
            int stride = 1;
            for (int i = r - 1; i >= 0; i--) {
                if (i < lead) {
                    s[i] = 0;
                    continue;
                }
                int d = operand.dim(i - lead);
                s[i] = d == 1 && out.dim(i) != 1 ? 0 : stride;
                stride *= d;
            }
        }

        /** Drops size-1 dimensions and merges dimension i into i+1 where every operand is contiguous across them. */
        void collapse(Shape out, int k, Shape a, Shape b, Shape c) {
            int r = out.rank();
            ensureRank(r);
            broadcastStrides(0, a, out);
            if (k > 1) {
                broadcastStrides(1, b, out);
            }
            if (k > 2) {
                broadcastStrides(2, c, out);
            }
            int m = 0;
            for (int i = 0; i < r; i++) {
                int di = out.dim(i);
                if (di == 1) {
                    continue;
                }
                boolean merge = m > 0;
                for (int j = 0; j < k && merge; j++) {
                    merge = strides[j][m - 1] == full[j][i] * di;
                }
                if (merge) {
                    dims[m - 1] *= di;
                    for (int j = 0; j < k; j++) {
                        strides[j][m - 1] = full[j][i];
                    }
                } else {
                    dims[m] = di;
                    for (int j = 0; j < k; j++) {
                        strides[j][m] = full[j][i];
                    }
                    m++;
                }
            }
            depth = m;
        }

        /** Hands every run of the collapsed loop over {@code n} output elements to {@code run}. */
        void run(int n, int k, Run run) {
            for (int j = 0; j < k; j++) {
                offsets[j] = 0;
                inner[j] = 0;
            }
            int m = depth;
            if (m == 0) {
                run.apply(operands, offsets, inner, 0, 1);
                return;
            }
            int len = dims[m - 1];
            for (int j = 0; j < k; j++) {
                inner[j] = strides[j][m - 1];
                if (inner[j] != 0 && inner[j] != 1) {
                    // A broadcast inside the last dim cannot happen after collapsing: strides there are 0 or 1.
                    throw new IllegalStateException("StridedLoop: inner strides must be 0 or 1");
                }
            }
            int outer = n / len;
            // Runs write disjoint parts of the output, so long loops are split over the engine's threads.
            int minRuns = Math.max(1, EnginePool.MIN_ELEMENTS_PER_TASK / len);
            if (EnginePool.splits(outer, minRuns)) {
                EnginePool.forRange(outer, 1, minRuns, (from, to) ->
                        walk(from, to, len, k, new int[k], new int[m], run));
            } else {
                walk(0, outer, len, k, offsets, counter, run);
            }
        }

        /**
         * Runs {@code from .. to-1} of the collapsed loop with the given offset and counter arrays
         * (a split task brings its own): offsets and counters start at run {@code from}.
         */
        private void walk(int from, int to, int len, int k, int[] offsets, int[] counter, Run run) {
            int m = depth;
            int[][] st = strides;
            for (int j = 0; j < k; j++) {
                offsets[j] = 0;
            }
            counter[m - 1] = 0;
            for (int d = m - 2, rest = from; d >= 0; d--) {
                counter[d] = rest % dims[d];
                rest /= dims[d];
                for (int j = 0; j < k; j++) {
                    offsets[j] += counter[d] * st[j][d];
                }
            }
            for (int o = from; o < to; o++) {
                run.apply(operands, offsets, inner, o * len, len);
                for (int d = m - 2; d >= 0; d--) {
                    counter[d]++;
                    for (int j = 0; j < k; j++) {
                        offsets[j] += st[j][d];
                    }
                    if (counter[d] < dims[d]) {
                        break;
                    }
                    for (int j = 0; j < k; j++) {
                        offsets[j] -= st[j][d] * dims[d];
                    }
                    counter[d] = 0;
                }
            }
        }
    }
}
