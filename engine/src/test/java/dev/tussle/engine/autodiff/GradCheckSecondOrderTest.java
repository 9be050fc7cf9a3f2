package dev.tussle.engine.autodiff;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression test: checkSecondOrder's finite differences run under noGrad, and used to compare
 * against an inner gradient that was then always zero, so every non-linear function failed.
 */
class GradCheckSecondOrderTest {
    @Test
    void nonLinearFunctionsPass() {
        Tensor a = Tensor.randn(new Rng(1), DType.F64, 0, 1, 4, 3).requiresGrad(true);
        Tensor w = Tensor.randn(new Rng(2), DType.F64, 0, 1, 3, 2).requiresGrad(true);
        assertThat(GradCheck.checkSecondOrder(xs -> xs[0].matmul(xs[1]).tanh(), a, w).comparisons()).isPositive();
        assertThat(GradCheck.checkSecondOrder(xs -> xs[0].sigmoid(), a).comparisons()).isPositive();
    }
}
