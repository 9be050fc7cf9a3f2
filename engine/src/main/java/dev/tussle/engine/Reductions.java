package dev.tussle.engine;

import dev.tussle.engine.kernel.EnginePool;
import dev.tussle.engine.kernel.KernelProvider;
import dev.tussle.engine.kernel.Kernels;
import dev.tussle.engine.kernel.ReduceOp;

import java.util.Arrays;

/**
 * Reductions over all axes or a list of axes, with or without kept dimensions. {@code sum},
 * {@code max}, {@code min} and {@code norm} are primitives with backward rules; mean, logsumexp,
 * variance, softmax and log-softmax are compositions of differentiable ops and need no rule.
 */
final class Reductions {
    private static final Kernels K = KernelProvider.get();

    private Reductions() {
    }

    /** {@code {0, 1, .., r - 1}} by rank r: shared, never written. */
    private static final int[][] ALL_AXES = {{}, {0}, {0, 1}, {0, 1, 2}, {0, 1, 2, 3}};
    /** {@code {a}} by axis a: shared, never written. */
    private static final int[][] ONE_AXIS = {{0}, {1}, {2}, {3}};

    /**
     * Normalized, sorted, distinct axes; all axes when {@code axes} is null. The result may be a
     * shared array (the common cases allocate nothing): callers only read it.
     */
    static int[] axes(String op, Shape shape, int[] axes) {
        if (axes == null) {
            if (shape.rank() < ALL_AXES.length) {
                return ALL_AXES[shape.rank()];
            }
            int[] all = new int[shape.rank()];
            Arrays.setAll(all, i -> i);
            return all;
        }
        if (axes.length == 1) {
            return axis(op, shape, axes[0]);
        }
        int[] norm = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            norm[i] = shape.axis(axes[i], op);
        }
        Arrays.sort(norm);
        for (int i = 1; i < norm.length; i++) {
            if (norm[i] == norm[i - 1]) {
                throw new IllegalArgumentException(op + ": axis " + norm[i] + " is listed twice in "
                        + Arrays.toString(axes) + " for shape " + shape);
            }
        }
        return norm;
    }

    /** The one normalized axis {@code axis} as an axis list (possibly shared: read only). */
    static int[] axis(String op, Shape shape, int axis) {
        return oneAxis(shape.axis(axis, op));
    }

    /** {@code {a}} for a valid axis {@code a}, shared for the first ranks (callers must not write it). */
    static int[] oneAxis(int a) {
        return a < ONE_AXIS.length ? ONE_AXIS[a] : new int[] {a};
    }

    /** The shape with {@code axes} set to 1 (keepdim). */
    static Shape keptShape(Shape shape, int[] axes) {
        Shape kept = shape;
        for (int a : axes) {
            kept = kept.with(a, 1);
        }
        return kept;
    }

    /** The shape with {@code axes} removed. */
    static Shape droppedShape(Shape shape, int[] axes) {
        if (axes.length == 1) {
            return shape.without(axes[0]);
        }
        if (axes.length == shape.rank()) {
            return Shape.scalar();
        }
        int[] out = new int[shape.rank() - axes.length];
        int j = 0;
        for (int i = 0; i < shape.rank(); i++) {
            if (Arrays.binarySearch(axes, i) < 0) {
                out[j++] = shape.dim(i);
            }
        }
        return Shape.owning(out);
    }

    /** The reduction over {@code axes} with kept dimensions, without recording. */
    static Tensor reduceKept(String op, ReduceOp r, Tensor x, int[] axes) {
        // Checked up front: axis by axis, an earlier reduction would already have shrunk the shape.
        for (int axis : axes) {
            if (x.shape.dim(axis) == 0 && r != ReduceOp.SUM) {
                throw new IllegalArgumentException(op + ": cannot reduce over axis " + axis + " of size 0 (shape "
                        + x.shape + "); the reduction has no identity");
            }
        }
        Tensor cur = x;
        for (int axis : axes) {
            cur = reduceAxis(op, r, cur, axis);
        }
        return cur == x ? x.copy() : cur;
    }

    private static Tensor reduceAxis(String op, ReduceOp r, Tensor x, int axis) {
        Shape d = x.shape;
        int len = d.dim(axis);
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= d.dim(i);
        }
        int trailing = 1;
        for (int i = axis + 1; i < d.rank(); i++) {
            trailing *= d.dim(i);
        }
        int inner = trailing;
        Tensor out = Tensor.allocate(x.dtype, x.shape.with(axis, 1));
        boolean f32 = x.dtype == DType.F32;
        for (int o = 0; o < outer; o++) {
            int src = o * len * inner;
            int dst = o * inner;
            if (inner == 1) {
                out.setFlat(dst, f32 ? K.reduce(r, x.f, src, len) : K.reduce(r, x.d, src, len));
                continue;
            }
            if (len == 0) {
                continue; // sum over an empty axis: zeros
            }
            // Columns split over the engine's threads: each column still combines its rows in order.
            int minColumns = EnginePool.minColumnsPerTask(len);
            if (EnginePool.splits(inner, minColumns)) {
                EnginePool.forRange(inner, 16, minColumns, (j0, j1) -> combineRows(r, x, src, out, dst, len, inner, j0, j1));
            } else {
                combineRows(r, x, src, out, dst, len, inner, 0, inner);
            }
        }
        return out;
    }

    /** Columns [j0, j1) of {@code out[dst..]} = the combination of {@code len} rows of {@code inner} from {@code x[src..]}, in row order. */
    private static void combineRows(ReduceOp r, Tensor x, int src, Tensor out, int dst, int len, int inner, int j0, int j1) {
        int w = j1 - j0;
        if (r == ReduceOp.SUM) {
            // The column-sum kernel keeps the partial sums in registers (the loop below loads and
            // stores them once per row: 6 % of a GAN step in bias gradients); same order of additions.
            if (x.dtype == DType.F32) {
                K.columnSum(len, w, x.f, src + j0, inner, out.f, dst + j0, false);
            } else {
                K.columnSum(len, w, x.d, src + j0, inner, out.d, dst + j0, false);
            }
            return;
        }
        if (x.dtype == DType.F32) {
            System.arraycopy(x.f, src + j0, out.f, dst + j0, w);
            for (int k = 1; k < len; k++) {
                K.zip(r.combine(), out.f, dst + j0, 1, x.f, src + k * inner + j0, 1, out.f, dst + j0, w);
            }
        } else {
            System.arraycopy(x.d, src + j0, out.d, dst + j0, w);
            for (int k = 1; k < len; k++) {
                K.zip(r.combine(), out.d, dst + j0, 1, x.d, src + k * inner + j0, 1, out.d, dst + j0, w);
            }
        }
    }

    private static Tensor finish(Tensor kept, Shape x, int[] axes, boolean keepDim) {
        return keepDim ? kept : kept.view(droppedShape(x, axes));
    }

    static Tensor sum(Tensor x, int[] axesOrNull, boolean keepDim) {
        return sumOver(x, axes("sum", x.shape, axesOrNull), keepDim);
    }

    /** {@link #sum} over normalized axes. */
    private static Tensor sumOver(Tensor x, int[] axes, boolean keepDim) {
        Tensor out = finish(reduceKept("sum", ReduceOp.SUM, x, axes), x.shape, axes, keepDim);
        SumRule rule = TensorArena.recycled(SumRule.class, SumRule::new);
        rule.kept = keepDim ? out.shape : keptShape(x.shape, axes);
        return Autodiff.record("sum", out, rule, x);
    }

    /**
     * The backward rule of {@link #sum}: the incoming gradient, reshaped to the sum's shape with
     * the reduced axes kept, broadcast back to the input's shape. An object a {@link TensorArena}
     * recycles (it remembers that shape).
     */
    private static final class SumRule implements BackwardRule {
        Shape kept;

        @Override
        public Tensor vjp(Node node, int input, Tensor g) {
            return ShapeOps.reshape(g, kept).broadcastTo(node.input(0).shape);
        }
    }

    static Tensor mean(Tensor x, int[] axesOrNull, boolean keepDim) {
        int[] axes = axes("mean", x.shape, axesOrNull);
        long count = 1;
        for (int a : axes) {
            count *= x.shape.dim(a);
        }
        return sumOver(x, axes, keepDim).div((double) count);
    }

    static Tensor max(Tensor x, int[] axes, boolean keepDim) {
        return extremum("max", ReduceOp.MAX, x, axes, keepDim);
    }

    static Tensor min(Tensor x, int[] axes, boolean keepDim) {
        return extremum("min", ReduceOp.MIN, x, axes, keepDim);
    }

    /** Ties share the gradient evenly. */
    private static Tensor extremum(String op, ReduceOp r, Tensor x, int[] axesOrNull, boolean keepDim) {
        int[] axes = axes(op, x.shape, axesOrNull);
        Tensor kept = reduceKept(op, r, x, axes);
        Tensor out = finish(kept, x.shape, axes, keepDim);
        return Autodiff.record(op, out, (node, i, g) -> {
            Tensor hit = Elementwise.compare(x, kept, dev.tussle.engine.kernel.BinaryOp.EQ);
            Tensor share = Elementwise.zip(op, dev.tussle.engine.kernel.BinaryOp.DIV, hit,
                    reduceKept(op, ReduceOp.SUM, hit, axes));
            return g.reshape(kept.shape.dims()).mul(share);
        }, x);
    }

    static Indices argmax(Tensor x, Integer axis, boolean keepDim) {
        if (axis == null) {
            if (x.size() == 0) {
                throw new IllegalArgumentException("argmax: tensor of shape " + x.shape + " is empty");
            }
            int best = 0;
            for (int i = 1; i < x.size(); i++) {
                if (beats(x.getFlat(i), x.getFlat(best))) {
                    best = i;
                }
            }
            return Indices.wrap(keepDim ? keptShape(x.shape, axes("argmax", x.shape, null)) : Shape.scalar(),
                    new int[] {best});
        }
        int a = x.shape.axis(axis, "argmax");
        int[] d = x.shape.dims();
        int len = d[a];
        if (len == 0) {
            throw new IllegalArgumentException("argmax: axis " + a + " has size 0 (shape " + x.shape + ")");
        }
        int inner = 1;
        for (int i = a + 1; i < d.length; i++) {
            inner *= d[i];
        }
        int outer = x.size() / (len * inner);
        int[] res = new int[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * len * inner + in;
                int best = 0;
                for (int k = 1; k < len; k++) {
                    if (beats(x.getFlat(base + k * inner), x.getFlat(base + best * inner))) {
                        best = k;
                    }
                }
                res[o * inner + in] = best;
            }
        }
        int[] ax = {a};
        return Indices.wrap(keepDim ? keptShape(x.shape, ax) : droppedShape(x.shape, ax), res);
    }

    /** NaN beats everything (as NumPy's argmax), otherwise the first maximum wins. */
    private static boolean beats(double candidate, double best) {
        return !Double.isNaN(best) && (candidate > best || Double.isNaN(candidate));
    }

    /** log Σ exp(x), shifted by the (constant) maximum so that it never overflows. */
    static Tensor logSumExp(Tensor x, int[] axesOrNull, boolean keepDim) {
        return logSumExp("logSumExp", x, axesOrNull, keepDim);
    }

    /** {@link #logSumExp(Tensor, int[], boolean)} for {@code op}, which its errors name. */
    private static Tensor logSumExp(String op, Tensor x, int[] axesOrNull, boolean keepDim) {
        int[] axes = axes(op, x.shape, axesOrNull);
        for (int axis : axes) {
            if (x.shape.dim(axis) == 0) {
                // log of an empty sum is log 0 = -inf (NumPy's and PyTorch's logsumexp); there is
                // no maximum to shift by, and the gradient with respect to no elements is empty.
                Shape shape = keepDim ? keptShape(x.shape, axes) : droppedShape(x.shape, axes);
                return Autodiff.record(op, Tensor.filled(x.dtype, Double.NEGATIVE_INFINITY, shape),
                        (node, i, g) -> Tensor.zeros(node.input(0).dtype(), node.input(0).shape()), x);
            }
        }
        Tensor m = reduceKept(op, ReduceOp.MAX, x, axes);
        for (int i = 0; i < m.size(); i++) {
            if (Double.isInfinite(m.getFlat(i))) {
                m.setFlat(i, 0); // all -inf (or +inf) along the axis: no shift keeps the result exact
            }
        }
        Tensor out = x.sub(m).exp().sum(axes, true).log().add(m);
        return keepDim ? out : ShapeOps.reshape(out, droppedShape(x.shape, axes));
    }

    static Tensor softmax(Tensor x, int axis) {
        return x.sub(logSumExp("softmax", x, axis("softmax", x.shape, axis), true)).exp();
    }

    static Tensor logSoftmax(Tensor x, int axis) {
        return x.sub(logSumExp("logSoftmax", x, axis("logSoftmax", x.shape, axis), true));
    }

    static Tensor variance(Tensor x, int[] axesOrNull, boolean keepDim, int correction) {
        int[] axes = axes("variance", x.shape, axesOrNull);
        long count = 1;
        for (int a : axes) {
            count *= x.shape.dim(a);
        }
        if (correction < 0) {
            throw new IllegalArgumentException("variance: correction must be >= 0, got " + correction);
        }
        Tensor centered = x.sub(x.mean(axes, true));
        // max(0, ·) as PyTorch: correction >= count gives inf (or NaN), never a negative variance.
        return centered.square().sum(axes, keepDim).div((double) Math.max(0, count - correction));
    }

    /** Euclidean norm along one axis; its gradient at a zero vector is 0 (PyTorch's choice). */
    static Tensor norm(Tensor x, int axis, boolean keepDim) {
        int a = x.shape.axis(axis, "norm");
        int[] ax = {a};
        Tensor kept = Elementwise.map(dev.tussle.engine.kernel.UnaryOp.SQRT, 0,
                reduceKept("norm", ReduceOp.SUM, Elementwise.map(dev.tussle.engine.kernel.UnaryOp.SQUARE, 0, x), ax));
        Tensor out = finish(kept, x.shape, ax, keepDim);
        return Autodiff.record("norm", out, (node, i, g) -> {
            // Recompute the norm as a graph node so that second derivatives see its dependence on x.
            Tensor n = x.square().sum(ax, true).sqrt();
            Tensor zero = x.constant(0);
            Tensor isZero = Elementwise.compare(n, zero, dev.tussle.engine.kernel.BinaryOp.EQ);
            Tensor safe = Tensor.where(isZero, x.constant(1), n);
            return Tensor.where(isZero, zero, g.reshape(kept.shape.dims()).div(safe)).mul(x);
        }, x);
    }
}
