package dev.tussle.engine.kernel;

/**
 * Elementwise functions of two arguments. Comparisons give 1 where true and 0 where false, in
 * the dtype of their inputs (Tussle's masks are ordinary tensors).
 */
public enum BinaryOp {
    ADD { public double apply(double a, double b) { return a + b; } },
    SUB { public double apply(double a, double b) { return a - b; } },
    MUL { public double apply(double a, double b) { return a * b; } },
    DIV { public double apply(double a, double b) { return a / b; } },
    POW { public double apply(double a, double b) { return StrictMath.pow(a, b); } },
    /** NaN if either is NaN, like {@link Math#max}. */
    MAX { public double apply(double a, double b) { return Math.max(a, b); } },
    MIN { public double apply(double a, double b) { return Math.min(a, b); } },
    GT { public double apply(double a, double b) { return a > b ? 1 : 0; } },
    GE { public double apply(double a, double b) { return a >= b ? 1 : 0; } },
    LT { public double apply(double a, double b) { return a < b ? 1 : 0; } },
    LE { public double apply(double a, double b) { return a <= b ? 1 : 0; } },
    EQ { public double apply(double a, double b) { return a == b ? 1 : 0; } },
    NE { public double apply(double a, double b) { return a != b ? 1 : 0; } };

    /** The reference value of this function. */
    public abstract double apply(double a, double b);

    /** Whether this op needs a transcendental function (computed with StrictMath; see {@link UnaryOp#transcendental()}). */
    public boolean transcendental() {
        return this == POW;
    }

    /** Whether the result is a 0/1 mask. */
    public boolean isComparison() {
        return ordinal() >= GT.ordinal();
    }
}
