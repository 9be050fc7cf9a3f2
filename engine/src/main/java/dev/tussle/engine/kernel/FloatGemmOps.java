package dev.tussle.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
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
    /** Shuffles pairing lane i with lane i^h, for h = W/2, W/4, ..., 1. */
    private static final VectorShuffle<Float>[] BUfloatERFLY = butterfly();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] butterfly() {
        int steps = Integer.numberOfTrailingZeros(W);
        VectorShuffle<Float>[] shuffles = new VectorShuffle[steps];
        for (int s = 0; s < steps; s++) {
            int h = W >> (s + 1);
            shuffles[s] = VectorShuffle.fromOp(F, i -> i ^ h);
        }
        return shuffles;
    }

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

    /**
     * The lanes of {@code v} summed by a fixed butterfly (lane i with lane i^h for h = W/2 ... 1),
     * spelled out with explicit shuffles so that the order does not depend on how the JIT
     * compiles it (unlike reduceLanes). {@code lanes} is scratch kept for a future lane-order sum.
     */
    private static float sumLanes(FloatVector v, float[] lanes, int offset) {
        for (VectorShuffle<Float> swap : BUfloatERFLY) {
            v = v.add(v.rearrange(swap));
        }
        return v.lane(0);
    }

    @Override
    void storeTile(float[] tile, float[] c, int ci, int ldc, int rows, int cols, boolean add) {
        // Masked vector copies: an edge tile is common for the GAN shapes (n = 50, 100), and a
        // scalar copy of it cost as much as computing it.
        VectorMask<Float> lo = F.indexInRange(0, cols);
        VectorMask<Float> hi = F.indexInRange(W, cols);
        for (int r = 0; r < rows; r++) {
            int t = r * nr;
            int o = ci + r * ldc;
            FloatVector v0 = FloatVector.fromArray(F, tile, t);
            FloatVector v1 = FloatVector.fromArray(F, tile, t + W);
            if (add) {
                v0 = v0.add(FloatVector.fromArray(F, c, o, lo));
                v1 = v1.add(FloatVector.fromArray(F, c, o + W, hi));
            }
            v0.intoArray(c, o, lo);
            v1.intoArray(c, o + W, hi);
        }
    }

    @Override
    void matVec(int i0, int i1, int k, float[] a, int ao, int ars, int aps, float[] b, int bi,
                float[] c, int ci, boolean add, float[] lanes) {
        if (aps != 1) {
            // A is read transposed (ars == 1): rows are contiguous lanes, so run W rows at once,
            // each lane doing the same sequential fused multiply-adds as the scalar tail below.
            int i = i0;
            for (; i + W <= i1; i += W) {
                FloatVector acc = FloatVector.zero(F);
                for (int p = 0; p < k; p++) {
                    acc = FloatVector.fromArray(F, a, ao + i + p * aps).fma(FloatVector.broadcast(F, b[bi + p]), acc);
                }
                if (add) {
                    acc = acc.add(FloatVector.fromArray(F, c, ci + i));
                }
                acc.intoArray(c, ci + i);
            }
            for (; i < i1; i++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a[ao + i + p * aps], b[bi + p], sum);
                }
                c[ci + i] = add ? c[ci + i] + sum : sum;
            }
            return;
        }
        // Rows are contiguous: lane-parallel partial sums per row, then the lanes summed in lane
        // order, then a scalar tail; four rows at a time so that the four sums overlap. Each row's
        // arithmetic is the same whether it runs in a group of four or alone. reduceLanes is not
        // used: its order differs between the C2 intrinsic and the interpreted fallback, which
        // would make results depend on JIT state (a 2-thread run differed from a 1-thread one).
        int bound = F.loopBound(k);
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int r0 = ao + i * ars;
            int r1 = r0 + ars;
            int r2 = r1 + ars;
            int r3 = r2 + ars;
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = acc0;
            FloatVector acc2 = acc0;
            FloatVector acc3 = acc0;
            int p = 0;
            for (; p < bound; p += W) {
                FloatVector vb = FloatVector.fromArray(F, b, bi + p);
                acc0 = FloatVector.fromArray(F, a, r0 + p).fma(vb, acc0);
                acc1 = FloatVector.fromArray(F, a, r1 + p).fma(vb, acc1);
                acc2 = FloatVector.fromArray(F, a, r2 + p).fma(vb, acc2);
                acc3 = FloatVector.fromArray(F, a, r3 + p).fma(vb, acc3);
            }
            float s0 = sumLanes(acc0, lanes, 0 * W);
            float s1 = sumLanes(acc1, lanes, 1 * W);
            float s2 = sumLanes(acc2, lanes, 2 * W);
            float s3 = sumLanes(acc3, lanes, 3 * W);
            for (; p < k; p++) {
                s0 = Math.fma(a[r0 + p], b[bi + p], s0);
                s1 = Math.fma(a[r1 + p], b[bi + p], s1);
                s2 = Math.fma(a[r2 + p], b[bi + p], s2);
                s3 = Math.fma(a[r3 + p], b[bi + p], s3);
            }
            c[ci + i] = add ? c[ci + i] + s0 : s0;
            c[ci + i + 1] = add ? c[ci + i + 1] + s1 : s1;
            c[ci + i + 2] = add ? c[ci + i + 2] + s2 : s2;
            c[ci + i + 3] = add ? c[ci + i + 3] + s3 : s3;
        }
        for (; i < i1; i++) {
            int row = ao + i * ars;
            FloatVector acc = FloatVector.zero(F);
            int p = 0;
            for (; p < bound; p += W) {
                acc = FloatVector.fromArray(F, a, row + p).fma(FloatVector.fromArray(F, b, bi + p), acc);
            }
            float sum = sumLanes(acc, lanes, 0);
            for (; p < k; p++) {
                sum = Math.fma(a[row + p], b[bi + p], sum);
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
