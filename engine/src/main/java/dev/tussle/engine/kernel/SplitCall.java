package dev.tussle.engine.kernel;

/**
 * One elementwise kernel call split over the engine's threads by {@link ParallelKernels}: the
 * call's arguments, and the share {@code [from, to)} of its elements that {@link #run} hands to
 * the unsplit kernels. Each calling thread reuses one instance (a lambda capturing the arguments
 * cost 56 bytes a split call), which is safe because {@link EnginePool#forRange} returns only
 * when every share is done and the shares call the unsplit kernels, never back into a split.
 * Arrays are held as {@code Object} so that one instance serves float32 and float64; {@link #run}
 * picks the overload by the array's type.
 */
final class SplitCall implements EnginePool.Range {
    private enum Kind { MAP, ZIP, SELECT, ACTIVATION_BACKWARD, COLUMN_SUM, BOX_MULLER }

    private static final ThreadLocal<SplitCall> PER_THREAD = ThreadLocal.withInitial(SplitCall::new);

    private Kernels inner;
    private Kind kind;
    private UnaryOp unary;
    private BinaryOp binary;
    private Activation activation;
    private double alpha;
    /** Operands in the order of the kernel's parameters; {@code out} is the array the share writes. */
    private Object a;
    private Object b;
    private Object c;
    private Object out;
    private int ao;
    private int as;
    private int bo;
    private int bs;
    private int co;
    private int cs;
    private int oo;
    private int oo2;
    private int rows;
    private int ld;

    private SplitCall() {
    }

    /** The calling thread's instance, set to split work for {@code inner}. */
    static SplitCall of(Kernels inner) {
        SplitCall call = PER_THREAD.get();
        call.inner = inner;
        return call;
    }

    /** {@link Kernels#map}: {@code out[oo + i] = op(x[xo + i])}. */
    SplitCall map(UnaryOp op, double alpha, Object x, int xo, Object out, int oo) {
        kind = Kind.MAP;
        unary = op;
        this.alpha = alpha;
        a = x;
        ao = xo;
        return output(out, oo);
    }

    /** {@link Kernels#zip}, operands read with strides {@code as} and {@code bs} (0 broadcasts). */
    SplitCall zip(BinaryOp op, Object a, int ao, int as, Object b, int bo, int bs, Object out, int oo) {
        kind = Kind.ZIP;
        binary = op;
        operands(a, ao, as, b, bo, bs);
        return output(out, oo);
    }

    /** {@link Kernels#select}: mask {@code m}, then the two choices. */
    SplitCall select(Object m, int mo, int ms, Object a, int ao, int as, Object b, int bo, int bs, Object out, int oo) {
        kind = Kind.SELECT;
        operands(m, mo, ms, a, ao, as);
        c = b;
        co = bo;
        cs = bs;
        return output(out, oo);
    }

    /** {@link Kernels#activationBackward}: {@code out = act'(y) · g}. */
    SplitCall activationBackward(Activation act, double alpha, Object y, int yo, Object g, int go, Object out, int oo) {
        kind = Kind.ACTIVATION_BACKWARD;
        activation = act;
        this.alpha = alpha;
        operands(y, yo, 1, g, go, 1);
        return output(out, oo);
    }

    /** {@link Kernels#columnSum} of an {@code m}-row matrix with row stride {@code ldx}, split by columns. */
    SplitCall columnSum(int m, Object x, int xo, int ldx, Object sums, int so) {
        kind = Kind.COLUMN_SUM;
        rows = m;
        ld = ldx;
        a = x;
        ao = xo;
        return output(sums, so);
    }

    /** {@link Kernels#boxMuller}: uniforms at {@code u1} and {@code u2}, draws at {@code cosOut} and {@code sinOut}. */
    SplitCall boxMuller(double[] u, int u1, int u2, double[] out, int cosOut, int sinOut) {
        kind = Kind.BOX_MULLER;
        operands(u, u1, 1, u, u2, 1);
        oo2 = sinOut;
        return output(out, cosOut);
    }

    /**
     * Runs the call over {@code n} elements (pairs, columns) with {@link EnginePool#forRange}, then
     * lets go of its arrays, so that a finished call keeps nothing alive.
     */
    void runOver(int n, int grain, int minPerTask) {
        try {
            EnginePool.forRange(n, grain, minPerTask, this);
        } finally {
            a = null;
            b = null;
            c = null;
            out = null;
            inner = null;
        }
    }

    @Override
    public void run(int from, int to) {
        int len = to - from;
        switch (kind) {
            case MAP -> {
                if (a instanceof float[] x) {
                    inner.map(unary, alpha, x, ao + from, (float[]) out, oo + from, len);
                } else {
                    inner.map(unary, alpha, (double[]) a, ao + from, (double[]) out, oo + from, len);
                }
            }
            case ZIP -> {
                if (a instanceof float[] x) {
                    inner.zip(binary, x, ao + from * as, as, (float[]) b, bo + from * bs, bs, (float[]) out, oo + from, len);
                } else {
                    inner.zip(binary, (double[]) a, ao + from * as, as, (double[]) b, bo + from * bs, bs,
                            (double[]) out, oo + from, len);
                }
            }
            case SELECT -> {
                if (a instanceof float[] m) {
                    inner.select(m, ao + from * as, as, (float[]) b, bo + from * bs, bs, (float[]) c, co + from * cs, cs,
                            (float[]) out, oo + from, len);
                } else {
                    inner.select((double[]) a, ao + from * as, as, (double[]) b, bo + from * bs, bs,
                            (double[]) c, co + from * cs, cs, (double[]) out, oo + from, len);
                }
            }
            case ACTIVATION_BACKWARD -> {
                if (a instanceof float[] y) {
                    inner.activationBackward(activation, alpha, y, ao + from, (float[]) b, bo + from,
                            (float[]) out, oo + from, len);
                } else {
                    inner.activationBackward(activation, alpha, (double[]) a, ao + from, (double[]) b, bo + from,
                            (double[]) out, oo + from, len);
                }
            }
            case COLUMN_SUM -> {
                if (a instanceof float[] x) {
                    inner.columnSum(rows, len, x, ao + from, ld, (float[]) out, oo + from, false);
                } else {
                    inner.columnSum(rows, len, (double[]) a, ao + from, ld, (double[]) out, oo + from, false);
                }
            }
            case BOX_MULLER -> inner.boxMuller(len, (double[]) a, ao + from, bo + from, (double[]) out, oo + from,
                    oo2 + from);
        }
    }

    private void operands(Object a, int ao, int as, Object b, int bo, int bs) {
        this.a = a;
        this.ao = ao;
        this.as = as;
        this.b = b;
        this.bo = bo;
        this.bs = bs;
    }

    private SplitCall output(Object out, int oo) {
        this.out = out;
        this.oo = oo;
        return this;
    }
}
