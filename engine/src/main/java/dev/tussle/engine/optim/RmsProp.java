package dev.tussle.engine.optim;

import dev.tussle.engine.kernel.OptimizerSteps;

import dev.tussle.engine.Tensor;

import java.util.List;
import java.util.Map;

/**
 * RMSProp (Tieleman and Hinton, 2012) as WGAN trains its critic, in PyTorch's formulation. Per element:
 * <pre>
 * g ← g + weightDecay·p
 * s ← α·s + (1 − α)·g²
 * a ← α·a + (1 − α)·g;  s̃ = s − a²    (centered only; otherwise s̃ = s)
 * d ← g / (√s̃ + ε)
 * b ← momentum·b + d;   d = b         (momentum &gt; 0 only)
 * p ← p − lr·d
 * </pre>
 * State: {@code square_avg}, then {@code momentum_buffer} when momentum &gt; 0, then {@code grad_avg}
 * when centered.
 */
public final class RmsProp extends Optimizer {
    private final double alpha;
    private final double eps;
    private final double momentum;
    private final boolean centered;
    private final double weightDecay;
    /** The kernel's coefficients for the learning rate and gradient scale last seen, refilled when they change. */
    private final OptimizerSteps.RmsProp coefficients = new OptimizerSteps.RmsProp();

    private RmsProp(List<ParamGroup> groups, Builder b) {
        super(groups);
        this.alpha = b.alpha;
        this.eps = b.eps;
        this.momentum = b.momentum;
        this.centered = b.centered;
        this.weightDecay = b.weightDecay;
        allocateState();
    }

    /**
     * RMSProp's hyperparameters (besides the learning rate), for a device path applying the same rule.
     *
     * @param alpha       decay of the running means
     * @param eps         denominator term
     * @param momentum    momentum factor (0: none)
     * @param centered    whether the running mean of gradients is subtracted
     * @param weightDecay L2 weight decay
     */
    public record Settings(double alpha, double eps, double momentum, boolean centered, double weightDecay) {
    }

    /** This optimizer's hyperparameters. */
    public Settings settings() {
        return new Settings(alpha, eps, momentum, centered, weightDecay);
    }

    /** Starts a builder with learning rate {@code lr}, α = 0.99, ε = 1e−8, no momentum, not centered. */
    public static Builder builder(double lr) {
        return new Builder(lr);
    }

    @Override
    List<String> stateNames() {
        if (momentum > 0) {
            return centered ? List.of("square_avg", "momentum_buffer", "grad_avg") : List.of("square_avg", "momentum_buffer");
        }
        return centered ? List.of("square_avg", "grad_avg") : List.of("square_avg");
    }

    @Override
    void update(Slot s, double lr, double gradScale, long t) {
        FlatView p = s.p;
        FlatView g = s.g;
        FlatView sq = s.state(0);
        FlatView buf = momentum > 0 ? s.state(1) : null;
        FlatView avg = centered ? s.state(momentum > 0 ? 2 : 1) : null;
        if (VECTOR.isPresent()) {
            OptimizerSteps.RmsProp c = coefficients;
            if (c.lr() != lr || c.gradScale() != gradScale) {
                c.set(lr, alpha, eps, momentum, gradScale, weightDecay);
            }
            if (p.floats() != null) {
                VECTOR.get().rmsProp(c, p.floats(), g.floats(), sq.floats(), FlatView.floats(buf), FlatView.floats(avg), p.size());
            } else {
                VECTOR.get().rmsProp(c, p.doubles(), g.doubles(), sq.doubles(), FlatView.doubles(buf), FlatView.doubles(avg),
                        p.size());
            }
            return;
        }
        for (int i = 0; i < p.size(); i++) {
            double pi = p.get(i);
            double gi = g.get(i) * gradScale + weightDecay * pi;
            double si = alpha * sq.get(i) + (1 - alpha) * gi * gi;
            sq.set(i, si);
            if (avg != null) {
                double ai = alpha * avg.get(i) + (1 - alpha) * gi;
                avg.set(i, ai);
                si -= ai * ai;
            }
            double d = gi / (Math.sqrt(si) + eps);
            if (buf != null) {
                d = momentum * buf.get(i) + d;
                buf.set(i, d);
            }
            p.set(i, pi - lr * d);
        }
    }

    /** Configures an {@link RmsProp}. */
    public static final class Builder {
        private final double lr;
        private double alpha = 0.99;
        private double eps = 1e-8;
        private double momentum;
        private boolean centered;
        private double weightDecay;

        private Builder(double lr) {
            this.lr = lr;
        }

        /** The smoothing constant of the squared-gradient average, in [0, 1). */
        public Builder alpha(double alpha) {
            requireInRange("RmsProp", "alpha", alpha, 0, Math.nextDown(1.0));
            this.alpha = alpha;
            return this;
        }

        /** The denominator's ε, &gt; 0. */
        public Builder eps(double eps) {
            requireInRange("RmsProp", "eps", eps, Double.MIN_VALUE, Double.MAX_VALUE);
            this.eps = eps;
            return this;
        }

        /** Momentum factor in [0, 1). */
        public Builder momentum(double momentum) {
            requireInRange("RmsProp", "momentum", momentum, 0, Math.nextDown(1.0));
            this.momentum = momentum;
            return this;
        }

        /** Normalize by the estimated variance instead of the uncentered second moment. */
        public Builder centered(boolean on) {
            this.centered = on;
            return this;
        }

        /** L2 penalty coefficient added to the gradient, &gt;= 0. */
        public Builder weightDecay(double weightDecay) {
            requireInRange("RmsProp", "weightDecay", weightDecay, 0, Double.MAX_VALUE);
            this.weightDecay = weightDecay;
            return this;
        }

        /** An optimizer for one group of parameters at this builder's learning rate. */
        public RmsProp build(Map<String, Tensor> params) {
            return build(single(params, lr));
        }

        /** An optimizer for the given groups (each with its own learning rate). */
        public RmsProp build(List<ParamGroup> groups) {
            return new RmsProp(groups, this);
        }
    }
}
