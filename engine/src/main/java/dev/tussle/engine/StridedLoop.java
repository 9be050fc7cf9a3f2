package dev.tussle.engine;

import dev.tussle.engine.kernel.EnginePool;

/**
 * The one loop shape behind every broadcasting op: walk the output in row-major order as runs
 * along its last (collapsed) dimension, with each operand's offset advancing by its broadcast
 * stride (0 along a broadcast dimension). Each run is handed to a kernel with inner strides of
 * 0 or 1. Adjacent dimensions that are contiguous for every operand are merged first, so equal
 * shapes become a single run. Long loops are split over {@link EnginePool}'s threads by runs: a
 * {@link Run} must only write the output elements of its own run.
 */
final class StridedLoop {
    private StridedLoop() {
    }

    /** Receives one contiguous run: the operands' start offsets and strides, and its length. */
    @FunctionalInterface
    interface Run {
        void apply(int[] offsets, int[] innerStrides, int outOffset, int length);
    }

    /** The strides of {@code operand} when broadcast to {@code out} (0 along broadcast dimensions). */
    static int[] broadcastStrides(Shape operand, Shape out) {
        int r = out.rank();
        int[] s = new int[r];
        int[] own = operand.strides();
        int lead = r - operand.rank();
        for (int i = lead; i < r; i++) {
            s[i] = operand.dim(i - lead) == 1 && out.dim(i) != 1 ? 0 : own[i - lead];
        }
        return s;
    }

    /** Runs {@code run} over every element of {@code out} for operands of the given shapes. */
    static void forEach(Shape out, Shape[] operands, Run run) {
        int n = out.size();
        if (n == 0) {
            return;
        }
        int k = operands.length;
        int r = out.rank();
        int[][] strides = new int[k][];
        for (int j = 0; j < k; j++) {
            strides[j] = broadcastStrides(operands[j], out);
        }
        // Collapse: drop size-1 dims, merge i into i+1 where every operand is contiguous across them.
        int[] dims = new int[r];
        int[][] st = new int[k][r];
        int m = 0;
        for (int i = 0; i < r; i++) {
            int di = out.dim(i);
            if (di == 1) {
                continue;
            }
            boolean merge = m > 0;
            for (int j = 0; j < k && merge; j++) {
                merge = st[j][m - 1] == strides[j][i] * di;
            }
            if (merge) {
                dims[m - 1] *= di;
                for (int j = 0; j < k; j++) {
                    st[j][m - 1] = strides[j][i];
                }
            } else {
                dims[m] = di;
                for (int j = 0; j < k; j++) {
                    st[j][m] = strides[j][i];
                }
                m++;
            }
        }
        int[] offsets = new int[k];
        int[] inner = new int[k];
        if (m == 0) {
            run.apply(offsets, inner, 0, 1);
            return;
        }
        int len = dims[m - 1];
        for (int j = 0; j < k; j++) {
            inner[j] = st[j][m - 1];
        }
        boolean innerUnit = true;
        for (int j = 0; j < k; j++) {
            innerUnit &= inner[j] == 0 || inner[j] == 1;
        }
        if (!innerUnit) {
            // A broadcast inside the last dim cannot happen after collapsing: strides there are 0 or 1.
            throw new IllegalStateException("StridedLoop: inner strides must be 0 or 1");
        }
        int outer = n / len;
        int depth = m;
        // Runs write disjoint parts of the output, so long loops are split over the engine's threads.
        int minRuns = Math.max(1, EnginePool.MIN_ELEMENTS_PER_TASK / len);
        if (EnginePool.splits(outer, minRuns)) {
            EnginePool.forRange(outer, 1, minRuns, (from, to) -> walk(from, to, len, st, dims, depth, inner, run));
        } else {
            walk(0, outer, len, st, dims, depth, inner, run);
        }
    }

    /** Runs {@code from .. to-1} of the collapsed loop: offsets and counters start at run {@code from}. */
    private static void walk(int from, int to, int len, int[][] st, int[] dims, int m, int[] inner, Run run) {
        int k = st.length;
        int[] offsets = new int[k];
        int[] counter = new int[m];
        for (int d = m - 2, rest = from; d >= 0; d--) {
            counter[d] = rest % dims[d];
            rest /= dims[d];
            for (int j = 0; j < k; j++) {
                offsets[j] += counter[d] * st[j][d];
            }
        }
        for (int o = from; o < to; o++) {
            run.apply(offsets, inner, o * len, len);
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
