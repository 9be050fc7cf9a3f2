package dev.tussle.engine.optim;

import dev.tussle.engine.kernel.OptimizerSteps;

import dev.tussle.engine.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba, 2015), with the AdamW decoupled weight decay (Loshchilov and Hutter, 2019)
 * and AMSGrad (Reddi et al., 2018) options, in PyTorch's formulation. Per element at step t:
 * <pre>
 * g ← g + weightDecay·p              (L2 form; with decoupled decay instead p ← p·(1 − lr·weightDecay))
 * m ← β1·m + (1 − β1)·g
 * v ← β2·v + (1 − β2)·g²
 * v̂max ← max(v̂max, v)                (AMSGrad only; then v̂max replaces v below)
 * p ← p − lr · (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε)
 * </pre>
 * t counts the optimizer's steps (a parameter skipped for lack of a gradient still sees the
 * shared t). State: {@code exp_avg}, {@code exp_avg_sq}, and {@code max_exp_avg_sq} with AMSGrad.
 */
public final class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;
    private final boolean amsgrad;
    /** The kernel's coefficients for the step and learning rate last seen, refilled when they change (once a step, not per parameter). */
    private final OptimizerSteps.Adam coefficients = new OptimizerSteps.Adam();
    private long coefficientsStep;

    private Adam(List<ParamGroup> groups, Builder b) {
        super(groups);
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.eps = b.eps;
        this.weightDecay = b.weightDecay;
        this.decoupled = b.decoupled;
        this.amsgrad = b.amsgrad;
        allocateState();
    }

    /**
     * Adam's hyperparameters (besides the learning rate), for a device path applying the same rule.
     *
     * @param beta1       first-moment decay
     * @param beta2       second-moment decay
     * @param eps         denominator term
     * @param weightDecay L2 (or, when decoupled, AdamW) weight decay
     * @param decoupled   whether the decay is AdamW's
     * @param amsgrad     whether AMSGrad's running maximum is kept
     */
    public record Settings(double beta1, double beta2, double eps, double weightDecay, boolean decoupled,
                           boolean amsgrad) {
    }

    /** This optimizer's hyperparameters. */
    public Settings settings() {
        return new Settings(beta1, beta2, eps, weightDecay, decoupled, amsgrad);
    }

    /** Starts a builder with learning rate {@code lr}, β = (0.9, 0.999), ε = 1e−8, no weight decay. */
    public static Builder builder(double lr) {
        return new Builder(lr);
    }

    @Override
    List<String> stateNames() {
        return amsgrad ? List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq") : List.of("exp_avg", "exp_avg_sq");
    }

    @Override
    void update(Slot s, double lr, double gradScale, long t) {
        FlatView p = s.p;
        FlatView g = s.g;
        FlatView m = s.state(0);
        FlatView v = s.state(1);
        FlatView vmax = amsgrad ? s.state(2) : null;
        double bc1 = 1 - Math.pow(beta1, t);
        double sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, t));
        double l2 = decoupled ? 0 : weightDecay;
        double shrink = decoupled ? 1 - lr * weightDecay : 1;
        if (VECTOR.isPresent()) {
            OptimizerSteps.Adam c = coefficients;
            if (coefficientsStep != t || c.lr() != lr || c.gradScale() != gradScale) {
                c.set(lr, beta1, beta2, bc1, sqrtBc2, eps, gradScale, l2, shrink);
                coefficientsStep = t;
            }
            if (p.floats() != null) {
                VECTOR.get().adam(c, p.floats(), g.floats(), m.floats(), v.floats(), FlatView.floats(vmax), p.size());
            } else {
                VECTOR.get().adam(c, p.doubles(), g.doubles(), m.doubles(), v.doubles(), FlatView.doubles(vmax), p.size());
            }
            return;
        }
        for (int i = 0; i < p.size(); i++) {
            double pi = p.get(i);
            double gi = g.get(i) * gradScale + l2 * pi;
            pi *= shrink;
            double mi = beta1 * m.get(i) + (1 - beta1) * gi;
            double vi = beta2 * v.get(i) + (1 - beta2) * gi * gi;
            m.set(i, mi);
            v.set(i, vi);
            if (vmax != null) {
                vi = Math.max(vmax.get(i), vi);
                vmax.set(i, vi);
            }
            p.set(i, pi - lr * (mi / bc1) / (Math.sqrt(vi) / sqrtBc2 + eps));
        }
    }

    /** Configures an {@link Adam}. */
    public static final class Builder {
        private final double lr;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private double weightDecay;
        private boolean decoupled;
        private boolean amsgrad;

        private Builder(double lr) {
            this.lr = lr;
        }

        /** The moment decay rates, each in [0, 1). */
        public Builder betas(double beta1, double beta2) {
            requireInRange("Adam", "beta1", beta1, 0, Math.nextDown(1.0));
            requireInRange("Adam", "beta2", beta2, 0, Math.nextDown(1.0));
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /** The denominator's ε, &gt; 0. */
        public Builder eps(double eps) {
            requireInRange("Adam", "eps", eps, Double.MIN_VALUE, Double.MAX_VALUE);
            this.eps = eps;
            return this;
        }

        /** L2 weight decay added to the gradient (Adam's original form), &gt;= 0. */
        public Builder weightDecay(double weightDecay) {
            requireInRange("Adam", "weightDecay", weightDecay, 0, Double.MAX_VALUE);
            this.weightDecay = weightDecay;
            this.decoupled = false;
            return this;
        }

        /** Decoupled weight decay (AdamW): {@code p ← p·(1 − lr·weightDecay)} before the Adam update. */
        public Builder decoupledWeightDecay(double weightDecay) {
            weightDecay(weightDecay);
            this.decoupled = true;
            return this;
        }

        /** AMSGrad: divide by the running maximum of the second moment. */
        public Builder amsgrad(boolean on) {
            this.amsgrad = on;
            return this;
        }

        /** An optimizer for one group of parameters at this builder's learning rate. */
        public Adam build(Map<String, Tensor> params) {
            return build(single(params, lr));
        }

        /** An optimizer for the given groups (each with its own learning rate). */
        public Adam build(List<ParamGroup> groups) {
            return new Adam(groups, this);
        }
    }
}
