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
    /** Transcendental ops (see UnaryOp#transcendental) and broadcast selects use the reference loops. */
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
            STRICT.select(m, mo, ms, a, ao, as, b, bo, bs, out, oo, n);
        } else {
            VectorLoops.select(m, mo, a, ao, b, bo, out, oo, n);
        }
    }

    @Override
    public void select(double[] m, int mo, int ms, double[] a, int ao, int as, double[] b, int bo, int bs,
                       double[] out, int oo, int n) {
        if (ms == 0 || as == 0 || bs == 0) {
            STRICT.select(m, mo, ms, a, ao, as, b, bo, bs, out, oo, n);
        } else {
            VectorLoops.select(m, mo, a, ao, b, bo, out, oo, n);
        }
    }

    @Override
    public double reduce(ReduceOp op, float[] x, int off, int n) {
        return VectorLoops.reduce(op, x, off, n);
    }

    @Override
    public double reduce(ReduceOp op, double[] x, int off, int n) {
        return VectorLoops.reduce(op, x, off, n);
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
