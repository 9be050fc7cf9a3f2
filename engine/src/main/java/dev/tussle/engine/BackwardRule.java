package dev.tussle.engine;

/**
 * The vector-Jacobian product of one op, written next to the op's forward code. Rules are
 * written with differentiable tensor ops, so that with {@code createGraph} the gradients they
 * return are themselves part of a graph and can be differentiated again.
 *
 * <p>A rule reads the op's inputs and output from its {@link Node} rather than capturing them,
 * so that a rule with nothing else to remember is one shared object (a non-capturing lambda):
 * recording an op then allocates nothing besides what a {@link TensorArena} recycles.
 */
@FunctionalInterface
public interface BackwardRule {
    /**
     * The gradient with respect to input {@code input} of {@code node}, given the gradient of the
     * op's output. It may have the output's (broadcast) shape: the engine sums it down to the
     * input's shape.
     */
    Tensor vjp(Node node, int input, Tensor gradOutput);
}
