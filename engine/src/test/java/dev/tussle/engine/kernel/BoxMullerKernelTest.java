package dev.tussle.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Kernels#boxMuller} in every implementation (the lane-wise vector form included) gives
 * exactly the bits of {@code sqrt(-2·StrictMath.log(u1))·StrictMath.cos/sin(2π·u2)}: on millions
 * of random pairs, on the inputs where fdlibm's log and reduction change branches, and on lengths
 * around the vector width and the vector form's block size.
 */
class BoxMullerKernelTest {

    private static List<Kernels> implementations() {
        List<Kernels> list = new ArrayList<>();
        list.add(KernelProvider.scalar());
        KernelProvider.vector().ifPresent(list::add);
        list.add(KernelProvider.get());
        return list;
    }

    private static void assertStrict(Kernels kernels, double[] u1s, double[] u2s) {
        int n = u1s.length;
        double[] u = new double[2 * n + 3];
        for (int p = 0; p < n; p++) {
            u[3 + p] = u1s[p];
            u[3 + n + p] = u2s[p];
        }
        double[] out = new double[2 * n + 5];
        kernels.boxMuller(n, u, 3, 3 + n, out, 5, 5 + n);
        for (int p = 0; p < n; p++) {
            double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1s[p]));
            double theta = 2.0 * Math.PI * u2s[p];
            assertThat(Double.doubleToRawLongBits(out[5 + p]))
                    .as("%s cos: u1=%a u2=%a", kernels.name(), u1s[p], u2s[p])
                    .isEqualTo(Double.doubleToRawLongBits(r * StrictMath.cos(theta)));
            assertThat(Double.doubleToRawLongBits(out[5 + n + p]))
                    .as("%s sin: u1=%a u2=%a", kernels.name(), u1s[p], u2s[p])
                    .isEqualTo(Double.doubleToRawLongBits(r * StrictMath.sin(theta)));
        }
    }

    @Test
    void randomPairsHaveStrictMathBits() {
        assertRandomPairs(new SplittableRandom(5), 1 << 20);
    }

    /** {@code n} pairs as Rng draws them (u1 in (0, 1], u2 in [0, 1)) through every implementation. */
    private static void assertRandomPairs(SplittableRandom r, int n) {
        double[] u1 = new double[n];
        double[] u2 = new double[n];
        for (int p = 0; p < n; p++) {
            u1[p] = 1.0 - r.nextDouble();
            u2[p] = r.nextDouble();
        }
        for (Kernels kernels : implementations()) {
            assertStrict(kernels, u1, u2);
        }
    }

    /**
     * Where the branches change: u1 at 1, near 1 (|f| < 2^-20 after normalization, both
     * exponents), at the normalization threshold and at the ends of fdlibm's middle interval,
     * tiny u1; angles at 0, tiny, at and around π/4, π/2, 3π/4, π, 3π/2, 2π (the reduction's
     * cases and its cancelling high words), and the largest u2 below 1.
     */
    @Test
    void branchBoundariesHaveStrictMathBits() {
        List<Double> u1 = new ArrayList<>();
        for (double x : new double[] {1.0, 0.5, 0x1p-53, 0x1p-40, Math.sqrt(0.5), 0.75, 0.999999, 1 - 0x1p-21,
            1 - 0x1p-20, 1 - 0x1p-19, 0.5 + 0x1p-22, 0.5 - 0x1p-23}) {
            for (int d = -3; d <= 3; d++) {
                double v = x + d * Math.ulp(x);
                if (v > 0 && v <= 1) {
                    u1.add(v);
                }
            }
        }
        // High words 0x3fe6147a and 0x3fe6b851 (the middle interval's ends, for x in [0.5, 1)).
        // The two formulas of that interval mostly round alike, so many low words per high word.
        SplittableRandom r = new SplittableRandom(3);
        for (long hi : new long[] {0x3fe6147aL, 0x3fe6b851L, 0x3fe95f64L, 0x3fe6a09eL, 0x3fd6147aL, 0x3fd6b851L}) {
            for (long d = -1; d <= 1; d++) {
                u1.add(Double.longBitsToDouble((hi + d) << 32));
                u1.add(Double.longBitsToDouble(((hi + d) << 32) | 0xffffffffL));
                for (int j = 0; j < 40; j++) {
                    u1.add(Double.longBitsToDouble(((hi + d) << 32) | (r.nextLong() >>> 32)));
                }
            }
        }
        List<Double> u2 = new ArrayList<>();
        for (double angle : new double[] {0, Math.PI / 4, Math.PI / 2, 3 * Math.PI / 4, Math.PI, 3 * Math.PI / 2,
            2 * Math.PI}) {
            double u = angle / (2 * Math.PI);
            for (int d = -40; d <= 40; d++) {
                double v = u + d * Math.ulp(Math.max(u, 0x1p-30));
                if (v >= 0 && v < 1) {
                    u2.add(v);
                }
            }
        }
        for (double v : new double[] {0x1p-60, 0x1p-30, 0x1p-28, 1 - 0x1p-53}) {
            u2.add(v);
        }
        // Angles whose high word is that of n·π/2 (n = 1..4): fdlibm refines the reduction there.
        for (int hi : SinCos.N_PI_2_HI) {
            for (long lo : new long[] {0, 0x54442d18L, 0xffffffffL}) {
                double theta = Double.longBitsToDouble(((long) hi << 32) | lo);
                u2.add(theta / (2 * Math.PI));
            }
        }
        int n = u1.size() * u2.size();
        double[] a = new double[n];
        double[] b = new double[n];
        int p = 0;
        for (double x : u1) {
            for (double y : u2) {
                a[p] = x;
                b[p++] = y;
            }
        }
        for (Kernels kernels : implementations()) {
            assertStrict(kernels, a, b);
        }
    }

    @Test
    void lengthsAroundTheVectorWidthAndBlock() {
        SplittableRandom r = new SplittableRandom(8);
        for (int n : new int[] {0, 1, 7, 8, 9, 17, 255, 256, 257, 1023, 1025, 5000}) {
            assertRandomPairs(r, n);
        }
    }

    @Test
    void badRangesNameTheOperation() {
        for (Kernels kernels : implementations()) {
            assertThatThrownBy(() -> kernels.boxMuller(4, new double[7], 0, 4, new double[8], 0, 4))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("boxMuller: array 1 of length 7 cannot hold 4 elements at offset 4");
            assertThatThrownBy(() -> kernels.boxMuller(-1, new double[8], 0, 4, new double[8], 0, 4))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("boxMuller: size must be non-negative, got -1");
        }
    }
}
