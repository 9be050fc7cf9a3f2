package dev.tussle.engine.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels. Transcendental ops are computed with StrictMath exactly as the scalar
 * reference does (see {@link UnaryOp#transcendental()}); the other elementwise loops are
 * generated, one per op and lane type, into
 * {@link VectorLoops} (see {@code engine/src/codegen/GenerateVectorLoops.java} for why), with
 * masked tails, so that an element's result does not depend on where it sits in its array.
 * Results agree with {@link ScalarKernels} (which computes in double and rounds once) to within
 * a few ulps.
 *
 * <p>Only {@link KernelProvider} instantiates this class, and only after it has checked that
 * {@code jdk.incubator.vector} is in the boot layer.
 */
final class VectorKernels implements Kernels {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Transcendental ops are computed like the reference, with StrictMath (see UnaryOp#transcendental). */
    private static final ScalarKernels STRICT = new ScalarKernels();

    @Override
    public String name() {
        return "vector(" + F.vectorBitSize() + "-bit, " + F.length() + " float lanes)";
    }

    @Override
    public void map(UnaryOp op, double alpha, float[] x, int xo, float[] out, int oo, int n) {
        if (op.transcendental()) {
            STRICT.map(op, alpha, x, xo, out, oo, n);
            return;
        }
        VectorLoops.map(op, alpha, x, xo, out, oo, n);
    }

    @Override
    public void map(UnaryOp op, double alpha, double[] x, int xo, double[] out, int oo, int n) {
        if (op.transcendental()) {
            STRICT.map(op, alpha, x, xo, out, oo, n);
            return;
        }
        VectorLoops.map(op, alpha, x, xo, out, oo, n);
    }

    @Override
    public void zip(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        if (op.transcendental()) {
            STRICT.zip(op, a, ao, as, b, bo, bs, out, oo, n);
            return;
        }
        VectorLoops.zip(op, a, ao, as, b, bo, bs, out, oo, n);
    }

    @Override
    public void zip(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
        if (op.transcendental()) {
            STRICT.zip(op, a, ao, as, b, bo, bs, out, oo, n);
            return;
        }
        VectorLoops.zip(op, a, ao, as, b, bo, bs, out, oo, n);
    }

    @Override
    public void select(float[] m, int mo, int ms, float[] a, int ao, int as, float[] b, int bo, int bs,
                       float[] out, int oo, int n) {
        if (ms == 0 || as == 0 || bs == 0) {
            // Broadcast selects are rare (a scalar branch of where); the reference loop serves them.
            for (int i = 0; i < n; i++) {
                out[oo + i] = m[mo + i * ms] != 0 ? a[ao + i * as] : b[bo + i * bs];
            }
            return;
        }
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            VectorMask<Float> take = FloatVector.fromArray(F, m, mo + i).compare(VectorOperators.NE, 0f);
            FloatVector.fromArray(F, b, bo + i).blend(FloatVector.fromArray(F, a, ao + i), take).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = m[mo + i] != 0 ? a[ao + i] : b[bo + i];
        }
    }

    @Override
    public void select(double[] m, int mo, int ms, double[] a, int ao, int as, double[] b, int bo, int bs,
                       double[] out, int oo, int n) {
        if (ms == 0 || as == 0 || bs == 0) {
            for (int i = 0; i < n; i++) {
                out[oo + i] = m[mo + i * ms] != 0 ? a[ao + i * as] : b[bo + i * bs];
            }
            return;
        }
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            VectorMask<Double> take = DoubleVector.fromArray(D, m, mo + i).compare(VectorOperators.NE, 0.0);
            DoubleVector.fromArray(D, b, bo + i).blend(DoubleVector.fromArray(D, a, ao + i), take).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = m[mo + i] != 0 ? a[ao + i] : b[bo + i];
        }
    }

    private static VectorOperators.Associative lanes(ReduceOp op) {
        return switch (op) {
            case SUM -> VectorOperators.ADD;
            case MAX -> VectorOperators.MAX;
            case MIN -> VectorOperators.MIN;
        };
    }

    @Override
    public double reduce(ReduceOp op, float[] x, int off, int n) {
        BinaryOp combine = op.combine();
        double acc = op.identity();
        int i = 0;
        int bound = F.loopBound(n);
        if (bound > 0) {
            VectorOperators.Associative lane = lanes(op);
            FloatVector v = FloatVector.fromArray(F, x, off);
            boolean nan = false;
            for (i = F.length(); i < bound; i += F.length()) {
                FloatVector w = FloatVector.fromArray(F, x, off + i);
                v = v.lanewise(lane, w);
            }
            // max/min lanes drop NaN inconsistently across hardware; detect it explicitly.
            if (op != ReduceOp.SUM) {
                for (int j = 0; j < bound && !nan; j += F.length()) {
                    nan = FloatVector.fromArray(F, x, off + j).test(VectorOperators.IS_NAN).anyTrue();
                }
            }
            acc = nan ? Double.NaN : op == ReduceOp.SUM ? sumLanes(v) : v.reduceLanes(lane);
        }
        for (; i < n; i++) {
            acc = combine.apply(acc, x[off + i]);
        }
        return acc;
    }

    /**
     * The lanes' sum in lane order. reduceLanes(ADD) leaves the order of a floating-point sum
     * unspecified, and the compiled and interpreted forms differ; this order never changes.
     */
    private static double sumLanes(FloatVector v) {
        float s = 0;
        for (int l = 0; l < F.length(); l++) {
            s += v.lane(l);
        }
        return s;
    }

    private static double sumLanes(DoubleVector v) {
        double s = 0;
        for (int l = 0; l < D.length(); l++) {
            s += v.lane(l);
        }
        return s;
    }

    @Override
    public double reduce(ReduceOp op, double[] x, int off, int n) {
        BinaryOp combine = op.combine();
        double acc = op.identity();
        int i = 0;
        int bound = D.loopBound(n);
        if (bound > 0) {
            VectorOperators.Associative lane = lanes(op);
            DoubleVector v = DoubleVector.fromArray(D, x, off);
            boolean nan = false;
            for (i = D.length(); i < bound; i += D.length()) {
                v = v.lanewise(lane, DoubleVector.fromArray(D, x, off + i));
            }
            if (op != ReduceOp.SUM) {
                for (int j = 0; j < bound && !nan; j += D.length()) {
                    nan = DoubleVector.fromArray(D, x, off + j).test(VectorOperators.IS_NAN).anyTrue();
                }
            }
            acc = nan ? Double.NaN : op == ReduceOp.SUM ? sumLanes(v) : v.reduceLanes(lane);
        }
        for (; i < n; i++) {
            acc = combine.apply(acc, x[off + i]);
        }
        return acc;
    }

    @Override
    public void gemm(int m, int n, int k, float[] a, int ao, float[] b, int bo, float[] c, int co, boolean accumulate) {
        int bound = F.loopBound(n);
        for (int i = 0; i < m; i++) {
            int crow = co + i * n;
            if (!accumulate) {
                java.util.Arrays.fill(c, crow, crow + n, 0f);
            }
            for (int p = 0; p < k; p++) {
                float aip = a[ao + i * k + p];
                FloatVector va = FloatVector.broadcast(F, aip);
                int brow = bo + p * n;
                int j = 0;
                for (; j < bound; j += F.length()) {
                    va.fma(FloatVector.fromArray(F, b, brow + j), FloatVector.fromArray(F, c, crow + j))
                            .intoArray(c, crow + j);
                }
                for (; j < n; j++) {
                    c[crow + j] = Math.fma(aip, b[brow + j], c[crow + j]);
                }
            }
        }
    }

    @Override
    public void gemm(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co, boolean accumulate) {
        int bound = D.loopBound(n);
        for (int i = 0; i < m; i++) {
            int crow = co + i * n;
            if (!accumulate) {
                java.util.Arrays.fill(c, crow, crow + n, 0.0);
            }
            for (int p = 0; p < k; p++) {
                double aip = a[ao + i * k + p];
                DoubleVector va = DoubleVector.broadcast(D, aip);
                int brow = bo + p * n;
                int j = 0;
                for (; j < bound; j += D.length()) {
                    va.fma(DoubleVector.fromArray(D, b, brow + j), DoubleVector.fromArray(D, c, crow + j))
                            .intoArray(c, crow + j);
                }
                for (; j < n; j++) {
                    c[crow + j] = Math.fma(aip, b[brow + j], c[crow + j]);
                }
            }
        }
    }
}
