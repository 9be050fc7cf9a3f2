package dev.tussle.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels' exp, expm1, log, log1p, tanh, sigmoid, softplus and log-sigmoid ({@link VectorTranscendentals})
 * give exactly the bits of their StrictMath definitions ({@link UnaryOp#apply}) in double and in
 * float: on millions of random arguments over the whole exponent range, on the arguments where
 * fdlibm's exp and log1p change branches, on the special values, on every length around the
 * vector width and the block size, and in place.
 */
class VectorTranscendentalsTest {
    private static final UnaryOp[] OPS = {UnaryOp.EXP, UnaryOp.EXPM1, UnaryOp.LOG, UnaryOp.LOG1P, UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.SOFTPLUS,
        UnaryOp.LOG_SIGMOID};

    private static Kernels vector() {
        return KernelProvider.vector().orElseThrow();
    }

    private static void assertStrict(double[] xs) {
        Kernels v = vector();
        float[] fx = new float[xs.length];
        for (int i = 0; i < xs.length; i++) {
            fx[i] = (float) xs[i];
        }
        for (UnaryOp op : OPS) {
            double[] out = new double[xs.length + 3];
            v.map(op, 0, xs, 0, out, 3, xs.length);
            for (int i = 0; i < xs.length; i++) {
                assertThat(Double.doubleToRawLongBits(out[3 + i])).as("%s(%a) in double", op, xs[i])
                        .isEqualTo(Double.doubleToRawLongBits(op.apply(xs[i], 0)));
            }
            float[] fout = new float[fx.length + 1];
            v.map(op, 0, fx, 0, fout, 1, fx.length);
            for (int i = 0; i < fx.length; i++) {
                assertThat(Float.floatToRawIntBits(fout[1 + i])).as("%s(%a) in float", op, fx[i])
                        .isEqualTo(Float.floatToRawIntBits((float) op.apply(fx[i], 0)));
            }
        }
    }

    private static double[] toArray(List<Double> list) {
        return list.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void coversTheExponentialOpsOnly() {
        for (UnaryOp op : UnaryOp.values()) {
            boolean exponential = op == UnaryOp.EXP || op == UnaryOp.EXPM1 || op == UnaryOp.LOG
                    || op == UnaryOp.LOG1P || op == UnaryOp.TANH || op == UnaryOp.SIGMOID
                    || op == UnaryOp.SOFTPLUS || op == UnaryOp.LOG_SIGMOID;
            assertThat(VectorTranscendentals.covers(op)).as("%s", op).isEqualTo(exponential);
        }
    }

    /** Uniform in [-50, 50] (where a GAN's logits live), in [-800, 800], and log-uniform magnitudes of both signs. */
    @Test
    void randomArgumentsHaveStrictMathBits() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 1 << 19;
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = switch (i % 4) {
                case 0 -> r.nextDouble(-50, 50);
                case 1 -> r.nextDouble(-800, 800);
                case 2 -> r.nextDouble(-1, 1);
                // Any finite exponent: subnormal to huge, either sign.
                default -> Double.longBitsToDouble(r.nextLong() & 0xffef_ffff_ffff_ffffL | (r.nextBoolean() ? 0 : 1L << 63));
            };
        }
        assertStrict(xs);
    }

    /**
     * The high words where fdlibm changes branches, each with several low words and its
     * neighbours, both signs: exp's ln2/2, 1.5·ln2, 2^-28 and overflow threshold (and the
     * underflow and subnormal-result ends); log1p's 0.41422, -0.2929, 2^-29, 2^-54, 2^53 and the
     * normalization threshold of 1 + x; log's middle interval and normalization threshold (and the
     * smallest normal); expm1's 56·ln2 and tanh's 22 and 2^-55; expm1's reconstructions (k = 2, 19,
     * 20, 56, 57, and x = -0.25); then values at -1, near 1 + x = 2^k, and specials.
     */
    @Test
    void branchBoundariesAndSpecialsHaveStrictMathBits() {
        List<Double> xs = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(7);
        long[] highWords = {0x3fd6_2e42L, 0x3ff0_a2b2L, 0x3e30_0000L, 0x4086_2e42L, 0x4086_232bL, 0x4087_4910L,
            0x3fda_827aL, 0x3fd2_bec3L, 0x3e20_0000L, 0x3c90_0000L, 0x4340_0000L, 0x3ff6_a09eL, 0x3fe6_a09eL,
            0x3ff0_0000L, 0x3fe0_0000L, 0x0010_0000L, 0x7fe0_0000L, 0x3ff6_147aL, 0x3ff6_b851L, 0x3ff9_5f64L,
            0x4006_147aL, 0x4016_b851L, 0x3fe9_5f64L, 0x000f_ffffL, 0x4043_687aL, 0x4036_0000L, 0x3c80_0000L};
        for (long hi : highWords) {
            for (long d = -1; d <= 1; d++) {
                for (long sign : new long[] {0, 0x8000_0000L}) {
                    long h = (hi + d) | sign;
                    xs.add(Double.longBitsToDouble(h << 32));
                    xs.add(Double.longBitsToDouble(h << 32 | 0xffff_ffffL));
                    for (int j = 0; j < 30; j++) {
                        xs.add(Double.longBitsToDouble(h << 32 | r.nextLong() >>> 32));
                    }
                }
            }
        }
        for (double x : new double[] {-1.0, 1.0, 2.0, 0.5, -0.5, Math.sqrt(2) - 1, Math.sqrt(0.5) - 1, 709.78, -708.39,
            -745.13, 709.782712893384, -745.1332191019411, 0x1p-1022, -0x1p-1022, -0.25, 0.25, 22.0, -22.0,
            1.5 * Math.log(2), 2.5 * Math.log(2), 19.5 * Math.log(2), 20.5 * Math.log(2), 56.5 * Math.log(2),
            57.5 * Math.log(2), -1.5 * Math.log(2), -2.5 * Math.log(2), -56 * Math.log(2)}) {
            for (int d = -3; d <= 3; d++) {
                xs.add(x + d * Math.ulp(x));
                xs.add(x * (1 + d * 0x1p-30));
            }
        }
        for (double x : new double[] {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE,
            -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
            Double.longBitsToDouble(0x7ff0_0000_0000_0001L), Double.longBitsToDouble(0xfff8_0000_0000_1234L),
            Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, 88.72283935546875, -103.97208}) {
            xs.add(x);
        }
        assertStrict(toArray(xs));
    }

    /** Every length up to past two blocks' worth of tails, at an offset, and in place. */
    @Test
    void lengthsOffsetsAndInPlaceHaveStrictMathBits() {
        Kernels v = vector();
        SplittableRandom r = new SplittableRandom(3);
        int[] lengths = {0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 33, 255, 256, 257, 511, 513, 1000};
        for (UnaryOp op : OPS) {
            for (int n : lengths) {
                double[] x = new double[n + 2];
                float[] fx = new float[n + 2];
                for (int i = 0; i < x.length; i++) {
                    x[i] = r.nextDouble(-20, 20);
                    fx[i] = (float) r.nextDouble(-20, 20);
                }
                double[] expected = new double[n];
                float[] fexpected = new float[n];
                for (int i = 0; i < n; i++) {
                    expected[i] = op.apply(x[2 + i], 0);
                    fexpected[i] = (float) op.apply(fx[2 + i], 0);
                }
                v.map(op, 0, x, 2, x, 2, n);
                v.map(op, 0, fx, 2, fx, 2, n);
                for (int i = 0; i < n; i++) {
                    assertThat(Double.doubleToRawLongBits(x[2 + i])).as("%s n=%d i=%d", op, n, i)
                            .isEqualTo(Double.doubleToRawLongBits(expected[i]));
                    assertThat(Float.floatToRawIntBits(fx[2 + i])).as("%s float n=%d i=%d", op, n, i)
                            .isEqualTo(Float.floatToRawIntBits(fexpected[i]));
                }
            }
        }
    }
}
