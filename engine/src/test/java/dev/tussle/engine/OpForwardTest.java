package dev.tussle.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.BinaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Forward values of the tensor ops against naive reference loops written here: every output
 * element is computed from its multi-index, without strides, collapsing or kernels. All random
 * inputs come from seeded generators. Float64 results of +, −, ×, ÷, max, min, comparisons and
 * the movement ops must match exactly; reductions within a relative 1e-12 (summation order
 * differs); float32 is checked on the elementwise ops, exactly against the reference rounded to
 * float (correct rounding of a single IEEE operation).
 */
class OpForwardTest {

    // ------------------------------------------------------------------ naive helpers

    static int size(int[] dims) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /** The multi-index of a row-major flat index. */
    static int[] unravel(int flat, int[] dims) {
        int[] idx = new int[dims.length];
        for (int i = dims.length - 1; i >= 0; i--) {
            idx[i] = flat % dims[i];
            flat /= dims[i];
        }
        return idx;
    }

    static int ravel(int[] idx, int[] dims) {
        int flat = 0;
        for (int i = 0; i < dims.length; i++) {
            flat = flat * dims[i] + idx[i];
        }
        return flat;
    }

    /** The element of an operand of shape {@code dims} that output index {@code outIdx} reads when broadcast. */
    static int broadcastSource(int[] outIdx, int[] dims) {
        int lead = outIdx.length - dims.length;
        int[] src = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            src[i] = dims[i] == 1 ? 0 : outIdx[i + lead];
        }
        return ravel(src, dims);
    }

    static int[] broadcastDims(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.length ? 1 : a[i - (r - a.length)];
            int db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new AssertionError("test generated incompatible shapes");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    static Tensor randomTensor(SplittableRandom r, DType dtype, int[] dims, double lo, double hi) {
        int n = size(dims);
        if (dtype == DType.F64) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextDouble(lo, hi);
            }
            return Tensor.of(v, dims.length == 0 ? new int[0] : dims).reshape(dims);
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble(lo, hi);
        }
        return Tensor.of(v, dims.length == 0 ? new int[0] : dims).reshape(dims);
    }

    /** Small integers: make ties (comparisons, max/min) frequent. */
    static Tensor randomInts(SplittableRandom r, DType dtype, int[] dims) {
        int n = size(dims);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(-2, 3);
        }
        return Tensor.of(v, dims).reshape(dims).to(dtype);
    }

    static int[] randomDims(SplittableRandom r, int maxRank) {
        int rank = r.nextInt(0, maxRank + 1);
        int[] d = new int[rank];
        int[] choices = {0, 1, 1, 2, 3, 4, 5};
        for (int i = 0; i < rank; i++) {
            d[i] = choices[r.nextInt(r.nextInt(10) == 0 ? 0 : 1, choices.length)];
        }
        return d;
    }

    /** A shape that broadcasts to {@code out}: some leading dims dropped, some dims set to 1. */
    static int[] broadcastableTo(SplittableRandom r, int[] out) {
        int drop = r.nextInt(0, out.length + 1);
        int[] d = Arrays.copyOfRange(out, drop, out.length);
        for (int i = 0; i < d.length; i++) {
            if (r.nextInt(3) == 0) {
                d[i] = 1;
            }
        }
        return d;
    }

    static void assertShape(Tensor t, int[] dims, String what) {
        assertThat(t.shape().dims()).as(what + " shape").containsExactly(dims);
    }

    static void assertValuesExact(Tensor got, double[] want, String what) {
        assertThat(got.size()).as(what + " size").isEqualTo(want.length);
        for (int i = 0; i < want.length; i++) {
            double g = got.getFlat(i);
            if (!(g == want[i] || Double.isNaN(g) && Double.isNaN(want[i]))) {
                fail(what + ": element " + i + " is " + g + ", want " + want[i]);
            }
        }
    }

    static void assertValuesClose(Tensor got, double[] want, double rel, String what) {
        assertThat(got.size()).as(what + " size").isEqualTo(want.length);
        for (int i = 0; i < want.length; i++) {
            double g = got.getFlat(i);
            boolean ok = g == want[i] || Double.isNaN(g) && Double.isNaN(want[i])
                    || Math.abs(g - want[i]) <= rel * Math.max(1, Math.abs(want[i]));
            if (!ok) {
                fail(what + ": element " + i + " is " + g + ", want " + want[i]);
            }
        }
    }

    // ------------------------------------------------------------------ broadcasting binary ops

    private record BinaryCase(String name, BinaryOperator<Tensor> op, DoubleBinaryOperator ref, boolean ints, boolean positive) {
    }

    private static final List<BinaryCase> BINARY = List.of(
            new BinaryCase("add", Tensor::add, (a, b) -> a + b, false, false),
            new BinaryCase("sub", Tensor::sub, (a, b) -> a - b, false, false),
            new BinaryCase("mul", Tensor::mul, (a, b) -> a * b, false, false),
            new BinaryCase("div", Tensor::div, (a, b) -> a / b, false, true),
            new BinaryCase("maximum", Tensor::maximum, Math::max, true, false),
            new BinaryCase("minimum", Tensor::minimum, Math::min, true, false),
            new BinaryCase("gt", Tensor::gt, (a, b) -> a > b ? 1 : 0, true, false),
            new BinaryCase("ge", Tensor::ge, (a, b) -> a >= b ? 1 : 0, true, false),
            new BinaryCase("lt", Tensor::lt, (a, b) -> a < b ? 1 : 0, true, false),
            new BinaryCase("le", Tensor::le, (a, b) -> a <= b ? 1 : 0, true, false),
            new BinaryCase("eq", Tensor::eq, (a, b) -> a == b ? 1 : 0, true, false),
            new BinaryCase("ne", Tensor::ne, (a, b) -> a != b ? 1 : 0, true, false));

    @Test
    void broadcastingBinaryOpsMatchNaiveLoopsOnRandomShapePairs() {
        SplittableRandom r = new SplittableRandom(1);
        int pairs = 0;
        for (int trial = 0; trial < 150; trial++) {
            // The last trials reach ranks 5 and 6: past the loop state a thread keeps for rank 4.
            int[] out = randomDims(r, trial < 130 ? 4 : 6);
            int[] da = broadcastableTo(r, out);
            int[] db = broadcastableTo(r, out);
            if (r.nextBoolean()) {
                int[] t = da;
                da = db;
                db = t;
            }
            int[] want = broadcastDims(da, db);
            for (DType dtype : DType.values()) {
                for (BinaryCase c : BINARY) {
                    Tensor a = c.ints ? randomInts(r, dtype, da) : randomTensor(r, dtype, da, -3, 3);
                    Tensor b = c.ints ? randomInts(r, dtype, db)
                            : c.positive ? randomTensor(r, dtype, db, 0.5, 3) : randomTensor(r, dtype, db, -3, 3);
                    Tensor got = c.op.apply(a, b);
                    String what = c.name + " " + dtype + " " + Arrays.toString(da) + " with " + Arrays.toString(db);
                    assertShape(got, want, what);
                    assertThat(got.dtype()).isEqualTo(dtype);
                    double[] ref = new double[size(want)];
                    for (int i = 0; i < ref.length; i++) {
                        int[] idx = unravel(i, want);
                        double x = a.getFlat(broadcastSource(idx, da));
                        double y = b.getFlat(broadcastSource(idx, db));
                        ref[i] = dtype == DType.F32 ? (float) c.ref.applyAsDouble(x, y) : c.ref.applyAsDouble(x, y);
                    }
                    assertValuesExact(got, ref, what);
                }
            }
            pairs++;
        }
        assertThat(pairs).isEqualTo(150);
    }

    @Test
    void powBroadcastsAndScalarOperandsWork() {
        SplittableRandom r = new SplittableRandom(2);
        Tensor a = randomTensor(r, DType.F64, new int[] {3, 1, 4}, 0.5, 2);
        Tensor b = randomTensor(r, DType.F64, new int[] {2, 1}, -2, 2);
        Tensor got = a.pow(b);
        assertShape(got, new int[] {3, 2, 4}, "pow");
        for (int i = 0; i < got.size(); i++) {
            int[] idx = unravel(i, new int[] {3, 2, 4});
            double want = Math.pow(a.get(idx[0], 0, idx[2]), b.get(idx[1], 0));
            assertThat(got.getFlat(i)).isCloseTo(want, org.assertj.core.data.Percentage.withPercentage(1e-12));
        }
        // Python-number operands are 0-d tensors of the same dtype.
        Tensor x = Tensor.of(new double[] {1, 2, 3});
        assertValuesExact(x.add(1).mul(2).sub(0.5).div(4), new double[] {0.875, 1.375, 1.875}, "scalar chain");
        assertValuesExact(x.pow(2.0), new double[] {1, 4, 9}, "pow scalar");
        assertValuesExact(Tensor.scalar(2.0).mul(x), new double[] {2, 4, 6}, "0-d times 1-d");
        assertShape(Tensor.scalar(2.0).add(Tensor.scalar(3.0)), new int[0], "0-d + 0-d");
    }

    @Test
    void unaryOpsAndClampMatchMath() {
        SplittableRandom r = new SplittableRandom(3);
        Tensor x = randomTensor(r, DType.F64, new int[] {4, 5}, -3, 3);
        Tensor p = randomTensor(r, DType.F64, new int[] {4, 5}, 0.1, 3);
        double[] xs = x.toDoubleArray();
        double[] ps = p.toDoubleArray();
        check(x.neg(), xs, v -> -v, "neg");
        check(x.exp(), xs, Math::exp, "exp");
        check(p.log(), ps, Math::log, "log");
        check(p.log1p(), ps, Math::log1p, "log1p");
        check(p.sqrt(), ps, Math::sqrt, "sqrt");
        check(x.abs(), xs, Math::abs, "abs");
        check(x.square(), xs, v -> v * v, "square");
        check(p.reciprocal(), ps, v -> 1 / v, "reciprocal");
        check(x.sin(), xs, Math::sin, "sin");
        check(x.cos(), xs, Math::cos, "cos");
        check(x.tanh(), xs, Math::tanh, "tanh");
        check(x.sigmoid(), xs, v -> 1 / (1 + Math.exp(-v)), "sigmoid");
        check(x.relu(), xs, v -> v > 0 ? v : 0, "relu");
        check(x.leakyRelu(0.1), xs, v -> v > 0 ? v : 0.1 * v, "leakyRelu");
        check(x.softplus(), xs, v -> Math.log(1 + Math.exp(v)), "softplus");
        check(x.logSigmoid(), xs, v -> Math.log(1 / (1 + Math.exp(-v))), "logSigmoid");
        check(x.sign(), xs, Math::signum, "sign");
        check(x.clamp(-1, 0.5), xs, v -> Math.min(0.5, Math.max(-1, v)), "clamp");
        check(p.pow(1.5), ps, v -> Math.pow(v, 1.5), "pow 1.5");
        check(x.pow(1.0), xs, v -> v, "pow 1");
    }

    private static void check(Tensor got, double[] in, java.util.function.DoubleUnaryOperator f, String what) {
        double[] want = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            want[i] = f.applyAsDouble(in[i]);
        }
        assertValuesClose(got, want, 1e-13, what);
    }

    @Test
    void whereBroadcastsAllThreeOperands() {
        SplittableRandom r = new SplittableRandom(4);
        for (int trial = 0; trial < 60; trial++) {
            int[] out = randomDims(r, 4);
            int[] dm = broadcastableTo(r, out);
            int[] da = broadcastableTo(r, out);
            int[] db = broadcastableTo(r, out);
            int[] want = broadcastDims(broadcastDims(dm, da), db);
            for (DType dtype : DType.values()) {
                Tensor m = randomInts(r, dtype, dm).gt(0.0);
                Tensor a = randomTensor(r, dtype, da, -3, 3);
                Tensor b = randomTensor(r, dtype, db, -3, 3);
                Tensor got = Tensor.where(m, a, b);
                String what = "where " + Arrays.toString(dm) + " " + Arrays.toString(da) + " " + Arrays.toString(db);
                assertShape(got, want, what);
                double[] ref = new double[size(want)];
                for (int i = 0; i < ref.length; i++) {
                    int[] idx = unravel(i, want);
                    ref[i] = m.getFlat(broadcastSource(idx, dm)) != 0 ? a.getFlat(broadcastSource(idx, da))
                            : b.getFlat(broadcastSource(idx, db));
                }
                assertValuesExact(got, ref, what);
            }
        }
    }

    // ------------------------------------------------------------------ reductions

    @Test
    void reductionsOverEveryAxisSubsetWithAndWithoutKeepDim() {
        SplittableRandom r = new SplittableRandom(5);
        int checked = 0;
        for (int trial = 0; trial < 40; trial++) {
            int[] dims = randomDims(r, 4);
            Tensor x = randomTensor(r, DType.F64, dims, -4, 4);
            int rank = dims.length;
            for (int subset = 0; subset < (1 << rank); subset++) {
                final int mask = subset;
                int[] axes = java.util.stream.IntStream.range(0, rank).filter(i -> (mask >> i & 1) != 0).toArray();
                // Also pass them negative and reversed: the op must normalize and sort them.
                int[] given = new int[axes.length];
                for (int i = 0; i < axes.length; i++) {
                    int ax = axes[axes.length - 1 - i];
                    given[i] = r.nextBoolean() ? ax : ax - rank;
                }
                for (boolean keep : new boolean[] {false, true}) {
                    int[] keptDims = dims.clone();
                    for (int ax : axes) {
                        keptDims[ax] = 1;
                    }
                    int[] outDims = keep ? keptDims
                            : java.util.stream.IntStream.range(0, rank).filter(i -> (mask >> i & 1) == 0).map(i -> dims[i]).toArray();
                    int outSize = size(keptDims);
                    double[] sum = new double[outSize];
                    double[] max = new double[outSize];
                    double[] min = new double[outSize];
                    int[] count = new int[outSize];
                    Arrays.fill(max, Double.NEGATIVE_INFINITY);
                    Arrays.fill(min, Double.POSITIVE_INFINITY);
                    for (int i = 0; i < x.size(); i++) {
                        int[] idx = unravel(i, dims);
                        for (int ax : axes) {
                            idx[ax] = 0;
                        }
                        int o = ravel(idx, keptDims);
                        double v = x.getFlat(i);
                        sum[o] += v;
                        max[o] = Math.max(max[o], v);
                        min[o] = Math.min(min[o], v);
                        count[o]++;
                    }
                    double[] mean = new double[outSize];
                    double[] lse = new double[outSize];
                    double[] var = new double[outSize];
                    for (int o = 0; o < outSize; o++) {
                        mean[o] = sum[o] / count[o];
                    }
                    for (int i = 0; i < x.size(); i++) {
                        int[] idx = unravel(i, dims);
                        for (int ax : axes) {
                            idx[ax] = 0;
                        }
                        int o = ravel(idx, keptDims);
                        lse[o] += Math.exp(x.getFlat(i));
                        var[o] += (x.getFlat(i) - mean[o]) * (x.getFlat(i) - mean[o]);
                    }
                    for (int o = 0; o < outSize; o++) {
                        lse[o] = Math.log(lse[o]);
                        var[o] /= count[o];
                    }
                    String what = " over " + Arrays.toString(given) + " of " + Arrays.toString(dims) + " keep=" + keep;
                    Tensor s = x.sum(given, keep);
                    assertShape(s, outDims, "sum" + what);
                    assertValuesClose(s, sum, 1e-12, "sum" + what);
                    Tensor mn = x.mean(given, keep);
                    assertShape(mn, outDims, "mean" + what);
                    assertValuesClose(mn, mean, 1e-12, "mean" + what);
                    boolean emptyAxis = Arrays.stream(axes).anyMatch(a -> dims[a] == 0);
                    if (emptyAxis) {
                        assertThatThrownBy(() -> x.max(given, keep)).isInstanceOf(IllegalArgumentException.class)
                                .hasMessageContaining("max");
                    } else {
                        Tensor mx = x.max(given, keep);
                        assertShape(mx, outDims, "max" + what);
                        assertValuesExact(mx, max, "max" + what);
                        Tensor mi = x.min(given, keep);
                        assertShape(mi, outDims, "min" + what);
                        assertValuesExact(mi, min, "min" + what);
                        Tensor l = x.logSumExp(given, keep);
                        assertShape(l, outDims, "logSumExp" + what);
                        assertValuesClose(l, lse, 1e-12, "logSumExp" + what);
                        Tensor v = x.variance(given, keep, 0);
                        assertShape(v, outDims, "variance" + what);
                        assertValuesClose(v, var, 1e-12, "variance" + what);
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(200);
        // Full reductions give 0-d tensors.
        Tensor m = Tensor.of(new double[] {1, -2, 5, 0}, 2, 2);
        assertShape(m.sum(), new int[0], "sum()");
        assertThat(m.sum().item()).isEqualTo(4.0);
        assertThat(m.mean().item()).isEqualTo(1.0);
        assertThat(m.max().item()).isEqualTo(5.0);
        assertThat(m.min().item()).isEqualTo(-2.0);
        assertThat(Tensor.zeros(DType.F64, 0, 3).sum().item()).as("sum of nothing").isEqualTo(0.0);
        // Variance divides by max(0, n - correction), as PyTorch: never a negative variance.
        Tensor two = Tensor.of(new double[] {1, 3});
        assertThat(two.variance(null, false, 0).item()).isEqualTo(1.0);
        assertThat(two.variance(null, false, 1).item()).isEqualTo(2.0);
        assertThat(two.variance(null, false, 2).item()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(two.variance(null, false, 3).item()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void argmaxSoftmaxAndNormAlongAxes() {
        SplittableRandom r = new SplittableRandom(6);
        Tensor x = randomTensor(r, DType.F64, new int[] {3, 4, 5}, -2, 2);
        for (int axis = 0; axis < 3; axis++) {
            Indices am = x.argmax(axis, false);
            Tensor sm = x.softmax(axis);
            Tensor nm = x.norm(axis, false);
            int[] dims = x.shape().dims();
            final int ax = axis;
            int[] outDims = java.util.stream.IntStream.range(0, 3).filter(i -> i != ax).map(i -> dims[i]).toArray();
            assertThat(am.shape().dims()).containsExactly(outDims);
            for (int i = 0; i < x.size(); i++) {
                int[] idx = unravel(i, dims);
                double best = Double.NEGATIVE_INFINITY;
                int bestK = -1;
                double z = 0;
                double sq = 0;
                for (int k = 0; k < dims[axis]; k++) {
                    int[] j = idx.clone();
                    j[axis] = k;
                    double v = x.get(j);
                    if (v > best) {
                        best = v;
                        bestK = k;
                    }
                    z += Math.exp(v);
                    sq += v * v;
                }
                assertThat(sm.getFlat(i)).isCloseTo(Math.exp(x.getFlat(i)) / z, org.assertj.core.data.Offset.offset(1e-14));
                int[] o = new int[2];
                for (int d = 0, q = 0; d < 3; d++) {
                    if (d != axis) {
                        o[q++] = idx[d];
                    }
                }
                int of = ravel(o, outDims);
                assertThat(am.getFlat(of)).isEqualTo(bestK);
                assertThat(nm.getFlat(of)).isCloseTo(Math.sqrt(sq), org.assertj.core.data.Offset.offset(1e-13));
            }
        }
        // argmax with keepDim feeds gather: picking the maxima back out equals max(axis, keepDim).
        for (int axis = 0; axis < 3; axis++) {
            assertValuesExact(x.gather(axis, x.argmax(axis, true)), x.max(axis, true).toDoubleArray(), "gather(argmax)");
            assertThat(x.gather(axis, x.argmax(axis, true)).shape()).isEqualTo(x.max(axis, true).shape());
        }
        assertThat(Tensor.of(new double[] {1, 3, 3, 2}).argmax().getFlat(0)).as("first maximum wins").isEqualTo(1);
        assertThat(Tensor.of(new double[] {1, Double.NaN, 3}).argmax().getFlat(0)).as("NaN wins").isEqualTo(1);
    }

    /** The stable formulas stay finite and exact where the naive ones overflow. */
    @Test
    void numericallyStableFormulasAtExtremeInputs() {
        for (DType dtype : DType.values()) {
            Tensor big = Tensor.of(new double[] {1000, 1000}).to(dtype);
            assertThat(big.logSumExp().item()).as(dtype + " logSumExp").isCloseTo(1000 + Math.log(2), org.assertj.core.data.Offset.offset(1e-3));
            assertValuesExact(Tensor.of(new double[] {1000, 0}).to(dtype).softmax(0), new double[] {1, 0}, dtype + " softmax");
            assertValuesExact(Tensor.of(new double[] {-1000, 1000}).to(dtype).logSigmoid(), new double[] {-1000, 0}, dtype + " logSigmoid");
            assertValuesExact(Tensor.of(new double[] {-1000, 1000}).to(dtype).softplus(), new double[] {0, 1000}, dtype + " softplus");
            assertValuesExact(Tensor.of(new double[] {-1000, 1000}).to(dtype).sigmoid(), new double[] {0, 1}, dtype + " sigmoid");
            assertValuesExact(Tensor.of(new double[] {-1000, 1000}).to(dtype).tanh(), new double[] {-1, 1}, dtype + " tanh");
            // An all -inf row: logSumExp is -inf (no NaN from -inf - -inf); a +inf entry gives +inf.
            double ninf = Double.NEGATIVE_INFINITY;
            assertThat(Tensor.of(new double[] {ninf, ninf}).to(dtype).logSumExp().item()).isEqualTo(ninf);
            assertThat(Tensor.of(new double[] {Double.POSITIVE_INFINITY, 1}).to(dtype).logSumExp().item())
                    .isEqualTo(Double.POSITIVE_INFINITY);
            assertValuesExact(Tensor.of(new double[] {ninf, 0}).to(dtype).softmax(0), new double[] {0, 1}, dtype + " softmax -inf");
        }
    }

    /**
     * Over an empty axis, logSumExp is log 0 = -inf (as NumPy's and PyTorch's logsumexp), softmax
     * and logSoftmax are empty, and the gradient reaching the empty input is empty.
     */
    @Test
    void logSumExpOverAnEmptyAxisIsMinusInfinity() {
        for (DType dtype : DType.values()) {
            Tensor x = Tensor.zeros(dtype, 3, 0).requiresGrad(true);
            Tensor l = x.logSumExp(1, false);
            assertShape(l, new int[] {3}, dtype + " logSumExp over the empty axis");
            assertThat(l.toDoubleArray()).containsOnly(Double.NEGATIVE_INFINITY);
            assertShape(x.logSumExp(1, true), new int[] {3, 1}, dtype + " logSumExp keeping the axis");
            assertThat(x.logSumExp().item()).isEqualTo(Double.NEGATIVE_INFINITY);
            assertShape(x.logSumExp(0, false), new int[] {0}, dtype + " logSumExp over the full axis of an empty tensor");
            assertShape(x.softmax(1), new int[] {3, 0}, dtype + " softmax");
            assertShape(x.logSoftmax(1), new int[] {3, 0}, dtype + " logSoftmax");
            Tensor y = Tensor.ones(dtype, 3).requiresGrad(true);
            l.add(y).sum().backward();
            assertShape(x.grad(), new int[] {3, 0}, dtype + " gradient of the empty input");
            assertThat(y.grad().toDoubleArray()).containsOnly(1.0);
        }
    }

    /**
     * NaN semantics at op level: arithmetic, maximum/minimum, clamp and max/min reductions
     * propagate NaN (PyTorch does the same); relu maps NaN to 0 (PyTorch keeps NaN); comparisons
     * with NaN are false, ne is true; argmax picks the NaN.
     */
    @Test
    void nanPropagationAtOpLevel() {
        double nan = Double.NaN;
        Tensor x = Tensor.of(new double[] {1, nan, -2});
        assertValuesExact(x.add(1), new double[] {2, nan, -1}, "add");
        assertValuesExact(x.maximum(Tensor.scalar(0.0)), new double[] {1, nan, 0}, "maximum");
        assertValuesExact(x.minimum(Tensor.scalar(0.0)), new double[] {0, nan, -2}, "minimum");
        assertValuesExact(x.clamp(-1, 0.5), new double[] {0.5, nan, -1}, "clamp");
        assertThat(x.max().item()).isNaN();
        assertThat(x.min().item()).isNaN();
        assertThat(x.sum().item()).isNaN();
        assertThat(Tensor.arange(0, 40, 1, DType.F32).reshape(2, 20).maximum(Tensor.scalar(nan, DType.F32)).max(1, false)
                .toDoubleArray()).containsOnly(Double.NaN);
        assertValuesExact(x.relu(), new double[] {1, nan, 0}, "relu");
        assertValuesExact(x.gt(0.0), new double[] {1, 0, 0}, "gt");
        assertValuesExact(x.eq(x), new double[] {1, 0, 1}, "eq");
        assertValuesExact(x.ne(x), new double[] {0, 1, 0}, "ne");
        assertThat(x.argmax().getFlat(0)).isEqualTo(1);
    }

    // ------------------------------------------------------------------ movement ops

    static Tensor arangeTensor(DType dtype, int... dims) {
        return Tensor.arange(0, size(dims), 1, dtype).reshape(dims);
    }

    @Test
    void permuteAndTransposeMoveEveryElement() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 60; trial++) {
            int[] dims = randomDims(r, 5);
            int rank = dims.length;
            int[] perm = java.util.stream.IntStream.range(0, rank).toArray();
            for (int i = rank - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            Tensor x = arangeTensor(DType.F64, dims);
            Tensor y = x.permute(perm);
            int[] outDims = new int[rank];
            for (int i = 0; i < rank; i++) {
                outDims[i] = dims[perm[i]];
            }
            assertShape(y, outDims, "permute " + Arrays.toString(perm));
            for (int i = 0; i < y.size(); i++) {
                int[] oi = unravel(i, outDims);
                int[] src = new int[rank];
                for (int d = 0; d < rank; d++) {
                    src[perm[d]] = oi[d];
                }
                assertThat(y.getFlat(i)).as("permute " + Arrays.toString(perm) + " of " + Arrays.toString(dims))
                        .isEqualTo(ravel(src, dims));
            }
            if (rank >= 2) {
                int a = r.nextInt(rank);
                int b = r.nextInt(rank);
                Tensor t = x.transpose(a, b - rank);
                int[] p = java.util.stream.IntStream.range(0, rank).toArray();
                p[a] = b;
                p[b] = a;
                assertValuesExact(t, x.permute(p).toDoubleArray(), "transpose " + a + "," + b);
            }
        }
        Tensor m = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertValuesExact(m.mT(), new double[] {1, 4, 2, 5, 3, 6}, "mT");
        assertShape(m.mT(), new int[] {3, 2}, "mT");
        Tensor f32 = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).transpose(0, 1);
        assertThat(f32.dtype()).isEqualTo(DType.F32);
        assertValuesExact(f32, new double[] {1, 4, 2, 5, 3, 6}, "f32 transpose");
    }

    @Test
    void expandRepeatsAlongBroadcastDims() {
        SplittableRandom r = new SplittableRandom(8);
        for (int trial = 0; trial < 80; trial++) {
            int[] out = randomDims(r, 4);
            int[] in = broadcastableTo(r, out);
            for (DType dtype : DType.values()) {
                Tensor x = arangeTensor(dtype, in).add(1);
                Tensor y = x.expand(out);
                assertShape(y, out, "expand " + Arrays.toString(in) + " to " + Arrays.toString(out));
                double[] ref = new double[size(out)];
                for (int i = 0; i < ref.length; i++) {
                    ref[i] = x.getFlat(broadcastSource(unravel(i, out), in));
                }
                assertValuesExact(y, ref, "expand " + Arrays.toString(in) + " to " + Arrays.toString(out));
            }
        }
    }

    /** Python's slice semantics: negative bounds count from the end, out-of-range bounds clamp. */
    static int[] pythonSlice(int len, int start, int end, int step) {
        int s = start < 0 ? Math.max(0, start + len) : Math.min(start, len);
        int e = end < 0 ? Math.max(0, end + len) : Math.min(end, len);
        List<Integer> out = new ArrayList<>();
        for (int i = s; i < e; i += step) {
            out.add(i);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void sliceWithStepsAndNegativeBoundsFollowsPython() {
        SplittableRandom r = new SplittableRandom(9);
        for (int trial = 0; trial < 200; trial++) {
            int[] dims = randomDims(r, 4);
            if (dims.length == 0) {
                continue;
            }
            int axis = r.nextInt(dims.length);
            int len = dims[axis];
            int start = r.nextInt(-len - 3, len + 4);
            int end = r.nextInt(-len - 3, len + 4);
            int step = r.nextInt(1, 4);
            Tensor x = arangeTensor(DType.F32, dims);
            int givenAxis = r.nextBoolean() ? axis : axis - dims.length;
            Tensor y = x.slice(givenAxis, start, end, step);
            int[] picks = pythonSlice(len, start, end, step);
            int[] outDims = dims.clone();
            outDims[axis] = picks.length;
            String what = "slice axis " + givenAxis + " [" + start + ":" + end + ":" + step + "] of " + Arrays.toString(dims);
            assertShape(y, outDims, what);
            double[] ref = new double[size(outDims)];
            for (int i = 0; i < ref.length; i++) {
                int[] idx = unravel(i, outDims);
                idx[axis] = picks[idx[axis]];
                ref[i] = ravel(idx, dims);
            }
            assertValuesExact(y, ref, what);
        }
        Tensor v = Tensor.arange(0, 10, 1, DType.F64);
        assertValuesExact(v.slice(0, -3, 10), new double[] {7, 8, 9}, "v[-3:]");
        assertValuesExact(v.slice(0, 1, -1, 3), new double[] {1, 4, 7}, "v[1:-1:3]");
        assertValuesExact(v.slice(0, 8, 2), new double[0], "v[8:2]");
        assertValuesExact(v.slice(0, -100, 100, 4), new double[] {0, 4, 8}, "v[-100:100:4]");
        // A step larger than the axis takes only the start (and must not overflow the count).
        assertValuesExact(v.slice(0, 2, 10, Integer.MAX_VALUE), new double[] {2}, "v[2:10:MAX]");
        assertValuesExact(v.slice(0, 0, Integer.MAX_VALUE, 1_000_000_000), new double[] {0}, "v[0:MAX:1e9]");
    }

    @Test
    void concatAndStackAlongEveryAxis() {
        SplittableRandom r = new SplittableRandom(10);
        for (int trial = 0; trial < 60; trial++) {
            int[] dims = randomDims(r, 4);
            if (dims.length == 0) {
                dims = new int[] {2};
            }
            int axis = r.nextInt(dims.length);
            int parts = r.nextInt(1, 4);
            List<Tensor> ts = new ArrayList<>();
            List<int[]> partDims = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                int[] d = dims.clone();
                d[axis] = r.nextInt(0, 4);
                partDims.add(d);
                ts.add(randomTensor(r, DType.F64, d, -1, 1));
            }
            Tensor c = Tensor.concat(axis - (r.nextBoolean() ? dims.length : 0), ts);
            int[] outDims = dims.clone();
            outDims[axis] = partDims.stream().mapToInt(d -> d[axis]).sum();
            String what = "concat axis " + axis + " of " + partDims.stream().map(Arrays::toString).toList();
            assertShape(c, outDims, what);
            double[] ref = new double[size(outDims)];
            for (int i = 0; i < ref.length; i++) {
                int[] idx = unravel(i, outDims);
                int k = idx[axis];
                int p = 0;
                while (k >= partDims.get(p)[axis]) {
                    k -= partDims.get(p)[axis];
                    p++;
                }
                idx[axis] = k;
                ref[i] = ts.get(p).getFlat(ravel(idx, partDims.get(p)));
            }
            assertValuesExact(c, ref, what);

            // stack: equal shapes, new axis anywhere in [0, rank]
            int sAxis = r.nextInt(dims.length + 1);
            List<Tensor> same = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                same.add(randomTensor(r, DType.F32, dims, -1, 1));
            }
            Tensor s = Tensor.stack(r.nextBoolean() ? sAxis : sAxis - dims.length - 1, same);
            int[] sDims = new int[dims.length + 1];
            for (int i = 0, j = 0; i < sDims.length; i++) {
                sDims[i] = i == sAxis ? parts : dims[j++];
            }
            assertShape(s, sDims, "stack axis " + sAxis + " of " + parts + "x" + Arrays.toString(dims));
            for (int i = 0; i < s.size(); i++) {
                int[] idx = unravel(i, sDims);
                int[] src = new int[dims.length];
                for (int d = 0, j = 0; d < sDims.length; d++) {
                    if (d != sAxis) {
                        src[j++] = idx[d];
                    }
                }
                assertThat(s.getFlat(i)).isEqualTo(same.get(idx[sAxis]).getFlat(ravel(src, dims)));
            }
        }
        Tensor st = Tensor.stack(0, Tensor.scalar(1.0), Tensor.scalar(2.0));
        assertShape(st, new int[] {2}, "stack of 0-d");
        assertValuesExact(st, new double[] {1, 2}, "stack of 0-d");
    }

    /** reshape(d0, d1) and reshape(d0, d1, d2), which take no argument array, are the general reshape. */
    @Test
    void fixedArityReshapesAreTheGeneralOne() {
        Tensor x = Tensor.randn(new Rng(2), DType.F64, 0, 1, 2, 3, 4);
        assertThat(x.reshape(6, 4).shape()).isSameAs(x.reshape(new int[] {6, 4}).shape()); // both from the shape cache
        assertThat(x.reshape(4, 3, 2).shape()).isSameAs(x.reshape(new int[] {4, 3, 2}).shape());
        assertThat(x.reshape(6, 4).toDoubleArray()).containsExactly(x.toDoubleArray());
        assertThat(x.reshape(-1, 4).shape().dims()).containsExactly(6, 4);
        assertThat(x.reshape(4, -1, 2).shape().dims()).containsExactly(4, 3, 2);
        assertThatThrownBy(() -> x.reshape(5, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reshape: cannot reshape [2, 3, 4] (24 elements) to [5, 5] (25 elements)");
        assertThatThrownBy(() -> x.reshape(2, 2, 7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reshape: cannot reshape [2, 3, 4] (24 elements) to [2, 2, 7] (28 elements)");
        assertThatThrownBy(() -> x.reshape(2, -3, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension 1 is -3");
        Tensor y = x.copy().requiresGrad(true);
        y.reshape(4, 3, 2).mul(2).sum().backward();
        assertShape(y.grad(), new int[] {2, 3, 4}, "gradient through reshape(d0, d1, d2)");
        assertThat(y.grad().toDoubleArray()).containsOnly(2.0);
    }

    @Test
    void squeezeUnsqueezeAndReshape() {
        Tensor x = arangeTensor(DType.F64, 1, 3, 1, 2);
        assertShape(x.squeeze(), new int[] {3, 2}, "squeeze()");
        assertShape(x.squeeze(0), new int[] {3, 1, 2}, "squeeze(0)");
        assertShape(x.squeeze(-2), new int[] {1, 3, 2}, "squeeze(-2)");
        assertShape(x.unsqueeze(0), new int[] {1, 1, 3, 1, 2}, "unsqueeze(0)");
        assertShape(x.unsqueeze(4), new int[] {1, 3, 1, 2, 1}, "unsqueeze(4)");
        assertShape(x.unsqueeze(-1), new int[] {1, 3, 1, 2, 1}, "unsqueeze(-1)");
        assertShape(x.unsqueeze(-5), new int[] {1, 1, 3, 1, 2}, "unsqueeze(-5)");
        assertShape(Tensor.scalar(3.0).unsqueeze(0), new int[] {1}, "unsqueeze 0-d");
        assertShape(Tensor.ones(1, 1).squeeze(), new int[0], "squeeze to 0-d");
        assertValuesExact(x.squeeze(), x.toDoubleArray(), "squeeze keeps order");
        assertShape(x.reshape(2, -1), new int[] {2, 3}, "reshape -1");
        assertShape(x.reshape(-1), new int[] {6}, "reshape flat");
        assertShape(x.flatten(), new int[] {6}, "flatten");
        assertShape(Tensor.zeros(0, 4).reshape(2, 0, 5), new int[] {2, 0, 5}, "reshape empty");
        assertValuesExact(x.reshape(6, 1), x.toDoubleArray(), "reshape keeps order");
    }

    @Test
    void indexSelectAndGatherMatchNaiveIndexing() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 60; trial++) {
            int[] dims = randomDims(r, 4);
            if (dims.length == 0) {
                continue;
            }
            int axis = r.nextInt(dims.length);
            Tensor x = arangeTensor(r.nextBoolean() ? DType.F32 : DType.F64, dims);
            int len = dims[axis];
            int count = len == 0 ? 0 : r.nextInt(0, 6);
            int[] picks = new int[count];
            for (int i = 0; i < count; i++) {
                picks[i] = r.nextInt(len); // repeats allowed
            }
            Tensor y = x.indexSelect(axis, picks);
            int[] outDims = dims.clone();
            outDims[axis] = count;
            String what = "indexSelect axis " + axis + " " + Arrays.toString(picks) + " of " + Arrays.toString(dims);
            assertShape(y, outDims, what);
            double[] ref = new double[size(outDims)];
            for (int i = 0; i < ref.length; i++) {
                int[] idx = unravel(i, outDims);
                idx[axis] = picks[idx[axis]];
                ref[i] = ravel(idx, dims);
            }
            assertValuesExact(y, ref, what);

            // gather: index of the same rank, other dims no larger than the input's
            if (len == 0) {
                continue;
            }
            int[] iDims = new int[dims.length];
            for (int d = 0; d < dims.length; d++) {
                iDims[d] = d == axis ? r.nextInt(0, 5) : r.nextInt(0, dims[d] + 1);
            }
            int[] iv = new int[size(iDims)];
            for (int i = 0; i < iv.length; i++) {
                iv[i] = r.nextInt(len);
            }
            Indices index = Indices.of(iv, iDims.length == 0 ? new int[0] : iDims);
            Tensor g = x.gather(axis - (r.nextBoolean() ? dims.length : 0), index);
            String gw = "gather axis " + axis + " index " + Arrays.toString(iDims) + " of " + Arrays.toString(dims);
            assertShape(g, iDims, gw);
            double[] gref = new double[iv.length];
            for (int i = 0; i < iv.length; i++) {
                int[] idx = unravel(i, iDims);
                idx[axis] = iv[i];
                gref[i] = ravel(idx, dims);
            }
            assertValuesExact(g, gref, gw);
        }
    }

    // ------------------------------------------------------------------ matmul

    /** {@code [..., m, k] @ [..., k, n]} by the triple loop, batch dims broadcast, 1-d promoted. */
    static double[] naiveMatmul(Tensor a, Tensor b, int[] outDimsHolder[]) {
        int[] ad = a.shape().dims();
        int[] bd = b.shape().dims();
        boolean aVec = ad.length == 1;
        boolean bVec = bd.length == 1;
        if (aVec) {
            ad = new int[] {1, ad[0]};
        }
        if (bVec) {
            bd = new int[] {bd[0], 1};
        }
        int m = ad[ad.length - 2];
        int k = ad[ad.length - 1];
        int n = bd[bd.length - 1];
        int[] batchA = Arrays.copyOf(ad, ad.length - 2);
        int[] batchB = Arrays.copyOf(bd, bd.length - 2);
        int[] batch = broadcastDims(batchA, batchB);
        int nb = size(batch);
        double[] out = new double[nb * m * n];
        for (int t = 0; t < nb; t++) {
            int[] bi = unravel(t, batch);
            int ia = broadcastSource(bi, batchA);
            int ib = broadcastSource(bi, batchB);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += a.getFlat(ia * m * k + i * k + p) * b.getFlat(ib * k * n + p * n + j);
                    }
                    out[t * m * n + i * n + j] = s;
                }
            }
        }
        List<Integer> dims = new ArrayList<>();
        for (int d : batch) {
            dims.add(d);
        }
        if (!aVec) {
            dims.add(m);
        }
        if (!bVec) {
            dims.add(n);
        }
        outDimsHolder[0] = dims.stream().mapToInt(Integer::intValue).toArray();
        return out;
    }

    @Test
    void matmulMatchesNaiveTripleLoopIncludingVectorsAndBroadcastBatches() {
        SplittableRandom r = new SplittableRandom(12);
        int[][][] cases = {
                {{5}, {5}}, {{3}, {3, 4}}, {{3, 4}, {4}}, {{2, 3}, {3, 4}}, {{1, 1}, {1, 1}}, {{0, 3}, {3, 2}},
                {{2, 0}, {0, 3}}, {{4, 3}, {3, 0}}, {{2, 3, 4}, {4, 5}}, {{4, 5}, {2, 5, 3}}, {{2, 1, 3, 4}, {5, 4, 2}},
                {{3}, {2, 3, 4}}, {{2, 3, 4}, {4}}, {{1, 3, 2}, {4, 2, 3}}, {{2, 2, 17, 33}, {2, 1, 33, 9}},
                {{0, 2, 3}, {3, 4}}, {{6, 16}, {16, 16}}};
        for (int[][] c : cases) {
            for (DType dtype : DType.values()) {
                Tensor a = randomTensor(r, dtype, c[0], -1, 1);
                Tensor b = randomTensor(r, dtype, c[1], -1, 1);
                int[][] holder = new int[1][];
                double[] ref = naiveMatmul(a, b, holder);
                Tensor got = a.matmul(b);
                String what = "matmul " + dtype + " " + Arrays.toString(c[0]) + " @ " + Arrays.toString(c[1]);
                assertShape(got, holder[0], what);
                int k = c[0][c[0].length - 1];
                // float32 gemm may accumulate in float: k roundings of terms bounded by 1 in magnitude.
                assertValuesClose(got, ref, dtype == DType.F64 ? 1e-13 : (k + 2) * 0x1p-23, what);
            }
        }
        for (int trial = 0; trial < 40; trial++) {
            int m = r.nextInt(1, 7);
            int k = r.nextInt(0, 7);
            int n = r.nextInt(1, 7);
            int[] batch = randomDims(r, 2);
            int[] ba = broadcastableTo(r, batch);
            int[] bb = broadcastableTo(r, batch);
            int[] da = Arrays.copyOf(ba, ba.length + 2);
            da[ba.length] = m;
            da[ba.length + 1] = k;
            int[] db = Arrays.copyOf(bb, bb.length + 2);
            db[bb.length] = k;
            db[bb.length + 1] = n;
            Tensor a = randomTensor(r, DType.F64, da, -1, 1);
            Tensor b = randomTensor(r, DType.F64, db, -1, 1);
            int[][] holder = new int[1][];
            double[] ref = naiveMatmul(a, b, holder);
            Tensor got = a.matmul(b);
            String what = "matmul " + Arrays.toString(da) + " @ " + Arrays.toString(db);
            assertShape(got, holder[0], what);
            assertValuesClose(got, ref, 1e-13, what);
        }
    }

    // ------------------------------------------------------------------ creation

    @Test
    void creationFunctions() {
        assertValuesExact(Tensor.arange(0, 5, 1, DType.F64), new double[] {0, 1, 2, 3, 4}, "arange");
        assertValuesExact(Tensor.arange(5, 0, -2, DType.F64), new double[] {5, 3, 1}, "arange negative step");
        assertValuesExact(Tensor.arange(0, 1, 0.25, DType.F32), new double[] {0, 0.25, 0.5, 0.75}, "arange fraction");
        assertValuesExact(Tensor.arange(3, 3, 1, DType.F64), new double[0], "arange empty");
        assertValuesExact(Tensor.arange(3, 0, 1, DType.F64), new double[0], "arange wrong direction");
        assertValuesExact(Tensor.linspace(0, 1, 5, DType.F64), new double[] {0, 0.25, 0.5, 0.75, 1}, "linspace");
        assertValuesExact(Tensor.linspace(2, 5, 2, DType.F64), new double[] {2, 5}, "linspace 2");
        // NumPy and PyTorch: linspace(start, stop, 1) == [start].
        assertValuesExact(Tensor.linspace(2, 5, 1, DType.F64), new double[] {2}, "linspace 1");
        assertValuesExact(Tensor.linspace(2, 5, 0, DType.F64), new double[0], "linspace 0");
        assertValuesExact(Tensor.full(DType.F32, 2.5, 2, 2), new double[] {2.5, 2.5, 2.5, 2.5}, "full");
        assertShape(Tensor.zeros(2, 0, 3), new int[] {2, 0, 3}, "zeros with a 0 dim");
        assertValuesExact(Tensor.of(new double[][] {{1, 2}, {3, 4}}), new double[] {1, 2, 3, 4}, "of rows");
        assertShape(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2), new int[] {3, 2}, "of with shape");
        assertShape(Tensor.of(new double[] {1, 2, 3}), new int[] {3}, "of infers 1-d");
        assertThat(Tensor.of(new double[] {1, 2}).to(DType.F32).dtype()).isEqualTo(DType.F32);
    }
}
