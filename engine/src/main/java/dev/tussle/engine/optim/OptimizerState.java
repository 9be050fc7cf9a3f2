package dev.tussle.engine.optim;

import dev.tussle.engine.Tensor;

import java.util.Map;

/**
 * A snapshot of an optimizer: its state tensors keyed {@code "<param name>.<state name>"} (for
 * example {@code layers.0.weight.exp_avg}) and the number of steps taken. This is what a
 * checkpoint stores; {@link Optimizer#loadState(OptimizerState)} restores it.
 *
 * @param tensors copies of the state tensors, in the optimizer's order
 * @param step    the number of steps taken
 */
public record OptimizerState(Map<String, Tensor> tensors, long step) {
    /** Copies the map (not the tensors). */
    public OptimizerState {
        tensors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tensors));
    }
}
