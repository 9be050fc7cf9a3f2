package dev.tussle.gan.mix;

import dev.tussle.engine.DType;
import dev.tussle.engine.Tensor;
import dev.tussle.gan.train.TrainConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MixtureWeightsTest {
    private static final TrainConfig CONFIG = TrainConfig.defaults();

    private static MixtureWeights weights(WeightUpdate rule, double lr, float... logs) {
        MixtureWeights w = new MixtureWeights(logs.length, rule, lr, CONFIG);
        w.loadState(Map.of("log_weights", Tensor.of(logs, logs.length)), 0);
        return w;
    }

    /** L = Σ c_i·w_i on the step's leaf, so ∂L/∂w = c. */
    private static void linearLossStep(MixtureWeights w, double... c) {
        Tensor leaf = w.leaf();
        leaf.mul(Tensor.of(toFloat(c), c.length)).sum().backward();
        w.update(leaf);
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    @Test
    void exponentiatedGradientStepMatchesTheFormula() {
        float[] alpha = {0.2f, -0.5f, 1.0f};
        double[] c = {1.5, -2.0, 0.25};
        double eta = 0.3;
        MixtureWeights w = weights(WeightUpdate.EXPONENTIATED_GRADIENT, eta, alpha);
        double[] before = w.weights();
        linearLossStep(w, c);
        // α_i − η·c_i, renormalized to log-weights; equivalently w_i·exp(−η·c_i) / Z.
        double[] next = new double[3];
        double z = 0;
        for (int i = 0; i < 3; i++) {
            next[i] = alpha[i] - eta * c[i];
            z += Math.exp(next[i]);
        }
        double zw = 0;
        for (int i = 0; i < 3; i++) {
            zw += before[i] * Math.exp(-eta * c[i]);
        }
        float[] stored = w.logWeights().toFloatArray();
        double[] after = w.weights();
        for (int i = 0; i < 3; i++) {
            assertThat((double) stored[i]).as("log-weight %d", i).isCloseTo(next[i] - Math.log(z), within(1e-6));
            assertThat(after[i]).as("weight %d", i).isCloseTo(before[i] * Math.exp(-eta * c[i]) / zw, within(1e-6));
        }
    }

    @Test
    void optimizerRuleStepsTheLogitsAlongTheSoftmaxGradient() {
        double[] g = {1.0, -2.0, 0.5};
        // Autodiff through softmax is the reference for the hand-written Jacobian product.
        float[] logs = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.2)};
        Tensor alpha = Tensor.of(logs, 3).to(DType.F64).requiresGrad(true);
        alpha.softmax(0).mul(Tensor.of(g, 3)).sum().backward();
        double[] expected = alpha.grad().toDoubleArray();
        double[] wExact = Tensor.of(logs, 3).to(DType.F64).softmax(0).toDoubleArray();
        double[] got = MixtureWeights.logitGradient(wExact, g);
        for (int i = 0; i < 3; i++) {
            assertThat(got[i]).isCloseTo(expected[i], within(1e-12));
        }
        assertThat(got[0] + got[1] + got[2]).isCloseTo(0, within(1e-12));
        // With SGD on the logits, one step is α − lr·∂L/∂α.
        TrainConfig sgd = CONFIG.with("optimizer", "sgd");
        MixtureWeights m = new MixtureWeights(3, WeightUpdate.OPTIMIZER, 0.1, sgd);
        m.loadState(Map.of("log_weights", Tensor.of(logs, 3)), 0);
        double[] wNow = m.weights();
        linearLossStep(m, g);
        double[] ga = MixtureWeights.logitGradient(wNow, g);
        for (int i = 0; i < 3; i++) {
            assertThat((double) m.logWeights().toFloatArray()[i]).isCloseTo(logs[i] - 0.1 * ga[i], within(1e-6));
        }
    }

    @Test
    void oneComponentIsNeverUpdated() {
        MixtureWeights w = new MixtureWeights(1, WeightUpdate.EXPONENTIATED_GRADIENT, 1.0, CONFIG);
        Tensor leaf = w.leaf();
        assertThat(leaf.item()).isEqualTo(1.0);
        assertThat(leaf.requiresGrad()).isFalse();
        w.update(leaf);
        assertThat(w.logWeights().item()).isEqualTo(0.0);
    }

    @Test
    void entropyTermsAndGradientsMatchHandComputation() {
        double[] w = {0.5, 0.3, 0.2};
        for (EntropyRegularizer form : EntropyRegularizer.values()) {
            Tensor leaf = Tensor.of(w, 3).requiresGrad(true);
            Tensor value = form.penalty(leaf);
            value.backward();
            double expected = 0;
            double[] grad = new double[3];
            for (int i = 0; i < 3; i++) {
                if (form == EntropyRegularizer.UNIFORM_CROSS_ENTROPY) {
                    expected += -Math.log(w[i] + 1e-6) / 3;
                    grad[i] = -1 / (3 * (w[i] + 1e-6));
                } else {
                    expected += w[i] * Math.log(w[i]);
                    grad[i] = Math.log(w[i]) + 1;
                }
            }
            assertThat(value.item()).as(form.name()).isCloseTo(expected, within(1e-12));
            double[] got = leaf.grad().toDoubleArray();
            for (int i = 0; i < 3; i++) {
                assertThat(got[i]).as(form + " gradient %d", i).isCloseTo(grad[i], within(1e-9));
            }
        }
        // Both are smallest at the uniform mixture.
        for (EntropyRegularizer form : EntropyRegularizer.values()) {
            double uniform = form.penalty(Tensor.of(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, 3)).item();
            assertThat(form.penalty(Tensor.of(w, 3)).item()).isGreaterThan(uniform);
        }
    }

    @Test
    void badInputIsRejectedNamingTheSetting() {
        assertThatThrownBy(() -> new MixtureWeights(0, WeightUpdate.OPTIMIZER, 0.1, CONFIG))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k must be >= 1, got 0");
        assertThatThrownBy(() -> new MixtureWeights(2, WeightUpdate.OPTIMIZER, -1, CONFIG))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--mix-lr");
        assertThatThrownBy(() -> weights(WeightUpdate.OPTIMIZER, 0.1, 0f, 0f).loadState(Map.of(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("log_weights");
        assertThatThrownBy(() -> EntropyRegularizer.SHANNON.penalty(Tensor.zeros(2, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 2]");
        assertThatThrownBy(() -> WeightUpdate.byName("adam"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--mix-update");
        assertThatThrownBy(() -> MixturePayoff.expectation(Tensor.zeros(2, 3), Tensor.zeros(3), Tensor.zeros(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3]");
        assertThatThrownBy(() -> MixturePayoff.pairValues(dev.tussle.gan.objective.MeasuringFunction.log(),
                Tensor.zeros(2, 4, 1), Tensor.zeros(2, 7, 1), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 7, 1]");
        assertThatThrownBy(() -> new TaggedSamples(Tensor.zeros(3, 2), new int[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 tags");
    }
}
