package dev.tussle.engine.nn;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.engine.autodiff.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Float64 finite-difference checks of every layer's gradients. */
class LayerGradTest {
    private static final Rng RNG = new Rng(2024);

    private static Tensor x(int... shape) {
        return Tensor.randn(RNG, DType.F64, 0, 1, shape);
    }

    @Test
    void linearFirstAndSecondOrderViaGradCheck() {
        Tensor in = x(4, 3).requiresGrad(true);
        Tensor w = x(3, 2).requiresGrad(true);
        Tensor b = x(2).requiresGrad(true);
        GradCheck.check(xs -> new Linear(xs[1], xs[2]).forward(xs[0]), in, w, b);
        GradCheck.checkSecondOrder(xs -> new Linear(xs[1], xs[2]).forward(xs[0]).tanh(), in, w, b);
    }

    @Test
    void mlpSecondOrderViaGradCheck() {
        Tensor in = x(3, 2).requiresGrad(true);
        Tensor w0 = x(2, 4).requiresGrad(true);
        Tensor b0 = x(4).requiresGrad(true);
        Tensor w1 = x(4, 1).requiresGrad(true);
        Tensor b1 = x(1).requiresGrad(true);
        GradCheck.checkSecondOrder(xs -> new Mlp(List.of(new Linear(xs[1], xs[2]), new Linear(xs[3], xs[4])),
                Activation.softplus(), Activation.sigmoid()).forward(xs[0]), in, w0, b0, w1, b1);
    }

    @Test
    void everyActivation() {
        for (Activation a : List.of(Activation.relu(), Activation.leakyRelu(0.2), Activation.tanh(),
                Activation.sigmoid(), Activation.softplus(), Activation.identity())) {
            // Shifted away from 0 so that ReLU's kink is never inside the finite-difference step.
            Tensor in = x(3, 5).add(0.05).requiresGrad(true);
            assertThat(GradCheck.check(xs -> a.forward(xs[0]), in).comparisons()).isEqualTo(225);
        }
    }

    @Test
    void mlpWithAllParameters() {
        Mlp mlp = Mlp.of(3, 5, 4, 2).hidden(Activation.tanh()).output(Activation.sigmoid()).dtype(DType.F64)
                .build(new Rng(3));
        assertThat(ModuleGradCheck.check(mlp, x(6, 3))).isEqualTo((int) mlp.parameterCount() + 18);
    }

    @Test
    void batchNormInTrainingAndEvalMode() {
        BatchNorm1d bn = new BatchNorm1d(3, 1e-5, 0.1, DType.F64);
        ModuleGradCheck.check(bn, x(5, 3));
        bn.eval();
        ModuleGradCheck.check(bn, x(5, 3));
    }

    @Test
    void layerNorm() {
        ModuleGradCheck.check(new LayerNorm(4, 1e-5, DType.F64), x(3, 4));
        ModuleGradCheck.check(new LayerNorm(4, 1e-5, DType.F64), x(2, 3, 4));
    }

    @Test
    void stackedMlpOnSharedAndPerCopyInputs() {
        StackedMlp s = Mlp.of(3, 4, 2).hidden(Activation.tanh()).dtype(DType.F64).buildStacked(3, new Rng(5));
        ModuleGradCheck.check(s, x(5, 3));
        ModuleGradCheck.check(s, x(3, 5, 3));
    }

    @Test
    void dropoutInTrainingModeWithAFixedMask() {
        // Re-seeding the mask generator before every forward keeps the mask fixed between evaluations.
        Rng rng = new Rng(11);
        long[] state = rng.state();
        Dropout d = new Dropout(0.3, rng);
        Module fixedMask = new Module() {
            @Override
            public Tensor forward(Tensor x) {
                rng.restore(state);
                return d.forward(x);
            }
        };
        ModuleGradCheck.check(fixedMask, x(4, 5));
    }
}
