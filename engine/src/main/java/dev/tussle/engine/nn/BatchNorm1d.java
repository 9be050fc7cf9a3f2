package dev.tussle.engine.nn;

import dev.tussle.engine.DType;
import dev.tussle.engine.GradMode;
import dev.tussle.engine.Tensor;

/**
 * Batch normalization over the batch axis of {@code [batch, features]} inputs (Ioffe and Szegedy
 * 2015): {@code y = (x − μ) / √(σ² + ε) · γ + β}.
 *
 * <p>In training mode μ and σ² are the batch mean and biased variance, and the buffers
 * {@code running_mean} and {@code running_var} move toward the batch mean and the unbiased batch
 * variance: {@code running = (1 − momentum)·running + momentum·batch} (PyTorch's convention:
 * momentum is the weight of the new value). In evaluation mode the running statistics are used.
 */
public final class BatchNorm1d extends Module {
    private final int features;
    private final double eps;
    private final double momentum;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor runningMean;
    private final Tensor runningVar;

    /** Float32, ε = 1e−5, momentum 0.1, learnable γ (ones) and β (zeros). */
    public BatchNorm1d(int features) {
        this(features, 1e-5, 0.1, DType.F32);
    }

    /**
     * A layer over {@code features} columns with learnable γ (ones) and β (zeros) of {@code dtype}.
     *
     * @throws IllegalArgumentException for a non-positive width or ε, or momentum outside [0, 1]
     */
    public BatchNorm1d(int features, double eps, double momentum, DType dtype) {
        if (features <= 0 || !(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm1d: needs features > 0, eps > 0, momentum in [0, 1]; got "
                    + "features=" + features + ", eps=" + eps + ", momentum=" + momentum);
        }
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = registerParameter("weight", Tensor.ones(dtype, features));
        this.bias = registerParameter("bias", Tensor.zeros(dtype, features));
        this.runningMean = registerBuffer("running_mean", Tensor.zeros(dtype, features));
        this.runningVar = registerBuffer("running_var", Tensor.ones(dtype, features));
    }

    /** The running mean {@code [features]} (a live buffer). */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The running unbiased variance {@code [features]} (a live buffer). */
    public Tensor runningVar() {
        return runningVar;
    }

    /**
     * Normalizes {@code x: [batch, features]}.
     *
     * @throws IllegalArgumentException for another shape, or a batch of 1 in training mode
     */
    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 2 || x.shape().dim(1) != features) {
            throw new IllegalArgumentException("BatchNorm1d.forward: input shape " + x.shape() + " is not [batch, "
                    + features + "]");
        }
        int n = x.shape().dim(0);
        Tensor mean;
        Tensor var;
        if (isTraining()) {
            if (n < 2) {
                throw new IllegalArgumentException("BatchNorm1d.forward: training needs a batch of at least 2, got "
                        + "shape " + x.shape());
            }
            mean = x.mean(0, false);
            var = x.variance(new int[] {0}, false, 0);
            updateRunning(mean, var, n);
        } else {
            mean = runningMean;
            var = runningVar;
        }
        return x.sub(mean).div(var.add(eps).sqrt()).mul(weight).add(bias);
    }

    private void updateRunning(Tensor mean, Tensor var, int n) {
        try (var scope = GradMode.noGrad()) {
            Tensor m = runningMean.mul(1 - momentum).add(mean.detach().mul(momentum));
            Tensor v = runningVar.mul(1 - momentum).add(var.detach().mul(momentum * n / (n - 1.0)));
            copyInto(m, runningMean);
            copyInto(v, runningVar);
        }
    }

    @Override
    public String describe() {
        return "BatchNorm1d(" + features + ", eps=" + eps + ", momentum=" + momentum + ")";
    }
}
