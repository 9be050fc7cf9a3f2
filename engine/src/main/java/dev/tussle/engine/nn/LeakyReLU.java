package dev.tussle.engine.nn;

import dev.tussle.engine.Tensor;

/** {@code x} for {@code x > 0}, else {@code slope·x}, elementwise. */
public final class LeakyReLU extends Activation {
    private final double slope;
    /** What {@link #fused()} returns, made once (a layer asks for it on every forward). */
    private final FusedActivation fused;

    /**
     * The activation with the given negative slope.
     *
     * @param slope the slope for negative inputs, finite and {@code >= 0}
     * @throws IllegalArgumentException for a negative or non-finite slope
     */
    public LeakyReLU(double slope) {
        if (!(slope >= 0) || Double.isInfinite(slope)) {
            throw new IllegalArgumentException("LeakyReLU: slope must be finite and >= 0, got " + slope);
        }
        this.slope = slope;
        this.fused = slope > 0 ? new FusedActivation(dev.tussle.engine.kernel.Activation.LEAKY_RELU, slope)
                : new FusedActivation(dev.tussle.engine.kernel.Activation.RELU, 0);
    }

    /** The slope for negative inputs. */
    public double slope() {
        return slope;
    }

    /** Applies the leaky rectifier elementwise. */
    @Override
    public Tensor forward(Tensor x) {
        return x.leakyRelu(slope);
    }

    /** {@code sqrt(2 / (1 + slope²))}, as for He initialization. */
    @Override
    public double gain() {
        return Math.sqrt(2.0 / (1.0 + slope * slope));
    }

    @Override
    public String describe() {
        return "LeakyReLU(" + slope + ")";
    }

    /** Slope 0 is ReLU; the fused kernel reads the input's sign from the output, so it needs slope &gt; 0 otherwise. */
    @Override
    public FusedActivation fused() {
        return fused;
    }
}
