package dev.tussle.engine.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels. Transcendental ops give the bits of the scalar reference's StrictMath (see
 * {@link UnaryOp#transcendental()}): the exponential ones lane-wise ({@link VectorTranscendentals}),
 * the others through StrictMath itself; the other elementwise loops are
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
    /** Transcendental ops without a lane-wise form (see UnaryOp#transcendental) and broadcast selects use the reference loops. */
    private static final ScalarKernels STRICT = new ScalarKernels();
    /** Shared by the GEMM's epilogue; the class holds no state. */
    static final VectorKernels INSTANCE = new VectorKernels();

    @Override
    public String name() {
        return "vector(" + F.vectorBitSize() + "-bit, " + F.length() + " float lanes)";
    }

    @Override
    public void boxMuller(int n, double[] u, int u1, int u2, double[] out, int cosOut, int sinOut) {
        KernelChecks.boxMuller(n, u, u1, u2, out, cosOut, sinOut);
        VectorBoxMuller.transform(n, u, u1, u2, out, cosOut, sinOut);
    }

    @Override
    public void map(UnaryOp op, double alpha, float[] x, int xo, float[] out, int oo, int n) {
        if (op.transcendental()) {
            if (VectorTranscendentals.serves(op, n)) {
                VectorTranscendentals.map(op, x, xo, out, oo, n);
                return;
            }
            STRICT.map(op, alpha, x, xo, out, oo, n);
            return;
        }
        VectorLoops.map(op, alpha, x, xo, out, oo, n);
    }

    @Override
    public void map(UnaryOp op, double alpha, double[] x, int xo, double[] out, int oo, int n) {
        if (op.transcendental()) {
            if (VectorTranscendentals.serves(op, n)) {
                VectorTranscendentals.map(op, x, xo, out, oo, n);
                return;
            }
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

    private static final Gemm<float[]> GEMM_F32 = new Gemm<>(FloatGemmOps.INSTANCE);
    private static final Gemm<double[]> GEMM_F64 = new Gemm<>(DoubleGemmOps.INSTANCE);

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int ao, float[] b, int bo,
                     float[] c, int co, boolean accumulate) {
        KernelChecks.gemm("gemm", 1, transA, transB, m, n, k, a.length, ao, 0, b.length, bo, 0, c.length, co, 0);
        GEMM_F32.multiply(1, transA, transB, m, n, k, a, ao, 0, b, bo, 0, c, co, 0, accumulate, null);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int ao, double[] b, int bo,
                     double[] c, int co, boolean accumulate) {
        KernelChecks.gemm("gemm", 1, transA, transB, m, n, k, a.length, ao, 0, b.length, bo, 0, c.length, co, 0);
        GEMM_F64.multiply(1, transA, transB, m, n, k, a, ao, 0, b, bo, 0, c, co, 0, accumulate, null);
    }

    @Override
    public void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int ao, int strideA, float[] b, int bo, int strideB,
                            float[] c, int co, int strideC, boolean accumulate) {
        KernelChecks.gemm("gemmBatched", batch, transA, transB, m, n, k,
                a.length, ao, strideA, b.length, bo, strideB, c.length, co, strideC);
        GEMM_F32.multiply(batch, transA, transB, m, n, k, a, ao, strideA, b, bo, strideB, c, co, strideC,
                accumulate, null);
    }

    @Override
    public void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k,
                            double[] a, int ao, int strideA, double[] b, int bo, int strideB,
                            double[] c, int co, int strideC, boolean accumulate) {
        KernelChecks.gemm("gemmBatched", batch, transA, transB, m, n, k,
                a.length, ao, strideA, b.length, bo, strideB, c.length, co, strideC);
        GEMM_F64.multiply(batch, transA, transB, m, n, k, a, ao, strideA, b, bo, strideB, c, co, strideC,
                accumulate, null);
    }

    @Override
    public void linearForward(Activation act, double alpha, int m, int n, int k, float[] x, int xo, float[] w, int wo,
                              float[] bias, int biasOffset, float[] out, int oo) {
        KernelChecks.linear("linearForward", m, n, k, x.length, xo, w.length, wo,
                bias == null ? 0 : bias.length, biasOffset, bias != null, out.length, oo);
        GEMM_F32.multiplyLayer(m, n, k, x, xo, w, wo, out, oo, act, alpha, bias, biasOffset);
    }

    @Override
    public void linearForward(Activation act, double alpha, int m, int n, int k, double[] x, int xo, double[] w, int wo,
                              double[] bias, int biasOffset, double[] out, int oo) {
        KernelChecks.linear("linearForward", m, n, k, x.length, xo, w.length, wo,
                bias == null ? 0 : bias.length, biasOffset, bias != null, out.length, oo);
        GEMM_F64.multiplyLayer(m, n, k, x, xo, w, wo, out, oo, act, alpha, bias, biasOffset);
    }

    @Override
    public void activationBackward(Activation act, double alpha, float[] y, int yo, float[] g, int go,
                                   float[] out, int oo, int n) {
        KernelChecks.elements("activationBackward", n, y.length, yo, g.length, go, out.length, oo);
        VectorLoops.activationBackward(act, alpha, y, yo, g, go, out, oo, n);
    }

    @Override
    public void activationBackward(Activation act, double alpha, double[] y, int yo, double[] g, int go,
                                   double[] out, int oo, int n) {
        KernelChecks.elements("activationBackward", n, y.length, yo, g.length, go, out.length, oo);
        VectorLoops.activationBackward(act, alpha, y, yo, g, go, out, oo, n);
    }

    /**
     * Rows per block of {@link #addToRows} and {@link #columnSum}: a block stays in L1 while each
     * vector of columns passes over it. (A four-vector-wide body of addToRows was 349 bytes of
     * bytecode and C1 gave up on it, "out of virtual registers", which left some JVMs running the
     * Vector API uncompiled: a 4.8 ms GAN step instead of 2.0.)
     */
    static final int ROWS_PER_BLOCK = 64;

    @Override
    public void addToRows(int m, int n, float[] bias, int bo, float[] c, int co, int ldc) {
        KernelChecks.addToRows(m, n, bias.length, bo, c.length, co, ldc);
        VectorLoops.addToRows(m, n, bias, bo, c, co, ldc);
    }

    @Override
    public void addToRows(int m, int n, double[] bias, int bo, double[] c, int co, int ldc) {
        KernelChecks.addToRows(m, n, bias.length, bo, c.length, co, ldc);
        VectorLoops.addToRows(m, n, bias, bo, c, co, ldc);
    }

    /**
     * Rows of about this many elements at a time ({@code 8 KB} of floats): the column sums read
     * them from L1 right after the activation's backward wrote them.
     */
    private static final int ROW_BLOCK_ELEMENTS = 2048;

    /**
     * In blocks of rows: each column's sum continues from block to block (columnSum stores and
     * reloads partial sums, exactly), so the bits are those of one call over all rows.
     */
    @Override
    public void activationBackwardColumnSum(Activation act, double alpha, int m, int n, float[] y, int yo,
                                            float[] g, int go, float[] out, int oo, float[] sums, int so) {
        KernelChecks.activationBackwardColumnSum(m, n, y.length, yo, g.length, go, out.length, oo, sums.length, so);
        if (m == 0) {
            VectorLoops.columnSum(0, n, out, oo, n, sums, so, false); // zeros
            return;
        }
        int rows = Math.max(1, ROW_BLOCK_ELEMENTS / Math.max(1, n));
        for (int i = 0; i < m; i += rows) {
            int h = Math.min(rows, m - i);
            VectorLoops.activationBackward(act, alpha, y, yo + i * n, g, go + i * n, out, oo + i * n, h * n);
            VectorLoops.columnSum(h, n, out, oo + i * n, n, sums, so, i > 0);
        }
    }

    /** {@link #activationBackwardColumnSum(Activation, double, int, int, float[], int, float[], int, float[], int, float[], int)} for float64. */
    @Override
    public void activationBackwardColumnSum(Activation act, double alpha, int m, int n, double[] y, int yo,
                                            double[] g, int go, double[] out, int oo, double[] sums, int so) {
        KernelChecks.activationBackwardColumnSum(m, n, y.length, yo, g.length, go, out.length, oo, sums.length, so);
        if (m == 0) {
            VectorLoops.columnSum(0, n, out, oo, n, sums, so, false); // zeros
            return;
        }
        int rows = Math.max(1, ROW_BLOCK_ELEMENTS / Math.max(1, n));
        for (int i = 0; i < m; i += rows) {
            int h = Math.min(rows, m - i);
            VectorLoops.activationBackward(act, alpha, y, yo + i * n, g, go + i * n, out, oo + i * n, h * n);
            VectorLoops.columnSum(h, n, out, oo + i * n, n, sums, so, i > 0);
        }
    }

    @Override
    public void columnSum(int m, int n, float[] x, int xo, int ldx, float[] out, int oo, boolean accumulate) {
        KernelChecks.columnSum(m, n, x.length, xo, ldx, out.length, oo);
        VectorLoops.columnSum(m, n, x, xo, ldx, out, oo, accumulate);
    }

    @Override
    public void columnSum(int m, int n, double[] x, int xo, int ldx, double[] out, int oo, boolean accumulate) {
        KernelChecks.columnSum(m, n, x.length, xo, ldx, out.length, oo);
        VectorLoops.columnSum(m, n, x, xo, ldx, out, oo, accumulate);
    }
}
