package dev.tussle.engine.nn;

import dev.tussle.engine.DType;
import dev.tussle.engine.GradMode;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Central-difference check of a float64 module's gradients with respect to its input and every
 * parameter, perturbing the parameters' storage in place (GradCheck works on function inputs;
 * a module owns its parameters, so this helper perturbs them where they live).
 */
final class ModuleGradCheck {
    private ModuleGradCheck() {
    }

    /** Checks d(sum(forward(x)·v))/d(x and parameters) for a fixed random v; returns the comparison count. */
    static int check(Module m, Tensor x) {
        Tensor input = x.copy().requiresGrad(true);
        Tensor y0;
        try (var s = GradMode.noGrad()) {
            y0 = m.forward(input);
        }
        Tensor v = Tensor.randn(new Rng(99), DType.F64, 0, 1, y0.shape().dims());
        m.zeroGrad();
        m.forward(input).mul(v).sum().backward();
        List<Tensor> targets = new ArrayList<>(m.parameters().values());
        targets.add(input);
        int comparisons = 0;
        for (Tensor t : targets) {
            assertThat(t.grad()).as("gradient of a tensor of shape %s", t.shape()).isNotNull();
            double[] analytic = t.grad().toDoubleArray();
            double[] data = t.storageF64();
            for (int e = 0; e < data.length; e++) {
                double saved = data[e];
                double eps = 1e-6;
                double plus;
                double minus;
                try (var s = GradMode.noGrad()) {
                    data[e] = saved + eps;
                    plus = m.forward(input).mul(v).sum().item();
                    data[e] = saved - eps;
                    minus = m.forward(input).mul(v).sum().item();
                } finally {
                    data[e] = saved;
                }
                double numeric = (plus - minus) / (2 * eps);
                assertThat(analytic[e]).as("element %d of a tensor of shape %s", e, t.shape())
                        .isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-5 + 1e-3 * Math.abs(numeric)));
                comparisons++;
            }
        }
        return comparisons;
    }
}
