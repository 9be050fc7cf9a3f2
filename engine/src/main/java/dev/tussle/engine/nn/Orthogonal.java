package dev.tussle.engine.nn;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Shape;
import dev.tussle.engine.Tensor;

/**
 * Orthogonal initialization by modified Gram–Schmidt on a Gaussian matrix. Gram–Schmidt on the
 * columns of a Gaussian matrix is its QR factorization with a positive diagonal in R, so the
 * result is distributed uniformly (Haar) over matrices with orthonormal columns.
 */
final class Orthogonal {
    private Orthogonal() {
    }

    static Tensor sample(Rng rng, DType dtype, Shape shape, double gain) {
        if (shape.rank() < 2) {
            throw new IllegalArgumentException("Init.orthogonal: needs a shape of rank >= 2, got " + shape);
        }
        int rows = shape.dim(-2);
        int cols = shape.dim(-1);
        int slices = rows * cols == 0 ? 0 : shape.size() / (rows * cols);
        Tensor out = Tensor.zeros(dtype, shape.dims());
        // Orthonormalize the shorter side: the vectors are the columns when rows >= cols.
        boolean byColumns = rows >= cols;
        int n = byColumns ? cols : rows;   // vectors
        int len = byColumns ? rows : cols; // their length
        double[] q = new double[n * len];
        for (int s = 0; s < slices; s++) {
            for (int i = 0; i < q.length; i++) {
                q[i] = rng.nextGaussian();
            }
            gramSchmidt(q, n, len);
            int base = s * rows * cols;
            for (int v = 0; v < n; v++) {
                for (int j = 0; j < len; j++) {
                    int r = byColumns ? j : v;
                    int c = byColumns ? v : j;
                    set(out, base + r * cols + c, gain * q[v * len + j]);
                }
            }
        }
        return out;
    }

    /** Orthonormalizes the {@code n} vectors of length {@code len} stored row after row in {@code q}. */
    static void gramSchmidt(double[] q, int n, int len) {
        for (int v = 0; v < n; v++) {
            for (int u = 0; u < v; u++) {
                double dot = 0;
                for (int j = 0; j < len; j++) {
                    dot += q[u * len + j] * q[v * len + j];
                }
                for (int j = 0; j < len; j++) {
                    q[v * len + j] -= dot * q[u * len + j];
                }
            }
            double norm = 0;
            for (int j = 0; j < len; j++) {
                norm += q[v * len + j] * q[v * len + j];
            }
            norm = Math.sqrt(norm);
            if (norm < 1e-12) {
                // A Gaussian matrix is rank-deficient with probability 0.
                throw new IllegalStateException("Init.orthogonal: degenerate Gaussian draw");
            }
            for (int j = 0; j < len; j++) {
                q[v * len + j] /= norm;
            }
        }
    }

    private static void set(Tensor t, int i, double v) {
        if (t.dtype() == DType.F32) {
            t.storageF32()[i] = (float) v;
        } else {
            t.storageF64()[i] = v;
        }
    }
}
