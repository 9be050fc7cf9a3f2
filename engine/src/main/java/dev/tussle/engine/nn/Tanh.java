package dev.tussle.engine.nn;

import dev.tussle.engine.Tensor;

/** Applies {@code the hyperbolic tangent} elementwise. */
public final class Tanh extends Activation {
    /** The activation; it has no parameters. */
    public Tanh() {
    }

    /** Returns {@code the hyperbolic tangent} of {@code x}, elementwise. */
    @Override
    public Tensor forward(Tensor x) {
        return x.tanh();
    }

    /** {@inheritDoc} */
    @Override
    public double gain() {
        return 5.0 / 3.0;
    }

    @Override
    public String describe() {
        return "Tanh";
    }

    @Override
    public FusedActivation fused() {
        return new FusedActivation(dev.tussle.engine.kernel.Activation.TANH, 0);
    }
}
