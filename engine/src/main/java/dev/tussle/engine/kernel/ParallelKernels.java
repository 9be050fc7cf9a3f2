package dev.tussle.engine.kernel;

/**
 * The chosen {@link Kernels} with long elementwise runs split over the engine's threads
 * ({@link EnginePool#forRange}, through the calling thread's {@link SplitCall}, so that a split
 * call allocates nothing). Every elementwise kernel computes an element from the elements
 * at the same index only, and its result does not depend on where the element sits in the run
 * (the vector loops have masked tails, see {@code PositionIndependenceTest}), so a split run
 * gives the same bits as one call. Reductions are passed through unsplit (splitting would
 * change their order of additions, or, for the scalar column sums that accumulate in double,
 * their rounding); products are split by {@link Gemm} itself.
 */
final class ParallelKernels implements Kernels {
    private static final int MIN_ELEMENTS_PER_TASK = EnginePool.MIN_ELEMENTS_PER_TASK;
    /** Shares start at multiples of this: whole 512-bit vectors of either element type. */
    private static final int GRAIN = 16;

    private final Kernels inner;

    ParallelKernels(Kernels inner) {
        this.inner = inner;
    }

    /** The kernels this one splits work for. */
    Kernels inner() {
        return inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    /** Pairs per task: 512 pairs take about 10 µs, a polling helper picks a share up in about one. */
    private static final int MIN_PAIRS_PER_TASK = 1 << 9;

    @Override
    public void boxMuller(int n, double[] u, int u1, int u2, double[] out, int cosOut, int sinOut) {
        if (!EnginePool.splits(n, MIN_PAIRS_PER_TASK)) {
            inner.boxMuller(n, u, u1, u2, out, cosOut, sinOut);
            return;
        }
        KernelChecks.boxMuller(n, u, u1, u2, out, cosOut, sinOut);
        SplitCall.of(inner).boxMuller(u, u1, u2, out, cosOut, sinOut).runOver(n, 1, MIN_PAIRS_PER_TASK);
    }

    @Override
    public void map(UnaryOp op, double alpha, float[] x, int xo, float[] out, int oo, int n) {
        if (!EnginePool.splits(n, MIN_ELEMENTS_PER_TASK)) {
            inner.map(op, alpha, x, xo, out, oo, n);
            return;
        }
        SplitCall.of(inner).map(op, alpha, x, xo, out, oo).runOver(n, GRAIN, MIN_ELEMENTS_PER_TASK);
    }

    @Override
    public void map(UnaryOp op, double alpha, double[] x, int xo, double[] out, int oo, int n) {
        if (!EnginePool.splits(n, MIN_ELEMENTS_PER_TASK)) {
            inner.map(op, alpha, x, xo, out, oo, n);
            return;
        }
        SplitCall.of(inner).map(op, alpha, x, xo, out, oo).runOver(n, GRAIN, MIN_ELEMENTS_PER_TASK);
    }

    @Override
    public void zip(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        KernelChecks.strides("zip", as, bs);
        if (!EnginePool.splits(n, MIN_ELEMENTS_PER_TASK)) {
            inner.zip(op, a, ao, as, b, bo, bs, out, oo, n);
            return;
        }
        SplitCall.of(inner).zip(op, a, ao, as, b, bo, bs, out, oo).runOver(n, GRAIN, MIN_ELEMENTS_PER_TASK);
    }

    @Override
    public void zip(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
        KernelChecks.strides("zip", as, bs);
        if (!EnginePool.splits(n, MIN_ELEMENTS_PER_TASK)) {
            inner.zip(op, a, ao, as, b, bo, bs, out, oo, n);
            return;
        }
        SplitCall.of(inner).zip(op, a, ao, as, b, bo, bs, out, oo).runOver(n, GRAIN, MIN_ELEMENTS_PER_TASK);
    }

    @Override
    public void select(float[] m, int mo, int ms, float[] a, int ao, int as, float[] b, int bo, int bs,
                       float[] out, int oo, int n) {
        KernelChecks.strides("select", ms, as, bs);
        if (!EnginePool.splits(n, MIN_ELEMENTS_PER_TASK)) {
            inner.select(m, mo, ms, a, ao, as, b, bo, bs, out, oo, n);
            return;
        }
        SplitCall.of(inner).select(m, mo, ms, a, ao, as, b, bo, bs, out, oo).runOver(n, GRAIN, MIN_ELEMENTS_PER_TASK);
    }

    @Override
    public void select(double[] m, int mo, int ms, double[] a, int ao, int as, double[] b, int bo, int bs,
                       double[] out, int oo, int n) {
        KernelChecks.strides("select", ms, as, bs);
        if (!EnginePool.splits(n, MIN_ELEMENTS_PER_TASK)) {
            inner.select(m, mo, ms, a, ao, as, b, bo, bs, out, oo, n);
            return;
        }
        SplitCall.of(inner).select(m, mo, ms, a, ao, as, b, bo, bs, out, oo).runOver(n, GRAIN, MIN_ELEMENTS_PER_TASK);
    }

    @Override
    public double reduce(ReduceOp op, float[] x, int off, int n) {
        return inner.reduce(op, x, off, n);
    }

    @Override
    public double reduce(ReduceOp op, double[] x, int off, int n) {
        return inner.reduce(op, x, off, n);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int ao, float[] b, int bo,
                     float[] c, int co, boolean accumulate) {
        inner.gemm(transA, transB, m, n, k, a, ao, b, bo, c, co, accumulate);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int ao, double[] b, int bo,
                     double[] c, int co, boolean accumulate) {
        inner.gemm(transA, transB, m, n, k, a, ao, b, bo, c, co, accumulate);
    }

    @Override
    public void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int ao, int strideA, float[] b, int bo, int strideB,
                            float[] c, int co, int strideC, boolean accumulate) {
        inner.gemmBatched(batch, transA, transB, m, n, k, a, ao, strideA, b, bo, strideB, c, co, strideC, accumulate);
    }

    @Override
    public void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k,
                            double[] a, int ao, int strideA, double[] b, int bo, int strideB,
                            double[] c, int co, int strideC, boolean accumulate) {
        inner.gemmBatched(batch, transA, transB, m, n, k, a, ao, strideA, b, bo, strideB, c, co, strideC, accumulate);
    }

    @Override
    public void linearForward(Activation act, double alpha, int m, int n, int k, float[] x, int xo, float[] w, int wo,
                              float[] bias, int biasOffset, float[] out, int oo) {
        inner.linearForward(act, alpha, m, n, k, x, xo, w, wo, bias, biasOffset, out, oo);
    }

    @Override
    public void linearForward(Activation act, double alpha, int m, int n, int k, double[] x, int xo, double[] w, int wo,
                              double[] bias, int biasOffset, double[] out, int oo) {
        inner.linearForward(act, alpha, m, n, k, x, xo, w, wo, bias, biasOffset, out, oo);
    }

    @Override
    public void activationBackward(Activation act, double alpha, float[] y, int yo, float[] g, int go,
                                   float[] out, int oo, int n) {
        if (!EnginePool.splits(n, MIN_ELEMENTS_PER_TASK)) {
            inner.activationBackward(act, alpha, y, yo, g, go, out, oo, n);
            return;
        }
        KernelChecks.elements("activationBackward", n, y.length, yo, g.length, go, out.length, oo);
        SplitCall.of(inner).activationBackward(act, alpha, y, yo, g, go, out, oo).runOver(n, GRAIN, MIN_ELEMENTS_PER_TASK);
    }

    @Override
    public void activationBackward(Activation act, double alpha, double[] y, int yo, double[] g, int go,
                                   double[] out, int oo, int n) {
        if (!EnginePool.splits(n, MIN_ELEMENTS_PER_TASK)) {
            inner.activationBackward(act, alpha, y, yo, g, go, out, oo, n);
            return;
        }
        KernelChecks.elements("activationBackward", n, y.length, yo, g.length, go, out.length, oo);
        SplitCall.of(inner).activationBackward(act, alpha, y, yo, g, go, out, oo).runOver(n, GRAIN, MIN_ELEMENTS_PER_TASK);
    }

    /** The inner kernels' interleaved pass for what one thread does; else the two passes, each split over the threads (the same bits). */
    @Override
    public void activationBackwardColumnSum(Activation act, double alpha, int m, int n, float[] y, int yo,
                                            float[] g, int go, float[] out, int oo, float[] sums, int so) {
        if (EnginePool.splits(m * n, MIN_ELEMENTS_PER_TASK)) {
            KernelChecks.activationBackwardColumnSum(m, n, y.length, yo, g.length, go, out.length, oo, sums.length, so);
            activationBackward(act, alpha, y, yo, g, go, out, oo, m * n);
            // Columns split over the threads as Reductions splits a sum: each is one chain in row order.
            SplitCall.of(inner).columnSum(m, out, oo, n, sums, so).runOver(n, 16, EnginePool.minColumnsPerTask(m));
        } else {
            inner.activationBackwardColumnSum(act, alpha, m, n, y, yo, g, go, out, oo, sums, so);
        }
    }

    /** {@link #activationBackwardColumnSum(Activation, double, int, int, float[], int, float[], int, float[], int, float[], int)} for float64. */
    @Override
    public void activationBackwardColumnSum(Activation act, double alpha, int m, int n, double[] y, int yo,
                                            double[] g, int go, double[] out, int oo, double[] sums, int so) {
        if (EnginePool.splits(m * n, MIN_ELEMENTS_PER_TASK)) {
            KernelChecks.activationBackwardColumnSum(m, n, y.length, yo, g.length, go, out.length, oo, sums.length, so);
            activationBackward(act, alpha, y, yo, g, go, out, oo, m * n);
            // Columns split over the threads as Reductions splits a sum: each is one chain in row order.
            SplitCall.of(inner).columnSum(m, out, oo, n, sums, so).runOver(n, 16, EnginePool.minColumnsPerTask(m));
        } else {
            inner.activationBackwardColumnSum(act, alpha, m, n, y, yo, g, go, out, oo, sums, so);
        }
    }

    @Override
    public void columnSum(int m, int n, float[] x, int xo, int ldx, float[] out, int oo, boolean accumulate) {
        inner.columnSum(m, n, x, xo, ldx, out, oo, accumulate);
    }

    @Override
    public void columnSum(int m, int n, double[] x, int xo, int ldx, double[] out, int oo, boolean accumulate) {
        inner.columnSum(m, n, x, xo, ldx, out, oo, accumulate);
    }

    @Override
    public void addToRows(int m, int n, float[] bias, int bo, float[] c, int co, int ldc) {
        inner.addToRows(m, n, bias, bo, c, co, ldc);
    }

    @Override
    public void addToRows(int m, int n, double[] bias, int bo, double[] c, int co, int ldc) {
        inner.addToRows(m, n, bias, bo, c, co, ldc);
    }
}
