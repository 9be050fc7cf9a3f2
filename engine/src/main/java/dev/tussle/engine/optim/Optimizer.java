package dev.tussle.engine.optim;

import dev.tussle.engine.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Updates parameters in place from their accumulated gradients. A step is
 * <ol>
 * <li>when {@link #clipGradNorm(double)} is set, the global gradient norm over all parameters is
 * measured and every gradient is read scaled by {@code min(1, maxNorm / (norm + 1e−6))} (the
 * gradients themselves are not modified: autodiff may share one gradient tensor between
 * parameters, so scaling in place could scale it twice);</li>
 * <li>each parameter that has a gradient is updated by the subclass's rule with learning rate
 * {@code group.lr() · schedule.factor(step)}; parameters without a gradient are skipped;</li>
 * <li>every {@link ParamConstraint} is applied to every parameter.</li>
 * </ol>
 *
 * <p>State tensors (momentum buffers, moment estimates) are allocated at construction with the
 * dtype and shape of their parameter, and a step allocates nothing. They are visible through
 * {@link #stateTensors()} and saved and restored with {@link #saveState()} and
 * {@link #loadState(OptimizerState)}.
 */
public abstract class Optimizer {
    /** One parameter with its state and reusable views. */
    static final class Slot {
        final String name;
        final Tensor param;
        final ParamGroup group;
        final FlatView p;
        final FlatView g = new FlatView();
        final Map<String, Tensor> state = new LinkedHashMap<>();
        final List<FlatView> stateViews = new ArrayList<>();

        Slot(String name, Tensor param, ParamGroup group) {
            this.name = name;
            this.param = param;
            this.group = group;
            this.p = FlatView.of(param);
        }

        /** The i-th state buffer, in the order {@link Optimizer#stateNames()} lists them. */
        FlatView state(int i) {
            return stateViews.get(i);
        }
    }

    private final List<ParamGroup> groups;
    private final List<Slot> slots = new ArrayList<>();
    private final List<ParamConstraint> constraints = new ArrayList<>();
    private LrSchedule schedule = LrSchedule.constant();
    private double maxGradNorm = Double.POSITIVE_INFINITY;
    private double lastGradNorm = Double.NaN;
    private long step;

    /**
     * @throws IllegalArgumentException when no group is given or a parameter name repeats
     */
    Optimizer(List<ParamGroup> groups) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": needs at least one parameter group");
        }
        this.groups = List.copyOf(groups);
        Set<String> seen = new HashSet<>();
        for (ParamGroup group : this.groups) {
            for (Map.Entry<String, Tensor> e : group.params().entrySet()) {
                if (!seen.add(e.getKey())) {
                    throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter name '" + e.getKey()
                            + "' appears twice; names key the optimizer state and must be unique");
                }
                slots.add(new Slot(e.getKey(), e.getValue(), group));
            }
        }
    }

    /** Allocates the named state buffers of every slot; subclasses call it once from their constructor. */
    final void allocateState() {
        for (Slot s : slots) {
            for (String n : stateNames()) {
                Tensor t = Tensor.zeros(s.param.dtype(), s.param.shape().dims());
                s.state.put(n, t);
                s.stateViews.add(FlatView.of(t));
            }
        }
    }

    /** The names of the per-parameter state buffers this optimizer keeps, in order. */
    abstract List<String> stateNames();

    /**
     * Updates one parameter in place.
     *
     * @param s         the parameter, its gradient view {@code s.g} (bound for this step) and its state
     * @param lr        the learning rate for this step
     * @param gradScale the factor every gradient element is multiplied by (global-norm clipping)
     * @param t         the 1-based number of this step (for bias corrections)
     */
    abstract void update(Slot s, double lr, double gradScale, long t);

    /**
     * The Vector API update kernels, when present; each optimizer's own loop (its reference
     * rule) runs otherwise.
     */
    static final java.util.Optional<dev.tussle.engine.kernel.OptimizerKernels> VECTOR =
            dev.tussle.engine.kernel.OptimizerKernels.vector();

    /** Performs one step; see the class comment. */
    public final void step() {
        double scale = 1.0;
        if (maxGradNorm < Double.POSITIVE_INFINITY) {
            lastGradNorm = gradNorm();
            scale = Math.min(1.0, maxGradNorm / (lastGradNorm + 1e-6));
        }
        double factor = schedule.factor(step);
        step++;
        for (int i = 0; i < slots.size(); i++) { // indexed: a step allocates no iterator
            Slot s = slots.get(i);
            Tensor grad = s.param.grad();
            if (grad == null) {
                continue;
            }
            s.g.bind(grad);
            update(s, s.group.lr() * factor, scale, step);
        }
        for (ParamConstraint c : constraints) {
            for (Slot s : slots) {
                c.apply(s.param);
            }
        }
    }

    /** The Euclidean norm of all gradients together (absent gradients count as zero). */
    public final double gradNorm() {
        double sum = 0;
        for (int j = 0; j < slots.size(); j++) {
            Slot s = slots.get(j);
            Tensor grad = s.param.grad();
            if (grad != null) {
                s.g.bind(grad);
                sum += s.g.sumOfSquares();
            }
        }
        return Math.sqrt(sum);
    }

    /** Clears the gradient of every parameter. */
    public final void zeroGrad() {
        slots.forEach(s -> s.param.zeroGrad());
    }

    /**
     * Scales gradients down to a global norm of at most {@code maxNorm} at every step
     * ({@code Double.POSITIVE_INFINITY} turns clipping off). Returns this optimizer.
     *
     * @throws IllegalArgumentException for a non-positive or NaN value
     */
    public final Optimizer clipGradNorm(double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clipGradNorm: maxNorm must be > 0, got " + maxNorm);
        }
        this.maxGradNorm = maxNorm;
        return this;
    }

    /** The global gradient norm measured by the last step when clipping is on, else NaN. */
    public final double lastGradNorm() {
        return lastGradNorm;
    }

    /** Sets the learning-rate schedule (constant by default). Returns this optimizer. */
    public final Optimizer schedule(LrSchedule schedule) {
        this.schedule = schedule;
        return this;
    }

    /** Adds a constraint applied to every parameter after each step. Returns this optimizer. */
    public final Optimizer constrain(ParamConstraint constraint) {
        constraints.add(constraint);
        return this;
    }

    /** The learning-rate schedule. */
    public final LrSchedule schedule() {
        return schedule;
    }

    /** The global gradient norm steps clip to ({@code Double.POSITIVE_INFINITY}: no clipping). */
    public final double maxGradNorm() {
        return maxGradNorm;
    }

    /** The constraints applied after each step, in order. */
    public final List<ParamConstraint> constraints() {
        return List.copyOf(constraints);
    }

    /** The parameter groups. */
    public final List<ParamGroup> groups() {
        return groups;
    }

    /** The number of steps taken. */
    public final long stepCount() {
        return step;
    }

    /** The learning rate the next step will use for {@code group}: its base rate times the schedule factor. */
    public final double currentLr(ParamGroup group) {
        return group.lr() * schedule.factor(step);
    }

    /** The live state tensors, keyed {@code "<param name>.<state name>"}, in parameter order. */
    public final Map<String, Tensor> stateTensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Slot s : slots) {
            s.state.forEach((n, t) -> out.put(s.name + "." + n, t));
        }
        return Collections.unmodifiableMap(out);
    }

    /** A snapshot (copied tensors) of the state and step count. */
    public final OptimizerState saveState() {
        Map<String, Tensor> copies = new LinkedHashMap<>();
        stateTensors().forEach((n, t) -> copies.put(n, t.copy()));
        return new OptimizerState(copies, step);
    }

    /**
     * Restores a snapshot in place. It must hold exactly this optimizer's state names, each with
     * its parameter's shape and dtype.
     *
     * @throws IllegalArgumentException naming the first missing, extra or mismatched tensor
     */
    public final void loadState(OptimizerState state) {
        if (state.step() < 0) {
            throw new IllegalArgumentException("loadState: step must be >= 0, got " + state.step());
        }
        Map<String, Tensor> mine = stateTensors();
        for (String name : state.tensors().keySet()) {
            if (!mine.containsKey(name)) {
                throw new IllegalArgumentException("loadState: unexpected state tensor '" + name + "' for "
                        + getClass().getSimpleName());
            }
        }
        for (Map.Entry<String, Tensor> e : mine.entrySet()) {
            Tensor src = state.tensors().get(e.getKey());
            Tensor dst = e.getValue();
            if (src == null) {
                throw new IllegalArgumentException("loadState: missing state tensor '" + e.getKey() + "'");
            }
            if (!src.shape().equals(dst.shape()) || src.dtype() != dst.dtype()) {
                throw new IllegalArgumentException("loadState: '" + e.getKey() + "' is " + src.dtype() + " "
                        + src.shape() + " but the optimizer expects " + dst.dtype() + " " + dst.shape());
            }
        }
        FlatView from = new FlatView();
        FlatView to = new FlatView();
        for (Map.Entry<String, Tensor> e : mine.entrySet()) {
            from.bind(state.tensors().get(e.getKey()));
            to.bind(e.getValue());
            for (int i = 0; i < to.size(); i++) {
                to.set(i, from.get(i));
            }
        }
        this.step = state.step();
    }

    static void requireInRange(String op, String what, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(op + ": " + what + " must be in [" + lo + ", " + hi + "], got " + v);
        }
    }

    static List<ParamGroup> single(Map<String, Tensor> params, double lr) {
        return List.of(new ParamGroup(params, lr));
    }
}
