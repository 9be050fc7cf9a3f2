package dev.tussle.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float leaves of {@link Gemm}: a 12×(2 vectors) register tile on {@link FloatVector} (16 lanes with AVX-512).
 * Twelve rows by two vectors is 24 accumulators, two B vectors and one broadcast: all 32 vector
 * registers of AVX-512 without spilling, and C2 compiles each k-step to 24 FMAs. The k loop is
 * deliberately not unrolled by hand (that made C2 spill).
 *
 * <p>This class and its {@code double} twin are the only per-type code of the GEMM:
 * the Vector API has no lane-type-generic load or broadcast that C2 compiles without boxing.
 */
final class FloatGemmOps extends GemmElementOps<float[]> {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int W = F.length();

    /** The one instance; it holds no state. */
    static final FloatGemmOps INSTANCE = new FloatGemmOps();

    private FloatGemmOps() {
        super(12, 2 * W, 256, 96, 4096);
    }

    @Override
    float[] allocate(int length) {
        return new float[length];
    }

    @Override
    int length(float[] array) {
        return array.length;
    }

    @Override
    void zero(float[] dst, int from, int to) {
        java.util.Arrays.fill(dst, from, to, 0f);
    }

    @Override
    void copyStrided(float[] src, int sOff, int sStride, float[] dst, int dOff, int dStride, int count) {
        for (int i = 0; i < count; i++) {
            dst[dOff + i * dStride] = src[sOff + i * sStride];
        }
    }

    @Override
    void microKernel(int kc, float[] a, int ai, int ars, int aps, float[] b, int bi, int bps,
                     float[] c, int ci, int ldc, boolean add) {
        FloatVector z = FloatVector.zero(F);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z, c80 = z, c81 = z, c90 = z, c91 = z, c100 = z, c101 = z, c110 = z, c111 = z;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(F, b, bi);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + W);
            FloatVector a0 = FloatVector.broadcast(F, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(F, a[ai + ars]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(F, a[ai + 2 * ars]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(F, a[ai + 3 * ars]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(F, a[ai + 4 * ars]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(F, a[ai + 5 * ars]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(F, a[ai + 6 * ars]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(F, a[ai + 7 * ars]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
            FloatVector a8 = FloatVector.broadcast(F, a[ai + 8 * ars]);
            c80 = a8.fma(b0, c80);
            c81 = a8.fma(b1, c81);
            FloatVector a9 = FloatVector.broadcast(F, a[ai + 9 * ars]);
            c90 = a9.fma(b0, c90);
            c91 = a9.fma(b1, c91);
            FloatVector a10 = FloatVector.broadcast(F, a[ai + 10 * ars]);
            c100 = a10.fma(b0, c100);
            c101 = a10.fma(b1, c101);
            FloatVector a11 = FloatVector.broadcast(F, a[ai + 11 * ars]);
            c110 = a11.fma(b0, c110);
            c111 = a11.fma(b1, c111);
            ai += aps;
            bi += bps;
        }
        // Written out rather than in a helper: C2 stops inlining in a method this large, and a
        // vector passed to a call that is not inlined is boxed.
        if (add) {
            c00 = c00.add(FloatVector.fromArray(F, c, ci));
            c01 = c01.add(FloatVector.fromArray(F, c, ci + W));
            c10 = c10.add(FloatVector.fromArray(F, c, ci + 1 * ldc));
            c11 = c11.add(FloatVector.fromArray(F, c, ci + 1 * ldc + W));
            c20 = c20.add(FloatVector.fromArray(F, c, ci + 2 * ldc));
            c21 = c21.add(FloatVector.fromArray(F, c, ci + 2 * ldc + W));
            c30 = c30.add(FloatVector.fromArray(F, c, ci + 3 * ldc));
            c31 = c31.add(FloatVector.fromArray(F, c, ci + 3 * ldc + W));
            c40 = c40.add(FloatVector.fromArray(F, c, ci + 4 * ldc));
            c41 = c41.add(FloatVector.fromArray(F, c, ci + 4 * ldc + W));
            c50 = c50.add(FloatVector.fromArray(F, c, ci + 5 * ldc));
            c51 = c51.add(FloatVector.fromArray(F, c, ci + 5 * ldc + W));
            c60 = c60.add(FloatVector.fromArray(F, c, ci + 6 * ldc));
            c61 = c61.add(FloatVector.fromArray(F, c, ci + 6 * ldc + W));
            c70 = c70.add(FloatVector.fromArray(F, c, ci + 7 * ldc));
            c71 = c71.add(FloatVector.fromArray(F, c, ci + 7 * ldc + W));
            c80 = c80.add(FloatVector.fromArray(F, c, ci + 8 * ldc));
            c81 = c81.add(FloatVector.fromArray(F, c, ci + 8 * ldc + W));
            c90 = c90.add(FloatVector.fromArray(F, c, ci + 9 * ldc));
            c91 = c91.add(FloatVector.fromArray(F, c, ci + 9 * ldc + W));
            c100 = c100.add(FloatVector.fromArray(F, c, ci + 10 * ldc));
            c101 = c101.add(FloatVector.fromArray(F, c, ci + 10 * ldc + W));
            c110 = c110.add(FloatVector.fromArray(F, c, ci + 11 * ldc));
            c111 = c111.add(FloatVector.fromArray(F, c, ci + 11 * ldc + W));
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + W);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + W);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + W);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + W);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + W);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + W);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + W);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + W);
        c80.intoArray(c, ci + 8 * ldc);
        c81.intoArray(c, ci + 8 * ldc + W);
        c90.intoArray(c, ci + 9 * ldc);
        c91.intoArray(c, ci + 9 * ldc + W);
        c100.intoArray(c, ci + 10 * ldc);
        c101.intoArray(c, ci + 10 * ldc + W);
        c110.intoArray(c, ci + 11 * ldc);
        c111.intoArray(c, ci + 11 * ldc + W);
    }

    @Override
    void storeTile(float[] tile, float[] c, int ci, int ldc, int rows, int cols, boolean add) {
        for (int r = 0; r < rows; r++) {
            int t = r * nr;
            int o = ci + r * ldc;
            for (int j = 0; j < cols; j++) {
                c[o + j] = add ? c[o + j] + tile[t + j] : tile[t + j];
            }
        }
    }

    @Override
    void matVec(int i0, int i1, int k, float[] a, int ao, int ars, int aps, float[] b, int bi,
                float[] c, int ci, boolean add) {
        int bound = F.loopBound(k);
        for (int i = i0; i < i1; i++) {
            int row = ao + i * ars;
            float sum;
            if (aps == 1) {
                // Lane-parallel partial sums, then one reduction: a fixed order for a given k.
                FloatVector acc = FloatVector.zero(F);
                int p = 0;
                for (; p < bound; p += W) {
                    acc = FloatVector.fromArray(F, a, row + p).fma(FloatVector.fromArray(F, b, bi + p), acc);
                }
                sum = acc.reduceLanes(VectorOperators.ADD);
                for (; p < k; p++) {
                    sum = Math.fma(a[row + p], b[bi + p], sum);
                }
            } else {
                sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a[row + p * aps], b[bi + p], sum);
                }
            }
            c[ci + i] = add ? c[ci + i] + sum : sum;
        }
    }

    @Override
    void biasActivation(float[] c, int off, float[] bias, int biasOff, int n, Activation act, double alpha) {
        VectorKernels kernels = VectorKernels.INSTANCE;
        if (bias != null) {
            kernels.zip(BinaryOp.ADD, c, off, 1, bias, biasOff, 1, c, off, n);
        }
        if (act.op() != null) {
            kernels.map(act.op(), alpha, c, off, c, off, n);
        }
    }
}
