package dev.tussle.engine.kernel;

/**
 * The activations a fused linear layer {@code act(x·W + b)} can apply in the same pass that
 * writes the product. Each maps to the {@link UnaryOp} that defines it, and its derivative is
 * expressed through the activation's <em>output</em> {@code y}, so the backward pass needs only
 * what the forward pass kept.
 */
public enum Activation {
    /** {@code y = x}. */
    IDENTITY(null),
    /** {@code y = max(x, 0)}. */
    RELU(UnaryOp.RELU),
    /** {@code y = x} for {@code x > 0}, else {@code alpha·x} ({@code alpha > 0} keeps the sign of y). */
    LEAKY_RELU(UnaryOp.LEAKY_RELU),
    /** {@code y = tanh(x)}. */
    TANH(UnaryOp.TANH),
    /** {@code y = 1 / (1 + e^-x)}. */
    SIGMOID(UnaryOp.SIGMOID);

    private final UnaryOp op;

    Activation(UnaryOp op) {
        this.op = op;
    }

    /** The elementwise op that computes this activation, or {@code null} for {@link #IDENTITY}. */
    public UnaryOp op() {
        return op;
    }

    /**
     * The reference derivative {@code dy/dx} written in terms of the output {@code y}: 1 for
     * identity; 1 or 0 (ReLU) or {@code alpha} (leaky ReLU, assuming {@code alpha > 0}) by the
     * sign of {@code y}; {@code 1 − y²} for tanh; {@code y(1 − y)} for sigmoid.
     */
    public double derivativeFromOutput(double y, double alpha) {
        return switch (this) {
            case IDENTITY -> 1.0;
            case RELU -> y > 0 ? 1.0 : 0.0;
            case LEAKY_RELU -> y > 0 ? 1.0 : alpha;
            case TANH -> 1.0 - y * y;
            case SIGMOID -> y * (1.0 - y);
        };
    }
}
