package dev.tussle.engine.nn;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackedTest {

    // Slope 0.25 rather than the usual 0.2: the core's float32 vector kernels compute the body of an
    // array with Vector API lanes and the tail (n mod 16 elements) with the scalar formula, and for
    // leaky ReLU with slope 0.2 (and for sigmoid and softplus) the two round differently, so an
    // element's bits depend on where it falls in the array. A stack and its component lay the same
    // element out at different positions. With ReLU, slope 0.25 (exact in float) or identity the two
    // paths agree. See leakyReluWithSlope02AgreesToRounding.
    private static StackedMlp stacked() {
        return stacked(0.25);
    }

    private static StackedMlp stacked(double slope) {
        return Mlp.of(15, 50, 50, 50, 50, 2).hidden(Activation.leakyRelu(slope)).output(Activation.identity())
                .buildStacked(4, new Rng(8));
    }

    @Test
    void leakyReluWithSlope02AgreesToRounding() {
        StackedMlp s = stacked(0.2);
        Tensor x = Tensor.randn(new Rng(1), DType.F32, 0, 1, 33, 15);
        Tensor y = s.forward(x);
        for (int i = 0; i < 4; i++) {
            float[] expected = s.component(i).forward(x).toFloatArray();
            float[] actual = y.slice(0, i, i + 1).toFloatArray();
            for (int j = 0; j < expected.length; j++) {
                assertThat(actual[j]).isCloseTo(expected[j], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void componentsGiveBitIdenticalOutputsOnSharedInput() {
        StackedMlp s = stacked();
        Tensor x = Tensor.randn(new Rng(1), DType.F32, 0, 1, 33, 15);
        Tensor y = s.forward(x);
        assertThat(y.shape().dims()).containsExactly(4, 33, 2);
        for (int i = 0; i < 4; i++) {
            float[] expected = s.component(i).forward(x).toFloatArray();
            assertThat(y.slice(0, i, i + 1).toFloatArray()).containsExactly(expected);
        }
    }

    @Test
    void componentsGiveBitIdenticalOutputsOnPerCopyInput() {
        StackedMlp s = stacked();
        Tensor x = Tensor.randn(new Rng(2), DType.F32, 0, 1, 4, 17, 15);
        Tensor y = s.forward(x);
        for (int i = 0; i < 4; i++) {
            Tensor xi = x.slice(0, i, i + 1).reshape(17, 15);
            assertThat(y.slice(0, i, i + 1).toFloatArray()).containsExactly(s.component(i).forward(xi).toFloatArray());
        }
    }

    @Test
    void gradientsOfTheStackMatchTheComponentsGradients() {
        StackedMlp s = stacked();
        Tensor x = Tensor.randn(new Rng(3), DType.F32, 0, 1, 4, 9, 15);
        s.forward(x).square().sum().backward();
        for (int i = 0; i < 4; i++) {
            Mlp c = s.component(i);
            c.forward(x.slice(0, i, i + 1).reshape(9, 15)).square().sum().backward();
            for (String name : c.parameters().keySet()) {
                float[] stackedGrad = s.parameters().get(name).grad().slice(0, i, i + 1).toFloatArray();
                assertThat(stackedGrad).as(name).containsExactly(c.parameters().get(name).grad().toFloatArray());
            }
        }
    }

    @Test
    void stackOfPlainMlpsMatchesThemAndRoundTrips() {
        List<Mlp> mlps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mlps.add(Mlp.of(2, 8, 1).hidden(Activation.tanh()).dtype(DType.F64).build(new Rng(i)));
        }
        StackedMlp s = StackedMlp.stack(mlps);
        assertThat(s.parameters().keySet()).containsExactly("layers.0.weight", "layers.0.bias", "layers.2.weight",
                "layers.2.bias");
        assertThat(s.parameters().get("layers.0.weight").shape().dims()).containsExactly(3, 2, 8);
        assertThat(s.parameterCount()).isEqualTo(3 * mlps.get(0).parameterCount());
        Tensor x = Tensor.randn(new Rng(5), DType.F64, 0, 1, 6, 2);
        Tensor y = s.forward(x);
        for (int i = 0; i < 3; i++) {
            assertThat(y.slice(0, i, i + 1).toDoubleArray()).containsExactly(mlps.get(i).forward(x).toDoubleArray());
            Mlp back = s.component(i);
            for (String name : back.parameters().keySet()) {
                assertThat(back.parameters().get(name).toDoubleArray())
                        .containsExactly(mlps.get(i).parameters().get(name).toDoubleArray());
            }
        }
    }

    @Test
    void componentsAreIndependentCopies() {
        StackedMlp s = stacked();
        Mlp c = s.component(0);
        c.parameters().get("layers.0.weight").storageF32()[0] = 1234f;
        assertThat(s.parameters().get("layers.0.weight").storageF32()[0]).isNotEqualTo(1234f);
        assertThat(c.parameters().values()).allMatch(t -> t.isLeaf() && t.requiresGrad());
    }

    @Test
    void badInputsAreRejected() {
        StackedMlp s = stacked();
        assertThatThrownBy(() -> s.forward(Tensor.zeros(3, 5, 15))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("StackedLinear.forward: input shape [3, 5, 15] is neither [k=4, batch, in=15] nor [batch, in=15]");
        assertThatThrownBy(() -> s.component(4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("StackedLinear.component: index 4 out of range [0, 4)");
        assertThatThrownBy(() -> StackedMlp.stack(List.of(Mlp.of(2, 3).build(new Rng(1)), Mlp.of(2, 4).build(new Rng(1)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("StackedMlp.stack: Mlp 1 is Mlp(sizes=[2, 4], hidden=ReLU, output=Identity) but Mlp 0 is "
                        + "Mlp(sizes=[2, 3], hidden=ReLU, output=Identity)");
        assertThatThrownBy(() -> new StackedLinear(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("StackedLinear: weight must be [k, in, out] and bias [k, out] of one dtype, got float32 [2, 3, 4] "
                        + "and float32 [2, 3]");
    }
}
