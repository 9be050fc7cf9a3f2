package dev.tussle.gan.data;

import dev.tussle.engine.Tensor;

/**
 * Conversions between point batches as tensors ([n, d], or [n] for 1-D points) and as rows of
 * doubles, the form the metrics and plots compute with.
 */
public final class Points {
    private Points() {
    }

    /**
     * The rows of a [n, d] tensor (a [n] tensor is read as n points of dimension 1).
     *
     * @param op the operation asking, named in the message if the shape is wrong
     * @throws IllegalArgumentException if the tensor is not of rank 1 or 2
     */
    public static double[][] rows(String op, Tensor points) {
        int rank = points.rank();
        if (rank != 1 && rank != 2) {
            throw new IllegalArgumentException(op + ": expected points as a [n, d] or [n] tensor, got shape " + points.shape());
        }
        int n = points.shape().dim(0);
        int d = rank == 2 ? points.shape().dim(1) : 1;
        double[] flat = points.toDoubleArray();
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }

    /**
     * Column {@code axis} of a [n, d] (or [n]) tensor.
     *
     * @throws IllegalArgumentException if the axis is not in [0, d)
     */
    public static double[] column(String op, Tensor points, int axis) {
        double[][] rows = rows(op, points);
        int d = points.rank() == 2 ? points.shape().dim(1) : 1;
        if (axis < 0 || axis >= d) {
            throw new IllegalArgumentException(op + ": column " + axis + " does not exist in points of dimension " + d);
        }
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][axis];
        }
        return out;
    }

    /** A float32 [n, d] tensor over rows of equal length. */
    public static Tensor tensor(double[][] rows) {
        int d = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("Points.tensor: row " + i + " has " + rows[i].length
                        + " values but row 0 has " + d);
            }
            for (int j = 0; j < d; j++) {
                flat[i * d + j] = (float) rows[i][j];
            }
        }
        return Tensor.of(flat, rows.length, d);
    }
}
