package dev.tussle.engine.optim;

import dev.tussle.engine.DType;
import dev.tussle.engine.Tensor;

/**
 * A rebindable window onto a tensor's live storage, read and written as {@code double}. It lets
 * every optimizer write its update rule once for float32 and float64: values are widened to
 * double, updated, and rounded back on store. Rebinding allocates nothing, so a step does not
 * create garbage.
 */
final class FlatView {
    private float[] f;
    private double[] d;
    private int size;

    /** A view bound to {@code t}. */
    static FlatView of(Tensor t) {
        FlatView v = new FlatView();
        v.bind(t);
        return v;
    }

    /** Points this view at {@code t}'s storage. */
    void bind(Tensor t) {
        if (t.dtype() == DType.F32) {
            f = t.storageF32();
            d = null;
        } else {
            d = t.storageF64();
            f = null;
        }
        size = t.size();
    }

    int size() {
        return size;
    }

    /** The bound float32 storage, or null when the tensor is float64 (for the vector kernels). */
    float[] floats() {
        return f;
    }

    /** The bound float64 storage, or null when the tensor is float32. */
    double[] doubles() {
        return d;
    }

    /** The storage of an optional view, or null when the view is null. */
    static float[] floats(FlatView v) {
        return v == null ? null : v.f;
    }

    static double[] doubles(FlatView v) {
        return v == null ? null : v.d;
    }

    double get(int i) {
        return f != null ? f[i] : d[i];
    }

    void set(int i, double v) {
        if (f != null) {
            f[i] = (float) v;
        } else {
            d[i] = v;
        }
    }
}
