package dev.tussle.gan.regularize;

import dev.tussle.engine.Tensor;

import java.util.List;

/** Penalties and constraints on parameters themselves. */
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

    /**
     * Clips every parameter element into [−c, c] in place (the WGAN critic's constraint, applied
     * after each optimizer step).
     */
    public static void clipWeights(List<Tensor> params, double c) {
        if (!(c > 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("weight clipping: bound must be finite and > 0, got " + c);
        }
        for (Tensor p : params) {
            switch (p.dtype()) {
                case F32 -> {
                    float[] w = p.storageF32();
                    for (int i = 0; i < w.length; i++) {
                        w[i] = (float) Math.max(-c, Math.min(c, w[i]));
                    }
                }
                case F64 -> {
                    double[] w = p.storageF64();
                    for (int i = 0; i < w.length; i++) {
                        w[i] = Math.max(-c, Math.min(c, w[i]));
                    }
                }
            }
        }
    }
}
