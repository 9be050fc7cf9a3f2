package dev.tussle.engine.optim;

import dev.tussle.engine.Tensor;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FlatViewTest {

    /** The exact sum of the squares (each element widened to double), rounded once. */
    private static double exactSumOfSquares(double[] x) {
        BigDecimal sum = BigDecimal.ZERO;
        for (double v : x) {
            BigDecimal b = new BigDecimal(v);
            sum = sum.add(b.multiply(b));
        }
        return sum.doubleValue();
    }

    /**
     * Float32 and float64 storage of lengths around the eight running sums (0, 1, 7, 8, 9, 17,
     * 1001): the sum of squares within a few roundings of the exact one. Fails if an element is
     * dropped or counted twice (each changes the sum by at least a square of 0.5, far beyond the
     * bound), or if float32 values are squared in float.
     */
    @Test
    void sumOfSquaresIsTheExactSumWithinRounding() {
        SplittableRandom r = new SplittableRandom(3);
        for (int n : new int[] {0, 1, 7, 8, 9, 17, 1001}) {
            double[] d = new double[n];
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                // Magnitudes in [0.5, 1) and 24-bit mantissas: a float32 square would round.
                f[i] = (float) ((r.nextBoolean() ? 1 : -1) * (0.5 + r.nextDouble() / 2));
                d[i] = f[i] + r.nextDouble() * 0x1p-30;
            }
            double[] fd = new double[n];
            for (int i = 0; i < n; i++) {
                fd[i] = f[i];
            }
            double bound = (n + 8) * Math.ulp(Math.max(1.0, n));
            assertThat(FlatView.of(Tensor.of(d, n)).sumOfSquares()).as("float64 n=%d", n)
                    .isCloseTo(exactSumOfSquares(d), within(bound));
            assertThat(FlatView.of(Tensor.of(f, n)).sumOfSquares()).as("float32 n=%d", n)
                    .isCloseTo(exactSumOfSquares(fd), within(bound));
        }
    }
}
