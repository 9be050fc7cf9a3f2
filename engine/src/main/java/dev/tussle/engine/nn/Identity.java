package dev.tussle.engine.nn;

import dev.tussle.engine.Tensor;

/** Applies {@code the identity} elementwise. */
public final class Identity extends Activation {
    /** The activation; it has no parameters. */
    public Identity() {
    }

    /** Returns {@code the identity} of {@code x}, elementwise. */
    @Override
    public Tensor forward(Tensor x) {
        return x;
    }

    /** {@inheritDoc} */
    @Override
    public double gain() {
        return 1.0;
    }

    @Override
    public String describe() {
        return "Identity";
    }

    @Override
    public FusedActivation fused() {
        return new FusedActivation(dev.tussle.engine.kernel.Activation.IDENTITY, 0);
    }
}
