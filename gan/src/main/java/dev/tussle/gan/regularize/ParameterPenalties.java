package dev.tussle.gan.regularize;

import dev.tussle.engine.Tensor;

import java.util.List;

/**
 * Penalties on parameters themselves. (WGAN's weight clipping is a constraint applied after each
 * optimizer step: {@code dev.tussle.engine.optim.ParamConstraint.clip(c)}.)
 */
public final class ParameterPenalties {
    private ParameterPenalties() {
    }

    /** λ·Σ‖θ‖² over all parameters (part of the graph). */
    public static Tensor l2(List<Tensor> params, double lambda) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("l2 penalty: no parameters");
        }
        Tensor total = null;
        for (Tensor p : params) {
            Tensor s = p.square().sum();
            total = total == null ? s : total.add(s);
        }
        return total.mul(lambda);
    }
}
