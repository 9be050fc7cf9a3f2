package dev.tussle.engine.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Box–Muller transforms lane-wise with exactly the bits of the scalar ones
 * ({@link SinCos#boxMuller}): {@code StrictMath.log} and {@code StrictMath.sin}/{@code cos} are
 * fdlibm's algorithms, which use only IEEE additions, multiplications, divisions, square roots
 * and bit operations, so the same operations in vector lanes round the same way. Branches become
 * blends; the few inputs that take fdlibm's rare paths (an angle whose high word equals that of
 * n·π/2, where the reduction may cancel, or one outside [0, 2π)) are redone by the scalar code.
 *
 * <p>Stages run over blocks of {@link #BLOCK} pairs through per-thread scratch arrays, so no
 * vector crosses a method boundary (it would be boxed) and no method is so large that C1 gives
 * up on it. Why at all: 15,000 draws per GAN step took 11 % of the step (about 12 ns each).
 */
final class VectorBoxMuller {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
    private static final int W = D.length();
    static final int BLOCK = 256;

    private final double[] radius = new double[BLOCK];
    private final double[] head = new double[BLOCK];
    private final double[] tail = new double[BLOCK];
    private final long[] quadrant = new long[BLOCK];
    private final long[] rare = new long[BLOCK];
    private final SinCos scalar = new SinCos();

    private static final ThreadLocal<VectorBoxMuller> PER_THREAD = ThreadLocal.withInitial(VectorBoxMuller::new);

    /** {@link Kernels#boxMuller} on the calling thread. */
    static void transform(int n, double[] u, int u1, int u2, double[] out, int cosOut, int sinOut) {
        VectorBoxMuller t = PER_THREAD.get();
        for (int p = 0; p < n; p += BLOCK) {
            int m = Math.min(BLOCK, n - p);
            t.block(m, u, u1 + p, u2 + p, out, cosOut + p, sinOut + p);
        }
    }

    private void block(int m, double[] u, int u1, int u2, double[] out, int cosOut, int sinOut) {
        int whole = m - m % W;
        radii(whole, u, u1);
        reduce(whole, u, u2);
        rotate(whole, out, cosOut, sinOut);
        for (int p = 0; p < whole; p++) {
            if (rare[p] != 0) {
                scalar.boxMuller(u[u1 + p], u[u2 + p], out, cosOut + p, sinOut + p);
            }
        }
        for (int p = whole; p < m; p++) {
            scalar.boxMuller(u[u1 + p], u[u2 + p], out, cosOut + p, sinOut + p);
        }
    }

    /** {@code radius[p] = sqrt(-2 · log(u[u1 + p]))}, fdlibm's log ({@link VectorTranscendentals#logLanes}). */
    private void radii(int m, double[] u, int u1) {
        VectorTranscendentals.logLanes(m, u, u1, radius, null);
        for (int p = 0; p < m; p += W) {
            DoubleVector.fromArray(D, radius, p).mul(-2.0).lanewise(VectorOperators.SQRT).intoArray(radius, p);
        }
    }

    /**
     * θ = 2π·u, reduced as fdlibm reduces it: into head + tail in [−π/4, π/4] and the quadrant;
     * {@code rare[p]} marks the angles left to the scalar code.
     */
    private void reduce(int m, double[] u, int u2) {
        for (int p = 0; p < m; p += W) {
            DoubleVector x = DoubleVector.fromArray(D, u, u2 + p).mul(2.0 * Math.PI);
            LongVector ix = x.reinterpretAsLongs().lanewise(VectorOperators.LSHR, 32);
            VectorMask<Long> unreduced = ix.compare(VectorOperators.LE, SinCos.PI_4_HI);
            VectorMask<Long> first = ix.compare(VectorOperators.LT, SinCos.PI3_4_HI);
            LongVector n = ((LongVector) x.mul(SinCos.INV_PI_2).add(0.5).convert(VectorOperators.D2L, 0))
                    .blend(1, first).blend(0, unreduced);
            DoubleVector fn = (DoubleVector) n.convert(VectorOperators.L2D, 0);
            DoubleVector r = x.sub(fn.mul(SinCos.PI_2_1));
            DoubleVector w = fn.mul(SinCos.PI_2_1T);
            DoubleVector y0 = r.sub(w);
            VectorMask<Double> none = unreduced.cast(D);
            y0.blend(x, none).intoArray(head, p);
            r.sub(y0).sub(w).blend(0.0, none).intoArray(tail, p);
            // The quadrant in bits 0-1, bit 2 set where the angle was reduced (fdlibm's kernels
            // then take the tail into account, even a zero one).
            n.and(3).or(LongVector.broadcast(L, 4).blend(0, unreduced)).intoArray(quadrant, p);
            // Where x's high word is that of n·π/2 the first step may cancel (fdlibm refines it);
            // outside [0, 2π) fdlibm reduces differently.
            LongVector cancelHigh = LongVector.zero(L)
                    .blend(SinCos.N_PI_2_HI[0], n.compare(VectorOperators.EQ, 1))
                    .blend(SinCos.N_PI_2_HI[1], n.compare(VectorOperators.EQ, 2))
                    .blend(SinCos.N_PI_2_HI[2], n.compare(VectorOperators.EQ, 3))
                    .blend(SinCos.N_PI_2_HI[3], n.compare(VectorOperators.EQ, 4));
            VectorMask<Long> isRare = ix.compare(VectorOperators.EQ, cancelHigh).andNot(unreduced)
                    .or(x.compare(VectorOperators.LT, 2 * Math.PI).not().cast(L));
            LongVector.zero(L).blend(1, isRare).intoArray(rare, p);
        }
    }

    /** From the reduced angles: out = radius·cos θ and radius·sin θ by fdlibm's kernels and quadrants. */
    private void rotate(int m, double[] out, int cosOut, int sinOut) {
        for (int p = 0; p < m; p += W) {
            DoubleVector x = DoubleVector.fromArray(D, head, p);
            DoubleVector y = DoubleVector.fromArray(D, tail, p);
            LongVector bits = LongVector.fromArray(L, quadrant, p);
            LongVector quad = bits.and(3);
            LongVector ix = x.reinterpretAsLongs().lanewise(VectorOperators.LSHR, 32).and(0x7fff_ffffL);
            VectorMask<Double> tiny = ix.compare(VectorOperators.LT, 0x3e40_0000L).cast(D);
            DoubleVector z = x.mul(x);
            // sin
            DoubleVector v = z.mul(x);
            DoubleVector rs = z.mul(z.mul(z.mul(z.mul(SinCos.S6).add(SinCos.S5)).add(SinCos.S4)).add(SinCos.S3))
                    .add(SinCos.S2);
            DoubleVector plain = x.add(v.mul(z.mul(rs).add(SinCos.S1)));
            DoubleVector withTail = x.sub(z.mul(y.mul(0.5).sub(v.mul(rs))).sub(y).sub(v.mul(SinCos.S1)));
            VectorMask<Double> reduced = bits.and(4).compare(VectorOperators.NE, 0).cast(D);
            DoubleVector sin = plain.blend(withTail, reduced).blend(x, tiny);
            // cos
            DoubleVector rc = z.mul(z.mul(z.mul(z.mul(z.mul(z.mul(SinCos.C6).add(SinCos.C5)).add(SinCos.C4))
                    .add(SinCos.C3)).add(SinCos.C2)).add(SinCos.C1));
            DoubleVector zrxy = z.mul(rc).sub(x.mul(y));
            DoubleVector near = DoubleVector.broadcast(D, 1.0).sub(z.mul(0.5).sub(zrxy));
            DoubleVector q = ix.sub(0x0020_0000L).lanewise(VectorOperators.LSHL, 32).reinterpretAsDoubles()
                    .blend(0.28125, ix.compare(VectorOperators.GT, 0x3fe9_0000L).cast(D));
            DoubleVector far = DoubleVector.broadcast(D, 1.0).sub(q).sub(z.mul(0.5).sub(q).sub(zrxy));
            DoubleVector cos = far.blend(near, ix.compare(VectorOperators.LT, 0x3fd3_3333L).cast(D)).blend(1.0, tiny);
            // Quadrants: sin, cos = (s, c), (c, −s), (−s, −c), (−c, s).
            VectorMask<Double> odd = quad.and(1).compare(VectorOperators.NE, 0).cast(D);
            VectorMask<Double> sinNeg = quad.compare(VectorOperators.GE, 2).cast(D);
            VectorMask<Double> cosNeg = quad.compare(VectorOperators.EQ, 1).or(quad.compare(VectorOperators.EQ, 2)).cast(D);
            DoubleVector s = sin.blend(cos, odd);
            DoubleVector c = cos.blend(sin, odd);
            s = s.blend(s.neg(), sinNeg);
            c = c.blend(c.neg(), cosNeg);
            DoubleVector radii = DoubleVector.fromArray(D, radius, p);
            radii.mul(c).intoArray(out, cosOut + p);
            radii.mul(s).intoArray(out, sinOut + p);
        }
    }
}
