package dev.tussle.engine;

import java.util.Arrays;

/**
 * An N-d array of int indices (what {@code argmax} returns and {@code gather} takes). Not part of
 * autodiff.
 */
public final class Indices {
    private final Shape shape;
    private final int[] data;

    private Indices(Shape shape, int[] data) {
        this.shape = shape;
        this.data = data;
    }

    /** Indices over a copy of {@code data} with the given shape (1-d when no shape is given). */
    public static Indices of(int[] data, int... shape) {
        Shape s = shape.length == 0 ? Shape.of(data.length) : Shape.of(shape);
        if (s.size() != data.length) {
            throw new IllegalArgumentException("Indices.of: " + data.length + " values do not fill shape " + s);
        }
        return new Indices(s, data.clone());
    }

    static Indices wrap(Shape shape, int[] data) {
        return new Indices(shape, data);
    }

    public Shape shape() {
        return shape;
    }

    /** The index at a flat position. */
    public int getFlat(int i) {
        return data[i];
    }

    /** A copy of the values. */
    public int[] toArray() {
        return data.clone();
    }

    int[] raw() {
        return data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Indices i && shape.equals(i.shape) && Arrays.equals(data, i.data);
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "indices(" + Arrays.toString(data) + ", shape=" + shape + ")";
    }
}
