package dev.tussle.engine.optim;

import dev.tussle.engine.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named parameters that share a learning rate, for example a generator's layers trained faster
 * than its output layer. The names (usually from {@link dev.tussle.engine.nn.Module#parameters()})
 * key the optimizer's state, so they must be unique across the groups of one optimizer.
 */
public final class ParamGroup {
    private final Map<String, Tensor> params;
    private double lr;

    /**
     * A group of the given parameters (copied into an ordered map) with base learning rate {@code lr}.
     *
     * @throws IllegalArgumentException for a negative or non-finite learning rate, or no parameters
     */
    public ParamGroup(Map<String, Tensor> params, double lr) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("ParamGroup: needs at least one parameter");
        }
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        setLr(lr);
    }

    /** The parameters in order. */
    public Map<String, Tensor> params() {
        return params;
    }

    /** The base learning rate (before any schedule factor). */
    public double lr() {
        return lr;
    }

    /**
     * Changes the base learning rate.
     *
     * @throws IllegalArgumentException for a negative or non-finite value
     */
    public void setLr(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("ParamGroup: lr must be finite and >= 0, got " + lr);
        }
        this.lr = lr;
    }
}
