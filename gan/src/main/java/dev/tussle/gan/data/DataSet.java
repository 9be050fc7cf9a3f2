package dev.tussle.gan.data;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Shape;
import dev.tussle.engine.Tensor;
import java.util.Optional;

/**
 * A distribution over points in R^d that a GAN is asked to learn: it draws one point at a time
 * from an {@link Rng}, and batches of points as float32 tensors.
 *
 * <p>Every draw comes from the generator passed in, so the same seed gives the same batch, bit
 * for bit. Data sets whose mass sits on a finite set of modes (points, mixtures of Gaussians)
 * expose those modes for the mode-coverage metrics.
 */
public interface DataSet {

    /** A short name for logs, plots and file names, for example {@code ring8}. */
    String name();

    /** The dimension d of a point (2 for the plane, 1 for the 1-D Gaussian). */
    int dim();

    /**
     * Draws one point into {@code out}, which has length {@link #dim()}.
     *
     * @param rng the generator that all randomness comes from
     * @param out receives the point's coordinates
     */
    void drawPoint(Rng rng, double[] out);

    /** The modes, their weights and σ, when the data set has them; empty for a continuum. */
    default Optional<Modes> modes() {
        return Optional.empty();
    }

    /**
     * Draws {@code n} independent points as a float32 tensor of shape [n, d], row i being the
     * i-th draw.
     *
     * @throws IllegalArgumentException if {@code n < 0}
     */
    default Tensor sample(Rng rng, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("sample(" + name() + "): batch size must be >= 0, got " + n);
        }
        int d = dim();
        // Written straight into the tensor: inside a training step's arena scope its storage is
        // recycled, so drawing a batch allocates no array.
        Tensor batch = Tensor.zeros(DType.F32, Shape.of(n, d));
        float[] data = batch.storageF32();
        double[] point = new double[d];
        for (int i = 0; i < n; i++) {
            drawPoint(rng, point);
            for (int j = 0; j < d; j++) {
                data[i * d + j] = (float) point[j];
            }
        }
        return batch;
    }
}
