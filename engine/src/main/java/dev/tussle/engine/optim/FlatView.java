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

    /**
     * The sum of the squares of the elements, each widened to double: eight running sums
     * (element i in sum i mod 8, the last size mod 8 in the first), added pairwise at the end.
     * One running sum waited four cycles on each addition: 12 µs of a 1.4 ms GAN step for its
     * 16,500 parameters.
     */
    double sumOfSquares() {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        int bound = size - size % 8;
        if (f != null) {
            float[] x = f;
            for (; i < bound; i += 8) {
                double x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3];
                double x4 = x[i + 4], x5 = x[i + 5], x6 = x[i + 6], x7 = x[i + 7];
                s0 += x0 * x0; s1 += x1 * x1; s2 += x2 * x2; s3 += x3 * x3;
                s4 += x4 * x4; s5 += x5 * x5; s6 += x6 * x6; s7 += x7 * x7;
            }
        } else {
            double[] x = d;
            for (; i < bound; i += 8) {
                s0 += x[i] * x[i]; s1 += x[i + 1] * x[i + 1]; s2 += x[i + 2] * x[i + 2]; s3 += x[i + 3] * x[i + 3];
                s4 += x[i + 4] * x[i + 4]; s5 += x[i + 5] * x[i + 5]; s6 += x[i + 6] * x[i + 6]; s7 += x[i + 7] * x[i + 7];
            }
        }
        for (; i < size; i++) {
            double v = get(i);
            s0 += v * v;
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
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
