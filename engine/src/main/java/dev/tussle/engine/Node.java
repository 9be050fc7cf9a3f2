package dev.tussle.engine;

import java.util.List;

/**
 * The record an op leaves on its output when gradients are being tracked: the op's name, its
 * inputs and its backward rule. Read-only to users (graph printing and inspection).
 */
public final class Node {
    private final String op;
    private final Tensor[] inputs; // intermediates become husks once freed
    private BackwardRule rule;
    private final String createdAt;

    Node(String op, Tensor[] inputs, BackwardRule rule, String createdAt) {
        this.op = op;
        this.inputs = inputs;
        this.rule = rule;
        this.createdAt = createdAt;
    }

    /** The op's name, such as {@code "matmul"}. */
    public String op() {
        return op;
    }

    /** The op's inputs, in order. */
    public List<Tensor> inputs() {
        return List.of(inputs);
    }

    Tensor input(int i) {
        return inputs[i];
    }

    int arity() {
        return inputs.length;
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
        for (int i = 0; i < inputs.length; i++) {
            if (!inputs[i].isLeaf()) {
                inputs[i] = inputs[i].husk();
            }
        }
    }

    String inputShapes() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < inputs.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(inputs[i].shape());
        }
        return sb.toString();
    }
}
