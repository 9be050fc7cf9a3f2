package dev.tussle.gan.mix;

import dev.tussle.engine.Tensor;

import java.util.Locale;

/**
 * A penalty on the mixture weights w (a probability vector of length k) that is smallest at the
 * uniform mixture, added to a player's loss (times a coefficient) so that the mixture does not
 * collapse onto one component.
 */
public enum EntropyRegularizer {
    /**
     * The reference implementation's form, the cross-entropy from uniform to w:
     * R(w) = −(1/k)·Σ_i log(w_i + 10⁻⁶), with ∂R/∂w_i = −1 / (k·(w_i + 10⁻⁶)). It grows without
     * bound (up to the 10⁻⁶ floor) as any weight goes to 0, so it resists collapse strongly.
     */
    UNIFORM_CROSS_ENTROPY,
    /**
     * Negative Shannon entropy, R(w) = Σ_i w_i·log w_i = −H(w), with ∂R/∂w_i = log w_i + 1. It is
     * bounded (between −log k and 0), so it only nudges the weights. (A zero weight contributes 0:
     * the logarithm is taken of w_i + 10⁻³⁰, which changes nothing for any weight float32 can tell
     * from 0.)
     */
    SHANNON;

    /** The floor inside the reference form's logarithm. */
    public static final double FLOOR = 1e-6;

    /** R(w) as a scalar tensor, differentiable in {@code w} ({@code [k]}). */
    public Tensor penalty(Tensor w) {
        if (w.rank() != 1 || w.size() == 0) {
            throw new IllegalArgumentException("entropy regularizer: weights must be a non-empty vector [k], got shape "
                    + w.shape());
        }
        return switch (this) {
            case UNIFORM_CROSS_ENTROPY -> w.add(FLOOR).log().mean().neg();
            case SHANNON -> w.mul(w.add(1e-30).log()).sum();
        };
    }

    /** The form called {@code name}: {@code uniform-ce} or {@code shannon}. */
    public static EntropyRegularizer byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "uniform-ce" -> UNIFORM_CROSS_ENTROPY;
            case "shannon" -> SHANNON;
            default -> throw new IllegalArgumentException("--mix-entropy-form: expected one of uniform-ce, shannon, got '"
                    + name + "'");
        };
    }
}
