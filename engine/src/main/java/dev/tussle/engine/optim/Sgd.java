package dev.tussle.engine.optim;

import dev.tussle.engine.kernel.OptimizerSteps;

import dev.tussle.engine.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay, in
 * PyTorch's formulation (dampening 0). Per element, with {@code g} the (clipped) gradient:
 * <pre>
 * g ← g + weightDecay·p
 * b ← momentum·b + g                 (b starts at 0, so the first step has b = g)
 * d ← nesterov ? g + momentum·b : b  (d = g without momentum)
 * p ← p − lr·d
 * </pre>
 * State: {@code momentum_buffer} when momentum &gt; 0.
 */
public final class Sgd extends Optimizer {
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    /** The kernel's coefficients for the learning rate and gradient scale last seen, refilled when they change. */
    private final OptimizerSteps.Sgd coefficients = new OptimizerSteps.Sgd();

    private Sgd(List<ParamGroup> groups, Builder b) {
        super(groups);
        this.momentum = b.momentum;
        this.nesterov = b.nesterov;
        this.weightDecay = b.weightDecay;
        allocateState();
    }

    /**
     * SGD's hyperparameters (besides the learning rate), for a device path applying the same rule.
     *
     * @param momentum    momentum factor (0: none, and no state)
     * @param nesterov    whether the momentum is Nesterov's
     * @param weightDecay L2 weight decay
     */
    public record Settings(double momentum, boolean nesterov, double weightDecay) {
    }

    /** This optimizer's hyperparameters. */
    public Settings settings() {
        return new Settings(momentum, nesterov, weightDecay);
    }

    /** Starts a builder with learning rate {@code lr}, no momentum, no weight decay. */
    public static Builder builder(double lr) {
        return new Builder(lr);
    }

    @Override
    List<String> stateNames() {
        return momentum > 0 ? List.of("momentum_buffer") : List.of();
    }

    @Override
    void update(Slot s, double lr, double gradScale, long t) {
        FlatView p = s.p;
        FlatView g = s.g;
        FlatView buf = momentum > 0 ? s.state(0) : null;
        if (VECTOR.isPresent()) {
            OptimizerSteps.Sgd c = coefficients;
            if (c.lr() != lr || c.gradScale() != gradScale) {
                c.set(lr, momentum, nesterov, gradScale, weightDecay);
            }
            if (p.floats() != null) {
                VECTOR.get().sgd(c, p.floats(), g.floats(), FlatView.floats(buf), p.size());
            } else {
                VECTOR.get().sgd(c, p.doubles(), g.doubles(), FlatView.doubles(buf), p.size());
            }
            return;
        }
        for (int i = 0; i < p.size(); i++) {
            double pi = p.get(i);
            double gi = g.get(i) * gradScale + weightDecay * pi;
            if (buf != null) {
                double b = momentum * buf.get(i) + gi;
                buf.set(i, b);
                gi = nesterov ? gi + momentum * b : b;
            }
            p.set(i, pi - lr * gi);
        }
    }

    /** Configures an {@link Sgd}. */
    public static final class Builder {
        private final double lr;
        private double momentum;
        private boolean nesterov;
        private double weightDecay;

        private Builder(double lr) {
            this.lr = lr;
        }

        /** Momentum factor in [0, 1). */
        public Builder momentum(double momentum) {
            requireInRange("Sgd", "momentum", momentum, 0, Math.nextDown(1.0));
            this.momentum = momentum;
            return this;
        }

        /** Nesterov momentum (needs momentum &gt; 0). */
        public Builder nesterov(boolean on) {
            this.nesterov = on;
            return this;
        }

        /** L2 penalty coefficient added to the gradient, &gt;= 0. */
        public Builder weightDecay(double weightDecay) {
            requireInRange("Sgd", "weightDecay", weightDecay, 0, Double.MAX_VALUE);
            this.weightDecay = weightDecay;
            return this;
        }

        /** An optimizer for one group of parameters at this builder's learning rate. */
        public Sgd build(Map<String, Tensor> params) {
            return build(single(params, lr));
        }

        /**
         * An optimizer for the given groups (each with its own learning rate).
         *
         * @throws IllegalArgumentException for Nesterov without momentum
         */
        public Sgd build(List<ParamGroup> groups) {
            if (nesterov && momentum == 0) {
                throw new IllegalArgumentException("Sgd: Nesterov momentum needs momentum > 0");
            }
            return new Sgd(groups, this);
        }
    }
}
