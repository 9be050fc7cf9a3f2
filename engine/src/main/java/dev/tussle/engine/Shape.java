package dev.tussle.engine;

import java.util.Arrays;

/**
 * The dimensions of a tensor: an immutable value type. Row-major (C order) strides follow from
 * the dimensions, so a shape is all a contiguous tensor needs to be indexed.
 *
 * <p>Shapes are compared by value. The shapes made most often are shared: a small cache keeps
 * the shapes of recent tensors, so that the ops of a training step, which make the same few
 * shapes again and again, find them there instead of allocating them.
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);
    /**
     * Recently made shapes, two candidate slots per hash. Shared by all threads without locks:
     * a shape is immutable (final fields), so a racing reader sees either a whole shape or none,
     * and a lost write only costs a later allocation.
     */
    private static final Shape[] CACHE = new Shape[1024];
    /** Ranks up to this are looked up without building an array ({@link #cached}). */
    private static final int CACHED_RANK = 4;

    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        this.dims = dims;
        long n = 1;
        for (int d : dims) {
            n *= d;
            // A zero anywhere makes the shape empty, however large the dimensions before it.
            if (n > Integer.MAX_VALUE && Arrays.stream(dims).noneMatch(x -> x == 0)) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims)
                        + " has more than " + Integer.MAX_VALUE + " elements");
            }
        }
        this.size = (int) n; // a zero dimension leaves n = 0, whatever the product reached before it
    }

    /** A shape with the given dimensions; each must be {@code >= 0}. */
    public static Shape of(int... dims) {
        // A cached rank is looked up (dims is read, not kept); otherwise the shape keeps a copy.
        return owning(dims.length <= CACHED_RANK ? dims : dims.clone());
    }

    /** The vector shape {@code [d0]}. */
    public static Shape of(int d0) {
        return cached(1, d0, 0, 0, 0);
    }

    /** The matrix shape {@code [d0, d1]}. */
    public static Shape of(int d0, int d1) {
        return cached(2, d0, d1, 0, 0);
    }

    /** The shape {@code [d0, d1, d2]}. */
    public static Shape of(int d0, int d1, int d2) {
        return cached(3, d0, d1, d2, 0);
    }

    private static int at(int[] dims, int i) {
        return i < dims.length ? dims[i] : 0;
    }

    /**
     * The shape of the given rank (at most {@link #CACHED_RANK}) with dimensions d0.. (those past
     * the rank are 0), from the cache or made and cached.
     */
    private static Shape cached(int rank, int d0, int d1, int d2, int d3) {
        int h = hash(rank, d0, d1, d2, d3);
        int slot = h & (CACHE.length - 2);
        for (int i = slot; i < slot + 2; i++) {
            Shape s = CACHE[i];
            if (s != null && s.is(rank, d0, d1, d2, d3)) {
                return s;
            }
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = i == 0 ? d0 : i == 1 ? d1 : i == 2 ? d2 : d3;
        }
        Shape made = checked(dims);
        // The newest shape takes the first slot; the one it displaces moves to the second.
        CACHE[slot + 1] = CACHE[slot];
        CACHE[slot] = made;
        return made;
    }

    private static int hash(int rank, int d0, int d1, int d2, int d3) {
        int h = rank;
        h = 31 * h + d0;
        h = 31 * h + d1;
        h = 31 * h + d2;
        h = 31 * h + d3;
        return (h * 0x9E3779B9) >>> 16;
    }

    private boolean is(int rank, int d0, int d1, int d2, int d3) {
        int[] d = dims;
        return d.length == rank && (rank < 1 || d[0] == d0) && (rank < 2 || d[1] == d1) && (rank < 3 || d[2] == d2)
                && (rank < 4 || d[3] == d3);
    }

    /**
     * {@link #of} for an array the caller has just built and gives up: it becomes the shape's
     * own, uncopied (a training step builds a few hundred shapes).
     */
    static Shape owning(int[] dims) {
        if (dims.length == 0) {
            return SCALAR;
        }
        if (dims.length <= CACHED_RANK) {
            return cached(dims.length, dims[0], at(dims, 1), at(dims, 2), at(dims, 3));
        }
        return checked(dims);
    }

    /** A new shape over {@code dims} after checking that no dimension is negative. */
    private static Shape checked(int[] dims) {
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
        int r = dims.length;
        if (r <= CACHED_RANK) {
            return cached(r, axis == 0 ? dim : dims[0], r < 2 ? 0 : axis == 1 ? dim : dims[1],
                    r < 3 ? 0 : axis == 2 ? dim : dims[2], r < 4 ? 0 : axis == 3 ? dim : dims[3]);
        }
        int[] d = dims.clone();
        d[axis] = dim;
        return owning(d);
    }

    /** This shape without dimension {@code axis} (axis already normalized). */
    Shape without(int axis) {
        int r = dims.length - 1;
        if (r == 0) {
            return SCALAR;
        }
        if (r <= CACHED_RANK) {
            return cached(r, dims[axis == 0 ? 1 : 0], r < 2 ? 0 : dims[axis <= 1 ? 2 : 1],
                    r < 3 ? 0 : dims[axis <= 2 ? 3 : 2], r < 4 ? 0 : dims[axis <= 3 ? 4 : 3]);
        }
        int[] d = new int[r];
        for (int i = 0, j = 0; i <= r; i++) {
            if (i != axis) {
                d[j++] = dims[i];
            }
        }
        return owning(d);
    }

    /** Dimension {@code i} of {@code s} aligned from the right to rank {@code r} (1 where s has none). */
    private static int aligned(Shape s, int r, int i) {
        int lead = r - s.dims.length;
        return i < lead ? 1 : s.dims[i - lead];
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
        // Usually one operand already has the broadcast shape (a bias row against a batch): no new shape.
        boolean isA = a.rank() == r;
        boolean isB = b.rank() == r;
        for (int i = 0; i < r && (isA || isB); i++) {
            int da = aligned(a, r, i);
            int db = aligned(b, r, i);
            isA &= db == 1 || db == da;
            isB &= da == 1 || da == db;
        }
        if (isA) {
            return a;
        }
        if (isB) {
            return b;
        }
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = aligned(a, r, i);
            int db = aligned(b, r, i);
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b
                        + " cannot be broadcast (dimension " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return owning(out);
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
