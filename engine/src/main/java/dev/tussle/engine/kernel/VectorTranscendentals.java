package dev.tussle.engine.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The exponential ops ({@link UnaryOp#EXP}, {@link UnaryOp#EXPM1}, {@link UnaryOp#LOG},
 * {@link UnaryOp#LOG1P} and those built from them: {@link UnaryOp#TANH}, {@link UnaryOp#SIGMOID},
 * {@link UnaryOp#SOFTPLUS}, {@link UnaryOp#LOG_SIGMOID}) lane-wise with exactly the bits of their
 * {@link StrictMath} definitions. fdlibm's {@code exp}, {@code expm1}, {@code log}, {@code log1p}
 * and {@code tanh} (the JDK's {@code FdLibm}) use only IEEE
 * additions, multiplications, divisions and bit operations, so the same operations in double
 * lanes round the same way; their branches become blends. The inputs that take fdlibm's rare
 * paths (|x| ≥ 709.78 or a subnormal result for exp; |x| ≥ 709.78 or x &lt; −56·ln2 for expm1;
 * x ≤ 0, subnormal, infinite or NaN for log; x ≤ −1, x ≥ 2^53 or NaN for log1p) are
 * redone by the scalar definition, so every input keeps the reference's bits, NaN payloads
 * included. float arrays are computed in double and rounded once, as the reference does.
 *
 * <p>Why: the non-saturating GAN loss is a log-sigmoid and its gradient a sigmoid; one element
 * at a time through StrictMath (about 8 ns an element for sigmoid, against 2.5 here) they took
 * 4.8 % of the essay step's profile samples (0.6 % lane-wise). Stages run over blocks of {@link #BLOCK} elements through per-thread scratch,
 * as {@link VectorBoxMuller} does, so that no vector crosses a method boundary (it would be
 * boxed).
 */
final class VectorTranscendentals {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
    private static final int W = D.length();
    static final int BLOCK = 256;
    /**
     * Shorter arrays (the mixture weights' k values) stay with StrictMath: a block's copies cost
     * more than the lanes save, and code called that rarely would run C1-compiled, which boxes vectors.
     */
    private static final int MIN_LENGTH = W;

    // fdlibm's exp.
    /** High word of fdlibm's overflow threshold (709.78): from it on, exp takes its special paths. */
    private static final long THRESHOLD_HI = 0x4086_2e42L;
    private static final double LN2_HI = 0x1.62e42feep-1;
    private static final double LN2_LO = 0x1.a39ef35793c76p-33;
    private static final double INV_LN2 = 0x1.71547652b82fep0;
    private static final double P1 = 0x1.555555555553ep-3;
    private static final double P2 = -0x1.6c16c16bebd93p-9;
    private static final double P3 = 0x1.1566aaf25de2cp-14;
    private static final double P4 = -0x1.bbd41c5d26bf1p-20;
    private static final double P5 = 0x1.6376972bea4d0p-25;
    // fdlibm's expm1 (its reduction is exp's).
    private static final double Q1 = -0x1.11111111110f4p-5;
    private static final double Q2 = 0x1.a01a019fe5585p-10;
    private static final double Q3 = -0x1.4ce199eaadbb7p-14;
    private static final double Q4 = 0x1.0cfca86e65239p-18;
    private static final double Q5 = -0x1.afdb76e09c32dp-23;
    /** High word of 56·ln2: below −56·ln2, expm1 is −1 (a scalar path here). */
    private static final long EXPM1_SATURATION_HI = 0x4043_687aL;
    // fdlibm's log1p, and its log (the same coefficients, Lg1..Lg7 there).
    private static final double LP1 = 0x1.5555555555593p-1;
    private static final double LP2 = 0x1.999999997fa04p-2;
    private static final double LP3 = 0x1.2492494229359p-2;
    private static final double LP4 = 0x1.c71c51d8e78afp-3;
    private static final double LP5 = 0x1.7466496cb03dep-3;
    private static final double LP6 = 0x1.39a09d078c69fp-3;
    private static final double LP7 = 0x1.2f112df3e5244p-3;

    /** The argument of each element, the intermediate exp or expm1 of its transform ({@link Argument}), and the result. */
    private final double[] arg = new double[BLOCK];
    private final double[] exp = new double[BLOCK];
    private final double[] res = new double[BLOCK];
    /** Non-zero where an input takes one of fdlibm's rare paths: the scalar definition redoes it. */
    private final long[] rare = new long[BLOCK];
    /** exp's and expm1's argument y (after the op's transform) and its reduction y = k·ln2 + (hi − lo). */
    private final double[] expArg = new double[BLOCK];
    private final long[] expK = new long[BLOCK];
    private final double[] expHi = new double[BLOCK];
    private final double[] expLo = new double[BLOCK];

    /** What exp and expm1 are taken of: the argument, −x (sigmoid), −|x| (softplus), ±2|x| (tanh). */
    private enum Argument { X, NEGATED, NEGATED_ABS, TANH }

    private static final ThreadLocal<VectorTranscendentals> PER_THREAD =
            ThreadLocal.withInitial(VectorTranscendentals::new);

    private VectorTranscendentals() {
    }

    /** Whether {@link #map} serves {@code op} on {@code n} elements: a {@linkplain #covers covered} op, an array of at least a vector. */
    static boolean serves(UnaryOp op, int n) {
        return n >= MIN_LENGTH && covers(op);
    }

    /** Whether {@link #map} computes {@code op}. */
    static boolean covers(UnaryOp op) {
        return switch (op) {
            case EXP, EXPM1, LOG, LOG1P, SIGMOID, SOFTPLUS, LOG_SIGMOID, TANH -> true;
            default -> false;
        };
    }

    /** {@code out[oo + i] = (float) op.apply(x[xo + i], 0)} for a {@linkplain #covers covered} op. */
    static void map(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
        VectorTranscendentals t = PER_THREAD.get();
        for (int p = 0; p < n; p += BLOCK) {
            int m = Math.min(BLOCK, n - p);
            for (int i = 0; i < m; i++) {
                t.arg[i] = x[xo + p + i];
            }
            t.block(op, m);
            for (int i = 0; i < m; i++) {
                out[oo + p + i] = (float) t.res[i];
            }
        }
    }

    /** {@code out[oo + i] = op.apply(x[xo + i], 0)} for a {@linkplain #covers covered} op. */
    static void map(UnaryOp op, double[] x, int xo, double[] out, int oo, int n) {
        VectorTranscendentals t = PER_THREAD.get();
        for (int p = 0; p < n; p += BLOCK) {
            int m = Math.min(BLOCK, n - p);
            System.arraycopy(x, xo + p, t.arg, 0, m);
            t.block(op, m);
            System.arraycopy(t.res, 0, out, oo + p, m);
        }
    }

    /** res[0, m) from arg[0, m); the lanes past m in the last vector compute zeros and are not read. */
    private void block(UnaryOp op, int m) {
        int whole = (m + W - 1) / W * W;
        java.util.Arrays.fill(arg, m, whole, 0.0);
        java.util.Arrays.fill(rare, 0, whole, 0L);
        switch (op) {
            case EXP -> expLanes(whole, Argument.X, res);
            case EXPM1 -> expm1Lanes(whole, Argument.X, res);
            case TANH -> {
                expm1Lanes(whole, Argument.TANH, exp);
                tanhFromExpm1(whole);
            }
            case LOG -> logLanes(whole, arg, 0, res, rare);
            case LOG1P -> log1pLanes(whole, arg, res);
            case SIGMOID -> {
                expLanes(whole, Argument.NEGATED, exp);
                reciprocalOfOnePlus(whole);
            }
            case SOFTPLUS, LOG_SIGMOID -> {
                expLanes(whole, Argument.NEGATED_ABS, exp);
                log1pLanes(whole, exp, res);
                addHinge(whole, op == UnaryOp.SOFTPLUS);
            }
            default -> throw new IllegalArgumentException(op + " has no lane-wise StrictMath form");
        }
        for (int i = 0; i < m; i++) {
            if (rare[i] != 0) {
                res[i] = op.apply(arg[i], 0);
            }
        }
    }

    /**
     * y = the {@code argument} of arg, and fdlibm's reduction shared by exp and expm1: for |y| &gt;
     * ln2/2, y = k·ln2 + (hi − lo) with k the nearest integer to y/ln2 (k = ±1 below 1.5·ln2,
     * where fdlibm subtracts ±ln2 directly: t·ln2 with t = ±1 is exact, so the bits agree);
     * k = 0 otherwise.
     */
    private void reduceByLn2(int m, Argument argument) {
        for (int p = 0; p < m; p += W) {
            DoubleVector x = DoubleVector.fromArray(D, arg, p);
            x = switch (argument) {
                case X -> x;
                case NEGATED -> x.neg();
                case NEGATED_ABS -> x.abs().neg();
                case TANH -> {
                    // fdlibm's tanh: expm1(2|x|) from |x| = 1 on, expm1(−2|x|) below.
                    DoubleVector a = x.abs();
                    yield a.mul(2.0).blend(a.mul(-2.0), a.compare(VectorOperators.LT, 1.0));
                }
            };
            x.intoArray(expArg, p);
            LongVector bits = x.reinterpretAsLongs();
            LongVector hx = bits.lanewise(VectorOperators.LSHR, 32).and(0x7fff_ffffL);
            VectorMask<Long> negative = bits.compare(VectorOperators.LT, 0L);
            DoubleVector half = DoubleVector.broadcast(D, 0.5).blend(-0.5, negative.cast(D));
            LongVector kv = ((LongVector) x.mul(INV_LN2).add(half).convert(VectorOperators.D2L, 0))
                    .blend(LongVector.broadcast(L, 1).blend(-1, negative), hx.compare(VectorOperators.LT, 0x3ff0_a2b2L))
                    .blend(0, hx.compare(VectorOperators.LE, 0x3fd6_2e42L));
            kv.intoArray(expK, p);
            DoubleVector t = (DoubleVector) kv.convert(VectorOperators.L2D, 0);
            x.sub(t.mul(LN2_HI)).intoArray(expHi, p);
            t.mul(LN2_LO).intoArray(expLo, p);
        }
    }

    /**
     * {@code dst = exp(y)} ({@link #reduceByLn2}), fdlibm's algorithm: the reduced r = hi − lo,
     * the degree-5 rational form of e^r, then 2^k put into the exponent.
     */
    private void expLanes(int m, Argument argument, double[] dst) {
        reduceByLn2(m, argument);
        for (int p = 0; p < m; p += W) {
            DoubleVector x = DoubleVector.fromArray(D, expArg, p);
            LongVector k = LongVector.fromArray(L, expK, p);
            DoubleVector hi = DoubleVector.fromArray(D, expHi, p);
            DoubleVector lo = DoubleVector.fromArray(D, expLo, p);
            LongVector hx = x.reinterpretAsLongs().lanewise(VectorOperators.LSHR, 32).and(0x7fff_ffffL);
            // |x| > ln2/2: reduced; |x| < 2^-28: 1 + x.
            VectorMask<Double> unreduced = hx.compare(VectorOperators.LE, 0x3fd6_2e42L).cast(D);
            VectorMask<Double> tiny = hx.compare(VectorOperators.LT, 0x3e30_0000L).cast(D);
            DoubleVector r = hi.sub(lo).blend(x, unreduced);
            DoubleVector rr = r.mul(r);
            DoubleVector c = r.sub(rr.mul(rr.mul(rr.mul(rr.mul(rr.mul(P5).add(P4)).add(P3)).add(P2)).add(P1)));
            DoubleVector one = DoubleVector.broadcast(D, 1.0);
            DoubleVector atZero = one.sub(r.mul(c).div(c.sub(2.0)).sub(r));
            DoubleVector e = one.sub(lo.sub(r.mul(c).div(DoubleVector.broadcast(D, 2.0).sub(c))).sub(hi));
            DoubleVector scaled = e.reinterpretAsLongs().add(k.lanewise(VectorOperators.LSHL, 52)).reinterpretAsDoubles();
            scaled.blend(atZero, unreduced).blend(one.add(x), tiny).intoArray(dst, p);
            // |x| >= 709.78 (and infinities, NaN): overflow, underflow or special; k < -1021: a subnormal result.
            VectorMask<Long> isRare = hx.compare(VectorOperators.GE, THRESHOLD_HI)
                    .or(k.compare(VectorOperators.LT, -1021L));
            LongVector.fromArray(L, rare, p).or(LongVector.zero(L).blend(1, isRare)).intoArray(rare, p);
        }
    }

    /**
     * {@code dst = log1p(src)}, fdlibm's algorithm: |x| &lt; 2^-29 by its Taylor terms; −0.2929 &lt;
     * x &lt; 0.41422 directly (k = 0); otherwise 1 + x normalized to [√2/2, √2)·2^k with a
     * correction term for the rounding of 1 + x; then the degree-14 polynomial in s = f/(2 + f),
     * or a shorter form where |f| &lt; 2^-20.
     */
    private void log1pLanes(int m, double[] src, double[] dst) {
        for (int p = 0; p < m; p += W) {
            DoubleVector x = DoubleVector.fromArray(D, src, p);
            LongVector hx = x.reinterpretAsLongs().lanewise(VectorOperators.ASHR, 32);
            LongVector ax = hx.and(0x7fff_ffffL);
            // fdlibm's k = 0 interval: x < 0.41422 and x > 0 or x >= -0.2929 (high words compared as signed ints).
            VectorMask<Double> direct = hx.compare(VectorOperators.LT, 0x3fda_827aL)
                    .and(hx.compare(VectorOperators.GT, 0L).or(hx.compare(VectorOperators.LE, (long) 0xbfd2_bec3)))
                    .cast(D);
            DoubleVector one = DoubleVector.broadcast(D, 1.0);
            DoubleVector u = one.add(x);
            LongVector ub = u.reinterpretAsLongs();
            LongVector hu = ub.lanewise(VectorOperators.ASHR, 32);
            LongVector k = hu.lanewise(VectorOperators.ASHR, 20).sub(1023);
            DoubleVector c = x.sub(u.sub(1.0)).blend(one.sub(u.sub(x)), k.compare(VectorOperators.GT, 0L).cast(D)).div(u);
            hu = hu.and(0x000f_ffffL);
            VectorMask<Long> halve = hu.compare(VectorOperators.GE, 0x6_a09eL);
            DoubleVector normalized = hu.or(LongVector.broadcast(L, 0x3ff0_0000L).blend(0x3fe0_0000L, halve))
                    .lanewise(VectorOperators.LSHL, 32).or(ub.and(0xffff_ffffL)).reinterpretAsDoubles();
            k = k.add(LongVector.zero(L).blend(1, halve)).blend(0, direct.cast(L));
            hu = hu.blend(LongVector.broadcast(L, 0x10_0000L).sub(hu).lanewise(VectorOperators.ASHR, 2), halve)
                    .blend(1, direct.cast(L));
            DoubleVector f = normalized.sub(1.0).blend(x, direct);
            c = c.blend(0.0, direct);
            VectorMask<Double> k0 = k.compare(VectorOperators.EQ, 0L).cast(D);
            DoubleVector dk = (DoubleVector) k.convert(VectorOperators.L2D, 0);
            DoubleVector hfsq = f.mul(0.5).mul(f);
            DoubleVector klo = dk.mul(LN2_LO).add(c);
            DoubleVector khi = dk.mul(LN2_HI);
            // |f| < 2^-20
            DoubleVector rs = hfsq.mul(one.sub(f.mul(0.66666666666666666)));
            DoubleVector small = khi.sub(rs.sub(klo).sub(f)).blend(f.sub(rs), k0);
            DoubleVector atZero = khi.add(c.add(dk.mul(LN2_LO))).blend(0.0, k0);
            small = small.blend(atZero, f.compare(VectorOperators.EQ, 0.0));
            DoubleVector s = f.div(f.add(2.0));
            DoubleVector z = s.mul(s);
            DoubleVector rr = z.mul(z.mul(z.mul(z.mul(z.mul(z.mul(z.mul(LP7).add(LP6)).add(LP5)).add(LP4)).add(LP3))
                    .add(LP2)).add(LP1));
            DoubleVector general = khi.sub(hfsq.sub(s.mul(hfsq.add(rr)).add(klo)).sub(f))
                    .blend(f.sub(hfsq.sub(s.mul(hfsq.add(rr)))), k0);
            DoubleVector log1p = general.blend(small, hu.compare(VectorOperators.EQ, 0L).cast(D));
            // |x| < 2^-29: x - x²/2, or x itself below 2^-54.
            DoubleVector taylor = x.sub(x.mul(x).mul(0.5)).blend(x, ax.compare(VectorOperators.LT, 0x3c90_0000L).cast(D));
            log1p.blend(taylor, ax.compare(VectorOperators.LT, 0x3e20_0000L).cast(D)).intoArray(dst, p);
            // x <= -1 or NaN (log1p is -inf or NaN), x >= 2^53 (fdlibm skips the 1 + x there).
            VectorMask<Long> isRare = x.compare(VectorOperators.GT, -1.0).not().cast(L)
                    .or(hx.compare(VectorOperators.GE, 0x4340_0000L));
            LongVector.fromArray(L, rare, p).or(LongVector.zero(L).blend(1, isRare)).intoArray(rare, p);
        }
    }

    /**
     * {@code dst = expm1(y)} ({@link #reduceByLn2}), fdlibm's algorithm: the reduced r = hi − lo
     * and its rounding error c, a rational form of e^r − 1, then one of fdlibm's reconstructions
     * by k (0, −1, 1, 2–19, 20–56, or any other, where 2^k·(…) − 1 is exact enough).
     */
    private void expm1Lanes(int m, Argument argument, double[] dst) {
        reduceByLn2(m, argument);
        for (int p = 0; p < m; p += W) {
            DoubleVector x = DoubleVector.fromArray(D, expArg, p);
            LongVector k = LongVector.fromArray(L, expK, p);
            DoubleVector hi = DoubleVector.fromArray(D, expHi, p);
            DoubleVector lo = DoubleVector.fromArray(D, expLo, p);
            LongVector bits = x.reinterpretAsLongs();
            LongVector hx = bits.lanewise(VectorOperators.LSHR, 32).and(0x7fff_ffffL);
            VectorMask<Long> negative = bits.compare(VectorOperators.LT, 0L);
            VectorMask<Double> reduced = hx.compare(VectorOperators.GT, 0x3fd6_2e42L).cast(D);
            DoubleVector r = hi.sub(lo).blend(x, reduced.not());
            DoubleVector c = hi.sub(r).sub(lo).blend(0.0, reduced.not());
            DoubleVector hfx = r.mul(0.5);
            DoubleVector hxs = r.mul(hfx);
            DoubleVector r1 = hxs.mul(hxs.mul(hxs.mul(hxs.mul(hxs.mul(Q5).add(Q4)).add(Q3)).add(Q2)).add(Q1)).add(1.0);
            DoubleVector tt = DoubleVector.broadcast(D, 3.0).sub(r1.mul(hfx));
            DoubleVector e = hxs.mul(r1.sub(tt).div(DoubleVector.broadcast(D, 6.0).sub(r.mul(tt))));
            DoubleVector atZero = r.sub(r.mul(e).sub(hxs));
            e = r.mul(e.sub(c)).sub(c).sub(hxs);
            DoubleVector atMinusOne = r.sub(e).mul(0.5).sub(0.5);
            DoubleVector atOne = r.sub(e).mul(2.0).add(1.0)
                    .blend(e.sub(r.add(0.5)).mul(-2.0), r.compare(VectorOperators.LT, -0.25));
            LongVector exponent = k.lanewise(VectorOperators.LSHL, 52);
            DoubleVector far = DoubleVector.broadcast(D, 1.0).sub(e.sub(r)).reinterpretAsLongs().add(exponent)
                    .reinterpretAsDoubles().sub(1.0);
            // 2 <= k < 20: 1 - 2^-k - (e - r); 20 <= k <= 56: r - (e + 2^-k) + 1; both times 2^k.
            DoubleVector oneMinus = LongVector.broadcast(L, 0x3ff0_0000L)
                    .sub(LongVector.broadcast(L, 0x20_0000L).lanewise(VectorOperators.ASHR, k))
                    .lanewise(VectorOperators.LSHL, 32).reinterpretAsDoubles();
            DoubleVector middle = oneMinus.sub(e.sub(r)).reinterpretAsLongs().add(exponent).reinterpretAsDoubles();
            DoubleVector twoToMinusK = LongVector.broadcast(L, 0x3ffL).sub(k).lanewise(VectorOperators.LSHL, 52)
                    .reinterpretAsDoubles();
            DoubleVector upper = r.sub(e.add(twoToMinusK)).add(1.0).reinterpretAsLongs().add(exponent)
                    .reinterpretAsDoubles();
            VectorMask<Long> kMiddle = k.compare(VectorOperators.GE, 2L).and(k.compare(VectorOperators.LT, 20L));
            VectorMask<Long> kUpper = k.compare(VectorOperators.GE, 20L).and(k.compare(VectorOperators.LE, 56L));
            DoubleVector result = far.blend(middle, kMiddle.cast(D)).blend(upper, kUpper.cast(D))
                    .blend(atOne, k.compare(VectorOperators.EQ, 1L).cast(D))
                    .blend(atMinusOne, k.compare(VectorOperators.EQ, -1L).cast(D))
                    .blend(atZero, k.compare(VectorOperators.EQ, 0L).cast(D))
                    // |x| < 2^-54: x itself.
                    .blend(x, hx.compare(VectorOperators.LT, 0x3c90_0000L).cast(D));
            result.intoArray(dst, p);
            // |x| >= 709.78 (overflow, infinities, NaN) and x < -56·ln2 (-1): fdlibm's special paths.
            VectorMask<Long> isRare = hx.compare(VectorOperators.GE, THRESHOLD_HI)
                    .or(hx.compare(VectorOperators.GE, EXPM1_SATURATION_HI).and(negative));
            LongVector.fromArray(L, rare, p).or(LongVector.zero(L).blend(1, isRare)).intoArray(rare, p);
        }
    }

    /** res = tanh(arg) from exp = expm1(±2|arg|) ({@link #expm1Lanes} with its tanh argument), fdlibm's tanh. */
    private void tanhFromExpm1(int m) {
        for (int p = 0; p < m; p += W) {
            DoubleVector x = DoubleVector.fromArray(D, arg, p);
            DoubleVector t = DoubleVector.fromArray(D, exp, p);
            LongVector bits = x.reinterpretAsLongs();
            LongVector ix = bits.lanewise(VectorOperators.LSHR, 32).and(0x7fff_ffffL);
            DoubleVector two = DoubleVector.broadcast(D, 2.0);
            DoubleVector z = t.neg().div(t.add(2.0))
                    .blend(DoubleVector.broadcast(D, 1.0).sub(two.div(t.add(2.0))), ix.compare(VectorOperators.GE, 0x3ff0_0000L).cast(D))
                    // |x| >= 22: 1 - tiny, that is 1.
                    .blend(1.0 - 1.0e-300, ix.compare(VectorOperators.GE, 0x4036_0000L).cast(D));
            z = z.blend(z.neg(), bits.compare(VectorOperators.LT, 0L).cast(D))
                    // |x| < 2^-55: x·(1 + x), its sign kept.
                    .blend(x.mul(x.add(1.0)), ix.compare(VectorOperators.LT, 0x3c80_0000L).cast(D));
            z.intoArray(res, p);
            // Infinities and NaN.
            VectorMask<Long> isRare = ix.compare(VectorOperators.GE, 0x7ff0_0000L);
            LongVector.fromArray(L, rare, p).or(LongVector.zero(L).blend(1, isRare)).intoArray(rare, p);
        }
    }

    /**
     * {@code dst[p] = log(src[so + p])} for p &lt; m (a multiple of the vector width), fdlibm's
     * algorithm: x = 2^k·(1 + f) with 1 + f in [√2/2, √2), then log(1 + f) by s = f/(2 + f) and a
     * degree-14 polynomial in two halves, or a shorter form where |f| &lt; 2^-20. Where {@code
     * rare} is given, it is marked for x ≤ 0, subnormal, infinite or NaN (fdlibm's special paths);
     * without it the inputs must be positive normal numbers (Box–Muller's uniforms in (0, 1]).
     */
    static void logLanes(int m, double[] src, int so, double[] dst, long[] rare) {
        for (int p = 0; p < m; p += W) {
            DoubleVector x = DoubleVector.fromArray(D, src, so + p);
            LongVector bits = x.reinterpretAsLongs();
            LongVector hx = bits.lanewise(VectorOperators.LSHR, 32);
            LongVector k = hx.lanewise(VectorOperators.ASHR, 20).sub(1023);
            LongVector mantissa = hx.and(0x000f_ffffL);
            LongVector i = mantissa.add(0x9_5f64L).and(0x10_0000L);
            // x normalized to [sqrt(2)/2, sqrt(2)): its high word replaced, its low word kept.
            DoubleVector xn = mantissa.or(i.lanewise(VectorOperators.XOR, 0x3ff0_0000L)).lanewise(VectorOperators.LSHL, 32)
                    .or(bits.and(0xffff_ffffL)).reinterpretAsDoubles();
            k = k.add(i.lanewise(VectorOperators.LSHR, 20));
            DoubleVector f = xn.sub(1.0);
            DoubleVector dk = (DoubleVector) k.convert(VectorOperators.L2D, 0);
            VectorMask<Double> k0 = k.compare(VectorOperators.EQ, 0).cast(D);
            // |f| < 2^-20
            DoubleVector small;
            {
                DoubleVector r = f.mul(f).mul(f.mul(0.33333333333333333).neg().add(0.5));
                DoubleVector whenK0 = f.sub(r);
                DoubleVector other = dk.mul(LN2_HI).sub(r.sub(dk.mul(LN2_LO)).sub(f));
                DoubleVector atOne = dk.mul(LN2_HI).add(dk.mul(LN2_LO));
                small = other.blend(whenK0, k0);
                VectorMask<Double> f0 = f.compare(VectorOperators.EQ, 0.0);
                small = small.blend(atOne.blend(0.0, k0), f0);
            }
            DoubleVector s = f.div(f.add(2.0));
            DoubleVector z = s.mul(s);
            DoubleVector w = z.mul(z);
            DoubleVector t1 = w.mul(w.mul(w.mul(LP6).add(LP4)).add(LP2));
            DoubleVector t2 = z.mul(w.mul(w.mul(w.mul(LP7).add(LP5)).add(LP3)).add(LP1));
            DoubleVector r = t2.add(t1);
            DoubleVector hfsq = f.mul(0.5).mul(f);
            DoubleVector sr = s.mul(hfsq.add(r));
            DoubleVector upperK0 = f.sub(hfsq.sub(sr));
            DoubleVector upper = dk.mul(LN2_HI).sub(hfsq.sub(sr.add(dk.mul(LN2_LO))).sub(f));
            DoubleVector sf = s.mul(f.sub(r));
            DoubleVector lowerK0 = f.sub(sf);
            DoubleVector lower = dk.mul(LN2_HI).sub(sf.sub(dk.mul(LN2_LO)).sub(f));
            VectorMask<Double> middle = mantissa.compare(VectorOperators.GE, 0x6_147aL)
                    .and(mantissa.compare(VectorOperators.LE, 0x6_b851L)).cast(D);
            DoubleVector log = lower.blend(lowerK0, k0).blend(upper.blend(upperK0, k0), middle);
            VectorMask<Double> tiny = mantissa.add(2).and(0x000f_ffffL).compare(VectorOperators.LT, 3).cast(D);
            log.blend(small, tiny).intoArray(dst, p);
            if (rare != null) {
                // Zero, subnormal or negative (high word below 2^-1022's, or with the sign bit), infinite or NaN.
                VectorMask<Long> isRare = hx.compare(VectorOperators.LT, 0x0010_0000L)
                        .or(hx.compare(VectorOperators.GE, 0x7ff0_0000L));
                LongVector.fromArray(L, rare, p).or(LongVector.zero(L).blend(1, isRare)).intoArray(rare, p);
            }
        }
    }

    /** res = 1 / (1 + exp): the sigmoid from e^−x. */
    private void reciprocalOfOnePlus(int m) {
        for (int p = 0; p < m; p += W) {
            DoubleVector e = DoubleVector.fromArray(D, exp, p);
            DoubleVector.broadcast(D, 1.0).div(e.add(1.0)).intoArray(res, p);
        }
    }

    /** res = max(x, 0) + res (softplus) or min(x, 0) − res (log-sigmoid), res holding log1p(e^−|x|). */
    private void addHinge(int m, boolean softplus) {
        for (int p = 0; p < m; p += W) {
            DoubleVector x = DoubleVector.fromArray(D, arg, p);
            DoubleVector l = DoubleVector.fromArray(D, res, p);
            DoubleVector out = softplus ? x.max(0.0).add(l) : x.min(0.0).sub(l);
            out.intoArray(res, p);
        }
    }
}
