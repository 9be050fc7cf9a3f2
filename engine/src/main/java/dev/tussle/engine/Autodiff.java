package dev.tussle.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Reverse-mode automatic differentiation.
 *
 * <p>Every differentiable op calls {@link #record} with its output, its inputs and its
 * {@link BackwardRule}. A backward pass sorts the recorded graph topologically from the output,
 * then walks it in reverse, asking each node's rule for the vector-Jacobian product of each input
 * that requires grad. Gradients of a tensor used more than once are summed; a gradient of
 * broadcast shape is summed down to its input's shape here, once, rather than in every op.
 *
 * <p>With {@code createGraph} the rules run with recording on, so the returned gradients are
 * graph nodes themselves and can be differentiated again (gradient penalties, Hessian-vector
 * products, consensus optimization). Without it the rules run in {@link GradMode#noGrad()} and
 * nothing is recorded.
 */
public final class Autodiff {
    private Autodiff() {
    }

    /**
     * Records {@code out} as the result of {@code op} on {@code inputs}, when recording is on and
     * some input requires grad, and checks it for NaN/Inf in anomaly mode. Returns {@code out}.
     */
    static Tensor record(String op, Tensor out, BackwardRule rule, Tensor... inputs) {
        String site = null;
        if (AnomalyMode.isEnabled()) {
            site = AnomalyMode.callSite();
            AnomalyMode.checkForward(op, out, inputs, site);
        }
        if (GradMode.isEnabled()) {
            for (Tensor in : inputs) {
                if (in.requiresGrad()) {
                    Node node = Node.create(op, rule, site, inputs.length);
                    for (int i = 0; i < inputs.length; i++) {
                        node.setInput(i, inputs[i]);
                    }
                    out.markRecorded(node);
                    break;
                }
            }
        }
        return out;
    }

    // One, two and three inputs without the varargs array (a few hundred records per training step).

    /** {@link #record(String, Tensor, BackwardRule, Tensor...)} for one input. */
    static Tensor record(String op, Tensor out, BackwardRule rule, Tensor a) {
        return record(op, out, rule, 1, a, null, null);
    }

    /** {@link #record(String, Tensor, BackwardRule, Tensor...)} for two inputs. */
    static Tensor record(String op, Tensor out, BackwardRule rule, Tensor a, Tensor b) {
        return record(op, out, rule, 2, a, b, null);
    }

    /** {@link #record(String, Tensor, BackwardRule, Tensor...)} for three inputs. */
    static Tensor record(String op, Tensor out, BackwardRule rule, Tensor a, Tensor b, Tensor c) {
        return record(op, out, rule, 3, a, b, c);
    }

    /** The first {@code arity} of {@code a, b, c} as inputs. */
    private static Tensor record(String op, Tensor out, BackwardRule rule, int arity, Tensor a, Tensor b, Tensor c) {
        if (AnomalyMode.isEnabled()) {
            return record(op, out, rule, arity == 1 ? new Tensor[] {a} : arity == 2 ? new Tensor[] {a, b}
                    : new Tensor[] {a, b, c});
        }
        if (GradMode.isEnabled() && (a.requiresGrad() || (arity > 1 && b.requiresGrad())
                || (arity > 2 && c.requiresGrad()))) {
            Node node = Node.create(op, rule, null, arity);
            node.setInput(0, a);
            if (arity > 1) {
                node.setInput(1, b);
            }
            if (arity > 2) {
                node.setInput(2, c);
            }
            out.markRecorded(node);
        }
        return out;
    }

    /** Implements {@link Tensor#backward()}: accumulates into the leaves' {@code grad}. */
    static void backward(Tensor root, Tensor gradOutput, boolean retainGraph, boolean createGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: tensor of shape " + root.shape() + " does not require grad "
                    + "(no input of the ops that made it requires grad, or it was made under noGrad)");
        }
        Tensor seed = seedGradient("backward", root, gradOutput);
        // The one root and seed go in the pass's own reusable lists (List.of was a backward's allocation).
        Scratch scratch = Scratch.acquire();
        scratch.roots.add(root);
        scratch.seeds.add(seed);
        run(scratch, scratch.roots, scratch.seeds, null, retainGraph || createGraph, createGraph);
    }

    /**
     * The gradients of {@code outputs} (weighted by {@code gradOutputs}, which may be null for
     * scalar outputs) with respect to {@code inputs}, returned in order and not accumulated into
     * any {@code grad}. An input that the outputs do not depend on gets a zero gradient.
     *
     * @param createGraph record the backward pass so the result can be differentiated again
     * @param retainGraph keep the graph for another backward pass (implied by createGraph)
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                                    boolean createGraph, boolean retainGraph) {
        if (gradOutputs != null && gradOutputs.size() != outputs.size()) {
            throw new IllegalArgumentException("grad: " + outputs.size() + " outputs but " + gradOutputs.size()
                    + " gradOutputs");
        }
        List<Tensor> seeds = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            Tensor out = outputs.get(i);
            if (!out.requiresGrad()) {
                throw new IllegalStateException("grad: output " + i + " (shape " + out.shape()
                        + ") does not require grad, so it has no gradient with respect to any input");
            }
            seeds.add(seedGradient("grad", out, gradOutputs == null ? null : gradOutputs.get(i)));
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (!inputs.get(i).requiresGrad()) {
                throw new IllegalArgumentException("grad: input " + i + " (shape " + inputs.get(i).shape()
                        + ") does not require grad; call requiresGrad(true) on it before computing the outputs");
            }
        }
        Map<Tensor, Tensor> captured = run(Scratch.acquire(), outputs, seeds, inputs, retainGraph || createGraph,
                createGraph);
        List<Tensor> result = new ArrayList<>(inputs.size());
        for (Tensor in : inputs) {
            Tensor g = captured.get(in);
            result.add(g != null ? g : Tensor.allocate(in.dtype(), in.shape()));
        }
        return result;
    }

    /** {@link #grad(List, List, List, boolean, boolean)} for one scalar output. */
    public static List<Tensor> grad(Tensor output, List<Tensor> inputs, boolean createGraph) {
        return grad(List.of(output), inputs, null, createGraph, createGraph);
    }

    /**
     * The gradient function of a scalar function of one tensor, as in JAX's {@code grad(f)}.
     * Nesting works for one-element inputs: {@code grad(grad(f))} is f'' (as in JAX, the inner
     * gradient must be a scalar to be differentiated again; sum it for an elementwise f).
     */
    public static UnaryOperator<Tensor> grad(UnaryOperator<Tensor> f) {
        return x -> valueAndGrad(f).apply(x).grad();
    }

    /** Like {@link #grad(UnaryOperator)}, returning the value as well. */
    public static Function<Tensor, ValueAndGrad> valueAndGrad(UnaryOperator<Tensor> f) {
        return x -> {
            // An input that already requires grad belongs to an outer differentiation: keep it in
            // the graph and record this pass so the outer one can go through it.
            boolean nested = x.requiresGrad();
            Tensor in = nested ? x : x.detach().requiresGrad(true);
            try (var scope = GradMode.enableGrad()) {
                Tensor y = f.apply(in);
                if (y.size() != 1) {
                    throw new IllegalArgumentException("grad: function must return a scalar, got shape " + y.shape());
                }
                Tensor g = y.requiresGrad()
                        ? grad(List.of(y), List.of(in), null, nested, nested).get(0)
                        : Tensor.allocate(in.dtype(), in.shape());
                return new ValueAndGrad(nested ? y : y.detach(), g);
            }
        };
    }

    /** The gradient function of a scalar function of several tensors. */
    public static Function<Tensor[], Tensor[]> gradAll(Function<Tensor[], Tensor> f) {
        return xs -> {
            Tensor[] in = new Tensor[xs.length];
            boolean nested = false;
            for (int i = 0; i < xs.length; i++) {
                nested |= xs[i].requiresGrad();
                in[i] = xs[i].requiresGrad() ? xs[i] : xs[i].detach().requiresGrad(true);
            }
            try (var scope = GradMode.enableGrad()) {
                Tensor y = f.apply(in);
                if (y.size() != 1) {
                    throw new IllegalArgumentException("grad: function must return a scalar, got shape " + y.shape());
                }
                if (!y.requiresGrad()) {
                    Tensor[] zeros = new Tensor[in.length];
                    for (int i = 0; i < in.length; i++) {
                        zeros[i] = Tensor.allocate(in[i].dtype(), in[i].shape());
                    }
                    return zeros;
                }
                return grad(List.of(y), List.of(in), null, nested, nested).toArray(new Tensor[0]);
            }
        };
    }

    /** A function's value and its gradient. */
    public record ValueAndGrad(Tensor value, Tensor grad) {
    }

    private static Tensor seedGradient(String op, Tensor out, Tensor gradOutput) {
        if (gradOutput == null) {
            if (out.size() != 1) {
                throw new IllegalArgumentException(op + ": output has shape " + out.shape() + "; a gradient can be "
                        + "implied only for a scalar (one-element) output, so pass gradOutput of that shape");
            }
            return Tensor.filled(out.dtype(), 1.0, out.shape());
        }
        if (!gradOutput.shape().equals(out.shape()) || gradOutput.dtype() != out.dtype()) {
            throw new IllegalArgumentException(op + ": gradOutput is " + gradOutput.dtype() + " " + gradOutput.shape()
                    + " but the output is " + out.dtype() + " " + out.shape());
        }
        return gradOutput;
    }

    /**
     * The backward pass. With {@code targets == null} gradients of leaves are accumulated into
     * their {@code grad}; otherwise the gradients reaching {@code targets} are returned. The pass
     * works in {@code scratch} (acquired by the caller) and releases it when it ends.
     */
    private static Map<Tensor, Tensor> run(Scratch scratch, List<Tensor> roots, List<Tensor> seeds,
                                           List<Tensor> targets, boolean retainGraph, boolean createGraph) {
        Set<Tensor> targetSet = null;
        if (targets != null) {
            targetSet = Collections.newSetFromMap(new IdentityHashMap<>());
            targetSet.addAll(targets);
        }
        Scratch outer = RUNNING.get();
        scratch.pass = PASSES.incrementAndGet();
        // Only a pass that hands nothing back (gradients go to leaves as copies) and records
        // nothing may let a rule overwrite its incoming gradient; it tracks the storage it makes.
        scratch.tracking = targetSet == null && !createGraph;
        RUNNING.set(scratch);
        try {
            List<Tensor> order = scratch.topologicalOrder(roots, targetSet);
            Map<Tensor, Tensor> grads = scratch.grads;
            for (int i = 0; i < roots.size(); i++) {
                grads.merge(roots.get(i), seeds.get(i), Tensor::add);
            }
            Map<Tensor, Tensor> captured = targetSet == null ? Map.of() : new IdentityHashMap<>();
            try (var scope = GradMode.set(createGraph)) {
                for (Tensor t : order) {
                    Tensor g = grads.remove(t);
                    if (g == null) {
                        continue;
                    }
                    if (targetSet != null && targetSet.contains(t)) {
                        captured.put(t, g);
                    }
                    Node node = t.gradFn();
                    if (node == null) {
                        if (targetSet == null) {
                            // A gradient may share storage with another leaf's (add passes g to both
                            // inputs; reshape returns a view): give each leaf its own, since optimizers
                            // and clipping may work on it in place. Inside an arena scope the copy comes
                            // from the arena: a gradient made in the scope is not read after it.
                            Tensor acc = createGraph ? g : g.copyInScope();
                            t.setGrad(t.grad() == null ? acc : t.grad().add(acc));
                        }
                        scratch.recycle(g);
                        continue;
                    }
                    BackwardRule rule = null; // fetched only if an input needs it: a target's node may be freed
                    for (int i = 0; i < node.arity(); i++) {
                        Tensor in = node.input(i);
                        if (!in.requiresGrad() || !scratch.isUseful(in)) {
                            continue;
                        }
                        if (rule == null) {
                            rule = node.rule(t);
                            scratch.incoming = g;
                        }
                        Tensor gi;
                        if (AnomalyMode.isEnabled()) {
                            try (var inRule = AnomalyMode.backwardRule()) {
                                gi = sumToShape(rule.vjp(node, i, g), in.shape());
                            }
                            AnomalyMode.checkBackward(node, i, gi);
                        } else {
                            gi = sumToShape(rule.vjp(node, i, g), in.shape());
                        }
                        grads.merge(in, gi, Tensor::add);
                    }
                    if (!retainGraph) {
                        node.free();
                    }
                    scratch.recycle(g);
                }
            }
            return captured;
        } finally {
            RUNNING.set(outer);
            scratch.release();
        }
    }

    /** The pass running on this thread (the innermost one), or null. */
    private static final ThreadLocal<Scratch> RUNNING = new ThreadLocal<>();

    /** Numbers the passes, so that a rule can tell one pass from the next (see {@link #currentPass()}). */
    private static final java.util.concurrent.atomic.AtomicLong PASSES = new java.util.concurrent.atomic.AtomicLong();

    /**
     * A number unique to the backward pass running on this thread, or 0 outside one: a rule that
     * keeps what it computed from its incoming gradient for its other inputs checks it, since a
     * later pass may hand it the same gradient tensor with other values in it (a seed reused).
     */
    static long currentPass() {
        Scratch s = RUNNING.get();
        return s == null ? 0 : s.pass;
    }

    /**
     * Whether the backward rule now running may overwrite its incoming gradient {@code g} in place
     * (saving an allocation and a pass over memory the size of the gradient: a tenth of a MIX+GAN
     * step on 1 thread). True only when nobody else can see {@code g}'s storage: the pass records
     * nothing and returns nothing (no {@code createGraph}, no targets), the storage was allocated
     * during this pass (so it is neither a seed nor a tensor of the forward pass nor anything a
     * caller holds), and no other gradient waiting in the pass shares it ({@code add} hands the
     * same tensor to both inputs, a reshape a view of it). A leaf's gradient is a copy made for
     * it, so a gradient is never a leaf's {@code grad}. The rule itself must not need the old
     * values once it has overwritten them.
     */
    static boolean mayOverwrite(Tensor g) {
        Scratch s = RUNNING.get();
        if (s == null || !s.tracking || s.incoming != g || !s.born.containsKey(g.storage())) {
            return false;
        }
        for (Tensor pending : s.grads.values()) {
            if (pending.storage() == g.storage()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Notes storage allocated on this thread, so that {@link #mayOverwrite} knows it is new, and
     * whether it came from a {@link TensorArena} scope (then the pass gives it back once consumed).
     */
    static void noteAllocation(Object storage, boolean fromArena) {
        Scratch s = RUNNING.get();
        if (s != null && s.tracking) {
            s.born.put(storage, fromArena);
        }
    }

    /**
     * The maps and lists one backward pass works with, kept per thread and reused (cleared, their
     * capacity kept), so that a training step's backward allocates no bookkeeping. A pass that
     * starts inside another (a gradient penalty's {@code grad} inside a loss) takes another.
     */
    private static final class Scratch {
        private static final ThreadLocal<ArrayDeque<Scratch>> FREE = ThreadLocal.withInitial(ArrayDeque::new);

        /** For each tensor met: whether it is on a path that needs a gradient. */
        final IdentityHashMap<Tensor, Boolean> useful = new IdentityHashMap<>();
        final ArrayList<Tensor> order = new ArrayList<>();
        final IdentityHashMap<Tensor, Tensor> grads = new IdentityHashMap<>();
        /** The root and seed of a {@link #backward} pass. */
        final ArrayList<Tensor> roots = new ArrayList<>(1);
        final ArrayList<Tensor> seeds = new ArrayList<>(1);
        private final ArrayList<Tensor> stackTensors = new ArrayList<>();
        private int[] stackNext = new int[64];
        /** Storage allocated on this thread while this pass runs (when {@link #tracking}). */
        final IdentityHashMap<Object, Boolean> born = new IdentityHashMap<>();
        boolean tracking;
        /** The gradient handed to the rule now running. */
        Tensor incoming;
        /** This pass's number ({@link #currentPass()}). */
        long pass;

        static Scratch acquire() {
            Scratch s = FREE.get().poll();
            return s != null ? s : new Scratch();
        }

        void release() {
            useful.clear();
            order.clear();
            grads.clear();
            roots.clear();
            seeds.clear();
            stackTensors.clear();
            born.clear();
            tracking = false;
            incoming = null;
            FREE.get().push(this);
        }

        /**
         * Gives {@code g}'s storage back to the arena once its node is done, when nothing can
         * read it again: the pass is {@link #tracking} (it records and returns nothing, and a
         * leaf got a copy), the storage came from the arena during this pass, and no gradient
         * still waiting shares it (a view, or the same tensor passed to two inputs). Values are
         * unaffected; the step's backward reuses a few warm arrays instead of touching a new one
         * per gradient.
         */
        void recycle(Tensor g) {
            if (!tracking) {
                return;
            }
            Object storage = g.storage();
            if (born.get(storage) != Boolean.TRUE) {
                return;
            }
            for (Tensor pending : grads.values()) {
                if (pending.storage() == storage) {
                    return;
                }
            }
            born.remove(storage);
            TensorArena.recycle(storage);
        }

        boolean isUseful(Tensor t) {
            return useful.get(t) == Boolean.TRUE;
        }

        /**
         * Tensors that need a gradient, outputs before inputs: those on a path from a root to a
         * target (or, without targets, to a leaf that requires grad). An iterative depth-first
         * post-order over the inputs, reversed.
         */
        List<Tensor> topologicalOrder(List<Tensor> roots, Set<Tensor> targets) {
            for (Tensor root : roots) {
                if (useful.containsKey(root)) {
                    continue;
                }
                push(root);
                while (!stackTensors.isEmpty()) {
                    int top = stackTensors.size() - 1;
                    Tensor t = stackTensors.get(top);
                    int next = stackNext[top];
                    Node node = t.gradFn();
                    if (node != null && next < node.arity()) {
                        stackNext[top] = next + 1;
                        Tensor in = node.input(next);
                        if (in.requiresGrad() && !useful.containsKey(in)) {
                            push(in);
                        }
                        continue;
                    }
                    stackTensors.remove(top);
                    boolean u = targets == null ? node == null : targets.contains(t);
                    if (node != null) {
                        for (int i = 0; i < node.arity() && !u; i++) {
                            u = useful.getOrDefault(node.input(i), Boolean.FALSE);
                        }
                    }
                    useful.put(t, u);
                    if (u) {
                        order.add(t);
                    }
                }
            }
            Collections.reverse(order);
            return order;
        }

        private void push(Tensor t) {
            useful.put(t, Boolean.FALSE);
            int at = stackTensors.size();
            if (at == stackNext.length) {
                stackNext = Arrays.copyOf(stackNext, 2 * at);
            }
            stackTensors.add(t);
            stackNext[at] = 0;
        }
    }

    /**
     * Sums a broadcast gradient down to {@code shape}: the reduce-to-shape rule that makes every
     * broadcasting op's backward correct without per-op code. Differentiable.
     */
    static Tensor sumToShape(Tensor g, Shape shape) {
        if (g.shape().equals(shape)) {
            return g;
        }
        int lead = g.rank() - shape.rank();
        if (lead < 0) {
            throw new IllegalStateException("backward: gradient of shape " + g.shape()
                    + " cannot be reduced to input shape " + shape);
        }
        Shape gs = g.shape();
        int count = 0;
        for (int i = 0; i < gs.rank(); i++) {
            count += summed(gs, shape, lead, i) ? 1 : 0;
        }
        Tensor r = g;
        if (count > 0) {
            int[] axes = count == 1 ? null : new int[count];
            for (int i = 0, j = 0; i < gs.rank(); i++) {
                if (summed(gs, shape, lead, i)) {
                    if (axes == null) {
                        axes = Reductions.oneAxis(i); // one summed axis (a bias over a batch): a shared array
                    } else {
                        axes[j++] = i;
                    }
                }
            }
            r = g.sum(axes, true);
        }
        return r.shape().equals(shape) ? r : ShapeOps.reshape(r, shape);
    }

    /** Whether axis {@code i} of a gradient of shape {@code g} is summed away for an input of {@code shape}. */
    private static boolean summed(Shape g, Shape shape, int lead, int i) {
        return i < lead || (shape.dim(i - lead) == 1 && g.dim(i) != 1);
    }

    static String shapes(Tensor... ts) {
        return Arrays.stream(ts).map(t -> t.shape().toString()).reduce((a, b) -> a + ", " + b).orElse("");
    }
}
