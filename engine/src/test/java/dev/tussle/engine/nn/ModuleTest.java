package dev.tussle.engine.nn;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModuleTest {

    @Test
    void mlpParametersHaveStableDottedNames() {
        Mlp mlp = Mlp.of(15, 50, 50, 2).hidden(Activation.leakyRelu(0.2)).build(new Rng(1));
        assertThat(mlp.parameters().keySet()).containsExactly("layers.0.weight", "layers.0.bias", "layers.2.weight",
                "layers.2.bias", "layers.4.weight", "layers.4.bias");
        assertThat(mlp.parameterCount()).isEqualTo(15 * 50 + 50 + 50 * 50 + 50 + 50 * 2 + 2);
        assertThat(mlp.parameters().get("layers.0.weight").shape().dims()).containsExactly(15, 50);
        assertThat(mlp.parameters().values()).allMatch(Tensor::requiresGrad);
        assertThat(mlp.describe()).isEqualTo("Mlp(sizes=[15, 50, 50, 2], hidden=LeakyReLU(0.2), output=Identity)");
    }

    /** A layer used twice is one set of parameters: listed once, counted once, stepped once. */
    @Test
    void sharedParametersAreListedOnceAndUpdatedOnce() {
        Linear l = new Linear(Tensor.of(new double[] {1, 2}, 1, 2).requiresGrad(true),
                Tensor.of(new double[] {0, 0}, 2).requiresGrad(true));
        Linear m = new Linear(Tensor.of(new double[] {3, 4}, 2, 1).requiresGrad(true),
                Tensor.of(new double[] {0}, 1).requiresGrad(true));
        Sequential s = new Sequential(l, Activation.tanh(), m, Activation.tanh(), new Sequential(l));
        assertThat(s.parameters().keySet()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
        assertThat(s.parameterCount()).isEqualTo(7);
        Tensor bias = l.bias();
        bias.setGrad(Tensor.of(new double[] {1, 1}, 2));
        dev.tussle.engine.optim.Sgd.builder(0.1).build(s.parameters()).step();
        assertThat(bias.toDoubleArray()).containsExactly(-0.1, -0.1);
    }

    @Test
    void sameSeedSameParameters() {
        Mlp a = Mlp.of(3, 4, 1).build(new Rng(7));
        Mlp b = Mlp.of(3, 4, 1).build(new Rng(7));
        for (String name : a.parameters().keySet()) {
            assertThat(a.parameters().get(name).toFloatArray()).containsExactly(b.parameters().get(name).toFloatArray());
        }
    }

    @Test
    void trainAndEvalPropagateToChildren() {
        Dropout d = new Dropout(0.5, new Rng(1));
        Sequential s = new Sequential(new Linear(2, 2, new Rng(1)), d);
        assertThat(d.isTraining()).isTrue();
        s.eval();
        assertThat(d.isTraining()).isFalse();
        assertThat(s.isTraining()).isFalse();
        s.train();
        assertThat(d.isTraining()).isTrue();
    }

    @Test
    void buffersAreNamedAndLoadStateCopiesInPlace() {
        Sequential s = new Sequential(new Linear(3, 2, new Rng(1)), new BatchNorm1d(2));
        assertThat(s.buffers().keySet()).containsExactly("1.running_mean", "1.running_var");
        assertThat(s.stateTensors().keySet()).containsExactly("0.weight", "0.bias", "1.weight", "1.bias",
                "1.running_mean", "1.running_var");
        Sequential t = new Sequential(new Linear(3, 2, new Rng(2)), new BatchNorm1d(2));
        Tensor weightBefore = t.parameters().get("0.weight");
        t.loadState(s.stateTensors());
        assertThat(t.parameters().get("0.weight")).isSameAs(weightBefore);
        assertThat(weightBefore.toFloatArray()).containsExactly(s.parameters().get("0.weight").toFloatArray());
    }

    @Test
    void loadStateRejectsMissingAndMismatched() {
        Linear l = new Linear(3, 2, new Rng(1));
        assertThatThrownBy(() -> l.loadState(Map.of("weight", Tensor.zeros(3, 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("loadState: missing 'bias' (float32 [2])");
        assertThatThrownBy(() -> l.loadState(Map.of("weight", Tensor.zeros(3, 2), "bias", Tensor.zeros(2),
                "extra", Tensor.zeros(1)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("loadState: unexpected 'extra' for Linear(3, 2)");
        assertThatThrownBy(() -> l.loadState(Map.of("weight", Tensor.zeros(2, 3), "bias", Tensor.zeros(2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("loadState: 'weight' is float32 [2, 3] but the module expects float32 [3, 2]");
    }

    @Test
    void duplicateOrDottedNamesAreRejected() {
        class Bad extends Module {
            Bad(String second) {
                registerParameter("w", Tensor.zeros(1));
                registerParameter(second, Tensor.zeros(1));
            }

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        }
        assertThatThrownBy(() -> new Bad("w")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("registerParameter: name 'w' is already registered in Bad");
        assertThatThrownBy(() -> new Bad("a.b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("registerParameter: name 'a.b' must be non-empty and contain no '.' (dots separate nesting levels)");
    }

    @Test
    void badShapesNameTheOpAndShapes() {
        Linear l = new Linear(3, 2, new Rng(1));
        assertThatThrownBy(() -> l.forward(Tensor.zeros(4, 5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Linear.forward: input shape [4, 5] does not end in 3 (layer is 3 -> 2)");
        assertThatThrownBy(() -> new Linear(0, 2, new Rng(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Linear: in and out must be positive, got in=0, out=2");
        assertThatThrownBy(() -> new Linear(Tensor.zeros(3, 2), Tensor.zeros(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Linear: weight must be [in, out] and bias [out] of one dtype, got float32 [3, 2] and float32 [3]");
        assertThatThrownBy(() -> Mlp.of(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Mlp.of: needs at least an input and an output width, got [3]");
        assertThatThrownBy(() -> Mlp.of(3, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Mlp.of: widths must be positive, got [3, 0, 1]");
        assertThatThrownBy(() -> new Mlp(List.of(new Linear(3, 2, new Rng(1)), new Linear(3, 1, new Rng(1))),
                Activation.relu(), Activation.identity())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Mlp: layer 1 takes 3 inputs but the previous layer gives 2");
        assertThatThrownBy(() -> new LeakyReLU(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LeakyReLU: slope must be finite and >= 0, got -1.0");
        assertThatThrownBy(() -> new Dropout(1.0, new Rng(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Dropout: p must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> new BatchNorm1d(2).forward(Tensor.zeros(1, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BatchNorm1d.forward: training needs a batch of at least 2, got shape [1, 2]");
        assertThatThrownBy(() -> new BatchNorm1d(2).forward(Tensor.zeros(4, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BatchNorm1d.forward: input shape [4, 3] is not [batch, 2]");
        assertThatThrownBy(() -> new LayerNorm(2).forward(Tensor.zeros(4, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LayerNorm.forward: input shape [4, 3] does not end in 2");
        assertThatThrownBy(() -> new BatchNorm1d(2, 1e-5, 1.5, DType.F32)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BatchNorm1d: needs features > 0, eps > 0, momentum in [0, 1]; got features=2, eps=1.0E-5, momentum=1.5");
        assertThatThrownBy(() -> new LayerNorm(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LayerNorm: needs features > 0 and eps > 0, got features=0, eps=1.0E-5");
        assertThatThrownBy(() -> new Sequential(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Sequential: needs at least one module");
    }
}
