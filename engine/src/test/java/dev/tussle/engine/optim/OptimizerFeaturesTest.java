package dev.tussle.engine.optim;

import dev.tussle.engine.DType;
import dev.tussle.engine.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OptimizerFeaturesTest {

    private static Tensor withGrad(double[] values, double[] grad) {
        Tensor p = Tensor.of(values.clone(), values.length).requiresGrad(true);
        p.mul(Tensor.of(grad, grad.length)).sum().backward();
        return p;
    }

    @Test
    void parameterGroupsHaveTheirOwnLearningRate() {
        Tensor a = withGrad(new double[] {1}, new double[] {2});
        Tensor b = withGrad(new double[] {1}, new double[] {2});
        Sgd sgd = Sgd.builder(0).build(List.of(new ParamGroup(Map.of("a", a), 0.1), new ParamGroup(Map.of("b", b), 0.01)));
        sgd.step();
        assertThat(a.item()).isCloseTo(1 - 0.2, within(1e-15));
        assertThat(b.item()).isCloseTo(1 - 0.02, within(1e-15));
        sgd.groups().get(1).setLr(0.5);
        sgd.step();
        assertThat(b.item()).isCloseTo(1 - 0.02 - 1.0, within(1e-15));
    }

    @Test
    void globalNormClippingScalesAllGradientsWithoutTouchingThem() {
        Tensor a = withGrad(new double[] {0, 0}, new double[] {3, 0});
        Tensor b = withGrad(new double[] {0}, new double[] {4});
        Map<String, Tensor> ps = new LinkedHashMap<>();
        ps.put("a", a);
        ps.put("b", b);
        Sgd sgd = Sgd.builder(1).build(ps);
        sgd.clipGradNorm(1.0);
        assertThat(sgd.gradNorm()).isEqualTo(5.0);
        sgd.step();
        double scale = 1.0 / (5.0 + 1e-6);
        assertThat(a.toDoubleArray()).containsExactly(-3 * scale, 0);
        assertThat(b.toDoubleArray()).containsExactly(-4 * scale);
        assertThat(sgd.lastGradNorm()).isEqualTo(5.0);
        assertThat(a.grad().toDoubleArray()).containsExactly(3, 0);
        sgd.clipGradNorm(100);
        sgd.step(); // below the limit: unscaled
        assertThat(b.toDoubleArray()[0]).isCloseTo(-4 * scale - 4, within(1e-12));
    }

    @Test
    void weightClippingAfterEachStep() {
        Tensor p = withGrad(new double[] {0.005, -0.005, 0.0}, new double[] {-1, 1, 0.001});
        Sgd sgd = Sgd.builder(1).build(Map.of("p", p));
        sgd.constrain(ParamConstraint.clip(0.01));
        sgd.step();
        assertThat(p.toDoubleArray()).containsExactly(0.01, -0.01, -0.001);
    }

    @Test
    void schedules() {
        LrSchedule lin = LrSchedule.linearDecay(4, 0.2);
        assertThat(lin.factor(0)).isEqualTo(1.0);
        assertThat(lin.factor(2)).isCloseTo(0.6, within(1e-15));
        assertThat(lin.factor(4)).isCloseTo(0.2, within(1e-15));
        assertThat(lin.factor(100)).isCloseTo(0.2, within(1e-15));
        LrSchedule step = LrSchedule.step(10, 0.1);
        assertThat(step.factor(9)).isEqualTo(1.0);
        assertThat(step.factor(10)).isCloseTo(0.1, within(1e-15));
        assertThat(step.factor(25)).isCloseTo(0.01, within(1e-15));
        assertThat(LrSchedule.constant().factor(12345)).isEqualTo(1.0);
        Sgd sgd = Sgd.builder(0.5).build(Map.of("p", Tensor.zeros(1).requiresGrad(true)));
        sgd.schedule(LrSchedule.linearDecay(2, 0));
        assertThat(sgd.currentLr(sgd.groups().get(0))).isEqualTo(0.5);
        sgd.step();
        assertThat(sgd.currentLr(sgd.groups().get(0))).isEqualTo(0.25);
    }

    @Test
    void stateIsNamedAndRoundTripsBitExactly() {
        Tensor p = Tensor.randn(new dev.tussle.engine.Rng(1), DType.F32, 0, 1, 3, 2).requiresGrad(true);
        Adam adam = Adam.builder(0.1).amsgrad(true).build(Map.of("w", p));
        assertThat(adam.stateTensors().keySet()).containsExactly("w.exp_avg", "w.exp_avg_sq", "w.max_exp_avg_sq");
        for (int i = 0; i < 3; i++) {
            p.zeroGrad();
            p.mul(p).sum().backward();
            adam.step();
        }
        OptimizerState saved = adam.saveState();
        float[] savedParam = p.toFloatArray();
        assertThat(saved.step()).isEqualTo(3);
        assertThat(saved.tensors().get("w.exp_avg").toFloatArray()).containsExactly(adam.stateTensors().get("w.exp_avg").toFloatArray());

        p.zeroGrad();
        p.mul(p).sum().backward();
        adam.step();
        float[] afterFour = p.toFloatArray();

        Tensor q = Tensor.of(savedParam, 3, 2).requiresGrad(true);
        Adam resumed = Adam.builder(0.1).amsgrad(true).build(Map.of("w", q));
        resumed.loadState(saved);
        q.mul(q).sum().backward();
        resumed.step();
        assertThat(q.toFloatArray()).containsExactly(afterFour);
        assertThat(resumed.stepCount()).isEqualTo(4);
    }

    @Test
    void parametersWithoutGradientsAreSkipped() {
        Tensor p = Tensor.of(new double[] {1}, 1).requiresGrad(true);
        Sgd sgd = Sgd.builder(0.1).momentum(0.9).build(Map.of("p", p));
        sgd.step();
        assertThat(p.item()).isEqualTo(1.0);
        assertThat(sgd.stepCount()).isEqualTo(1);
    }

    @Test
    void badArgumentsNameTheOptimizerAndValue() {
        Map<String, Tensor> ps = Map.of("p", Tensor.zeros(2).requiresGrad(true));
        assertThatThrownBy(() -> Sgd.builder(0.1).nesterov(true).build(ps)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Sgd: Nesterov momentum needs momentum > 0");
        assertThatThrownBy(() -> Sgd.builder(-1).build(ps)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ParamGroup: lr must be finite and >= 0, got -1.0");
        assertThatThrownBy(() -> Adam.builder(0.1).betas(1.0, 0.9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Adam: beta1 must be in [0.0, 0.9999999999999999], got 1.0");
        assertThatThrownBy(() -> RmsProp.builder(0.1).eps(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("RmsProp: eps must be in [");
        assertThatThrownBy(() -> Sgd.builder(0.1).build(List.of(new ParamGroup(ps, 0.1), new ParamGroup(ps, 0.2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Sgd: parameter name 'p' appears twice; names key the optimizer state and must be unique");
        assertThatThrownBy(() -> Sgd.builder(0.1).build(ps).clipGradNorm(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clipGradNorm: maxNorm must be > 0, got 0.0");
        assertThatThrownBy(() -> ParamConstraint.clip(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ParamConstraint.clip: c must be finite and >= 0, got -1.0");
        assertThatThrownBy(() -> LrSchedule.step(0, 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LrSchedule.step: needs stepSize > 0 and a finite gamma >= 0, got stepSize=0, gamma=0.5");
        assertThatThrownBy(() -> LrSchedule.step(10, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("gamma=Infinity");
        assertThatThrownBy(() -> LrSchedule.linearDecay(10, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LrSchedule.linearDecay: needs totalSteps > 0 and a finite endFactor >= 0, got totalSteps=10, "
                        + "endFactor=Infinity");
        Adam adam = Adam.builder(0.1).build(ps);
        assertThatThrownBy(() -> adam.loadState(new OptimizerState(Map.of("p.exp_avg", Tensor.zeros(2)), 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("loadState: missing state tensor 'p.exp_avg_sq'");
        assertThatThrownBy(() -> adam.loadState(new OptimizerState(Map.of("p.exp_avg", Tensor.zeros(3),
                "p.exp_avg_sq", Tensor.zeros(2)), 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("loadState: 'p.exp_avg' is float32 [3] but the optimizer expects float32 [2]");
        assertThatThrownBy(() -> adam.loadState(new OptimizerState(Map.of("q.m", Tensor.zeros(3)), 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("loadState: unexpected state tensor 'q.m' for Adam");
    }
}
