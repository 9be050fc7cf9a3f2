package dev.tussle.engine.kernel;

/**
 * The per-step coefficients of the optimizer update kernels ({@link OptimizerKernels}). The
 * optimizers compute them once per step from their hyperparameters and the step count.
 */
public final class OptimizerSteps {
    private OptimizerSteps() {
    }

    /**
     * One Adam step: g' = g·gradScale + l2·p; p' = p·shrink; m = β1·m + (1 − β1)·g';
     * v = β2·v + (1 − β2)·g'²; (AMSGrad: v̂ = max(v̂, v)); p = p' − lr·(m / bc1) / (√v / sqrtBc2 + ε).
     */
    public record Adam(double lr, double beta1, double beta2, double bc1, double sqrtBc2, double eps,
                       double gradScale, double l2, double shrink) {
    }

    /** One SGD step: g' = g·gradScale + wd·p; with momentum b = μ·b + g' and g' = b (or g' + μ·b, Nesterov); p −= lr·g'. */
    public record Sgd(double lr, double momentum, boolean nesterov, double gradScale, double weightDecay) {
    }

    /**
     * One RMSProp step: g' = g·gradScale + wd·p; s = α·s + (1 − α)·g'²; centered: a = α·a + (1 − α)·g',
     * s̃ = s − a²; d = g' / (√s̃ + ε); with momentum b = μ·b + d, d = b; p −= lr·d.
     */
    public record RmsProp(double lr, double alpha, double eps, double momentum, double gradScale, double weightDecay) {
    }
}
