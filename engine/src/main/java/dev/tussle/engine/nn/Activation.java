package dev.tussle.engine.nn;

import dev.tussle.engine.Tensor;

/**
 * An elementwise nonlinearity as a module without state. Instances are immutable and may be shared
 * between layers. The static factories are the usual way to name one, for example in
 * {@link Mlp.Builder#hidden(Activation)}.
 */
public abstract class Activation extends Module {
    Activation() {
    }

    /** {@code max(x, 0)}. */
    public static Activation relu() {
        return new ReLU();
    }

    /** {@code x} for {@code x > 0}, else {@code slope·x}. */
    public static Activation leakyRelu(double slope) {
        return new LeakyReLU(slope);
    }

    /** The hyperbolic tangent. */
    public static Activation tanh() {
        return new Tanh();
    }

    /** The logistic function {@code 1 / (1 + e^{-x})}. */
    public static Activation sigmoid() {
        return new Sigmoid();
    }

    /** {@code log(1 + e^x)}. */
    public static Activation softplus() {
        return new Softplus();
    }

    /** The identity, for linear output layers. */
    public static Activation identity() {
        return new Identity();
    }

    /**
     * The gain that keeps activations' variance stable through this nonlinearity, as in
     * PyTorch's {@code calculate_gain}; used by {@link Init#glorotUniform(double)} and friends.
     */
    public abstract double gain();

    /**
     * This activation as one the fused linear kernel applies in the same pass as the product
     * ({@code Tensor.linear}, and the CUDA path's dense layers), or {@code null} when it has no
     * fused form (softplus).
     */
    public FusedActivation fused() {
        return null;
    }

    /**
     * A kernel activation and its parameter.
     *
     * @param kind  the activation the kernels apply
     * @param alpha its parameter (leaky ReLU's slope; 0 otherwise)
     */
    public record FusedActivation(dev.tussle.engine.kernel.Activation kind, double alpha) {
    }
}
