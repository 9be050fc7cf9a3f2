package dev.tussle.gan.data;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Shape;
import dev.tussle.engine.Tensor;
import java.util.Optional;

/**
 * A finite mixture of isotropic Gaussians N(c_k, s²I) with mode probabilities w_k; with s = 0 it
 * is a distribution on finitely many points (the two-points and four-points sets of the hands-on
 * essay).
 *
 * <p>The sampling scale s and the metric scale σ of {@link #modes()} are kept apart because a
 * point mass has s = 0 yet still needs a tolerance for "close enough to the mode"; for the
 * Gaussian mixtures (ring, grid) they are equal, as in PacGAN.
 */
public final class GaussianMixture implements DataSet {
    private final String name;
    private final Modes modes;
    private final double samplingSigma;
    private final double[] weights;
    private final double[][] centres;
    /**
     * The map from a uniform to a mode that {@link Rng#nextCategorical} applies to the weights,
     * checked and summed once (both {@link #sample} and {@link #drawPoint} draw with it).
     */
    private final Rng.Categorical component;

    /**
     * A mixture over the given modes.
     *
     * @param name          the data set's name
     * @param modes         centres, weights and the metric scale σ
     * @param samplingSigma the standard deviation s of each component, finite and ≥ 0
     */
    public GaussianMixture(String name, Modes modes, double samplingSigma) {
        if (!(samplingSigma >= 0) || Double.isInfinite(samplingSigma)) {
            throw new IllegalArgumentException("GaussianMixture(" + name + "): sampling sigma must be finite and >= 0, got "
                    + samplingSigma);
        }
        this.name = name;
        this.modes = modes;
        this.samplingSigma = samplingSigma;
        this.weights = modes.weights();
        this.centres = modes.centres();
        this.component = new Rng.Categorical(weights);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dim() {
        return modes.dim();
    }

    /** The standard deviation of each component (0 for point masses). */
    public double samplingSigma() {
        return samplingSigma;
    }

    @Override
    public Optional<Modes> modes() {
        return Optional.of(modes);
    }

    /**
     * {@link DataSet#sample}'s batch, bit for bit and leaving the generator in the same state,
     * with the planar mixtures' normals drawn in bulk ({@link Rng#nextPointDraws}): one scalar
     * Box–Muller transform per point had been 2 % of a GAN training step.
     */
    @Override
    public Tensor sample(Rng rng, int n) {
        if (dim() != 2 || samplingSigma == 0 || n <= 0) {
            return DataSet.super.sample(rng, n);
        }
        int perPoint = weights.length == 1 ? 0 : 1;
        // Scratch from the step's arena when there is one (recycled), else fresh.
        double[] uniforms = Tensor.zeros(DType.F64, Shape.of(Math.max(1, n * perPoint))).storageF64();
        double[] normals = Tensor.zeros(DType.F64, Shape.of(2 * n)).storageF64();
        rng.nextPointDraws(n, perPoint, uniforms, normals);
        Tensor batch = Tensor.zeros(DType.F32, Shape.of(n, 2));
        float[] data = batch.storageF32();
        for (int i = 0; i < n; i++) {
            double[] centre = centres[perPoint == 0 ? 0 : component.index(uniforms[i])];
            data[2 * i] = (float) (centre[0] + samplingSigma * normals[2 * i]);
            data[2 * i + 1] = (float) (centre[1] + samplingSigma * normals[2 * i + 1]);
        }
        return batch;
    }

    @Override
    public void drawPoint(Rng rng, double[] out) {
        // With one component, skip the categorical draw so the 1-D Gaussian uses only normals.
        int k = weights.length == 1 ? 0 : component.index(rng.nextDouble());
        for (int j = 0; j < out.length; j++) {
            out[j] = samplingSigma == 0 ? centres[k][j] : centres[k][j] + samplingSigma * rng.nextGaussian();
        }
    }
}
