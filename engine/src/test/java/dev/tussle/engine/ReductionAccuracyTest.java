package dev.tussle.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Whole-tensor float32 sums stay accurate on long tensors: the vector kernels add in float lanes
 * over blocks and carry the blocks' totals in double. Lanes summed over the whole tensor had
 * drifted: the mean of 10⁶ values 0.1f came out 0.10006, the variance of 10⁶ equal values 83.
 */
class ReductionAccuracyTest {
    @Test
    void longFloat32SumsMeansVariancesAndNormsStayAccurate() {
        double tenth = 0.1f; // the float32 value itself
        for (int n : new int[] {512, 4097, 1_000_000, 3_000_001}) {
            Tensor x = Tensor.full(DType.F32, 0.1, n);
            assertThat(x.sum().item()).as("sum, n = %d", n).isCloseTo(n * tenth, within(1e-6 * n * tenth));
            assertThat(x.mean().item()).as("mean, n = %d", n).isCloseTo(tenth, within(1e-6 * tenth));
            assertThat(x.norm().item()).as("norm, n = %d", n).isCloseTo(Math.sqrt(n) * tenth, within(1e-6 * Math.sqrt(n)));
            assertThat(Tensor.full(DType.F32, 1e4, n).variance().item()).as("variance, n = %d", n).isLessThan(1.0);
        }
    }
}
