package dev.tussle.engine;

import java.util.Arrays;
import java.util.List;

/**
 * Movement ops: they rearrange elements without arithmetic. Pairs of ops are each other's
 * backward, as in tinygrad: slice / sliceScatter, indexSelect / indexAdd, gather / scatterAdd,
 * permute / inverse permute; expand's backward is the engine's reduce-to-shape sum.
 */
final class ShapeOps {
    private ShapeOps() {
    }

    static Tensor reshape(Tensor x, int... dims) {
        int[] d = dims;
        int infer = -1;
        long known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: only one dimension can be -1, got "
                            + Arrays.toString(dims) + " for shape " + x.shape);
                }
                infer = i;
            } else if (d[i] < 0) {
                throw new IllegalArgumentException("reshape: dimension " + i + " is " + d[i] + " in "
                        + Arrays.toString(dims) + "; sizes must be >= 0 (or -1 to infer)");
            } else {
                known *= d[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.size() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot infer -1 in " + Arrays.toString(dims)
                        + " for shape " + x.shape + " (" + x.size() + " elements)");
            }
            d = dims.clone();
            d[infer] = (int) (x.size() / known);
            known *= d[infer];
        }
        if (known != x.size()) {
            throw new IllegalArgumentException("reshape: cannot reshape " + x.shape + " (" + x.size()
                    + " elements) to " + Arrays.toString(dims) + " (" + known + " elements)");
        }
        return reshape(x, d == dims ? Shape.of(d) : Shape.owning(d));
    }

    /** {@link #reshape(Tensor, int...)} to {@code [d0, d1]}: known sizes go through the shape cache, no array. */
    static Tensor reshape(Tensor x, int d0, int d1) {
        if (d0 < 0 || d1 < 0 || (long) d0 * d1 != x.size()) {
            return reshape(x, new int[] {d0, d1}); // -1 to infer, or the error naming the sizes
        }
        return reshape(x, Shape.of(d0, d1));
    }

    /** {@link #reshape(Tensor, int...)} to {@code [d0, d1, d2]}: known sizes go through the shape cache, no array. */
    static Tensor reshape(Tensor x, int d0, int d1, int d2) {
        if (d0 < 0 || d1 < 0 || d2 < 0 || (long) d0 * d1 * d2 != x.size()) {
            return reshape(x, new int[] {d0, d1, d2});
        }
        return reshape(x, Shape.of(d0, d1, d2));
    }

    /** {@code x} as {@code target}, a shape of the same size. */
    static Tensor reshape(Tensor x, Shape target) {
        if (target.equals(x.shape)) {
            return x;
        }
        return Autodiff.record("reshape", x.view(target), (node, i, g) -> reshape(g, node.input(0).shape), x);
    }

    static Tensor permute(Tensor x, int... axes) {
        int r = x.rank();
        if (axes.length != r) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(axes) + " has " + axes.length
                    + " axes but the tensor has shape " + x.shape);
        }
        int[] perm = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            perm[i] = x.shape.axis(axes[i], "permute");
            if (seen[perm[i]]) {
                throw new IllegalArgumentException("permute: " + Arrays.toString(axes)
                        + " is not a permutation of the axes of shape " + x.shape);
            }
            seen[perm[i]] = true;
        }
        int[] inverse = new int[r];
        boolean identity = true;
        for (int i = 0; i < r; i++) {
            inverse[perm[i]] = i;
            identity &= perm[i] == i;
        }
        if (identity) {
            return x;
        }
        int[] src = x.shape.dims();
        int[] srcStrides = x.shape.strides();
        int[] outDims = new int[r];
        int[] strides = new int[r];
        for (int i = 0; i < r; i++) {
            outDims[i] = src[perm[i]];
            strides[i] = srcStrides[perm[i]];
        }
        Tensor out = Tensor.allocate(x.dtype, Shape.of(outDims));
        int n = out.size();
        int[] counter = new int[r];
        int offset = 0;
        for (int o = 0; o < n; o++) {
            if (x.dtype == DType.F32) {
                out.f[o] = x.f[offset];
            } else {
                out.d[o] = x.d[offset];
            }
            for (int dim = r - 1; dim >= 0; dim--) {
                offset += strides[dim];
                if (++counter[dim] < outDims[dim]) {
                    break;
                }
                offset -= strides[dim] * outDims[dim];
                counter[dim] = 0;
            }
        }
        return Autodiff.record("permute", out, (node, i, g) -> g.permute(inverse), x);
    }

    static Tensor transpose(Tensor x, int a, int b) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException("transpose: needs at least 2 dimensions, got shape " + x.shape);
        }
        int[] perm = new int[x.rank()];
        Arrays.setAll(perm, i -> i);
        int ia = x.shape.axis(a, "transpose");
        int ib = x.shape.axis(b, "transpose");
        perm[ia] = ib;
        perm[ib] = ia;
        return permute(x, perm);
    }

    /** One run of expand: a copy of a contiguous run of x, or one of its elements repeated. */
    private static final StridedLoop.Run EXPAND_RUN = (t, o, s, oo, n) -> {
        Tensor x = t.a;
        Tensor out = t.out;
        if (s[0] == 1) {
            System.arraycopy(x.dtype == DType.F32 ? x.f : x.d, o[0], x.dtype == DType.F32 ? out.f : out.d, oo, n);
        } else if (x.dtype == DType.F32) {
            Arrays.fill(out.f, oo, oo + n, x.f[o[0]]);
        } else {
            Arrays.fill(out.d, oo, oo + n, x.d[o[0]]);
        }
    };

    static Tensor expand(Tensor x, Shape target) {
        if (!x.shape.broadcastsTo(target)) {
            throw new IllegalArgumentException("expand: shape " + x.shape + " cannot be broadcast to " + target);
        }
        if (target.equals(x.shape)) {
            return x;
        }
        if (x.size() == 1) {
            // A scalar's gradient spread over a batch (the backward of a mean): one fill.
            return Autodiff.record("expand", Tensor.filled(x.dtype, x.getFlat(0), target), (node, i, g) -> g, x);
        }
        Tensor out = Tensor.allocate(x.dtype, target);
        StridedLoop.forEach(out, x, EXPAND_RUN);
        return Autodiff.record("expand", out, (node, i, g) -> g, x);
    }

    /** Python-style slice bounds, clamped; step must be positive. */
    static Tensor slice(Tensor x, int axis, int start, int end, int step) {
        int a = x.shape.axis(axis, "slice");
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step);
        }
        int len = x.shape.dim(a);
        int s = clampIndex(start, len);
        int e = clampIndex(end, len);
        int count = e > s ? (e - s - 1) / step + 1 : 0; // (e - s + step - 1) / step would overflow for large steps
        Tensor out = copyAlong(x, a, count, s, step);
        Shape source = x.shape;
        return Autodiff.record("slice", out, (node, i, g) -> sliceScatter(g, source, a, s, step), x);
    }

    private static int clampIndex(int i, int len) {
        int v = i < 0 ? i + len : i;
        return Math.max(0, Math.min(len, v));
    }

    /**
     * Zeros of {@code shape} with {@code g} written at {@code start, start+step, ...} along
     * {@code axis}: the backward of slice, whose own backward is slice.
     */
    static Tensor sliceScatter(Tensor g, Shape shape, int axis, int start, int step) {
        Tensor out = Tensor.allocate(g.dtype, shape);
        copyAlongInto(g, out, axis, g.shape.dim(axis), start, step);
        int count = g.shape.dim(axis);
        return Autodiff.record("slice_scatter", out,
                (node, i, gg) -> gg.slice(axis, start, start + (count - 1) * step + 1, step), g);
    }

    /** A tensor of {@code count} slabs of x along {@code axis}, taken at start + k·step. */
    private static Tensor copyAlong(Tensor x, int axis, int count, int start, int step) {
        Tensor out = Tensor.allocate(x.dtype, x.shape.with(axis, count));
        int[] d = x.shape.dims();
        int inner = 1;
        for (int i = axis + 1; i < d.length; i++) {
            inner *= d[i];
        }
        int outer = x.size() == 0 ? 0 : x.size() / (d[axis] * inner);
        Object src = x.dtype == DType.F32 ? x.f : x.d;
        Object dst = x.dtype == DType.F32 ? out.f : out.d;
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < count; k++) {
                System.arraycopy(src, (o * d[axis] + start + k * step) * inner, dst, (o * count + k) * inner, inner);
            }
        }
        return out;
    }

    /** Writes the slabs of {@code g} into {@code out} at start + k·step along {@code axis}. */
    private static void copyAlongInto(Tensor g, Tensor out, int axis, int count, int start, int step) {
        int[] d = out.shape.dims();
        int inner = 1;
        for (int i = axis + 1; i < d.length; i++) {
            inner *= d[i];
        }
        int outer = out.size() == 0 ? 0 : out.size() / (d[axis] * inner);
        Object src = g.dtype == DType.F32 ? g.f : g.d;
        Object dst = out.dtype == DType.F32 ? out.f : out.d;
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < count; k++) {
                System.arraycopy(src, (o * count + k) * inner, dst, (o * d[axis] + start + k * step) * inner, inner);
            }
        }
    }

    static Tensor concat(int axis, List<Tensor> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat: needs at least one tensor");
        }
        Tensor first = parts.get(0);
        if (first.rank() == 0) {
            throw new IllegalArgumentException("concat: cannot concatenate 0-d tensors; use stack");
        }
        int a = first.shape.axis(axis, "concat");
        int total = 0;
        for (int p = 0; p < parts.size(); p++) {
            Tensor t = parts.get(p);
            Elementwise.checkDtypes("concat", first, t);
            boolean ok = t.rank() == first.rank();
            for (int i = 0; ok && i < t.rank(); i++) {
                ok = i == a || t.shape.dim(i) == first.shape.dim(i);
            }
            if (!ok) {
                throw new IllegalArgumentException("concat: tensor " + p + " has shape " + t.shape
                        + " but tensor 0 has shape " + first.shape + "; all dimensions but axis " + a + " must match");
            }
            total += t.shape.dim(a);
        }
        Tensor out = Tensor.allocate(first.dtype, first.shape.with(a, total));
        int[] starts = new int[parts.size()];
        int at = 0;
        for (int p = 0; p < parts.size(); p++) {
            Tensor t = parts.get(p);
            starts[p] = at;
            copyAlongInto(t, out, a, t.shape.dim(a), at, 1);
            at += t.shape.dim(a);
        }
        Tensor[] inputs = parts.toArray(new Tensor[0]);
        return Autodiff.record("concat", out,
                (node, i, g) -> g.slice(a, starts[i], starts[i] + inputs[i].shape.dim(a)), inputs);
    }

    static Tensor stack(int axis, List<Tensor> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("stack: needs at least one tensor");
        }
        Shape s = parts.get(0).shape;
        int a = axis < 0 ? axis + s.rank() + 1 : axis;
        if (a < 0 || a > s.rank()) {
            throw new IllegalArgumentException("stack: axis " + axis + " is out of range for tensors of shape " + s);
        }
        for (int p = 1; p < parts.size(); p++) {
            if (!parts.get(p).shape.equals(s)) {
                throw new IllegalArgumentException("stack: tensor " + p + " has shape " + parts.get(p).shape
                        + " but tensor 0 has shape " + s + "; stacked tensors must have equal shapes");
            }
            if (parts.get(p).dtype != parts.get(0).dtype) {
                throw new IllegalArgumentException("stack: tensor " + p + " is " + parts.get(p).dtype + " but tensor 0 is "
                        + parts.get(0).dtype + " (shape " + s + "); convert with to(dtype) first");
            }
        }
        return concat(a, parts.stream().map(t -> unsqueeze(t, a)).toList());
    }

    static Tensor squeeze(Tensor x) {
        return reshape(x, Arrays.stream(x.shape.dims()).filter(v -> v != 1).toArray());
    }

    static Tensor squeeze(Tensor x, int axis) {
        int a = x.shape.axis(axis, "squeeze");
        if (x.shape.dim(a) != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " has size " + x.shape.dim(a)
                    + ", not 1 (shape " + x.shape + ")");
        }
        int[] d = x.shape.dims();
        int[] out = new int[d.length - 1];
        for (int i = 0, j = 0; i < d.length; i++) {
            if (i != a) {
                out[j++] = d[i];
            }
        }
        return reshape(x, out);
    }

    static Tensor unsqueeze(Tensor x, int axis) {
        int r = x.rank();
        int a = axis < 0 ? axis + r + 1 : axis;
        if (a < 0 || a > r) {
            throw new IllegalArgumentException("unsqueeze: axis " + axis + " is out of range for shape " + x.shape
                    + " (valid: " + (-r - 1) + " to " + r + ")");
        }
        int[] d = x.shape.dims();
        int[] out = new int[r + 1];
        for (int i = 0, j = 0; i <= r; i++) {
            out[i] = i == a ? 1 : d[j++];
        }
        return reshape(x, out);
    }

    static Tensor indexSelect(Tensor x, int axis, int[] indices) {
        int a = x.shape.axis(axis, "indexSelect");
        int len = x.shape.dim(a);
        for (int idx : indices) {
            if (idx < 0 || idx >= len) {
                throw new IndexOutOfBoundsException("indexSelect: index " + idx + " is out of range for axis " + a
                        + " of size " + len + " (shape " + x.shape + ")");
            }
        }
        int[] idx = indices.clone();
        Tensor out = Tensor.allocate(x.dtype, x.shape.with(a, idx.length));
        int inner = innerSize(x.shape, a);
        int outer = outerSize(x.shape, a);
        Object src = x.dtype == DType.F32 ? x.f : x.d;
        Object dst = x.dtype == DType.F32 ? out.f : out.d;
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < idx.length; k++) {
                System.arraycopy(src, (o * len + idx[k]) * inner, dst, (o * idx.length + k) * inner, inner);
            }
        }
        Shape source = x.shape;
        return Autodiff.record("index_select", out, (node, i, g) -> indexAdd(g, source, a, idx), x);
    }

    /** Zeros of {@code shape} plus the slabs of {@code g} added at {@code idx} along {@code axis}. */
    static Tensor indexAdd(Tensor g, Shape shape, int axis, int[] idx) {
        Tensor out = Tensor.allocate(g.dtype, shape);
        int len = shape.dim(axis);
        int inner = innerSize(shape, axis);
        int outer = outerSize(shape, axis);
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < idx.length; k++) {
                int src = (o * idx.length + k) * inner;
                int dst = (o * len + idx[k]) * inner;
                for (int e = 0; e < inner; e++) {
                    out.setFlat(dst + e, out.getFlat(dst + e) + g.getFlat(src + e));
                }
            }
        }
        return Autodiff.record("index_add", out, (node, i, gg) -> indexSelect(gg, axis, idx), g);
    }

    private static int innerSize(Shape s, int axis) {
        int inner = 1;
        for (int i = axis + 1; i < s.rank(); i++) {
            inner *= s.dim(i);
        }
        return inner;
    }

    private static int outerSize(Shape s, int axis) {
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= s.dim(i);
        }
        return outer;
    }

    static Tensor gather(Tensor x, int axis, Indices index) {
        int a = x.shape.axis(axis, "gather");
        checkGatherShapes("gather", x.shape, a, index);
        Tensor out = Tensor.allocate(x.dtype, index.shape());
        forEachGather(x.shape, a, index, (src, dst) -> out.setFlat(dst, x.getFlat(src)));
        Shape source = x.shape;
        return Autodiff.record("gather", out, (node, i, g) -> scatterAdd(g, source, a, index), x);
    }

    /** Zeros of {@code shape} with {@code g} added at the positions gather read: its backward. */
    static Tensor scatterAdd(Tensor g, Shape shape, int axis, Indices index) {
        Tensor out = Tensor.allocate(g.dtype, shape);
        forEachGather(shape, axis, index, (src, dst) -> out.setFlat(src, out.getFlat(src) + g.getFlat(dst)));
        return Autodiff.record("scatter_add", out, (node, i, gg) -> gather(gg, axis, index), g);
    }

    private static void checkGatherShapes(String op, Shape x, int axis, Indices index) {
        Shape is = index.shape();
        boolean ok = is.rank() == x.rank();
        for (int i = 0; ok && i < is.rank(); i++) {
            ok = i == axis || is.dim(i) <= x.dim(i);
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": index shape " + is + " does not fit input shape " + x
                    + " along axis " + axis + " (same rank, other dimensions no larger)");
        }
        int len = x.dim(axis);
        for (int v : index.raw()) {
            if (v < 0 || v >= len) {
                throw new IndexOutOfBoundsException(op + ": index " + v + " is out of range for axis " + axis
                        + " of size " + len + " (shape " + x + ")");
            }
        }
    }

    private interface GatherVisitor {
        void visit(int sourceFlat, int indexFlat);
    }

    private static void forEachGather(Shape x, int axis, Indices index, GatherVisitor v) {
        Shape is = index.shape();
        int r = is.rank();
        int[] xs = x.strides();
        int[] counter = new int[r];
        int n = is.size();
        for (int flat = 0; flat < n; flat++) {
            int src = 0;
            for (int i = 0; i < r; i++) {
                src += (i == axis ? index.raw()[flat] : counter[i]) * xs[i];
            }
            v.visit(src, flat);
            for (int dim = r - 1; dim >= 0; dim--) {
                if (++counter[dim] < is.dim(dim)) {
                    break;
                }
                counter[dim] = 0;
            }
        }
    }
}
