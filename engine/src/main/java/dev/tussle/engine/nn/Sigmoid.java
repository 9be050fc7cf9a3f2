package dev.tussle.engine.nn;

import dev.tussle.engine.Tensor;

/** Applies {@code the logistic function} elementwise. */
public final class Sigmoid extends Activation {
    /** The activation; it has no parameters. */
    public Sigmoid() {
    }

    /** Returns {@code the logistic function} of {@code x}, elementwise. */
    @Override
    public Tensor forward(Tensor x) {
        return x.sigmoid();
    }

    /** {@inheritDoc} */
    @Override
    public double gain() {
        return 1.0;
    }

    @Override
    public String describe() {
        return "Sigmoid";
    }

    @Override
    public FusedActivation fused() {
        return new FusedActivation(dev.tussle.engine.kernel.Activation.SIGMOID, 0);
    }
}
