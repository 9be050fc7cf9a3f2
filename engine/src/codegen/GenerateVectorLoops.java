import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Generates {@code dev.tussle.engine.kernel.VectorLoops}: one Vector API loop per elementwise op
 * and lane type, each with its formula written inline.
 *
 * <p>Why generated: a shared loop that calls the formula through a functional interface is fast
 * only while C2 inlines both into one compiled method, and C2 stops doing so once the shared
 * pieces have been compiled on their own into "big methods" — then every vector is boxed and the
 * loop runs 5-50x slower. A separate loop per op is robust; writing each by hand would be
 * copy-paste, so the loop shape lives here once and the formulas once, in {@link #UNARY} and
 * {@link #BINARY}, as expressions that compile for both FloatVector and DoubleVector.
 *
 * <p>Transcendental ops (exp, log, tanh, pow, ...) are not generated: the kernels compute them
 * with StrictMath so that results never depend on JIT timing (see UnaryOp#transcendental).
 *
 * <p>Run from the repository root after changing an op:
 * {@code java engine/src/codegen/GenerateVectorLoops.java}. {@code --check} exits 1 if the
 * checked-in file differs from what would be generated (a test runs it).
 */
public class GenerateVectorLoops {
    static final Path TARGET = Path.of("engine/src/main/java/dev/tussle/engine/kernel/VectorLoops.java");

    /** Unary formulas in x (the input vector), alpha (broadcast parameter), zero and one. */
    static final Map<String, String> UNARY = new LinkedHashMap<>();
    /** Binary formulas in a, b, zero and one. */
    static final Map<String, String> BINARY = new LinkedHashMap<>();
    /**
     * The same formulas on one element of the lane type (x or a, b; the unary parameter is a),
     * for arrays shorter than a vector. Each gives the bits its vector formula gives (they are
     * single IEEE operations, comparisons and selections; PositionIndependenceTest checks
     * every op on ±0, NaN, infinities and subnormals). Why: a kernel called only on such short
     * arrays (a mixture's k weights) can stay compiled by C1 for minutes, and C1 boxes every
     * vector: 6.7 KB per mixture step.
     */
    static final Map<String, String> SCALAR = new LinkedHashMap<>();

    static {
        UNARY.put("NEG", "x.neg()");
        UNARY.put("SQRT", "x.lanewise(VectorOperators.SQRT)");
        UNARY.put("ABS", "x.abs()");
        UNARY.put("SQUARE", "x.mul(x)");
        UNARY.put("RECIPROCAL", "one.div(x)");
        UNARY.put("RELU", "x.blend(zero, x.compare(VectorOperators.LE, zero))");
        UNARY.put("LEAKY_RELU", "x.mul(alpha).blend(x, x.compare(VectorOperators.GT, zero))");
        UNARY.put("SIGN", "zero.blend(one, x.compare(VectorOperators.GT, zero)).blend(one.neg(), x.compare(VectorOperators.LT, zero))"
                + ".blend(x, x.test(VectorOperators.IS_NAN))");
        UNARY.put("STEP", "alpha.blend(one, x.compare(VectorOperators.GT, zero))");

        BINARY.put("ADD", "a.add(b)");
        BINARY.put("SUB", "a.sub(b)");
        BINARY.put("MUL", "a.mul(b)");
        BINARY.put("DIV", "a.div(b)");
        // Vector max/min do not propagate NaN the way Math.max/min do: restore it lane by lane.
        BINARY.put("MAX", "a.max(b).blend(a.add(b), a.test(VectorOperators.IS_NAN).or(b.test(VectorOperators.IS_NAN)))");
        BINARY.put("MIN", "a.min(b).blend(a.add(b), a.test(VectorOperators.IS_NAN).or(b.test(VectorOperators.IS_NAN)))");
        BINARY.put("GT", "zero.blend(one, a.compare(VectorOperators.GT, b))");
        BINARY.put("GE", "zero.blend(one, a.compare(VectorOperators.GE, b))");
        BINARY.put("LT", "zero.blend(one, a.compare(VectorOperators.LT, b))");
        BINARY.put("LE", "zero.blend(one, a.compare(VectorOperators.LE, b))");
        BINARY.put("EQ", "zero.blend(one, a.compare(VectorOperators.EQ, b))");
        BINARY.put("NE", "zero.blend(one, a.compare(VectorOperators.NE, b))");

        SCALAR.put("NEG", "-x");
        SCALAR.put("SQRT", "($E) Math.sqrt(x)");
        SCALAR.put("ABS", "Math.abs(x)");
        SCALAR.put("SQUARE", "x * x");
        SCALAR.put("RECIPROCAL", "1 / x");
        SCALAR.put("RELU", "x <= 0 ? 0 : x");
        SCALAR.put("LEAKY_RELU", "x > 0 ? x : x * a");
        SCALAR.put("SIGN", "x > 0 ? 1 : x < 0 ? -1 : x != x ? x : 0");
        SCALAR.put("STEP", "x > 0 ? 1 : a");
        SCALAR.put("ADD", "a + b");
        SCALAR.put("SUB", "a - b");
        SCALAR.put("MUL", "a * b");
        SCALAR.put("DIV", "a / b");
        SCALAR.put("MAX", "a != a || b != b ? a + b : Math.max(a, b)");
        SCALAR.put("MIN", "a != a || b != b ? a + b : Math.min(a, b)");
        SCALAR.put("GT", "a > b ? 1 : 0");
        SCALAR.put("GE", "a >= b ? 1 : 0");
        SCALAR.put("LT", "a < b ? 1 : 0");
        SCALAR.put("LE", "a <= b ? 1 : 0");
        SCALAR.put("EQ", "a == b ? 1 : 0");
        SCALAR.put("NE", "a != b ? 1 : 0");
    }

    /** The lane type's Java names: element, vector class, species field. */
    record Lane(String elem, String boxed, String vec, String species, String one) {
    }

    static final Lane[] LANES = {new Lane("float", "Float", "FloatVector", "F", "1f"),
            new Lane("double", "Double", "DoubleVector", "D", "1.0")};

    /**
     * Reductions: the combine expression of two vectors (v, w), the finishing expression of the
     * accumulator v, and the scalar identity. SUM finishes in lane order (reduceLanes(ADD) leaves
     * the order of a floating-point sum unspecified, and compiled and interpreted forms differ);
     * MAX and MIN check for NaN explicitly, since vector max/min may drop it.
     */
    static final String[][] REDUCE = {
        {"SUM", "v.add(w)", "sumInLaneOrder(v)", "0.0"},
        {"MAX", "v.max(w)", "v.reduceLanes(VectorOperators.MAX)", "Double.NEGATIVE_INFINITY"},
        {"MIN", "v.min(w)", "v.reduceLanes(VectorOperators.MIN)", "Double.POSITIVE_INFINITY"}};

    /** The activation derivatives of the fused linear layer, times the incoming gradient, from y and g. */
    static final String[][] ACTIVATION_GRAD = {
        {"IDENTITY", "g"},
        {"RELU", "zero.blend(g, y.compare(VectorOperators.GT, zero))"},
        {"LEAKY_RELU", "g.mul(alpha).blend(g, y.compare(VectorOperators.GT, zero))"},
        {"TANH", "g.mul(one.sub(y.mul(y)))"},
        {"SIGMOID", "g.mul(y.mul(one.sub(y)))"}};

    /** One activation-backward loop, with %A (activation in camel case) and %F (its formula). */
    static final String ACTIVATION_TEMPLATE = """
                private static void %ABackward$C($E a, $E[] ys, int yo, $E[] gs, int go, $E[] out, int oo, int n) {
                    $V alpha = $V.broadcast($S, a);
                    $V zero = $V.zero($S);
                    $V one = $V.broadcast($S, 1);
                    int i = 0;
                    for (int bound = $S.loopBound(n); i < bound; i += $S.length()) {
                        $V y = $V.fromArray($S, ys, yo + i);
                        $V g = $V.fromArray($S, gs, go + i);
                        %F.intoArray(out, oo + i);
                    }
                    if (i < n) {
                        VectorMask<$B> m = $S.indexInRange(i, n);
                        $V y = $V.fromArray($S, ys, yo + i, m);
                        $V g = $V.fromArray($S, gs, go + i, m);
                        %F.intoArray(out, oo + i, m);
                    }
                }

            """;

    /**
     * The optimizer updates (see OptimizerSteps for the rules): name, parameter list, the
     * coefficient vectors, and the body. Each body is written once with %M where a masked access
     * takes ", m", and instantiated twice: in the vector loop, and in a separate method for the
     * masked tail (one method holding both was too big for C1, and C2 then sometimes left it
     * un-intrinsified). $K casts a double coefficient to the lane type.
     */
    static final String[][] OPTIMIZERS = {
        {"adam", "OptimizerSteps.Adam c, $E[] p, $E[] g, $E[] m1, $E[] m2, $E[] vmax", "p, g, m1, m2, vmax", """
                $V lr = $V.broadcast($S, $Kc.lr());
                $V b1 = $V.broadcast($S, $Kc.beta1());
                $V ob1 = $V.broadcast($S, $K(1 - c.beta1()));
                $V b2 = $V.broadcast($S, $Kc.beta2());
                $V ob2 = $V.broadcast($S, $K(1 - c.beta2()));
                $V bc1 = $V.broadcast($S, $Kc.bc1());
                $V sbc2 = $V.broadcast($S, $Kc.sqrtBc2());
                $V eps = $V.broadcast($S, $Kc.eps());
                $V scale = $V.broadcast($S, $Kc.gradScale());
                $V l2 = $V.broadcast($S, $Kc.l2());
                $V shrink = $V.broadcast($S, $Kc.shrink());
                """},
        {"sgd", "OptimizerSteps.Sgd c, $E[] p, $E[] g, $E[] buf", "p, g, buf", """
                $V lr = $V.broadcast($S, $Kc.lr());
                $V mu = $V.broadcast($S, $Kc.momentum());
                $V scale = $V.broadcast($S, $Kc.gradScale());
                $V wd = $V.broadcast($S, $Kc.weightDecay());
                boolean nesterov = c.nesterov();
                """},
        {"rmsProp", "OptimizerSteps.RmsProp c, $E[] p, $E[] g, $E[] sq, $E[] buf, $E[] avg", "p, g, sq, buf, avg", """
                $V lr = $V.broadcast($S, $Kc.lr());
                $V alpha = $V.broadcast($S, $Kc.alpha());
                $V oa = $V.broadcast($S, $K(1 - c.alpha()));
                $V eps = $V.broadcast($S, $Kc.eps());
                $V mu = $V.broadcast($S, $Kc.momentum());
                $V scale = $V.broadcast($S, $Kc.gradScale());
                $V wd = $V.broadcast($S, $Kc.weightDecay());
                """}};

    static final String ADAM_BODY = """
                        $V pi = $V.fromArray($S, p, i%M);
                        $V gi = $V.fromArray($S, g, i%M).mul(scale).add(pi.mul(l2));
                        pi = pi.mul(shrink);
                        $V mi = $V.fromArray($S, m1, i%M).mul(b1).add(gi.mul(ob1));
                        $V vi = $V.fromArray($S, m2, i%M).mul(b2).add(gi.mul(gi).mul(ob2));
                        mi.intoArray(m1, i%M);
                        vi.intoArray(m2, i%M);
                        if (vmax != null) {
                            vi = $V.fromArray($S, vmax, i%M).max(vi);
                            vi.intoArray(vmax, i%M);
                        }
                        pi.sub(lr.mul(mi.div(bc1)).div(vi.sqrt().div(sbc2).add(eps))).intoArray(p, i%M);""";

    static final String SGD_BODY = """
                        $V pi = $V.fromArray($S, p, i%M);
                        $V gi = $V.fromArray($S, g, i%M).mul(scale).add(pi.mul(wd));
                        if (buf != null) {
                            $V b = $V.fromArray($S, buf, i%M).mul(mu).add(gi);
                            b.intoArray(buf, i%M);
                            gi = nesterov ? gi.add(b.mul(mu)) : b;
                        }
                        pi.sub(lr.mul(gi)).intoArray(p, i%M);""";

    static final String RMS_BODY = """
                        $V pi = $V.fromArray($S, p, i%M);
                        $V gi = $V.fromArray($S, g, i%M).mul(scale).add(pi.mul(wd));
                        $V si = $V.fromArray($S, sq, i%M).mul(alpha).add(gi.mul(gi).mul(oa));
                        si.intoArray(sq, i%M);
                        if (avg != null) {
                            $V ai = $V.fromArray($S, avg, i%M).mul(alpha).add(gi.mul(oa));
                            ai.intoArray(avg, i%M);
                            si = si.sub(ai.mul(ai));
                        }
                        $V d = gi.div(si.sqrt().add(eps));
                        if (buf != null) {
                            d = $V.fromArray($S, buf, i%M).mul(mu).add(d);
                            d.intoArray(buf, i%M);
                        }
                        pi.sub(lr.mul(d)).intoArray(p, i%M);""";

    /** The optimizer loops, each as a vector loop and a masked-tail method, with the lane names still as $E, $V, $S, $K. */
    static String optimizerTemplate() {
        StringBuilder sb = new StringBuilder();
        String[] bodies = {ADAM_BODY, SGD_BODY, RMS_BODY};
        for (int o = 0; o < OPTIMIZERS.length; o++) {
            String name = OPTIMIZERS[o][0];
            String params = OPTIMIZERS[o][1];
            String setup = OPTIMIZERS[o][3].indent(8);
            String body = bodies[o].strip().indent(12);
            sb.append("    static void ").append(name).append("(").append(params).append(", int n) {\n")
                    .append(setup)
                    .append("        int i = 0;\n")
                    .append("        for (int bound = $S.loopBound(n); i < bound; i += $S.length()) {\n")
                    .append(body.replace("%M", ""))
                    .append("        }\n")
                    .append("        if (i < n) {\n")
                    .append("            ").append(name).append("Tail(c, ").append(OPTIMIZERS[o][2]).append(", i, n);\n")
                    .append("        }\n    }\n\n");
            sb.append("    private static void ").append(name).append("Tail(").append(params).append(", int i, int n) {\n")
                    .append(setup)
                    .append("        VectorMask<$B> m = $S.indexInRange(i, n);\n")
                    .append(bodies[o].strip().indent(8).replace("%M", ", m"))
                    .append("    }\n\n");
        }
        return sb.toString();
    }

    /** Per-lane-type methods other than the op loops, with $E (element), $B (boxed), $V, $S. */
    static final String LANE_TEMPLATE = """
                /** The reduction of {@code x[off .. off+n)}; the identity when {@code n == 0}. */
                static double reduce(ReduceOp op, $E[] x, int off, int n) {
                    return switch (op) {
                        case SUM -> reduceSum$C(x, off, n);
                        case MAX -> reduceMax$C(x, off, n);
                        case MIN -> reduceMin$C(x, off, n);
                    };
                }

                private static double sumInLaneOrder($V v) {
                    $E s = 0;
                    for (int l = 0; l < $S.length(); l++) {
                        s += v.lane(l);
                    }
                    return s;
                }

                /**
                 * {@code c[co + i·ldc + j] += bias[bo + j]}: one vector of columns at a time down a block of
                 * {@link VectorKernels#ROWS_PER_BLOCK} rows, its bias in a register (one load, add and store per
                 * vector of c, nothing reloaded per row); whole vectors unmasked, the last partial one masked
                 * (masking every vector cost 10-20 %).
                 */
                static void addToRows(int m, int n, $E[] bias, int bo, $E[] c, int co, int ldc) {
                    int full = n - n % $S.length();
                    VectorMask<$B> tail = $S.indexInRange(full, n);
                    for (int i0 = 0; i0 < m; i0 += VectorKernels.ROWS_PER_BLOCK) {
                        int rows = Math.min(VectorKernels.ROWS_PER_BLOCK, m - i0);
                        for (int j = 0; j < full; j += $S.length()) {
                            $V b = $V.fromArray($S, bias, bo + j);
                            for (int i = 0, row = co + i0 * ldc + j; i < rows; i++, row += ldc) {
                                $V.fromArray($S, c, row).add(b).intoArray(c, row);
                            }
                        }
                        if (full < n) {
                            $V b = $V.fromArray($S, bias, bo + full, tail);
                            for (int i = 0, row = co + i0 * ldc + full; i < rows; i++, row += ldc) {
                                $V.fromArray($S, c, row, tail).add(b).intoArray(c, row, tail);
                            }
                        }
                    }
                }

                /**
                 * Column sums of the m×n block at {@code x[xo]} (row stride ldx) into {@code out[oo ..]}
                 * (added to it when {@code accumulate}): one vector of columns at a time down a block of rows,
                 * the partial sum in a register and stored in {@code out} between blocks (storing and
                 * reloading is exact, so each column is one chain of additions in row order, row 0 starting
                 * it). Each element of x is loaded once; whole vectors unmasked, the last partial one masked.
                 */
                static void columnSum(int m, int n, $E[] x, int xo, int ldx, $E[] out, int oo, boolean accumulate) {
                    if (m == 0 && !accumulate) {
                        java.util.Arrays.fill(out, oo, oo + n, ($E) 0);
                    }
                    int full = n - n % $S.length();
                    VectorMask<$B> tail = $S.indexInRange(full, n);
                    for (int i0 = 0; i0 < m; i0 += VectorKernels.ROWS_PER_BLOCK) {
                        int first = i0 == 0 && !accumulate ? 1 : 0;
                        int rows = Math.min(VectorKernels.ROWS_PER_BLOCK, m - i0);
                        for (int j = 0; j < full; j += $S.length()) {
                            $V a = first == 1 ? $V.fromArray($S, x, xo + j) : $V.fromArray($S, out, oo + j);
                            for (int i = first, row = xo + (i0 + first) * ldx + j; i < rows; i++, row += ldx) {
                                a = a.add($V.fromArray($S, x, row));
                            }
                            a.intoArray(out, oo + j);
                        }
                        if (full < n && oo + full + $S.length() <= out.length) {
                            $V a = first == 1 ? $V.fromArray($S, x, xo + full, tail) : $V.fromArray($S, out, oo + full, tail);
                            for (int i = first, row = xo + (i0 + first) * ldx + full; i < rows; i++, row += ldx) {
                                a = a.add($V.fromArray($S, x, row, tail));
                            }
                            a.intoArray(out, oo + full, tail);
                        } else if (full < n) {
                            // A masked vector running past the end of out (a bias gradient n long)
                            // checks every lane, a slow path taken at each block (1 % of a GAN
                            // step); the same additions one lane at a time.
                            for (int j = full; j < n; j++) {
                                $E a = first == 1 ? x[xo + j] : out[oo + j];
                                for (int i = first, row = xo + (i0 + first) * ldx + j; i < rows; i++, row += ldx) {
                                    a += x[row];
                                }
                                out[oo + j] = a;
                            }
                        }
                    }
                }

                /** {@code out[oo+i] = m[mo+i] != 0 ? a[ao+i] : b[bo+i]}, all contiguous. */
                static void select($E[] m, int mo, $E[] a, int ao, $E[] b, int bo, $E[] out, int oo, int n) {
                    int i = 0;
                    for (int bound = $S.loopBound(n); i < bound; i += $S.length()) {
                        VectorMask<$B> take = $V.fromArray($S, m, mo + i).compare(VectorOperators.NE, 0);
                        $V.fromArray($S, b, bo + i).blend($V.fromArray($S, a, ao + i), take).intoArray(out, oo + i);
                    }
                    if (i < n) {
                        VectorMask<$B> in = $S.indexInRange(i, n);
                        VectorMask<$B> take = $V.fromArray($S, m, mo + i, in).compare(VectorOperators.NE, 0).and(in);
                        $V.fromArray($S, b, bo + i, in).blend($V.fromArray($S, a, ao + i, in), take).intoArray(out, oo + i, in);
                    }
                }

            """;

    /**
     * The sum: lane sums in the element type over blocks of SUM_BLOCK_VECTORS vectors, each
     * block's total (in lane order) added to a double. Float lanes summed over a whole array had
     * drifted by 0.06 % at 10⁶ elements and 0.6 % at 10⁷ (the mean of 0.1); a block bounds the
     * float rounding's growth. Up to one block (512 float32 values: a 500-sample loss) the bits are those of one lane sum.
     */
    static final String SUM_TEMPLATE = """
                private static double reduceSum$C($E[] x, int off, int n) {
                    int bound = $S.loopBound(n);
                    double acc = 0.0;
                    int i = 0;
                    while (i < bound) {
                        int end = Math.min(bound, i + SUM_BLOCK_VECTORS * $S.length());
                        $V v = $V.fromArray($S, x, off + i);
                        for (i += $S.length(); i < end; i += $S.length()) {
                            v = v.add($V.fromArray($S, x, off + i));
                        }
                        // The first block's sum as it is (0.0 + -0.0 would lose the sign of an all-negative-zero sum).
                        acc = end <= SUM_BLOCK_VECTORS * $S.length() ? sumInLaneOrder(v) : acc + sumInLaneOrder(v);
                    }
                    for (; i < n; i++) {
                        acc = acc + x[off + i];
                    }
                    return acc;
                }

            """;

    /** One reduction loop, with %R (op name in camel case), %COMBINE, %FINISH, %IDENTITY, %CHECKNAN, %TAIL. */
    static final String REDUCE_TEMPLATE = """
                private static double reduce%R$C($E[] x, int off, int n) {
                    int bound = $S.loopBound(n);
                    double acc = %IDENTITY;
                    int i = 0;
                    if (bound > 0) {
                        $V v = $V.fromArray($S, x, off);
                        boolean nan = false;
                        for (i = $S.length(); i < bound; i += $S.length()) {
                            $V w = $V.fromArray($S, x, off + i);
                            v = %COMBINE;
                        }
                        if (%CHECKNAN) {
                            for (int j = 0; j < bound && !nan; j += $S.length()) {
                                nan = $V.fromArray($S, x, off + j).test(VectorOperators.IS_NAN).anyTrue();
                            }
                        }
                        acc = nan ? Double.NaN : %FINISH;
                    }
                    for (; i < n; i++) {
                        acc = %TAIL;
                    }
                    return acc;
                }

            """;

    static String camel(String op) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : op.toLowerCase().toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }

    static String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("""
                // GENERATED by engine/src/codegen/GenerateVectorLoops.java: edit the generator, not this file.
                package dev.tussle.engine.kernel;

                import jdk.incubator.vector.DoubleVector;
                import jdk.incubator.vector.FloatVector;
                import jdk.incubator.vector.VectorMask;
                import jdk.incubator.vector.VectorOperators;
                import jdk.incubator.vector.VectorSpecies;

                /**
                 * One Vector API loop per elementwise op and lane type (see the generator for why). The
                 * tail shorter than a vector goes through the same formula with a lane mask, and a whole
                 * array shorter than a vector through the formula's one-element twin, which gives the same
                 * bits, so an element's result never depends on its position in the array.
                 */
                final class VectorLoops {
                    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
                    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
                    /** Vectors a sum adds in its lanes before moving the block's total to a double (see reduceSum). */
                    static final int SUM_BLOCK_VECTORS = 32;

                    private VectorLoops() {
                    }

                """);
        for (Lane l : LANES) {
            String cap = Character.toUpperCase(l.elem.charAt(0)) + l.elem.substring(1);
            sb.append("    /** {@code out[oo..oo+n) = op(x[xo..xo+n), alpha)}. */\n");
            sb.append("    static void map(UnaryOp op, double alpha, ").append(l.elem).append("[] x, int xo, ")
                    .append(l.elem).append("[] out, int oo, int n) {\n        switch (op) {\n");
            for (String op : UNARY.keySet()) {
                sb.append("            case ").append(op).append(" -> ").append(camel(op)).append(cap)
                        .append(l.elem.equals("float") ? "((float) alpha" : "(alpha").append(", x, xo, out, oo, n);\n");
            }
            sb.append("            default -> throw new IllegalArgumentException(op + \" has no vector loop (transcendental ops use StrictMath)\");\n");
            sb.append("        }\n    }\n\n");
            sb.append("    /** {@code out[oo+i] = op(a[ao+i*as], b[bo+i*bs])} for {@code i < n}, strides 0 or 1. */\n");
            sb.append("    static void zip(BinaryOp op, ").append(l.elem).append("[] a, int ao, int as, ").append(l.elem)
                    .append("[] b, int bo, int bs, ").append(l.elem).append("[] out, int oo, int n) {\n        switch (op) {\n");
            for (String op : BINARY.keySet()) {
                sb.append("            case ").append(op).append(" -> ").append(camel(op)).append(cap)
                        .append("(a, ao, as, b, bo, bs, out, oo, n);\n");
            }
            sb.append("            default -> throw new IllegalArgumentException(op + \" has no vector loop (transcendental ops use StrictMath)\");\n");
            sb.append("        }\n    }\n\n");
        }
        for (Lane l : LANES) {
            String cap = Character.toUpperCase(l.elem.charAt(0)) + l.elem.substring(1);
            sb.append(lane(LANE_TEMPLATE, l, cap));
            sb.append(lane(optimizerTemplate(), l, cap).replace("$K", l.elem.equals("float") ? "(float) " : ""));
            sb.append("    /** {@code out = g · act'(y)}, the activation's derivative from its output y. */\n");
            sb.append("    static void activationBackward(Activation act, double alpha, ").append(l.elem).append("[] y, int yo, ")
                    .append(l.elem).append("[] g, int go, ").append(l.elem).append("[] out, int oo, int n) {\n");
            sb.append("        switch (act) {\n");
            for (String[] a : ACTIVATION_GRAD) {
                sb.append("            case ").append(a[0]).append(" -> ").append(camel(a[0])).append("Backward").append(cap)
                        .append(l.elem.equals("float") ? "((float) alpha" : "(alpha").append(", y, yo, g, go, out, oo, n);\n");
            }
            sb.append("        }\n    }\n\n");
            for (String[] a : ACTIVATION_GRAD) {
                sb.append(lane(ACTIVATION_TEMPLATE, l, cap).replace("%A", camel(a[0])).replace("%F", a[1]));
            }
            for (String[] r : REDUCE) {
                if (r[0].equals("SUM")) {
                    sb.append(lane(SUM_TEMPLATE, l, cap));
                    continue;
                }
                String tail = switch (r[0]) {
                    case "SUM" -> "acc + x[off + i]";
                    case "MAX" -> "Math.max(acc, x[off + i])";
                    default -> "Math.min(acc, x[off + i])";
                };
                sb.append(lane(REDUCE_TEMPLATE, l, cap).replace("%R", camel("_" + r[0].toLowerCase()))
                        .replace("%COMBINE", r[1]).replace("%FINISH", r[2]).replace("%IDENTITY", r[3])
                        .replace("%CHECKNAN", r[0].equals("SUM") ? "false" : "true").replace("%TAIL", tail));
            }
        }
        for (Lane l : LANES) {
            String cap = Character.toUpperCase(l.elem.charAt(0)) + l.elem.substring(1);
            String s = l.species;
            String v = l.vec;
            for (Map.Entry<String, String> e : UNARY.entrySet()) {
                sb.append("    private static void ").append(camel(e.getKey())).append(cap).append("(").append(l.elem)
                        .append(" a, ").append(l.elem).append("[] in, int xo, ").append(l.elem).append("[] out, int oo, int n) {\n");
                sb.append("        if (n < ").append(s).append(".length()) {\n");
                sb.append("            for (int i = 0; i < n; i++) {\n");
                sb.append("                ").append(l.elem).append(" x = in[xo + i];\n");
                sb.append("                out[oo + i] = ").append(scalar(e.getKey(), l)).append(";\n");
                sb.append("            }\n            return;\n        }\n");
                sb.append("        ").append(v).append(" alpha = ").append(v).append(".broadcast(").append(s).append(", a);\n");
                sb.append("        ").append(v).append(" zero = ").append(v).append(".zero(").append(s).append(");\n");
                sb.append("        ").append(v).append(" one = ").append(v).append(".broadcast(").append(s).append(", ")
                        .append(l.one).append(");\n");
                sb.append("        int i = 0;\n");
                sb.append("        for (int bound = ").append(s).append(".loopBound(n); i < bound; i += ").append(s).append(".length()) {\n");
                sb.append("            ").append(v).append(" x = ").append(v).append(".fromArray(").append(s).append(", in, xo + i);\n");
                sb.append("            ").append(e.getValue()).append(".intoArray(out, oo + i);\n");
                sb.append("        }\n");
                sb.append("        if (i < n) {\n");
                sb.append("            VectorMask<").append(l.boxed).append("> m = ").append(s).append(".indexInRange(i, n);\n");
                sb.append("            ").append(v).append(" x = ").append(v).append(".fromArray(").append(s).append(", in, xo + i, m);\n");
                sb.append("            ").append(e.getValue()).append(".intoArray(out, oo + i, m);\n");
                sb.append("        }\n    }\n\n");
            }
            for (Map.Entry<String, String> e : BINARY.entrySet()) {
                String name = camel(e.getKey()) + cap;
                // One small method per stride pattern: a single method holding all four loops
                // (561 bytes of bytecode) made C1 give up ("out of virtual registers") and, in
                // some JVMs, C2 never compiled it either, leaving the Vector API un-intrinsified.
                String[][] variants = {{"as == 1 && bs == 1", "VV", "a", "b"}, {"as == 1", "VS", "a", null},
                        {"bs == 1", "SV", null, "b"}, {null, "SS", null, null}};
                sb.append("    private static void ").append(name).append("(").append(l.elem)
                        .append("[] x, int ao, int as, ").append(l.elem).append("[] y, int bo, int bs, ").append(l.elem)
                        .append("[] out, int oo, int n) {\n");
                String prefix = "        if (";
                for (String[] var : variants) {
                    sb.append(var[0] == null ? "        } else {\n" : prefix + var[0] + ") {\n");
                    prefix = "        } else if (";
                    sb.append("            ").append(name).append(var[1]).append("(x, ao, y, bo, out, oo, n);\n");
                }
                sb.append("        }\n    }\n\n");
                for (String[] var : variants) {
                    appendBinaryLoop(sb, l, name + var[1], e.getValue(), scalar(e.getKey(), l), var);
                }
            }
        }
        sb.setLength(sb.length() - 1);
        return sb.append("}\n").toString();
    }

    /** A template with the lane type's names filled in. */
    static String lane(String template, Lane l, String cap) {
        return template.replace("$E", l.elem).replace("$B", l.boxed).replace("$V", l.vec).replace("$S", l.species)
                .replace("$C", cap);
    }

    /** The one-element formula of {@code op} for lane type {@code l}. */
    private static String scalar(String op, Lane l) {
        String formula = SCALAR.get(op);
        if (formula == null) {
            throw new IllegalStateException(op + " has a vector formula but no one-element formula in SCALAR");
        }
        return formula.replace("$E", l.elem);
    }

    /**
     * One binary-op loop for one stride pattern ({@code variant[2]}/{@code [3]} null: that operand
     * is broadcast), with {@code scalar} serving arrays shorter than a vector.
     */
    private static void appendBinaryLoop(StringBuilder sb, Lane l, String name, String formula, String scalar,
                                         String[] variant) {
        String s = l.species;
        String v = l.vec;
        sb.append("    private static void ").append(name).append("(").append(l.elem).append("[] x, int ao, ")
                .append(l.elem).append("[] y, int bo, ").append(l.elem).append("[] out, int oo, int n) {\n");
        sb.append("        if (n < ").append(s).append(".length()) {\n");
        sb.append("            for (int i = 0; i < n; i++) {\n");
        sb.append("                ").append(l.elem).append(" a = x[ao").append(variant[2] == null ? "" : " + i").append("];\n");
        sb.append("                ").append(l.elem).append(" b = y[bo").append(variant[3] == null ? "" : " + i").append("];\n");
        sb.append("                out[oo + i] = ").append(scalar).append(";\n");
        sb.append("            }\n            return;\n        }\n");
        sb.append("        ").append(v).append(" zero = ").append(v).append(".zero(").append(s).append(");\n");
        sb.append("        ").append(v).append(" one = ").append(v).append(".broadcast(").append(s).append(", ")
                .append(l.one).append(");\n");
        if (variant[2] == null) {
            sb.append("        ").append(v).append(" a = ").append(v).append(".broadcast(").append(s).append(", x[ao]);\n");
        }
        if (variant[3] == null) {
            sb.append("        ").append(v).append(" b = ").append(v).append(".broadcast(").append(s).append(", y[bo]);\n");
        }
        sb.append("        int i = 0;\n");
        sb.append("        for (int bound = ").append(s).append(".loopBound(n); i < bound; i += ").append(s).append(".length()) {\n");
        appendLoads(sb, "            ", l, variant, "");
        sb.append("            ").append(formula).append(".intoArray(out, oo + i);\n");
        sb.append("        }\n");
        sb.append("        if (i < n) {\n");
        sb.append("            VectorMask<").append(l.boxed).append("> m = ").append(s).append(".indexInRange(i, n);\n");
        appendLoads(sb, "            ", l, variant, ", m");
        sb.append("            ").append(formula).append(".intoArray(out, oo + i, m);\n");
        sb.append("        }\n    }\n\n");
    }

    /** Loads of the array operands of a binary op (a from x, b from y), masked when {@code mask} is given. */
    private static void appendLoads(StringBuilder sb, String indent, Lane l, String[] variant, String mask) {
        if (variant[2] != null) {
            sb.append(indent).append(l.vec).append(" a = ").append(l.vec).append(".fromArray(").append(l.species)
                    .append(", x, ao + i").append(mask).append(");\n");
        }
        if (variant[3] != null) {
            sb.append(indent).append(l.vec).append(" b = ").append(l.vec).append(".fromArray(").append(l.species)
                    .append(", y, bo + i").append(mask).append(");\n");
        }
    }

    public static void main(String[] args) throws IOException {
        String text = render();
        if (args.length > 0 && args[0].equals("--check")) {
            String existing = Files.exists(TARGET) ? Files.readString(TARGET, StandardCharsets.UTF_8) : "";
            if (!existing.equals(text)) {
                System.err.println(TARGET + " is out of date: run java engine/src/codegen/GenerateVectorLoops.java");
                System.exit(1);
            }
            System.out.println(TARGET + " is up to date");
            return;
        }
        Files.writeString(TARGET, text, StandardCharsets.UTF_8);
        System.out.println("wrote " + TARGET);
    }
}
