package dev.tussle.engine.autodiff;

import dev.tussle.engine.DType;
import dev.tussle.engine.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The checker itself (the per-op gradient checks live elsewhere): it passes a correct gradient,
 * catches a wrong one with a message that locates it, and leaves the caller's tensors alone.
 */
class GradCheckSanityTest {

    @Test
    void passesACorrectGradientAndCountsComparisons() {
        Tensor x = Tensor.of(new double[] {0.5, -1.5, 2}).requiresGrad(true);
        Tensor w = Tensor.of(new double[] {1, 2, 3}); // held constant
        GradCheck.Report r = GradCheck.check(xs -> xs[0].square().mul(xs[1]).sum(), x, w);
        assertThat(r.comparisons()).isEqualTo(3);
        assertThat(r.maxAbsError()).isLessThan(1e-6);
        GradCheck.Report r2 = GradCheck.checkSecondOrder(xs -> xs[0].square().mul(xs[1]).sum(), x, w);
        assertThat(r2.comparisons()).as("3 gradient entries by (3 inputs + 1 gradOutput)").isEqualTo(12);
    }

    @Test
    void catchesAWrongGradientAndLocatesIt() {
        // gt is a constant mask (no gradient), but the function it defines jumps at 0: the
        // numeric derivative there is 1 / (2 eps), the analytic one 0.
        Tensor x = Tensor.of(new double[] {2, 0}).requiresGrad(true);
        assertThatThrownBy(() -> GradCheck.check(xs -> xs[0].gt(0.0).sum(), x))
                .isInstanceOf(GradCheckException.class)
                .hasMessageContaining("gradcheck failed")
                .hasMessageContaining("d input 0[1]")
                .hasMessageContaining("analytic 0")
                .hasMessageContaining("numeric 500000")
                .hasMessageContaining("input 0 has shape [2]")
                .hasMessageContaining("output has shape []");
    }

    @Test
    void leavesTheCallersTensorsUntouched() {
        Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
        GradCheck.check(xs -> xs[0].exp().sum(), x);
        assertThat(x.toDoubleArray()).containsExactly(1, 2);
        assertThat(x.grad()).isNull();
        assertThat(Tensor.zeros(DType.F64, 1).grad()).isNull();
    }
}
