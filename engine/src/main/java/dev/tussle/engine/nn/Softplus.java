package dev.tussle.engine.nn;

import dev.tussle.engine.Tensor;

/** Applies {@code log(1 + e^x)} elementwise. */
public final class Softplus extends Activation {
    /** The activation; it has no parameters. */
    public Softplus() {
    }

    /** Returns {@code log(1 + e^x)} of {@code x}, elementwise. */
    @Override
    public Tensor forward(Tensor x) {
        return x.softplus();
    }

    /** {@inheritDoc} */
    @Override
    public double gain() {
        return 1.0;
    }

    @Override
    public String describe() {
        return "Softplus";
    }
}
