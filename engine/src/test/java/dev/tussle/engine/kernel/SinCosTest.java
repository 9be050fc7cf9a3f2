package dev.tussle.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tussle.engine.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SinCos must reproduce StrictMath's bits, or every seeded Gaussian stream would change. */
class SinCosTest {

    private static void assertStrictBits(SinCos sc, double x) {
        sc.set(x);
        assertThat(Double.doubleToRawLongBits(sc.sin())).as("sin(%s)", x)
                .isEqualTo(Double.doubleToRawLongBits(StrictMath.sin(x)));
        assertThat(Double.doubleToRawLongBits(sc.cos())).as("cos(%s)", x)
                .isEqualTo(Double.doubleToRawLongBits(StrictMath.cos(x)));
    }

    @Test
    void matchesStrictMathOnTheBoxMullerAngles() {
        SinCos sc = new SinCos();
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 3_000_000; i++) {
            // The angles Box–Muller forms: 2π·u for u = k·2^−53.
            assertStrictBits(sc, 2.0 * Math.PI * ((random.nextLong() >>> 11) * 0x1.0p-53));
        }
    }

    /** Around every branch point: π/4, 3π/4, the multiples of π/2 where reduction cancels, 2π, and tiny angles. */
    @Test
    void matchesStrictMathAtEveryBranchBoundary() {
        SinCos sc = new SinCos();
        List<Double> points = new ArrayList<>(List.of(0.0, Double.MIN_VALUE, 0x1.0p-28, 0x1.0p-27, 0x1.0p-26,
                0.3, Math.PI / 4, 0.78125, 3 * Math.PI / 4, Math.PI / 2, Math.PI, 3 * Math.PI / 2, 2 * Math.PI,
                Double.longBitsToDouble(0x3fe9_21fbL << 32), Double.longBitsToDouble(0x4002_d97cL << 32),
                Double.longBitsToDouble(0x3ff9_21fbL << 32), Double.longBitsToDouble(0x4012_d97cL << 32),
                Double.longBitsToDouble(0x4019_21fbL << 32), Double.longBitsToDouble(0x3fd3_3333L << 32)));
        for (double p : List.copyOf(points)) {
            double up = p;
            double down = p;
            for (int i = 0; i < 2000; i++) {
                up = Math.nextUp(up);
                down = Math.nextDown(down);
                points.add(up);
                points.add(down);
            }
        }
        for (double p : points) {
            assertStrictBits(sc, p);
        }
    }

    /** Angles outside [0, 2π) take StrictMath itself. */
    @Test
    void anglesOutsideTheRangeFallBackToStrictMath() {
        SinCos sc = new SinCos();
        for (double x : new double[] {-1.0, -Math.PI, 7.0, 1e6, 1e300, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertStrictBits(sc, x);
        }
    }

    /** The Gaussian stream is the StrictMath Box–Muller stream, bit for bit. */
    @Test
    void gaussianDrawsAreTheStrictMathBoxMullerDraws() {
        Rng rng = new Rng(42);
        Rng uniforms = new Rng(42);
        for (int i = 0; i < 200_000; i++) {
            double u1 = 1.0 - uniforms.nextDouble();
            double u2 = uniforms.nextDouble();
            double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
            double theta = 2.0 * Math.PI * u2;
            assertThat(rng.nextGaussian()).isEqualTo(r * StrictMath.cos(theta));
            assertThat(rng.nextGaussian()).isEqualTo(r * StrictMath.sin(theta));
        }
    }
}
