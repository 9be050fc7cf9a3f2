package dev.tussle.engine;

/**
 * The vector-Jacobian product of one op, written next to the op's forward code. Rules are
 * written with differentiable tensor ops, so that with {@code createGraph} the gradients they
 * return are themselves part of a graph and can be differentiated again.
 */
@FunctionalInterface
public interface BackwardRule {
    /**
     * The gradient with respect to input {@code input}, given the gradient of the op's output.
     * It may have the output's (broadcast) shape: the engine sums it down to the input's shape.
     */
    Tensor vjp(int input, Tensor gradOutput);
}
