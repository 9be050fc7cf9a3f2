package dev.tussle.engine.nn;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Shape;
import dev.tussle.engine.Tensor;

/**
 * An affine map {@code y = x·W + b} with weight {@code W: [in, out]} and bias {@code b: [out]}.
 * The weight is stored input-major so the forward is a plain {@code matmul} without a transpose
 * (PyTorch stores {@code [out, in]}; transpose when exchanging weights with it).
 *
 * <p>Default initialization (PyTorch's default for {@code nn.Linear}): weight and bias both
 * U(−1/√in, 1/√in), see {@link Init#uniformFanIn()}.
 */
public final class Linear extends Module {
    private final int in;
    private final int out;
    private final Tensor weight;
    private final Tensor bias;

    /** A float32 layer with the default initialization. */
    public Linear(int in, int out, Rng rng) {
        this(in, out, Init.uniformFanIn(), Init.uniformFanIn(), DType.F32, rng);
    }

    /**
     * A layer whose weight then bias are drawn from {@code rng} with the given initializers.
     *
     * @throws IllegalArgumentException when {@code in} or {@code out} is not positive
     */
    public Linear(int in, int out, Init weightInit, Init biasInit, DType dtype, Rng rng) {
        this(checkSizes(in, out, weightInit).sample(rng, dtype, Shape.of(in, out), in, out),
                biasInit.sample(rng, dtype, Shape.of(out), in, out));
        if (!weight.shape().equals(Shape.of(in, out)) || !bias.shape().equals(Shape.of(out))) {
            throw new IllegalArgumentException("Linear: initializers returned shapes " + weight.shape() + " and "
                    + bias.shape() + ", expected [" + in + ", " + out + "] and [" + out + "]");
        }
    }

    private static Init checkSizes(int in, int out, Init weightInit) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Linear: in and out must be positive, got in=" + in + ", out=" + out);
        }
        return weightInit;
    }

    /**
     * A layer that owns the given tensors (not copied) as its parameters.
     *
     * @throws IllegalArgumentException unless weight is {@code [in, out]} and bias {@code [out]} of one dtype
     */
    public Linear(Tensor weight, Tensor bias) {
        if (weight.rank() != 2 || bias.rank() != 1 || bias.shape().dim(0) != weight.shape().dim(1)
                || weight.dtype() != bias.dtype()) {
            throw new IllegalArgumentException("Linear: weight must be [in, out] and bias [out] of one dtype, got "
                    + weight.dtype() + " " + weight.shape() + " and " + bias.dtype() + " " + bias.shape());
        }
        this.in = weight.shape().dim(0);
        this.out = weight.shape().dim(1);
        this.weight = registerParameter("weight", weight);
        this.bias = registerParameter("bias", bias);
    }

    /** The weight {@code [in, out]}. */
    public Tensor weight() {
        return weight;
    }

    /** The bias {@code [out]}. */
    public Tensor bias() {
        return bias;
    }

    /** Input width. */
    public int in() {
        return in;
    }

    /** Output width. */
    public int out() {
        return out;
    }

    /**
     * {@code x·W + b} for {@code x} of shape {@code [..., in]}.
     *
     * @throws IllegalArgumentException when the last dimension of {@code x} is not {@code in}
     */
    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() == 0 || x.shape().dim(-1) != in) {
            throw new IllegalArgumentException("Linear.forward: input shape " + x.shape() + " does not end in "
                    + in + " (layer is " + in + " -> " + out + ")");
        }
        return x.matmul(weight).add(bias);
    }

    @Override
    public String describe() {
        return "Linear(" + in + ", " + out + ")";
    }
}
