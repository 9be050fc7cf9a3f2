package dev.tussle.engine.kernel;

/** Associative reductions of a contiguous run of elements. */
public enum ReduceOp {
    SUM(0.0, BinaryOp.ADD),
    MAX(Double.NEGATIVE_INFINITY, BinaryOp.MAX),
    MIN(Double.POSITIVE_INFINITY, BinaryOp.MIN);

    private final double identity;
    private final BinaryOp combine;

    ReduceOp(double identity, BinaryOp combine) {
        this.identity = identity;
        this.combine = combine;
    }

    /** The value of the reduction over an empty run. */
    public double identity() {
        return identity;
    }

    /** The elementwise op that merges two partial results. */
    public BinaryOp combine() {
        return combine;
    }
}
