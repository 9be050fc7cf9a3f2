package dev.tussle.engine.nn;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Shape;
import dev.tussle.engine.Tensor;

/**
 * How a parameter tensor is filled at construction. {@code fanIn} and {@code fanOut} are the
 * input and output widths of the layer the tensor belongs to (for a stacked weight
 * {@code [k, in, out]} they are those of one copy, so every copy is initialized as a single layer
 * would be). Draws come from the given {@link Rng} in row-major order, so the same seed gives the
 * same tensor.
 */
@FunctionalInterface
public interface Init {

    /** A new tensor of {@code shape} drawn from this initializer. */
    Tensor sample(Rng rng, DType dtype, Shape shape, int fanIn, int fanOut);

    /** All zeros (the usual bias initializer). */
    static Init zeros() {
        return constant(0.0);
    }

    /** Every element {@code value}. */
    static Init constant(double value) {
        return (rng, dtype, shape, fanIn, fanOut) -> Tensor.full(dtype, value, shape.dims());
    }

    /** N(0, σ²). */
    static Init normal(double std) {
        requireNonNegative("Init.normal", "std", std);
        return (rng, dtype, shape, fanIn, fanOut) -> Tensor.randn(rng, dtype, 0.0, std, shape.dims());
    }

    /** U(−a, a). */
    static Init uniform(double a) {
        requireNonNegative("Init.uniform", "a", a);
        return (rng, dtype, shape, fanIn, fanOut) -> Tensor.rand(rng, dtype, -a, a, shape.dims());
    }

    /**
     * U(−1/√fanIn, 1/√fanIn): PyTorch's default for {@code nn.Linear} weights and biases
     * (its {@code kaiming_uniform_(a=√5)}), and {@link Linear}'s default here.
     */
    static Init uniformFanIn() {
        return (rng, dtype, shape, fanIn, fanOut) -> {
            double a = 1.0 / Math.sqrt(requireFan("Init.uniformFanIn", fanIn));
            return Tensor.rand(rng, dtype, -a, a, shape.dims());
        };
    }

    /** Glorot/Xavier uniform: U(−a, a) with {@code a = gain·√(6 / (fanIn + fanOut))}. */
    static Init glorotUniform(double gain) {
        requireNonNegative("Init.glorotUniform", "gain", gain);
        return (rng, dtype, shape, fanIn, fanOut) -> {
            double a = gain * Math.sqrt(6.0 / requireFan("Init.glorotUniform", fanIn + fanOut));
            return Tensor.rand(rng, dtype, -a, a, shape.dims());
        };
    }

    /** Glorot/Xavier normal: N(0, σ²) with {@code σ = gain·√(2 / (fanIn + fanOut))}. */
    static Init glorotNormal(double gain) {
        requireNonNegative("Init.glorotNormal", "gain", gain);
        return (rng, dtype, shape, fanIn, fanOut) -> {
            double std = gain * Math.sqrt(2.0 / requireFan("Init.glorotNormal", fanIn + fanOut));
            return Tensor.randn(rng, dtype, 0.0, std, shape.dims());
        };
    }

    /**
     * He/Kaiming uniform (fan-in mode) for a leaky ReLU of slope {@code negativeSlope} (0 for
     * ReLU): U(−b, b) with {@code b = gain·√(3 / fanIn)}, {@code gain = √(2 / (1 + slope²))}.
     */
    static Init heUniform(double negativeSlope) {
        requireNonNegative("Init.heUniform", "negativeSlope", negativeSlope);
        double gain = new LeakyReLU(negativeSlope).gain();
        return (rng, dtype, shape, fanIn, fanOut) -> {
            double b = gain * Math.sqrt(3.0 / requireFan("Init.heUniform", fanIn));
            return Tensor.rand(rng, dtype, -b, b, shape.dims());
        };
    }

    /** He/Kaiming normal (fan-in mode): N(0, σ²) with {@code σ = gain / √fanIn}, gain as in {@link #heUniform}. */
    static Init heNormal(double negativeSlope) {
        requireNonNegative("Init.heNormal", "negativeSlope", negativeSlope);
        double gain = new LeakyReLU(negativeSlope).gain();
        return (rng, dtype, shape, fanIn, fanOut) -> {
            double std = gain / Math.sqrt(requireFan("Init.heNormal", fanIn));
            return Tensor.randn(rng, dtype, 0.0, std, shape.dims());
        };
    }

    /**
     * A (semi-)orthogonal matrix times {@code gain} in each trailing {@code [rows, cols]} slice
     * (Saxe et al. 2014): orthonormal columns when rows ≥ cols, orthonormal rows otherwise. See
     * {@link Orthogonal} for the construction.
     */
    static Init orthogonal(double gain) {
        requireNonNegative("Init.orthogonal", "gain", gain);
        return (rng, dtype, shape, fanIn, fanOut) -> Orthogonal.sample(rng, dtype, shape, gain);
    }

    private static void requireNonNegative(String op, String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(op + ": " + what + " must be finite and >= 0, got " + v);
        }
    }

    private static int requireFan(String op, int fan) {
        if (fan <= 0) {
            throw new IllegalArgumentException(op + ": fan must be positive, got " + fan);
        }
        return fan;
    }
}
