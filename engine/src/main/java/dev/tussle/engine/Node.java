package dev.tussle.engine;

import java.util.Arrays;
import java.util.List;

/**
 * The record an op leaves on its output when gradients are being tracked: the op's name, its
 * inputs and its backward rule. Read-only to users (graph printing and inspection).
 */
public final class Node {
    private static final Tensor[] NO_INPUTS = new Tensor[0];

    // Not final: a TensorArena scope recycles nodes (see create).
    private String op;
    /** The inputs in {@code [0, arity)}; longer when a recycled node had more (intermediates become husks once freed). */
    private Tensor[] inputs = NO_INPUTS;
    private int arity;
    private BackwardRule rule;
    private String createdAt;
    /** The op's result, for rules that read it (sigmoid, exp); dropped when the node is freed. */
    private Tensor output;

    /** An empty node, for {@link #create} to fill. */
    Node() {
    }

    /**
     * A node for {@code op} whose {@code arity} inputs the caller sets with {@link #setInput}:
     * while a {@link TensorArena} scope is open, a recycled node (its input array too, when long
     * enough: a scope per player's update hands the same node to ops of different arities),
     * else a new one.
     */
    static Node create(String op, BackwardRule rule, String createdAt, int arity) {
        Node n = TensorArena.recycledNode();
        if (n == null) {
            n = new Node();
        }
        n.op = op;
        n.rule = rule;
        n.createdAt = createdAt;
        if (n.inputs.length < arity) {
            n.inputs = new Tensor[arity];
        }
        // Slots past the arity would keep a recycled node's old inputs reachable.
        Arrays.fill(n.inputs, arity, n.inputs.length, null);
        n.arity = arity;
        return n;
    }

    void setInput(int i, Tensor input) {
        inputs[i] = input;
    }

    /** The op's name, such as {@code "matmul"}. */
    public String op() {
        return op;
    }

    /** The op's inputs, in order. */
    public List<Tensor> inputs() {
        return List.of(Arrays.copyOf(inputs, arity));
    }

    /** Input {@code i} of the op (for backward rules). */
    Tensor input(int i) {
        return inputs[i];
    }

    /** The op's output (for backward rules; null once the node is freed). */
    Tensor output() {
        return output;
    }

    void setOutput(Tensor out) {
        output = out;
    }

    int arity() {
        return arity;
    }

    /** Where the op was called from (recorded only in anomaly mode), or {@code null}. */
    public String createdAt() {
        return createdAt;
    }

    /** Whether a backward pass without {@code retainGraph} has released this node's rule. */
    public boolean isFreed() {
        return rule == null;
    }

    BackwardRule rule(Tensor output) {
        if (rule == null) {
            throw new IllegalStateException("backward: the graph through op '" + op + "' (output shape "
                    + output.shape() + ") was already freed by an earlier backward; pass retainGraph=true "
                    + "to the first backward to go through the graph twice");
        }
        return rule;
    }

    /**
     * Releases what only a backward pass needs: the rule (and the tensors its closure saved) and
     * the data of intermediate inputs, which are replaced by data-less husks that keep the graph's
     * shape for printing. Without this, keeping a loss tensor would keep every activation of its
     * step alive. Leaf inputs (parameters, data) are kept: they live on anyway.
     */
    void free() {
        rule = null;
        output = null;
        for (int i = 0; i < arity; i++) {
            if (!inputs[i].isLeaf()) {
                inputs[i] = inputs[i].husk();
            }
        }
    }

    String inputShapes() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < arity; i++) {
            sb.append(i == 0 ? "" : ", ").append(inputs[i].shape());
        }
        return sb.toString();
    }
}
