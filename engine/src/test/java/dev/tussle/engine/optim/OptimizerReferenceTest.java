package dev.tussle.engine.optim;

import dev.tussle.engine.DType;
import dev.tussle.engine.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Each optimizer against its paper's update rule, computed here independently in plain double
 * arithmetic. The loss is {@code Σ (a·p² + b·p)}, so the gradient {@code 2a·p + b} changes from
 * step to step and depends on the parameter.
 */
class OptimizerReferenceTest {
    static final double[] P0 = {0.5, -1.25, 2.0, 0.0};
    static final double[] A = {0.3, 1.0, -0.2, 0.7};
    static final double[] B = {0.1, -0.4, 0.25, 1.5};
    static final int STEPS = 5;

    static Tensor param(DType dtype) {
        return Tensor.of(P0.clone(), 4).to(dtype).requiresGrad(true);
    }

    static void backward(Tensor p) {
        Tensor a = Tensor.of(A, 4).to(p.dtype());
        Tensor b = Tensor.of(B, 4).to(p.dtype());
        p.zeroGrad();
        p.mul(p).mul(a).add(p.mul(b)).sum().backward();
    }

    static double grad(double p, int i) {
        return 2 * A[i] * p + B[i];
    }

    /** Runs the optimizer made by {@code make} for STEPS steps on float64 and returns the parameter. */
    static double[] run(Function<Map<String, Tensor>, Optimizer> make, DType dtype) {
        Tensor p = param(dtype);
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("p", p);
        Optimizer opt = make.apply(params);
        for (int t = 0; t < STEPS; t++) {
            backward(p);
            opt.step();
        }
        return p.toDoubleArray();
    }

    static void assertClose(double[] actual, double[] expected) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(1e-12 * (1 + Math.abs(expected[i]))));
        }
    }

    // ------------------------------------------------------------------ SGD

    static double[] sgdReference(double lr, double mu, boolean nesterov, double wd) {
        double[] p = P0.clone();
        double[] buf = new double[4];
        for (int t = 0; t < STEPS; t++) {
            for (int i = 0; i < 4; i++) {
                double g = grad(p[i], i) + wd * p[i];
                if (mu > 0) {
                    buf[i] = t == 0 ? g : mu * buf[i] + g;
                    g = nesterov ? g + mu * buf[i] : buf[i];
                }
                p[i] -= lr * g;
            }
        }
        return p;
    }

    @Test
    void sgdPlainMomentumNesterovAndWeightDecay() {
        assertClose(run(ps -> Sgd.builder(0.1).build(ps), DType.F64), sgdReference(0.1, 0, false, 0));
        assertClose(run(ps -> Sgd.builder(0.1).momentum(0.9).build(ps), DType.F64), sgdReference(0.1, 0.9, false, 0));
        assertClose(run(ps -> Sgd.builder(0.1).momentum(0.9).nesterov(true).build(ps), DType.F64),
                sgdReference(0.1, 0.9, true, 0));
        assertClose(run(ps -> Sgd.builder(0.05).momentum(0.5).weightDecay(0.01).build(ps), DType.F64),
                sgdReference(0.05, 0.5, false, 0.01));
    }

    // ------------------------------------------------------------------ Adam

    static double[] adamReference(double lr, double b1, double b2, double eps, double wd, boolean decoupled,
                                  boolean amsgrad) {
        double[] p = P0.clone();
        double[] m = new double[4];
        double[] v = new double[4];
        double[] vmax = new double[4];
        for (int t = 1; t <= STEPS; t++) {
            for (int i = 0; i < 4; i++) {
                double g = grad(p[i], i);
                if (decoupled) {
                    p[i] = p[i] - lr * wd * p[i];
                } else {
                    g += wd * p[i];
                }
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                vmax[i] = Math.max(vmax[i], v[i]);
                double vHat = (amsgrad ? vmax[i] : v[i]) / (1 - Math.pow(b2, t));
                p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
        }
        return p;
    }

    @Test
    void adamDefaultL2AdamWAndAmsgrad() {
        assertClose(run(ps -> Adam.builder(0.01).build(ps), DType.F64),
                adamReference(0.01, 0.9, 0.999, 1e-8, 0, false, false));
        assertClose(run(ps -> Adam.builder(0.02).betas(0.5, 0.9).eps(1e-3).weightDecay(0.1).build(ps), DType.F64),
                adamReference(0.02, 0.5, 0.9, 1e-3, 0.1, false, false));
        assertClose(run(ps -> Adam.builder(0.02).decoupledWeightDecay(0.1).build(ps), DType.F64),
                adamReference(0.02, 0.9, 0.999, 1e-8, 0.1, true, false));
        assertClose(run(ps -> Adam.builder(0.05).betas(0.0, 0.9).amsgrad(true).build(ps), DType.F64),
                adamReference(0.05, 0.0, 0.9, 1e-8, 0, false, true));
    }

    @Test
    void float32ParametersFollowTheSameRuleToSinglePrecision() {
        double[] expected = adamReference(0.01, 0.9, 0.999, 1e-8, 0, false, false);
        double[] actual = run(ps -> Adam.builder(0.01).build(ps), DType.F32);
        for (int i = 0; i < 4; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], within(1e-6));
        }
    }

    // ------------------------------------------------------------------ RMSProp

    static double[] rmsReference(double lr, double alpha, double eps, double mu, boolean centered, double wd) {
        double[] p = P0.clone();
        double[] s = new double[4];
        double[] a = new double[4];
        double[] buf = new double[4];
        for (int t = 0; t < STEPS; t++) {
            for (int i = 0; i < 4; i++) {
                double g = grad(p[i], i) + wd * p[i];
                s[i] = alpha * s[i] + (1 - alpha) * g * g;
                double denom = s[i];
                if (centered) {
                    a[i] = alpha * a[i] + (1 - alpha) * g;
                    denom = s[i] - a[i] * a[i];
                }
                double step = g / (Math.sqrt(denom) + eps);
                if (mu > 0) {
                    buf[i] = mu * buf[i] + step;
                    step = buf[i];
                }
                p[i] -= lr * step;
            }
        }
        return p;
    }

    @Test
    void rmsPropPlainCenteredMomentumAndWeightDecay() {
        assertClose(run(ps -> RmsProp.builder(0.01).build(ps), DType.F64), rmsReference(0.01, 0.99, 1e-8, 0, false, 0));
        assertClose(run(ps -> RmsProp.builder(0.01).alpha(0.9).eps(1e-6).centered(true).build(ps), DType.F64),
                rmsReference(0.01, 0.9, 1e-6, 0, true, 0));
        assertClose(run(ps -> RmsProp.builder(0.01).momentum(0.8).centered(true).weightDecay(0.05).build(ps),
                DType.F64), rmsReference(0.01, 0.99, 1e-8, 0.8, true, 0.05));
        assertClose(run(ps -> RmsProp.builder(0.005).momentum(0.5).build(ps), DType.F64),
                rmsReference(0.005, 0.99, 1e-8, 0.5, false, 0));
    }

    @Test
    void sgdStepScheduleScalesTheLearningRate() {
        // lr 0.1 for steps 0-1, 0.05 for 2-3, 0.025 for 4
        double[] p = P0.clone();
        double[] lrs = {0.1, 0.1, 0.05, 0.05, 0.025};
        for (int t = 0; t < STEPS; t++) {
            for (int i = 0; i < 4; i++) {
                p[i] -= lrs[t] * grad(p[i], i);
            }
        }
        assertClose(run(ps -> Sgd.builder(0.1).build(ps).schedule(LrSchedule.step(2, 0.5)), DType.F64), p);
    }
}
