package dev.tussle.gan.objective;

import dev.tussle.engine.Tensor;

import java.util.function.UnaryOperator;

/**
 * The measuring function f of a GAN objective (Arora et al., "Generalization and Equilibrium in
 * GANs"): the discriminator maximizes E_real[f(D(x))] + E_fake[f(1 − D(G(z)))]. Both terms are
 * computed from the discriminator's raw output (a logit for the sigmoid family, a score for a
 * critic) in a numerically stable form.
 */
public interface MeasuringFunction {

    /** f(D(x)), elementwise, from the raw output. */
    Tensor ofD(Tensor out);

    /** f(1 − D(x)), elementwise, from the raw output. */
    Tensor ofOneMinusD(Tensor out);

    /**
     * Whether the raw output is a logit (D = sigmoid(out)) rather than a critic's score; decides
     * how mean D is reported.
     */
    default boolean outputIsLogit() {
        return false;
    }

    /**
     * The code under which the CUDA head kernels compute this function's terms
     * ({@code CudaBackend.ganHeadTerms}: 0 log, 1 identity, 2 least squares, 3 hinge), or −1 for a
     * function they do not know (a user-supplied f), which the device path then refuses.
     */
    default int deviceCode() {
        return -1;
    }

    /**
     * f = log on a sigmoid discriminator whose output is a logit l: log D = logSigmoid(l) and
     * log(1 − D) = logSigmoid(−l), never log(sigmoid(l)), so both stay finite for any finite l.
     */
    static MeasuringFunction log() {
        return new MeasuringFunction() {
            @Override
            public int deviceCode() {
                return 0;
            }

            @Override
            public Tensor ofD(Tensor l) {
                return l.logSigmoid();
            }

            @Override
            public boolean outputIsLogit() {
                return true;
            }

            @Override
            public Tensor ofOneMinusD(Tensor l) {
                return l.neg().logSigmoid();
            }
        };
    }

    /**
     * f(x) = x on a critic's raw score c, where "1 − D" is −c (Wasserstein GAN: the critic
     * maximizes E_real[c] − E_fake[c]).
     */
    static MeasuringFunction identity() {
        return new MeasuringFunction() {
            @Override
            public int deviceCode() {
                return 1;
            }

            @Override
            public Tensor ofD(Tensor c) {
                return c;
            }

            @Override
            public Tensor ofOneMinusD(Tensor c) {
                return c.neg();
            }
        };
    }

    /**
     * f(t) = −(1 − t)² on a raw output (least-squares GAN): the discriminator minimizes
     * E_real[(c − 1)²] + E_fake[c²].
     */
    static MeasuringFunction leastSquares() {
        return new MeasuringFunction() {
            @Override
            public int deviceCode() {
                return 2;
            }

            @Override
            public Tensor ofD(Tensor c) {
                return c.sub(1.0).square().neg();
            }

            @Override
            public Tensor ofOneMinusD(Tensor c) {
                return c.square().neg();
            }
        };
    }

    /**
     * f(t) = min(0, t − 1) on a critic's raw score, with "1 − D" as −c (hinge loss): the critic
     * maximizes E_real[min(0, c − 1)] + E_fake[min(0, −c − 1)].
     */
    static MeasuringFunction hinge() {
        return new MeasuringFunction() {
            @Override
            public int deviceCode() {
                return 3;
            }

            @Override
            public Tensor ofD(Tensor c) {
                return minZero(c.sub(1.0));
            }

            @Override
            public Tensor ofOneMinusD(Tensor c) {
                return minZero(c.neg().sub(1.0));
            }

            private Tensor minZero(Tensor u) {
                return u.sub(u.relu());
            }
        };
    }

    /**
     * A user-supplied differentiable f applied to probabilities: the raw output is a logit l,
     * D = sigmoid(l) and 1 − D = sigmoid(−l) (computed without cancellation).
     */
    static MeasuringFunction ofProbability(UnaryOperator<Tensor> f) {
        return new MeasuringFunction() {
            @Override
            public Tensor ofD(Tensor l) {
                return f.apply(l.sigmoid());
            }

            @Override
            public boolean outputIsLogit() {
                return true;
            }

            @Override
            public Tensor ofOneMinusD(Tensor l) {
                return f.apply(l.neg().sigmoid());
            }
        };
    }
}
