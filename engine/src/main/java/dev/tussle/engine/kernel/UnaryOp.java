package dev.tussle.engine.kernel;

/**
 * Elementwise functions of one argument, with their reference definition in double precision.
 * The scalar kernels evaluate {@link #apply}; the Vector API kernels evaluate the same formula
 * lane-wise, except for the {@linkplain #transcendental() transcendental} ops, which give the
 * bits of {@link StrictMath} in every implementation (see there). Formulas are chosen to be stable:
 * softplus and log-sigmoid never form {@code log(sigmoid(x))} and stay finite for large |x|.
 */
public enum UnaryOp {
    NEG { public double apply(double x, double a) { return -x; } },
    EXP { public double apply(double x, double a) { return StrictMath.exp(x); } },
    LOG { public double apply(double x, double a) { return StrictMath.log(x); } },
    LOG1P { public double apply(double x, double a) { return StrictMath.log1p(x); } },
    /** e^x − 1 without cancellation near 0. */
    EXPM1 { public double apply(double x, double a) { return StrictMath.expm1(x); } },
    SQRT { public double apply(double x, double a) { return Math.sqrt(x); } },
    ABS { public double apply(double x, double a) { return Math.abs(x); } },
    SQUARE { public double apply(double x, double a) { return x * x; } },
    RECIPROCAL { public double apply(double x, double a) { return 1.0 / x; } },
    SIN { public double apply(double x, double a) { return StrictMath.sin(x); } },
    COS { public double apply(double x, double a) { return StrictMath.cos(x); } },
    TANH { public double apply(double x, double a) { return StrictMath.tanh(x); } },
    /** 1 / (1 + e^-x); tends to exactly 0 and 1 without NaN. */
    SIGMOID { public double apply(double x, double a) { return 1.0 / (1.0 + StrictMath.exp(-x)); } },
    RELU { public double apply(double x, double a) { return x <= 0 ? 0.0 : x; } }, // NaN stays NaN
    /** x for x &gt; 0, else {@code a}·x; {@code a} is the negative slope. */
    LEAKY_RELU { public double apply(double x, double a) { return x > 0 ? x : a * x; } },
    /** log(1 + e^x) computed as max(x, 0) + log1p(e^-|x|). */
    SOFTPLUS { public double apply(double x, double a) { return Math.max(x, 0) + StrictMath.log1p(StrictMath.exp(-Math.abs(x))); } },
    /** log(sigmoid(x)) computed as min(x, 0) − log1p(e^-|x|). */
    LOG_SIGMOID { public double apply(double x, double a) { return Math.min(x, 0) - StrictMath.log1p(StrictMath.exp(-Math.abs(x))); } },
    /** −1, 0 or 1 (0 for ±0 and NaN propagates). */
    SIGN { public double apply(double x, double a) { return Math.signum(x); } },
    /** x raised to the constant power {@code a}. */
    POW_SCALAR { public double apply(double x, double a) { return StrictMath.pow(x, a); } },
    /** 1 where x &gt; 0, else {@code a} (the derivative of leaky ReLU; {@code a = 0} for ReLU). */
    STEP { public double apply(double x, double a) { return x > 0 ? 1.0 : a; } };

    /** The reference value of this function at {@code x}, with parameter {@code a} where used. */
    public abstract double apply(double x, double a);

    /**
     * Whether this op needs a transcendental function. Those give the bits of {@link StrictMath}
     * in double precision in every kernel implementation: the Vector API's vector math (SVML when
     * compiled, a per-lane Java fallback before that) differs by a few ulps between the two, so
     * results would depend on when the JIT compiled the loop, and a run would not repeat bit for
     * bit. StrictMath is specified bit for bit on every platform. The vector kernels compute the
     * exponential ones (exp, expm1, log, log1p, tanh, sigmoid, softplus, log-sigmoid) lane-wise by fdlibm's own
     * algorithms, which round exactly as StrictMath does; the others call StrictMath.
     */
    public boolean transcendental() {
        return switch (this) {
            case EXP, LOG, LOG1P, EXPM1, SIN, COS, TANH, SIGMOID, SOFTPLUS, LOG_SIGMOID, POW_SCALAR -> true;
            default -> false;
        };
    }
}
