package dev.tussle.gan.mix;

import java.util.Locale;

/**
 * How the mixture weights w = softmax(α) follow their player's loss L. Both keep the log-weights
 * α; they differ in what the step is taken on.
 *
 * <ul>
 *   <li>{@link #EXPONENTIATED_GRADIENT} (the essay's rule): α_i ← α_i − η·∂L/∂w_i, then α is
 *       renormalized so that it stays exactly log w. In terms of w this is the multiplicative-weights
 *       update w_i ← w_i·exp(−η·∂L/∂w_i) / Z: a component's weight grows or shrinks by a factor set
 *       by its own payoff, whatever its current size, and no optimizer state is kept.</li>
 *   <li>{@link #OPTIMIZER} (the reference implementation, with Adam): the configured optimizer
 *       steps α along ∂L/∂α = w ⊙ (∂L/∂w − ⟨w, ∂L/∂w⟩), the gradient through the softmax. That
 *       gradient carries an extra factor w_i, so a component that has lost weight also moves more
 *       slowly; Adam's per-coordinate scaling then largely undoes the magnitudes and keeps moment
 *       estimates, which are checkpointed with the weights.</li>
 * </ul>
 */
public enum WeightUpdate {
    /** Exponentiated gradient (multiplicative weights) on w, stored as log-weights. */
    EXPONENTIATED_GRADIENT,
    /** The configured optimizer on the logits α. */
    OPTIMIZER;

    /** The rule called {@code name}: {@code exponentiated} or {@code optimizer}. */
    public static WeightUpdate byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "exponentiated" -> EXPONENTIATED_GRADIENT;
            case "optimizer" -> OPTIMIZER;
            default -> throw new IllegalArgumentException("--mix-update: expected one of exponentiated, optimizer, got '"
                    + name + "'");
        };
    }
}
