package dev.tussle.gan.regularize;

import dev.tussle.engine.Autodiff;
import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Gradient smoothing by parameter noise, from the stability essay: the gradient is averaged over
 * {@code copies} evaluations at θ + N(0, σ²) (the essay uses 30 copies, σ = 0.2), a local average
 * of the gradient field that removes the small-scale snags finite data puts in it. The data and
 * latent batch stay the same across copies (the loss supplier decides that).
 *
 * @param copies how many perturbed copies to average (&gt;= 1)
 * @param sigma  the standard deviation of the parameter noise (&gt;= 0)
 */
public record ParameterNoiseSmoothing(int copies, double sigma) {

    public ParameterNoiseSmoothing {
        if (copies < 1) {
            throw new IllegalArgumentException("parameter-noise smoothing: copies must be >= 1, got " + copies);
        }
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("parameter-noise smoothing: sigma must be finite and >= 0, got " + sigma);
        }
    }

    /** The essay's setting: 30 copies, σ = 0.2. */
    public static ParameterNoiseSmoothing essayDefault() {
        return new ParameterNoiseSmoothing(30, 0.2);
    }

    /**
     * The averaged gradient of {@code loss} with respect to {@code params}. Parameters are
     * perturbed in place for each evaluation and restored bit for bit afterwards, even if the
     * loss throws.
     */
    public List<Tensor> averageGradient(List<Tensor> params, Supplier<Tensor> loss, Rng rng) {
        List<Tensor> saved = new ArrayList<>(params.size());
        for (Tensor p : params) {
            saved.add(p.copy());
        }
        List<Tensor> sum = null;
        try {
            for (int c = 0; c < copies; c++) {
                for (int i = 0; i < params.size(); i++) {
                    perturb(params.get(i), saved.get(i), rng);
                }
                List<Tensor> g = Autodiff.grad(loss.get(), params, false);
                if (sum == null) {
                    sum = new ArrayList<>(g);
                } else {
                    for (int i = 0; i < g.size(); i++) {
                        sum.set(i, sum.get(i).add(g.get(i)));
                    }
                }
            }
        } finally {
            for (int i = 0; i < params.size(); i++) {
                restore(params.get(i), saved.get(i));
            }
        }
        List<Tensor> mean = new ArrayList<>(sum.size());
        for (Tensor s : sum) {
            mean.add(s.div(copies));
        }
        return mean;
    }

    /** live = original + N(0, σ²), elementwise. */
    private void perturb(Tensor live, Tensor original, Rng rng) {
        int n = live.size();
        if (live.dtype() == DType.F32) {
            float[] w = live.storageF32();
            float[] o = original.storageF32();
            for (int i = 0; i < n; i++) {
                w[i] = (float) (o[i] + sigma * rng.nextGaussian());
            }
        } else {
            double[] w = live.storageF64();
            double[] o = original.storageF64();
            for (int i = 0; i < n; i++) {
                w[i] = o[i] + sigma * rng.nextGaussian();
            }
        }
    }

    private static void restore(Tensor live, Tensor original) {
        if (live.dtype() == DType.F32) {
            System.arraycopy(original.storageF32(), 0, live.storageF32(), 0, live.size());
        } else {
            System.arraycopy(original.storageF64(), 0, live.storageF64(), 0, live.size());
        }
    }
}
