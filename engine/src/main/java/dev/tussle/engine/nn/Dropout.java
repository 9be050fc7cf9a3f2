package dev.tussle.engine.nn;

import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;

/**
 * Inverted dropout: in training mode each element is zeroed with probability {@code p} and the
 * survivors are scaled by {@code 1/(1−p)}, so the expected output equals the input and evaluation
 * mode is the identity. Masks are drawn from the generator given at construction, one uniform
 * draw per element in row-major order, so runs are reproducible.
 */
public final class Dropout extends Module {
    private final double p;
    private final Rng rng;

    /**
     * A dropout layer, in training mode until {@link #eval()}.
     *
     * @param p   the drop probability, in [0, 1)
     * @param rng the generator the masks are drawn from (held, and advanced by every training forward)
     * @throws IllegalArgumentException when {@code p} is outside [0, 1)
     */
    public Dropout(double p, Rng rng) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    /** The drop probability. */
    public double p() {
        return p;
    }

    /** Drops and rescales in training mode; the identity in evaluation mode. */
    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0) {
            return x;
        }
        Tensor keep = Tensor.rand(rng, x.dtype(), 0.0, 1.0, x.shape().dims()).ge(p);
        return x.mul(keep).mul(1.0 / (1.0 - p));
    }

    @Override
    public String describe() {
        return "Dropout(" + p + ")";
    }
}
