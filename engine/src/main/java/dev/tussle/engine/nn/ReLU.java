package dev.tussle.engine.nn;

import dev.tussle.engine.Tensor;

/** Applies {@code max(x, 0)} elementwise. */
public final class ReLU extends Activation {
    /** The activation; it has no parameters. */
    public ReLU() {
    }

    /** Returns {@code max(x, 0)} of {@code x}, elementwise. */
    @Override
    public Tensor forward(Tensor x) {
        return x.relu();
    }

    /** {@inheritDoc} */
    @Override
    public double gain() {
        return Math.sqrt(2.0);
    }

    @Override
    public String describe() {
        return "ReLU";
    }

    @Override
    public FusedActivation fused() {
        return new FusedActivation(dev.tussle.engine.kernel.Activation.RELU, 0);
    }
}
