package dev.tussle.engine.kernel;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every method of {@link Kernels}, in both implementations, against naive loops written here in
 * double precision, and the two implementations against each other.
 *
 * <h2>Tolerances, and why</h2>
 * Errors are measured in ulps of the reference value rounded to the kernel's dtype.
 * <ul>
 *   <li><b>0 ulps</b> for {@code + − × ÷ √ x² 1/x}, negation, abs, comparisons, max/min, relu,
 *       sign, step, select: both implementations produce the correctly rounded result. For float32
 *       the scalar kernel rounds a double result once, which is still correctly rounded because
 *       53 ≥ 2·24 + 2 makes double rounding innocuous for the basic operations (Figueroa 1995).</li>
 *   <li><b>1 ulp</b> for leaky ReLU: the vector kernel multiplies by {@code (float) alpha}, the
 *       reference by the double alpha; the two products differ by at most one rounding.</li>
 *   <li><b>4 ulps</b> for one transcendental (exp, log, log1p, sin, cos, tanh, pow): the Vector
 *       API's intrinsics are specified to within 1 ulp of the exact value for most operations and
 *       a few ulps for tanh/pow; {@link Math} is within 1 ulp; 4 covers both ends with margin.</li>
 *   <li><b>8 ulps</b> for the composed formulas sigmoid, softplus and log-sigmoid (one
 *       transcendental feeding one or two rounded operations, each in the kernel's dtype).</li>
 *   <li><b>Sums</b>: the classic bound for recursive summation in any order,
 *       {@code |ŝ − s| ≤ (n−1)·u·Σ|x_i|} with u the unit roundoff of the accumulator (the vector
 *       kernel accumulates float32 lanes in float32; the scalar one in double), plus one final
 *       rounding. GEMM entries use the same bound for their k-term dot products.</li>
 * </ul>
 */
class KernelsTest {
    /** Lengths: empty, one, primes, around the common vector widths (4, 8, 16 lanes), and large. */
    private static final int[] LENGTHS = {0, 1, 2, 3, 4, 5, 7, 8, 9, 13, 15, 16, 17, 31, 32, 33, 61, 64, 127, 1000};
    private static final double U32 = 0x1p-24;
    private static final double U64 = 0x1p-53;

    private static Kernels vector;

    @BeforeAll
    static void loadVector() {
        Optional<Kernels> v = KernelProvider.vector();
        // Surefire runs with --add-modules jdk.incubator.vector: the SIMD kernels must be tested, not skipped.
        assertThat(v).as("Vector API kernels (run the tests with --add-modules jdk.incubator.vector)").isPresent();
        vector = v.get();
        assertThat(vector.name()).startsWith("vector(");
        assertThat(KernelProvider.get().name()).as("the provider picks the SIMD kernels when available")
                .isEqualTo(vector.name());
        warmUp(vector);
    }

    /**
     * Runs every vector kernel until C2 has compiled it. Until then the Vector API runs its Java
     * fallback, whose lanewise POW is Math.pow; the compiled intrinsic follows C's pow instead
     * (pow(1, NaN) was 1, not NaN, once hot). The tests below must check the code a warm program
     * runs, so they run after this (about a second).
     */
    static void warmUp(Kernels k) {
        int n = 1024;
        float[] xf = new float[n];
        float[] of = new float[n];
        double[] xd = new double[n];
        double[] od = new double[n];
        for (int i = 0; i < n; i++) {
            xd[i] = 0.25 + (i % 7) * 0.5;
            xf[i] = (float) xd[i];
        }
        for (int rep = 0; rep < 300; rep++) {
            for (UnaryOp op : UnaryOp.values()) {
                k.map(op, 0.5, xf, 0, of, 0, n);
                k.map(op, 0.5, xd, 0, od, 0, n);
            }
            for (BinaryOp op : BinaryOp.values()) {
                k.zip(op, xf, 0, 1, xf, 0, 1, of, 0, n);
                k.zip(op, xf, 0, 1, xf, 0, 0, of, 0, n);
                k.zip(op, xf, 0, 0, xf, 0, 1, of, 0, n);
                k.zip(op, xd, 0, 1, xd, 0, 1, od, 0, n);
                k.zip(op, xd, 0, 1, xd, 0, 0, od, 0, n);
                k.zip(op, xd, 0, 0, xd, 0, 1, od, 0, n);
            }
            k.select(xf, 0, 1, xf, 0, 1, of, 0, 1, of, 0, n);
            k.select(xd, 0, 1, xd, 0, 1, od, 0, 1, od, 0, n);
            for (ReduceOp op : ReduceOp.values()) {
                k.reduce(op, xf, 0, n);
                k.reduce(op, xd, 0, n);
            }
            k.gemm(8, 32, 32, xf, 0, xf, 0, of, 0, rep % 2 == 0);
            k.gemm(8, 32, 32, xd, 0, xd, 0, od, 0, rep % 2 == 0);
        }
    }

    static Stream<String> impls() {
        return Stream.of("scalar", "vector");
    }

    private static Kernels impl(String name) {
        return name.equals("scalar") ? KernelProvider.scalar() : vector;
    }

    /** The fixed lengths plus a few seeded random ones. */
    private static int[] lengths(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] out = new int[LENGTHS.length + 4];
        System.arraycopy(LENGTHS, 0, out, 0, LENGTHS.length);
        for (int i = LENGTHS.length; i < out.length; i++) {
            out[i] = r.nextInt(1, 300);
        }
        return out;
    }

    // ------------------------------------------------------------------ reference formulas

    /** The naive, textbook definitions (written independently of UnaryOp.apply where formulas allow). */
    static double refUnary(UnaryOp op, double x, double a) {
        return switch (op) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case LOG1P -> Math.log1p(x);
            case EXPM1 -> Math.expm1(x);
            case SQRT -> Math.sqrt(x);
            case ABS -> x < 0 ? -x : x == 0 ? 0.0 : x;
            case SQUARE -> x * x;
            case RECIPROCAL -> 1.0 / x;
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
            case RELU -> x <= 0 ? 0.0 : x;
            case LEAKY_RELU -> x > 0 ? x : a * x;
            case SOFTPLUS -> x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
            case LOG_SIGMOID -> x > 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
            case SIGN -> Double.isNaN(x) ? Double.NaN : x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0;
            case POW_SCALAR -> Math.pow(x, a);
            case STEP -> x > 0 ? 1.0 : a;
        };
    }

    static double refBinary(BinaryOp op, double a, double b) {
        boolean nan = Double.isNaN(a) || Double.isNaN(b);
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            // MAX/MIN propagate NaN, and order -0 below +0 (Java's Math.max/min semantics).
            case MAX -> nan ? Double.NaN : a > b ? a : b > a ? b : (Double.doubleToRawLongBits(a) == 0 ? a : b);
            case MIN -> nan ? Double.NaN : a < b ? a : b < a ? b : (Double.doubleToRawLongBits(a) == 0 ? b : a);
            // IEEE comparisons: every ordered comparison with NaN is false, != is true.
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case EQ -> a == b ? 1 : 0;
            case NE -> nan || a != b ? 1 : 0;
        };
    }

    /** Allowed error in ulps, see the class comment. */
    static double ulps(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, SQUARE, RECIPROCAL, SQRT, RELU, SIGN, STEP -> 0;
            case LEAKY_RELU -> 1;
            case EXP, EXPM1, LOG, LOG1P, SIN, COS, TANH, POW_SCALAR -> 4;
            case SIGMOID, SOFTPLUS, LOG_SIGMOID -> 8;
        };
    }

    static double ulps(BinaryOp op) {
        return op == BinaryOp.POW ? 4 : 0;
    }

    /** Inputs inside each op's domain (and away from poles, where ulps of the result blow up). */
    static double sample(UnaryOp op, SplittableRandom r) {
        return switch (op) {
            case LOG, SQRT, POW_SCALAR -> r.nextDouble(0.01, 10);
            case LOG1P -> r.nextDouble(-0.9, 10);
            case RECIPROCAL -> (r.nextBoolean() ? 1 : -1) * r.nextDouble(0.1, 10);
            case EXP -> r.nextDouble(-20, 20);
            case SIN, COS -> r.nextDouble(-3, 3); // away from the large-argument reduction regime
            default -> r.nextDouble(-10, 10);
        };
    }

    static double[] alphas(UnaryOp op) {
        return switch (op) {
            case LEAKY_RELU -> new double[] {0.01, 0.2};
            case STEP -> new double[] {0.0, 0.01};
            case POW_SCALAR -> new double[] {2.0, 0.5, -1.5, 3.0, 1.0 / 3};
            default -> new double[] {0.0};
        };
    }

    // ------------------------------------------------------------------ comparison helpers

    /** |got − ref| in ulps of ref (in float32 when {@code f32}); NaN == NaN counts as 0. */
    static double ulpError(double got, double ref, boolean f32) {
        if (Double.isNaN(ref) || Double.isNaN(got)) {
            return Double.isNaN(ref) && Double.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
        }
        if (got == ref) {
            return 0;
        }
        if (Double.isInfinite(ref) || Double.isInfinite(got)) {
            return Double.POSITIVE_INFINITY;
        }
        double unit = f32 ? Math.ulp((float) ref) : Math.ulp(ref);
        return Math.abs(got - ref) / unit;
    }

    static void checkUlps(String what, double got, double ref, boolean f32, double maxUlps) {
        double refRounded = f32 ? (float) ref : ref;
        double e = ulpError(got, refRounded, f32);
        // Rounding the reference costs up to half an ulp when the result is compared in float32.
        double allowed = maxUlps == 0 ? 0 : maxUlps + (f32 ? 0.5 : 0);
        if (!(e <= allowed)) {
            fail(what + ": got " + got + ", reference " + refRounded + " (" + e + " ulps, allowed " + allowed + ")");
        }
    }

    static float[] randomFloats(SplittableRandom r, int n, double lo, double hi) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) r.nextDouble(lo, hi);
        }
        return out;
    }

    static double[] randomDoubles(SplittableRandom r, int n, double lo, double hi) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.nextDouble(lo, hi);
        }
        return out;
    }

    /** Elements outside [oo, oo+n) of an output must keep their sentinel. */
    static void checkUntouched(String what, float[] out, int oo, int n, float sentinel) {
        for (int i = 0; i < out.length; i++) {
            if ((i < oo || i >= oo + n) && Float.floatToRawIntBits(out[i]) != Float.floatToRawIntBits(sentinel)) {
                fail(what + ": wrote out of range at index " + i + " (run is [" + oo + ", " + (oo + n) + "))");
            }
        }
    }

    static void checkUntouched(String what, double[] out, int oo, int n, double sentinel) {
        for (int i = 0; i < out.length; i++) {
            if ((i < oo || i >= oo + n) && Double.doubleToRawLongBits(out[i]) != Double.doubleToRawLongBits(sentinel)) {
                fail(what + ": wrote out of range at index " + i + " (run is [" + oo + ", " + (oo + n) + "))");
            }
        }
    }

    // ------------------------------------------------------------------ map

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void mapMatchesNaiveLoopForEveryUnaryOpInBothDtypes(String implName) {
        Kernels k = impl(implName);
        SplittableRandom r = new SplittableRandom(11);
        int checked = 0;
        for (UnaryOp op : UnaryOp.values()) {
            for (double alpha : alphas(op)) {
                for (int n : lengths(op.ordinal())) {
                    int xo = r.nextInt(0, 4);
                    int oo = r.nextInt(0, 4);
                    String what = implName + " map " + op + " alpha=" + alpha + " n=" + n + " xo=" + xo + " oo=" + oo;
                    // float32
                    float[] xf = new float[xo + n + 3];
                    for (int i = 0; i < xf.length; i++) {
                        xf[i] = (float) sample(op, r);
                    }
                    float[] of = new float[oo + n + 3];
                    java.util.Arrays.fill(of, -7.25f);
                    k.map(op, alpha, xf, xo, of, oo, n);
                    for (int i = 0; i < n; i++) {
                        checkUlps(what + " f32 i=" + i + " x=" + xf[xo + i], of[oo + i],
                                refUnary(op, xf[xo + i], alpha), true, ulps(op));
                    }
                    checkUntouched(what + " f32", of, oo, n, -7.25f);
                    // float64
                    double[] xd = new double[xo + n + 3];
                    for (int i = 0; i < xd.length; i++) {
                        xd[i] = sample(op, r);
                    }
                    double[] od = new double[oo + n + 3];
                    java.util.Arrays.fill(od, -7.25);
                    k.map(op, alpha, xd, xo, od, oo, n);
                    for (int i = 0; i < n; i++) {
                        checkUlps(what + " f64 i=" + i + " x=" + xd[xo + i], od[oo + i],
                                refUnary(op, xd[xo + i], alpha), false, ulps(op));
                    }
                    checkUntouched(what + " f64", od, oo, n, -7.25);
                    checked += 2 * n;
                }
            }
        }
        assertThat(checked).isGreaterThan(10_000);
    }

    /** Log-uniform magnitudes over many decades, with a sign where the op's domain allows. */
    static double sampleWide(UnaryOp op, SplittableRandom r, boolean f32) {
        double mag = Math.pow(10, r.nextDouble(-30, f32 ? 3 : 3.2));
        return switch (op) {
            case LOG, SQRT, POW_SCALAR, LOG1P -> mag;
            case SIN, COS -> (r.nextBoolean() ? 1 : -1) * r.nextDouble(0, 1e4);
            // Around the overflow and underflow thresholds of exp in each dtype.
            case EXP -> f32 ? r.nextDouble(-110, 95) : r.nextDouble(-760, 720);
            default -> (r.nextBoolean() ? 1 : -1) * mag;
        };
    }

    /**
     * Wide inputs: overflow to infinity and underflow to zero must agree with the reference, and
     * results keep their ulp bound while normal. A result that is subnormal in the reference may
     * be off by less than the smallest normal number: the vector float sigmoid, for example,
     * computes 1/(1 + e^-x) in float and returns 0 for x &lt; -88.7 where e^-x overflows, while the
     * exact value is a subnormal below 3e-39.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void mapOverWideRangesIncludingOverflowAndUnderflow(String implName) {
        Kernels k = impl(implName);
        SplittableRandom r = new SplittableRandom(17);
        int n = 2000;
        for (UnaryOp op : UnaryOp.values()) {
            double alpha = alphas(op)[0];
            float[] xf = new float[n];
            double[] xd = new double[n];
            for (int i = 0; i < n; i++) {
                xf[i] = (float) sampleWide(op, r, true);
                xd[i] = sampleWide(op, r, false);
            }
            float[] of = new float[n];
            double[] od = new double[n];
            k.map(op, alpha, xf, 0, of, 0, n);
            k.map(op, alpha, xd, 0, od, 0, n);
            for (int i = 0; i < n; i++) {
                double rf = (float) refUnary(op, xf[i], alpha);
                double rd = refUnary(op, xd[i], alpha);
                String what = implName + " wide map " + op;
                if (Math.abs(rf) < Float.MIN_NORMAL && Double.isFinite(of[i])) {
                    assertThat(Math.abs(of[i] - rf)).as(what + " f32 subnormal at x=" + xf[i]).isLessThan(Float.MIN_NORMAL);
                } else {
                    checkUlps(what + " f32 x=" + xf[i], of[i], rf, true, ulps(op));
                }
                if (Math.abs(rd) < Double.MIN_NORMAL && Double.isFinite(od[i])) {
                    assertThat(Math.abs(od[i] - rd)).as(what + " f64 subnormal at x=" + xd[i]).isLessThan(Double.MIN_NORMAL);
                } else {
                    checkUlps(what + " f64 x=" + xd[i], od[i], rd, false, ulps(op));
                }
            }
        }
    }

    // ------------------------------------------------------------------ zip

    static double sampleA(BinaryOp op, SplittableRandom r) {
        return op == BinaryOp.POW ? r.nextDouble(0.1, 5) : r.nextDouble(-10, 10);
    }

    static double sampleB(BinaryOp op, SplittableRandom r) {
        return switch (op) {
            case POW -> r.nextDouble(-3, 3);
            case DIV -> (r.nextBoolean() ? 1 : -1) * r.nextDouble(0.1, 10);
            // Small integers make ties frequent, so that GE/LE/EQ/NE see equal operands.
            case GT, GE, LT, LE, EQ, NE, MAX, MIN -> r.nextInt(-3, 4);
            default -> r.nextDouble(-10, 10);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void zipMatchesNaiveLoopForEveryBinaryOpAndStridePair(String implName) {
        Kernels k = impl(implName);
        SplittableRandom r = new SplittableRandom(12);
        int[][] strides = {{1, 1}, {1, 0}, {0, 1}, {0, 0}};
        for (BinaryOp op : BinaryOp.values()) {
            for (int[] st : strides) {
                for (int n : lengths(100 + op.ordinal())) {
                    int ao = r.nextInt(0, 4);
                    int bo = r.nextInt(0, 4);
                    int oo = r.nextInt(0, 4);
                    int as = st[0];
                    int bs = st[1];
                    String what = implName + " zip " + op + " strides=(" + as + "," + bs + ") n=" + n
                            + " ao=" + ao + " bo=" + bo + " oo=" + oo;
                    boolean ties = op.isComparison() || op == BinaryOp.MAX || op == BinaryOp.MIN;
                    float[] af = new float[ao + n + 3];
                    float[] bf = new float[bo + n + 3];
                    double[] ad = new double[ao + n + 3];
                    double[] bd = new double[bo + n + 3];
                    for (int i = 0; i < af.length; i++) {
                        double v = ties ? r.nextInt(-3, 4) : sampleA(op, r);
                        af[i] = (float) v;
                        ad[i] = v;
                    }
                    for (int i = 0; i < bf.length; i++) {
                        double v = sampleB(op, r);
                        bf[i] = (float) v;
                        bd[i] = v;
                    }
                    float[] of = new float[oo + n + 3];
                    double[] od = new double[oo + n + 3];
                    java.util.Arrays.fill(of, 99f);
                    java.util.Arrays.fill(od, 99.0);
                    k.zip(op, af, ao, as, bf, bo, bs, of, oo, n);
                    k.zip(op, ad, ao, as, bd, bo, bs, od, oo, n);
                    for (int i = 0; i < n; i++) {
                        double a32 = af[ao + i * as];
                        double b32 = bf[bo + i * bs];
                        checkUlps(what + " f32 i=" + i + " a=" + a32 + " b=" + b32, of[oo + i],
                                refBinary(op, a32, b32), true, ulps(op));
                        double a64 = ad[ao + i * as];
                        double b64 = bd[bo + i * bs];
                        checkUlps(what + " f64 i=" + i + " a=" + a64 + " b=" + b64, od[oo + i],
                                refBinary(op, a64, b64), false, ulps(op));
                    }
                    checkUntouched(what + " f32", of, oo, n, 99f);
                    checkUntouched(what + " f64", od, oo, n, 99.0);
                }
            }
        }
    }

    // ------------------------------------------------------------------ select

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void selectMatchesNaiveLoopForEveryStrideCombination(String implName) {
        Kernels k = impl(implName);
        SplittableRandom r = new SplittableRandom(13);
        for (int combo = 0; combo < 8; combo++) {
            int ms = (combo >> 2) & 1;
            int as = (combo >> 1) & 1;
            int bs = combo & 1;
            for (int n : lengths(200 + combo)) {
                int mo = r.nextInt(0, 4);
                int ao = r.nextInt(0, 4);
                int bo = r.nextInt(0, 4);
                int oo = r.nextInt(0, 4);
                String what = implName + " select strides=(" + ms + "," + as + "," + bs + ") n=" + n;
                float[] mf = new float[mo + n + 2];
                double[] md = new double[mo + n + 2];
                for (int i = 0; i < mf.length; i++) {
                    // Masks are usually 0/1 but any non-zero value (even -0.5) selects a.
                    double v = switch (r.nextInt(4)) {
                        case 0 -> 0.0;
                        case 1 -> -0.0;
                        case 2 -> 1.0;
                        default -> -0.5;
                    };
                    mf[i] = (float) v;
                    md[i] = v;
                }
                float[] af = randomFloats(r, ao + n + 2, -5, 5);
                float[] bf = randomFloats(r, bo + n + 2, -5, 5);
                double[] ad = randomDoubles(r, ao + n + 2, -5, 5);
                double[] bd = randomDoubles(r, bo + n + 2, -5, 5);
                float[] of = new float[oo + n + 2];
                double[] od = new double[oo + n + 2];
                java.util.Arrays.fill(of, 42f);
                java.util.Arrays.fill(od, 42.0);
                k.select(mf, mo, ms, af, ao, as, bf, bo, bs, of, oo, n);
                k.select(md, mo, ms, ad, ao, as, bd, bo, bs, od, oo, n);
                for (int i = 0; i < n; i++) {
                    boolean take = mf[mo + i * ms] != 0;
                    assertThat(of[oo + i]).as(what + " f32 i=" + i)
                            .isEqualTo(take ? af[ao + i * as] : bf[bo + i * bs]);
                    assertThat(od[oo + i]).as(what + " f64 i=" + i)
                            .isEqualTo(take ? ad[ao + i * as] : bd[bo + i * bs]);
                }
                checkUntouched(what + " f32", of, oo, n, 42f);
                checkUntouched(what + " f64", od, oo, n, 42.0);
            }
        }
    }

    // ------------------------------------------------------------------ reduce

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void reduceMatchesNaiveLoopForEveryReduceOp(String implName) {
        Kernels k = impl(implName);
        boolean isVector = implName.equals("vector");
        SplittableRandom r = new SplittableRandom(14);
        for (ReduceOp op : ReduceOp.values()) {
            for (int n : lengths(300 + op.ordinal())) {
                int off = r.nextInt(0, 5);
                float[] xf = randomFloats(r, off + n + 3, -10, 10);
                double[] xd = randomDoubles(r, off + n + 3, -10, 10);
                double refF = op.identity();
                double refD = op.identity();
                double absF = 0;
                double absD = 0;
                for (int i = 0; i < n; i++) {
                    double vf = xf[off + i];
                    double vd = xd[off + i];
                    switch (op) {
                        case SUM -> {
                            refF += vf;
                            refD += vd;
                        }
                        case MAX -> {
                            refF = Math.max(refF, vf);
                            refD = Math.max(refD, vd);
                        }
                        case MIN -> {
                            refF = Math.min(refF, vf);
                            refD = Math.min(refD, vd);
                        }
                    }
                    absF += Math.abs(vf);
                    absD += Math.abs(vd);
                }
                String what = implName + " reduce " + op + " n=" + n + " off=" + off;
                double gotF = k.reduce(op, xf, off, n);
                double gotD = k.reduce(op, xd, off, n);
                if (n == 0) {
                    assertThat(gotF).as(what + " f32 of nothing is the identity").isEqualTo(op.identity());
                    assertThat(gotD).as(what + " f64 of nothing is the identity").isEqualTo(op.identity());
                } else if (op == ReduceOp.SUM) {
                    // The reference itself is a double sum: it carries (n-1)·u64·Σ|x| of error too.
                    double u = isVector ? U32 : U64;
                    double tolF = (n + 1) * u * absF + (n + 1) * U64 * absF;
                    double tolD = 2 * (n + 1) * U64 * absD;
                    assertThat(Math.abs(gotF - refF)).as(what + " f32 got " + gotF + " ref " + refF).isLessThanOrEqualTo(tolF);
                    assertThat(Math.abs(gotD - refD)).as(what + " f64 got " + gotD + " ref " + refD).isLessThanOrEqualTo(tolD);
                } else {
                    assertThat(gotF).as(what + " f32").isEqualTo(refF);
                    assertThat(gotD).as(what + " f64").isEqualTo(refD);
                }
            }
        }
    }

    // ------------------------------------------------------------------ gemm

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void gemmMatchesNaiveTripleLoop(String implName) {
        Kernels k = impl(implName);
        boolean isVector = implName.equals("vector");
        SplittableRandom r = new SplittableRandom(15);
        int[] dims = {0, 1, 2, 3, 7, 8, 13, 16, 17, 33};
        int cases = 0;
        for (int m : dims) {
            for (int n : dims) {
                for (int kk : new int[] {0, 1, 5, 16, 31, 61}) {
                    if ((m * 7 + n * 3 + kk) % 3 != 0 && m > 3 && n > 3) {
                        continue; // a fixed thinning of the larger cases keeps the test fast
                    }
                    for (boolean acc : new boolean[] {false, true}) {
                        int ao = r.nextInt(0, 4);
                        int bo = r.nextInt(0, 4);
                        int co = r.nextInt(0, 4);
                        float[] af = randomFloats(r, ao + m * kk + 2, -2, 2);
                        float[] bf = randomFloats(r, bo + kk * n + 2, -2, 2);
                        float[] cf = randomFloats(r, co + m * n + 2, -2, 2);
                        double[] ad = randomDoubles(r, ao + m * kk + 2, -2, 2);
                        double[] bd = randomDoubles(r, bo + kk * n + 2, -2, 2);
                        double[] cd = randomDoubles(r, co + m * n + 2, -2, 2);
                        float[] cf0 = cf.clone();
                        double[] cd0 = cd.clone();
                        k.gemm(m, n, kk, af, ao, bf, bo, cf, co, acc);
                        k.gemm(m, n, kk, ad, ao, bd, bo, cd, co, acc);
                        String what = implName + " gemm m=" + m + " n=" + n + " k=" + kk + " acc=" + acc;
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double sf = acc ? cf0[co + i * n + j] : 0;
                                double sd = acc ? cd0[co + i * n + j] : 0;
                                double magF = Math.abs(sf);
                                double magD = Math.abs(sd);
                                for (int p = 0; p < kk; p++) {
                                    double tf = (double) af[ao + i * kk + p] * bf[bo + p * n + j];
                                    double td = ad[ao + i * kk + p] * bd[bo + p * n + j];
                                    sf += tf;
                                    sd += td;
                                    magF += Math.abs(tf);
                                    magD += Math.abs(td);
                                }
                                double u = isVector ? U32 : U64;
                                double tolF = (kk + 2) * u * magF + 0.5 * Math.ulp((float) sf);
                                double tolD = 2 * (kk + 2) * U64 * magD;
                                double gf = cf[co + i * n + j];
                                double gd = cd[co + i * n + j];
                                if (!(Math.abs(gf - sf) <= tolF)) {
                                    fail(what + " f32 [" + i + "," + j + "]: got " + gf + " ref " + sf + " tol " + tolF);
                                }
                                if (!(Math.abs(gd - sd) <= tolD)) {
                                    fail(what + " f64 [" + i + "," + j + "]: got " + gd + " ref " + sd + " tol " + tolD);
                                }
                            }
                        }
                        checkUnchanged(what + " f32", cf, co, m * n, cf0);
                        checkUnchanged(what + " f64", cd, co, m * n, cd0);
                        cases++;
                    }
                }
            }
        }
        assertThat(cases).isGreaterThan(200);
    }

    private static void checkUnchanged(String what, float[] out, int oo, int n, float[] before) {
        for (int i = 0; i < out.length; i++) {
            if ((i < oo || i >= oo + n) && Float.floatToRawIntBits(out[i]) != Float.floatToRawIntBits(before[i])) {
                fail(what + ": wrote out of range at index " + i);
            }
        }
    }

    private static void checkUnchanged(String what, double[] out, int oo, int n, double[] before) {
        for (int i = 0; i < out.length; i++) {
            if ((i < oo || i >= oo + n) && Double.doubleToRawLongBits(out[i]) != Double.doubleToRawLongBits(before[i])) {
                fail(what + ": wrote out of range at index " + i);
            }
        }
    }

    // ------------------------------------------------------------------ vector vs scalar

    @Test
    void vectorAndScalarKernelsAgreeWithEachOther() {
        Kernels s = KernelProvider.scalar();
        SplittableRandom r = new SplittableRandom(16);
        for (int n : lengths(400)) {
            for (UnaryOp op : UnaryOp.values()) {
                for (double alpha : alphas(op)) {
                    float[] xf = new float[n];
                    double[] xd = new double[n];
                    for (int i = 0; i < n; i++) {
                        xd[i] = sample(op, r);
                        xf[i] = (float) xd[i];
                    }
                    float[] sf = new float[n];
                    float[] vf = new float[n];
                    double[] sd = new double[n];
                    double[] vd = new double[n];
                    s.map(op, alpha, xf, 0, sf, 0, n);
                    vector.map(op, alpha, xf, 0, vf, 0, n);
                    s.map(op, alpha, xd, 0, sd, 0, n);
                    vector.map(op, alpha, xd, 0, vd, 0, n);
                    for (int i = 0; i < n; i++) {
                        // The scalar kernel is within 0.5 ulp (f32) / its formula (f64) of the
                        // reference, the vector kernel within ulps(op): they agree to the sum.
                        checkUlps("vector vs scalar map " + op + " f32 x=" + xf[i], vf[i], sf[i], true, ulps(op) + 1);
                        checkUlps("vector vs scalar map " + op + " f64 x=" + xd[i], vd[i], sd[i], false, ulps(op) + 1);
                    }
                }
            }
            for (BinaryOp op : BinaryOp.values()) {
                float[] af = new float[n];
                float[] bf = new float[n];
                double[] ad = new double[n];
                double[] bd = new double[n];
                for (int i = 0; i < n; i++) {
                    ad[i] = sampleA(op, r);
                    bd[i] = sampleB(op, r);
                    af[i] = (float) ad[i];
                    bf[i] = (float) bd[i];
                }
                float[] sf = new float[n];
                float[] vf = new float[n];
                double[] sd = new double[n];
                double[] vd = new double[n];
                s.zip(op, af, 0, 1, bf, 0, 1, sf, 0, n);
                vector.zip(op, af, 0, 1, bf, 0, 1, vf, 0, n);
                s.zip(op, ad, 0, 1, bd, 0, 1, sd, 0, n);
                vector.zip(op, ad, 0, 1, bd, 0, 1, vd, 0, n);
                for (int i = 0; i < n; i++) {
                    checkUlps("vector vs scalar zip " + op + " f32", vf[i], sf[i], true, ulps(op) == 0 ? 0 : ulps(op) + 1);
                    checkUlps("vector vs scalar zip " + op + " f64", vd[i], sd[i], false, ulps(op) == 0 ? 0 : ulps(op) + 1);
                }
            }
            double[] xd = randomDoubles(r, n, -3, 3);
            float[] xf = randomFloats(r, n, -3, 3);
            double abs = 0;
            for (int i = 0; i < n; i++) {
                abs += Math.abs(xd[i]) + Math.abs(xf[i]);
            }
            for (ReduceOp op : ReduceOp.values()) {
                double tolF = op == ReduceOp.SUM ? 2 * (n + 1) * U32 * abs : 0;
                double tolD = op == ReduceOp.SUM ? 2 * (n + 1) * U64 * abs : 0;
                double vF = vector.reduce(op, xf, 0, n);
                double sF = s.reduce(op, xf, 0, n);
                double vD = vector.reduce(op, xd, 0, n);
                double sD = s.reduce(op, xd, 0, n);
                // Equal values (including the infinite identities of an empty MAX/MIN) always pass.
                assertThat(vF == sF || Math.abs(vF - sF) <= tolF)
                        .as("vector vs scalar reduce " + op + " f32 n=" + n + ": " + vF + " vs " + sF).isTrue();
                assertThat(vD == sD || Math.abs(vD - sD) <= tolD)
                        .as("vector vs scalar reduce " + op + " f64 n=" + n + ": " + vD + " vs " + sD).isTrue();
            }
        }
        // gemm: one rectangular shape with a ragged tail in every dimension.
        int m = 9;
        int n = 35;
        int kk = 19;
        float[] a = randomFloats(r, m * kk, -1, 1);
        float[] b = randomFloats(r, kk * n, -1, 1);
        float[] cs = new float[m * n];
        float[] cv = new float[m * n];
        s.gemm(m, n, kk, a, 0, b, 0, cs, 0, false);
        vector.gemm(m, n, kk, a, 0, b, 0, cv, 0, false);
        for (int i = 0; i < m * n; i++) {
            assertThat(Math.abs(cv[i] - cs[i])).as("vector vs scalar gemm f32 at " + i)
                    .isLessThanOrEqualTo((float) (2 * (kk + 2) * U32 * kk));
        }
    }

    // ------------------------------------------------------------------ edge values

    /** NaN, ±Inf, ±0, ±1 and a large finite value. */
    private static final double[] EDGES = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
            1.0, -1.0, 3.0e30, -2.5};

    /**
     * Every pair of edge values, repeated so that each lands both in the vector body and in the
     * scalar tail, through every binary op. Semantics (the contract both kernels must follow, see
     * {@link #refBinary}): MAX/MIN propagate NaN and treat −0 &lt; +0 (Java's Math.max/min);
     * ordered comparisons with NaN are 0, NE with NaN is 1; EQ(−0, +0) is 1; arithmetic is IEEE
     * (Inf − Inf = NaN, 0 · Inf = NaN, 1 / −0 = −Inf), bit for bit; POW follows Math.pow's special
     * cases (pow(NaN, 0) = 1, pow(negative, non-integer) = NaN) within its ulp bound.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void binaryEdgeValuesFollowJavaSemantics(String implName) {
        Kernels k = impl(implName);
        List<double[]> pairs = new ArrayList<>();
        for (double a : EDGES) {
            for (double b : EDGES) {
                pairs.add(new double[] {a, b});
            }
        }
        int n = pairs.size() * 2 + 5; // 167: not a multiple of any lane count
        double[] ad = new double[n];
        double[] bd = new double[n];
        float[] af = new float[n];
        float[] bf = new float[n];
        for (int i = 0; i < n; i++) {
            double[] p = pairs.get(i % pairs.size());
            ad[i] = p[0];
            bd[i] = p[1];
            af[i] = (float) p[0];
            bf[i] = (float) p[1];
        }
        for (BinaryOp op : BinaryOp.values()) {
            double[] od = new double[n];
            float[] of = new float[n];
            k.zip(op, ad, 0, 1, bd, 0, 1, od, 0, n);
            k.zip(op, af, 0, 1, bf, 0, 1, of, 0, n);
            for (int i = 0; i < n; i++) {
                double want = refBinary(op, ad[i], bd[i]);
                double wantF = (float) refBinary(op, af[i], bf[i]);
                String what = implName + " " + op + "(" + ad[i] + ", " + bd[i] + ") at " + i;
                if (op == BinaryOp.POW) {
                    // pow(NaN, 0) = 1, pow(-2.5, 0.5) = NaN, pow(0, -1) = Inf, ...: Math.pow's special cases.
                    checkUlps(what + " f64", od[i], want, false, ulps(op));
                    checkUlps(what + " f32", of[i], wantF, true, ulps(op));
                } else {
                    assertBitsEqual(what + " f64", od[i], want);
                    assertBitsEqual(what + " f32", of[i], wantF);
                }
            }
        }
    }

    private static void assertBitsEqual(String what, double got, double want) {
        boolean same = Double.isNaN(want) ? Double.isNaN(got)
                : Double.doubleToRawLongBits(got) == Double.doubleToRawLongBits(want);
        if (!same) {
            fail(what + ": got " + got + ", want " + want);
        }
    }

    /**
     * Unary edge semantics: RELU(NaN) = NaN (as leaky ReLU, NumPy and PyTorch: a NaN is not hidden),
     * RELU(−0) = +0; SIGN(NaN) = NaN, SIGN(±0) == 0 (sign of the zero unspecified), SIGN(±Inf) = ±1;
     * STEP(NaN) = alpha; ABS(−0) = +0, ABS(−Inf) = +Inf; NEG(+0) = −0; LEAKY_RELU(−Inf) = −Inf.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void unaryEdgeValues(String implName) {
        Kernels k = impl(implName);
        int n = EDGES.length * 5 + 3;
        double[] xd = new double[n];
        float[] xf = new float[n];
        for (int i = 0; i < n; i++) {
            xd[i] = EDGES[i % EDGES.length];
            xf[i] = (float) xd[i];
        }
        for (UnaryOp op : new UnaryOp[] {UnaryOp.RELU, UnaryOp.SIGN, UnaryOp.STEP, UnaryOp.ABS, UnaryOp.NEG,
                UnaryOp.LEAKY_RELU, UnaryOp.SQUARE}) {
            double alpha = op == UnaryOp.STEP || op == UnaryOp.LEAKY_RELU ? 0.25 : 0;
            double[] od = new double[n];
            float[] of = new float[n];
            k.map(op, alpha, xd, 0, od, 0, n);
            k.map(op, alpha, xf, 0, of, 0, n);
            for (int i = 0; i < n; i++) {
                double want = refUnary(op, xd[i], alpha);
                double wantF = (float) refUnary(op, xf[i], alpha);
                String what = implName + " " + op + "(" + xd[i] + ") at " + i;
                if (op == UnaryOp.SIGN && want == 0) {
                    assertThat(od[i]).as(what).isZero();
                    assertThat(of[i]).as(what).isZero();
                } else {
                    assertBitsEqual(what + " f64", od[i], want);
                    assertBitsEqual(what + " f32", of[i], wantF);
                }
            }
        }
        // POW_SCALAR follows Math.pow for any alpha the interface allows, including the cases
        // where C's pow differs: pow(±1, ±Inf) and pow(1, NaN) are NaN in Java, 1 in C.
        for (double alpha : new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN}) {
            double[] od = new double[n];
            float[] of = new float[n];
            k.map(UnaryOp.POW_SCALAR, alpha, xd, 0, od, 0, n);
            k.map(UnaryOp.POW_SCALAR, alpha, xf, 0, of, 0, n);
            for (int i = 0; i < n; i++) {
                String what = implName + " POW_SCALAR(" + xd[i] + ", " + alpha + ") at " + i;
                checkUlps(what + " f64", od[i], Math.pow(xd[i], alpha), false, ulps(UnaryOp.POW_SCALAR));
                checkUlps(what + " f32", of[i], Math.pow(xf[i], alpha), true, ulps(UnaryOp.POW_SCALAR));
            }
        }
        // Spot-check the documented cases literally.
        double[] out = new double[1];
        k.map(UnaryOp.RELU, 0, new double[] {Double.NaN}, 0, out, 0, 1);
        assertThat(out[0]).as("relu(NaN) is NaN").isNaN();
        k.map(UnaryOp.NEG, 0, new double[] {0.0}, 0, out, 0, 1);
        assertThat(Double.doubleToRawLongBits(out[0])).as("neg(+0) is -0").isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    /**
     * Every unary op on NaN, ±Inf, ±0, ±1 and out-of-domain values: NaN in gives NaN out (except
     * relu and step, see above), log(0) = -Inf, log(-1) = sqrt(-1) = NaN, 1/±0 = ±Inf,
     * tanh(±Inf) = ±1, sigmoid(-Inf) = 0, softplus(+Inf) = +Inf, log-sigmoid(-Inf) = -Inf,
     * sin(Inf) = NaN, as the reference formulas say.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void everyUnaryOpOnSpecialValues(String implName) {
        Kernels k = impl(implName);
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1.0, -1.0, -2.5, 0.5};
        int n = specials.length * 4 + 1;
        double[] xd = new double[n];
        float[] xf = new float[n];
        for (int i = 0; i < n; i++) {
            xd[i] = specials[i % specials.length];
            xf[i] = (float) xd[i];
        }
        for (UnaryOp op : UnaryOp.values()) {
            for (double alpha : alphas(op)) {
                double[] od = new double[n];
                float[] of = new float[n];
                k.map(op, alpha, xd, 0, od, 0, n);
                k.map(op, alpha, xf, 0, of, 0, n);
                for (int i = 0; i < n; i++) {
                    String what = implName + " " + op + "(" + xd[i] + ", alpha=" + alpha + ")";
                    checkUlps(what + " f64", od[i], refUnary(op, xd[i], alpha), false, ulps(op));
                    checkUlps(what + " f32", of[i], refUnary(op, xf[i], alpha), true, ulps(op));
                }
            }
        }
    }

    /** MAX/MIN reductions propagate NaN wherever it sits; SUM of +Inf and -Inf is NaN. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void reduceEdgeValues(String implName) {
        Kernels k = impl(implName);
        for (int n : new int[] {1, 5, 16, 17, 64, 100}) {
            for (int pos = 0; pos < n; pos += Math.max(1, n / 7)) {
                double[] xd = new double[n];
                float[] xf = new float[n];
                for (int i = 0; i < n; i++) {
                    xd[i] = i - n / 2.0;
                    xf[i] = (float) xd[i];
                }
                xd[pos] = Double.NaN;
                xf[pos] = Float.NaN;
                for (ReduceOp op : ReduceOp.values()) {
                    assertThat(k.reduce(op, xd, 0, n)).as(implName + " " + op + " f64 NaN at " + pos + " n=" + n).isNaN();
                    assertThat(k.reduce(op, xf, 0, n)).as(implName + " " + op + " f32 NaN at " + pos + " n=" + n).isNaN();
                }
                xd[pos] = Double.POSITIVE_INFINITY;
                xf[pos] = Float.POSITIVE_INFINITY;
                assertThat(k.reduce(ReduceOp.MAX, xd, 0, n)).isEqualTo(Double.POSITIVE_INFINITY);
                assertThat(k.reduce(ReduceOp.MAX, xf, 0, n)).isEqualTo(Double.POSITIVE_INFINITY);
                assertThat(k.reduce(ReduceOp.SUM, xd, 0, n)).isEqualTo(Double.POSITIVE_INFINITY);
                if (n > 1) {
                    int other = (pos + 1) % n;
                    xd[other] = Double.NEGATIVE_INFINITY;
                    xf[other] = Float.NEGATIVE_INFINITY;
                    assertThat(k.reduce(ReduceOp.SUM, xd, 0, n)).as("inf + -inf").isNaN();
                    assertThat(k.reduce(ReduceOp.SUM, xf, 0, n)).as("inf + -inf").isNaN();
                    assertThat(k.reduce(ReduceOp.MIN, xf, 0, n)).isEqualTo(Double.NEGATIVE_INFINITY);
                }
            }
        }
    }

    /** A NaN mask element is non-zero, so it selects {@code a} (C semantics of {@code m != 0}). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void selectTreatsNaNMaskAsTrueAndNegativeZeroAsFalse(String implName) {
        Kernels k = impl(implName);
        int n = 37;
        double[] m = new double[n];
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = i % 3 == 0 ? Double.NaN : i % 3 == 1 ? -0.0 : 2.0;
            a[i] = 1;
            b[i] = -1;
        }
        double[] out = new double[n];
        k.select(m, 0, 1, a, 0, 1, b, 0, 1, out, 0, n);
        for (int i = 0; i < n; i++) {
            assertThat(out[i]).as(implName + " mask " + m[i]).isEqualTo(i % 3 == 1 ? -1.0 : 1.0);
        }
    }
}
