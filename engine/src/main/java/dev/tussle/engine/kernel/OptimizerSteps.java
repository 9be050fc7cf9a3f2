package dev.tussle.engine.kernel;

/**
 * The per-step coefficients of the optimizer update kernels ({@link OptimizerKernels}). The
 * optimizers compute them once per step from their hyperparameters and the step count, into one
 * holder per optimizer that they refill ({@code set}) rather than replace, so that a training
 * step allocates nothing: Adam's bias corrections, and any scheduled learning rate, change
 * every step.
 */
public final class OptimizerSteps {
    private OptimizerSteps() {
    }

    /**
     * One Adam step: g' = g·gradScale + l2·p; p' = p·shrink; m = β1·m + (1 − β1)·g';
     * v = β2·v + (1 − β2)·g'²; (AMSGrad: v̂ = max(v̂, v)); p = p' − lr·(m / bc1) / (√v / sqrtBc2 + ε).
     */
    public static final class Adam {
        private double lr;
        private double beta1;
        private double beta2;
        private double bc1;
        private double sqrtBc2;
        private double eps;
        private double gradScale;
        private double l2;
        private double shrink;

        /** An empty holder, to {@code set} before use (its lr is NaN until then). */
        public Adam() {
            lr = Double.NaN;
        }

        public Adam(double lr, double beta1, double beta2, double bc1, double sqrtBc2, double eps, double gradScale,
                    double l2, double shrink) {
            set(lr, beta1, beta2, bc1, sqrtBc2, eps, gradScale, l2, shrink);
        }

        /** Replaces every coefficient (the bias corrections change every step); returns this. */
        public Adam set(double lr, double beta1, double beta2, double bc1, double sqrtBc2, double eps,
                        double gradScale, double l2, double shrink) {
            this.lr = lr;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.bc1 = bc1;
            this.sqrtBc2 = sqrtBc2;
            this.eps = eps;
            this.gradScale = gradScale;
            this.l2 = l2;
            this.shrink = shrink;
            return this;
        }

        public double lr() {
            return lr;
        }

        public double beta1() {
            return beta1;
        }

        public double beta2() {
            return beta2;
        }

        public double bc1() {
            return bc1;
        }

        public double sqrtBc2() {
            return sqrtBc2;
        }

        public double eps() {
            return eps;
        }

        public double gradScale() {
            return gradScale;
        }

        public double l2() {
            return l2;
        }

        public double shrink() {
            return shrink;
        }
    }

    /** One SGD step: g' = g·gradScale + wd·p; with momentum b = μ·b + g' and g' = b (or g' + μ·b, Nesterov); p −= lr·g'. */
    public static final class Sgd {
        private double lr;
        private double momentum;
        private boolean nesterov;
        private double gradScale;
        private double weightDecay;

        /** An empty holder, to {@code set} before use (its lr is NaN until then). */
        public Sgd() {
            lr = Double.NaN;
        }

        public Sgd(double lr, double momentum, boolean nesterov, double gradScale, double weightDecay) {
            set(lr, momentum, nesterov, gradScale, weightDecay);
        }

        /** Replaces every coefficient (a learning-rate schedule changes lr every step); returns this. */
        public Sgd set(double lr, double momentum, boolean nesterov, double gradScale, double weightDecay) {
            this.lr = lr;
            this.momentum = momentum;
            this.nesterov = nesterov;
            this.gradScale = gradScale;
            this.weightDecay = weightDecay;
            return this;
        }

        public double lr() {
            return lr;
        }

        public double momentum() {
            return momentum;
        }

        public boolean nesterov() {
            return nesterov;
        }

        public double gradScale() {
            return gradScale;
        }

        public double weightDecay() {
            return weightDecay;
        }
    }

    /**
     * One RMSProp step: g' = g·gradScale + wd·p; s = α·s + (1 − α)·g'²; centered: a = α·a + (1 − α)·g',
     * s̃ = s − a²; d = g' / (√s̃ + ε); with momentum b = μ·b + d, d = b; p −= lr·d.
     */
    public static final class RmsProp {
        private double lr;
        private double alpha;
        private double eps;
        private double momentum;
        private double gradScale;
        private double weightDecay;

        /** An empty holder, to {@code set} before use (its lr is NaN until then). */
        public RmsProp() {
            lr = Double.NaN;
        }

        public RmsProp(double lr, double alpha, double eps, double momentum, double gradScale, double weightDecay) {
            set(lr, alpha, eps, momentum, gradScale, weightDecay);
        }

        /** Replaces every coefficient (a learning-rate schedule changes lr every step); returns this. */
        public RmsProp set(double lr, double alpha, double eps, double momentum, double gradScale, double weightDecay) {
            this.lr = lr;
            this.alpha = alpha;
            this.eps = eps;
            this.momentum = momentum;
            this.gradScale = gradScale;
            this.weightDecay = weightDecay;
            return this;
        }

        public double lr() {
            return lr;
        }

        public double alpha() {
            return alpha;
        }

        public double eps() {
            return eps;
        }

        public double momentum() {
            return momentum;
        }

        public double gradScale() {
            return gradScale;
        }

        public double weightDecay() {
            return weightDecay;
        }
    }
}
