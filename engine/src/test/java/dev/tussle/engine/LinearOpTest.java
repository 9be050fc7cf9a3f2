package dev.tussle.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tussle.engine.autodiff.GradCheck;
import dev.tussle.engine.kernel.Activation;
import org.junit.jupiter.api.Test;

/** The fused dense layer: forward against the composed ops, gradients against finite differences. */
class LinearOpTest {

    private static Tensor rand(long seed, int... shape) {
        return Tensor.rand(new Rng(seed), DType.F64, -1, 1, shape);
    }

    private static Tensor composed(Tensor x, Tensor w, Tensor b, Activation act, double alpha) {
        Tensor pre = b == null ? x.matmul(w) : x.matmul(w).add(b);
        return switch (act) {
            case IDENTITY -> pre;
            case RELU -> pre.relu();
            case LEAKY_RELU -> pre.leakyRelu(alpha);
            case TANH -> pre.tanh();
            case SIGMOID -> pre.sigmoid();
        };
    }

    @Test
    void forwardEqualsComposedOps() {
        Tensor x = rand(1, 37, 19);
        Tensor w = rand(2, 19, 70);
        Tensor b = rand(3, 70);
        for (Activation act : Activation.values()) {
            for (Tensor bias : new Tensor[] {b, null}) {
                double[] expected = composed(x, w, bias, act, 0.2).toDoubleArray();
                double[] actual = Tensor.linear(x, w, bias, act, 0.2).toDoubleArray();
                for (int i = 0; i < expected.length; i++) {
                    assertThat(actual[i]).as("%s %d", act, i).isCloseTo(expected[i], within(1e-13));
                }
            }
        }
    }

    /**
     * Plain backward takes the fused activation-backward kernel for (leaky) ReLU, createGraph the
     * differentiable mask product: both must give the same bits, or training results would depend
     * on whether a gradient penalty happened to record the graph.
     */
    @Test
    void plainBackwardEqualsRecordedBackwardBitForBit() {
        for (DType dtype : DType.values()) {
            for (Activation act : new Activation[] {Activation.RELU, Activation.LEAKY_RELU}) {
                Tensor x = rand(7, 37, 19).to(dtype).requiresGrad(true);
                Tensor w = rand(8, 19, 70).to(dtype).requiresGrad(true);
                Tensor b = rand(9, 70).to(dtype).requiresGrad(true);
                Tensor g = rand(10, 37, 70).to(dtype);
                java.util.List<Tensor> plain = Autodiff.grad(java.util.List.of(Tensor.linear(x, w, b, act, 0.2)),
                        java.util.List.of(x, w, b), java.util.List.of(g), false, false);
                java.util.List<Tensor> recorded = Autodiff.grad(java.util.List.of(Tensor.linear(x, w, b, act, 0.2)),
                        java.util.List.of(x, w, b), java.util.List.of(g), true, true);
                for (int i = 0; i < 3; i++) {
                    assertThat(plain.get(i).toDoubleArray()).as("%s %s input %d", act, dtype, i)
                            .containsExactly(recorded.get(i).toDoubleArray());
                }
            }
        }
    }

    /** The same for the leaky rectifier op, whose plain backward also takes the fused kernel. */
    @Test
    void rectifierOpsPlainBackwardEqualsRecordedBitForBit() {
        for (DType dtype : DType.values()) {
            for (double slope : new double[] {0.2, -0.5, 0}) {
                Tensor x = rand(11, 37, 70).to(dtype).requiresGrad(true);
                Tensor g = rand(12, 37, 70).to(dtype);
                java.util.function.Supplier<Tensor> op = () -> x.leakyRelu(slope);
                Tensor plain = Autodiff.grad(java.util.List.of(op.get()), java.util.List.of(x), java.util.List.of(g),
                        false, false).get(0);
                Tensor recorded = Autodiff.grad(java.util.List.of(op.get()), java.util.List.of(x), java.util.List.of(g),
                        true, true).get(0);
                assertThat(plain.toDoubleArray()).as("slope %s %s", slope, dtype)
                        .containsExactly(recorded.toDoubleArray());
            }
        }
    }

    @Test
    void gradientsPassFirstAndSecondOrderChecks() {
        for (Activation act : Activation.values()) {
            Tensor x = rand(4, 5, 3).requiresGrad(true);
            Tensor w = rand(5, 3, 4).requiresGrad(true);
            Tensor b = rand(6, 4).requiresGrad(true);
            GradCheck.check(t -> Tensor.linear(t[0], t[1], t[2], act, 0.2), x, w, b);
            GradCheck.checkSecondOrder(t -> Tensor.linear(t[0], t[1], t[2], act, 0.2), x, w, b);
            GradCheck.check(t -> Tensor.linear(t[0], t[1], null, act, 0.2), x, w);
        }
    }

    @Test
    void badShapesNameTheOpAndShapes() {
        assertThatThrownBy(() -> Tensor.linear(rand(1, 2, 3), rand(2, 4, 5), null, Activation.RELU, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("linear: shapes [2, 3], [4, 5] and no bias are not aligned: x [m, k] needs w [k, n] and bias [n]");
        assertThatThrownBy(() -> Tensor.linear(rand(1, 2, 3), rand(2, 3, 5), rand(3, 4), Activation.RELU, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("linear: shapes [2, 3], [3, 5] and [4] are not aligned");
        assertThatThrownBy(() -> Tensor.linear(rand(1, 2, 3), rand(2, 3, 5), null, Activation.LEAKY_RELU, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("linear: leaky ReLU slope must be > 0");
    }
}
