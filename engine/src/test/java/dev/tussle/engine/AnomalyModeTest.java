package dev.tussle.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Anomaly mode: NaN/Inf traced to the op (forward) or the op's backward that produced it. */
class AnomalyModeTest {

    @Test
    void forwardNaNNamesTheOpTheShapesAndTheCallSite() {
        Tensor x = Tensor.of(new double[] {1, -1, 2, 3, 4, 5}, 2, 3);
        try (var scope = AnomalyMode.detect()) {
            assertThatThrownBy(() -> x.log())
                    .isInstanceOf(AnomalyException.class)
                    .hasMessageContaining("forward of 'log'")
                    .hasMessageContaining("NaN or Inf")
                    .hasMessageContaining("output shape [2, 3]")
                    .hasMessageContaining("input shapes [2, 3]")
                    .hasMessageContaining("called at dev.tussle.engine.AnomalyModeTest.lambda$forwardNaNNamesTheOpTheShapesAndTheCallSite")
                    .hasMessageContaining("(AnomalyModeTest.java:");
        }
    }

    @Test
    void forwardInfinityOfABinaryOpNamesBothInputShapes() {
        Tensor a = Tensor.ones(DType.F32, 2, 1);
        Tensor b = Tensor.zeros(DType.F32, 3);
        try (var scope = AnomalyMode.detect()) {
            assertThatThrownBy(() -> a.div(b))
                    .isInstanceOf(AnomalyException.class)
                    .hasMessageContaining("forward of 'div'")
                    .hasMessageContaining("output shape [2, 3]")
                    .hasMessageContaining("input shapes [2, 1], [3])")
                    .hasMessageContaining("AnomalyModeTest.lambda$forwardInfinityOfABinaryOpNamesBothInputShapes");
        }
    }

    @Test
    void backwardNaNNamesTheOpsBackwardAndWhereTheOpWasCalled() {
        Tensor x = Tensor.of(new double[] {0, 1, 4}).requiresGrad(true);
        try (var scope = AnomalyMode.detect()) {
            Tensor y = x.sqrt().sum(); // finite forward: sqrt(0) = 0
            assertThatThrownBy(() -> y.backward())
                    .isInstanceOf(AnomalyException.class)
                    .hasMessageContaining("backward of 'sqrt'")
                    .hasMessageContaining("input shapes [3]")
                    .hasMessageContaining("AnomalyModeTest.backwardNaNNamesTheOpsBackwardAndWhereTheOpWasCalled(AnomalyModeTest.java:");
        }
    }

    @Test
    void backwardNaNWithAnomalyModeOnlyAroundBackwardSaysHowToGetTheCallSite() {
        Tensor x = Tensor.of(new double[] {0, 1}).requiresGrad(true);
        Tensor y = x.sqrt().sum();
        try (var scope = AnomalyMode.detect()) {
            assertThatThrownBy(() -> y.backward())
                    .isInstanceOf(AnomalyException.class)
                    .hasMessageContaining("backward of 'sqrt'")
                    .hasMessageContaining("enable anomaly mode during the forward pass")
                    .hasMessageNotContaining("null");
        }
    }

    @Test
    void backwardNaNIsCaughtAlsoWithCreateGraph() {
        Tensor x = Tensor.of(new double[] {0, 1}).requiresGrad(true);
        try (var scope = AnomalyMode.detect()) {
            Tensor y = x.sqrt().sum();
            assertThatThrownBy(() -> y.backward(Tensor.scalar(1.0), false, true))
                    .isInstanceOf(AnomalyException.class)
                    .hasMessageContaining("backward of 'sqrt'");
        }
    }

    @Test
    void withAnomalyModeOffNothingIsThrownAndValuesPropagate() {
        assertThat(AnomalyMode.isEnabled()).isFalse();
        Tensor x = Tensor.of(new double[] {0, -1, 4}).requiresGrad(true);
        Tensor[] out = new Tensor[2];
        assertThatCode(() -> {
            out[0] = x.log();
            Tensor y = x.sqrt().sum();
            y.backward();
        }).doesNotThrowAnyException();
        assertThat(out[0].getFlat(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(out[0].getFlat(1)).isNaN();
        assertThat(x.grad().getFlat(0)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void scopesNestAndRestore() {
        assertThat(AnomalyMode.isEnabled()).isFalse();
        try (var outer = AnomalyMode.detect()) {
            assertThat(AnomalyMode.isEnabled()).isTrue();
            try (var inner = AnomalyMode.detect()) {
                assertThat(AnomalyMode.isEnabled()).isTrue();
            }
            assertThat(AnomalyMode.isEnabled()).isTrue();
        }
        assertThat(AnomalyMode.isEnabled()).isFalse();
        // A failing op inside the scope still restores the mode on close.
        try (var scope = AnomalyMode.detect()) {
            Tensor.scalar(-1.0).log();
        } catch (AnomalyException expected) {
            // fine
        }
        assertThat(AnomalyMode.isEnabled()).isFalse();
    }

    @Test
    void recordedNodesRememberTheirCallSiteOnlyInAnomalyMode() {
        Tensor x = Tensor.ones(DType.F64, 2).requiresGrad(true);
        assertThat(x.exp().gradFn().createdAt()).isNull();
        try (var scope = AnomalyMode.detect()) {
            assertThat(x.exp().gradFn().createdAt())
                    .startsWith("dev.tussle.engine.AnomalyModeTest.recordedNodesRememberTheirCallSiteOnlyInAnomalyMode(AnomalyModeTest.java:");
        }
    }
}
