package dev.tussle.engine;

import java.util.Arrays;

/**
 * The dimensions of a tensor: an immutable value type. Row-major (C order) strides follow from
 * the dimensions, so a shape is all a contiguous tensor needs to be indexed.
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        this.dims = dims;
        long n = 1;
        for (int d : dims) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims)
                        + " has more than " + Integer.MAX_VALUE + " elements");
            }
        }
        this.size = (int) n;
    }

    /** A shape with the given dimensions; each must be {@code >= 0}. */
    public static Shape of(int... dims) {
        return dims.length == 0 ? SCALAR : owning(dims.clone());
    }

    /**
     * {@link #of} for an array the caller has just built and gives up: it becomes the shape's
     * own, uncopied (a training step builds a few hundred shapes).
     */
    static Shape owning(int[] dims) {
        if (dims.length == 0) {
            return SCALAR;
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims)
                        + ": dimension " + i + " is negative (" + dims[i] + ")");
            }
        }
        return new Shape(dims);
    }

    /** The shape of a 0-d tensor (a scalar). */
    public static Shape scalar() {
        return SCALAR;
    }

    /** Number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Number of elements: the product of the dimensions (1 for a scalar). */
    public int size() {
        return size;
    }

    /** Dimension {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return dims[axis(axis, "dim")];
    }

    /** A copy of the dimensions. */
    public int[] dims() {
        return dims.clone();
    }

    /** Row-major strides in elements. */
    public int[] strides() {
        int[] s = new int[dims.length];
        int stride = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = stride;
            stride *= dims[i];
        }
        return s;
    }

    /**
     * Normalizes an axis that may be negative ({@code -1} is the last) and checks its range.
     *
     * @param op the operation name used in the exception message
     */
    public int axis(int axis, String op) {
        int r = dims.length;
        if (axis < -r || axis >= r) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape "
                    + this + " (rank " + r + ")");
        }
        return axis < 0 ? axis + r : axis;
    }

    /** This shape with dimension {@code axis} replaced (axis already normalized). */
    public Shape with(int axis, int dim) {
        int[] d = dims.clone();
        d[axis] = dim;
        return owning(d);
    }

    /**
     * The NumPy broadcast of two shapes: align from the right; each pair of dimensions must be
     * equal or one of them 1.
     *
     * @throws IllegalArgumentException naming {@code op} and both shapes when they do not broadcast
     */
    public static Shape broadcast(String op, Shape a, Shape b) {
        if (a.equals(b)) {
            return a;
        }
        int r = Math.max(a.rank(), b.rank());
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.rank() ? 1 : a.dims[i - (r - a.rank())];
            int db = i < r - b.rank() ? 1 : b.dims[i - (r - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b
                        + " cannot be broadcast (dimension " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    /** Whether this shape broadcasts to {@code target} (used by expand). */
    public boolean broadcastsTo(Shape target) {
        if (rank() > target.rank()) {
            return false;
        }
        int off = target.rank() - rank();
        for (int i = 0; i < rank(); i++) {
            if (dims[i] != 1 && dims[i] != target.dims[i + off]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@code [2, 3]}; a scalar prints as {@code []}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
