package dev.tussle.gan.model;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.engine.nn.Activation;
import dev.tussle.engine.nn.Mlp;
import dev.tussle.engine.nn.Module;

/**
 * A discriminator (or critic): a network from samples {@code [n, dim]} to one raw output per
 * sample {@code [n, 1]} — a logit for the sigmoid family of objectives, a score for critics.
 *
 * @param network the network
 */
public record Discriminator(Module network) {

    /** An MLP discriminator {@code inputDim → hidden... → 1} with a linear output (a logit). */
    public static Discriminator mlp(int inputDim, int[] hidden, Activation activation, Rng rng) {
        return mlp(inputDim, hidden, activation, DType.F32, rng);
    }

    /** {@link #mlp(int, int[], Activation, Rng)} with parameters of {@code dtype}. */
    public static Discriminator mlp(int inputDim, int[] hidden, Activation activation, DType dtype, Rng rng) {
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = inputDim;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = 1;
        return new Discriminator(Mlp.of(sizes).hidden(activation).output(Activation.identity()).dtype(dtype).build(rng));
    }

    /** The Gaussian discriminator d(x) = exp(−(W·x + b)²) of the stability essay. */
    public static Discriminator gaussian(int inputDim, Rng rng) {
        return gaussian(inputDim, DType.F32, rng);
    }

    /** {@link #gaussian(int, Rng)} with parameters of {@code dtype}. */
    public static Discriminator gaussian(int inputDim, DType dtype, Rng rng) {
        return new Discriminator(new GaussianDiscriminator(inputDim, dtype, rng));
    }

    /** The raw output for each sample, {@code [n, 1]}. */
    public Tensor forward(Tensor x) {
        return network.forward(x);
    }
}
