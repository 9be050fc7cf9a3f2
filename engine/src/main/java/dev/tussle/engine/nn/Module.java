package dev.tussle.engine.nn;

import dev.tussle.engine.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A differentiable function with named state: parameters (trained by an optimizer) and buffers
 * (state that is saved but not trained, such as batch-norm running statistics), plus child modules.
 *
 * <p>Names are stable and ordered: a module lists its own parameters in registration order, then
 * each child's under the child's name and a dot, so a two-layer MLP has {@code layers.0.weight},
 * {@code layers.0.bias}, {@code layers.2.weight}, ... These names are the keys of checkpoints and of
 * optimizer state, so registration order is part of a module's file format.
 *
 * <p>Subclasses register everything in their constructor with {@link #registerParameter},
 * {@link #registerBuffer} and {@link #registerModule}; there is no reflection.
 */
public abstract class Module {
    private final Map<String, Tensor> ownParameters = new LinkedHashMap<>();
    private final Map<String, Tensor> ownBuffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** A module with no state yet, in training mode; subclasses register their state in their constructor. */
    protected Module() {
    }

    /** Applies this module to {@code input}. */
    public abstract Tensor forward(Tensor input);

    /**
     * Registers a trainable tensor under {@code name} and marks it as requiring gradients.
     *
     * @return the tensor, for assignment to a field
     */
    protected final Tensor registerParameter(String name, Tensor tensor) {
        checkName(name);
        ownParameters.put(name, tensor.requiresGrad(true));
        return tensor;
    }

    /** Registers a saved, untrained tensor (updated in place by the module itself). */
    protected final Tensor registerBuffer(String name, Tensor tensor) {
        checkName(name);
        ownBuffers.put(name, tensor);
        return tensor;
    }

    /** Registers a child module whose state appears under {@code name + "."}. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        children.put(name, module);
        ((Module) module).setTraining(training);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("registerParameter: name '" + name + "' must be non-empty and "
                    + "contain no '.' (dots separate nesting levels)");
        }
        if (ownParameters.containsKey(name) || ownBuffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("registerParameter: name '" + name + "' is already registered in "
                    + getClass().getSimpleName());
        }
    }

    /**
     * All parameters, this module's first, then each child's with a dotted prefix; an
     * unmodifiable, ordered view. A tensor registered in several places (a layer used twice in a
     * {@link Sequential}) is listed once, under its first name: an optimizer over this map
     * updates it once a step, and {@link #parameterCount()} counts it once.
     */
    public final Map<String, Tensor> parameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, false);
        return Collections.unmodifiableMap(out);
    }

    /** All buffers (untrained saved state) with dotted names, in the same order rule as {@link #parameters()}. */
    public final Map<String, Tensor> buffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, true);
        return Collections.unmodifiableMap(out);
    }

    /** Parameters followed by buffers: everything a checkpoint must hold to restore this module. */
    public final Map<String, Tensor> stateTensors() {
        Map<String, Tensor> out = new LinkedHashMap<>(parameters());
        out.putAll(buffers());
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, Tensor> out, boolean wantBuffers) {
        collect(prefix, out, wantBuffers, Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    private void collect(String prefix, Map<String, Tensor> out, boolean wantBuffers, java.util.Set<Tensor> seen) {
        (wantBuffers ? ownBuffers : ownParameters).forEach((n, t) -> {
            if (seen.add(t)) {
                out.put(prefix + n, t);
            }
        });
        children.forEach((n, m) -> m.collect(prefix + n + ".", out, wantBuffers, seen));
    }

    /** The direct children in registration order. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** The number of trainable scalars. */
    public final long parameterCount() {
        long n = 0;
        for (Tensor t : parameters().values()) {
            n += t.size();
        }
        return n;
    }

    /** Clears the gradient of every parameter. */
    public final void zeroGrad() {
        parameters().values().forEach(Tensor::zeroGrad);
    }

    /** Switches this module and its descendants to training mode (dropout active, batch statistics). */
    public final Module train() {
        setTraining(true);
        return this;
    }

    /** Switches this module and its descendants to evaluation mode (dropout off, running statistics). */
    public final Module eval() {
        setTraining(false);
        return this;
    }

    private void setTraining(boolean on) {
        training = on;
        children.values().forEach(c -> c.setTraining(on));
    }

    /** Whether this module is in training mode. */
    public final boolean isTraining() {
        return training;
    }

    /**
     * Copies values from {@code source} (for example a loaded checkpoint) into this module's
     * parameters and buffers, in place. The names must be exactly those of {@link #stateTensors()},
     * each with the same shape and dtype; nothing is copied unless all match.
     *
     * @throws IllegalArgumentException naming the first missing, unexpected or mismatched entry
     */
    public final void loadState(Map<String, Tensor> source) {
        Map<String, Tensor> mine = stateTensors();
        for (String name : source.keySet()) {
            if (!mine.containsKey(name)) {
                throw new IllegalArgumentException("loadState: unexpected '" + name + "' for " + describe());
            }
        }
        for (Map.Entry<String, Tensor> e : mine.entrySet()) {
            Tensor src = source.get(e.getKey());
            Tensor dst = e.getValue();
            if (src == null) {
                throw new IllegalArgumentException("loadState: missing '" + e.getKey() + "' (" + dst.dtype() + " "
                        + dst.shape() + ")");
            }
            if (!src.shape().equals(dst.shape()) || src.dtype() != dst.dtype()) {
                throw new IllegalArgumentException("loadState: '" + e.getKey() + "' is " + src.dtype() + " "
                        + src.shape() + " but the module expects " + dst.dtype() + " " + dst.shape());
            }
        }
        mine.forEach((name, dst) -> copyInto(source.get(name), dst));
    }

    static void copyInto(Tensor src, Tensor dst) {
        switch (dst.dtype()) {
            case F32 -> System.arraycopy(src.storageF32(), 0, dst.storageF32(), 0, dst.size());
            case F64 -> System.arraycopy(src.storageF64(), 0, dst.storageF64(), 0, dst.size());
        }
    }

    /** A one-line description of this module's architecture, used in checkpoint metadata. */
    public String describe() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(');
        String sep = "";
        for (Map.Entry<String, Module> e : children.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(e.getValue().describe());
            sep = ", ";
        }
        return sb.append(')').toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
