package dev.tussle.gan.mix;

import dev.tussle.engine.Tensor;
import dev.tussle.gan.objective.MeasuringFunction;
import dev.tussle.gan.objective.Objective;

/**
 * The MIX+GAN payoff over all k_D × k_G discriminator–generator pairs, evaluated in batched form.
 *
 * <p>Shapes: a stacked discriminator of k_D copies applied to the shared real batch gives
 * {@code realOut [kD, b, 1]}; applied to all generators' samples flattened to {@code [kG·b, dim]}
 * (every discriminator sees every generator's samples, in one batched matmul per layer) it gives
 * {@code fakeOut [kD, kG·b, 1]}, whose row j, block i is D_j on G_i's samples. Every objective's
 * terms are elementwise in the outputs, so the per-pair values are means over the batch axis only.
 */
public final class MixturePayoff {
    private MixturePayoff() {
    }

    /**
     * φ(G_i, D_j) for all pairs as {@code [kD, kG]}: E_real[f(D_j(x))] + E_z[f(1 − D_j(G_i(z)))].
     *
     * @throws IllegalArgumentException when the shapes do not fit together
     */
    public static Tensor pairValues(MeasuringFunction f, Tensor realOut, Tensor fakeOut, int kG) {
        int kD = checkReal(realOut);
        int b = realOut.shape().dim(1);
        checkFake(fakeOut, kD, kG, b);
        Tensor realTerm = f.ofD(realOut.reshape(kD, b)).mean(1, true);
        Tensor fakeTerm = f.ofOneMinusD(fakeOut.reshape(kD, kG, b)).mean(2, false);
        return pairValuesFromMeans(realTerm, fakeTerm);
    }

    /**
     * {@link #pairValues} from the means of the two terms: E_real[f(D_j(x))] as {@code [kD, 1]} and
     * E_z[f(1 − D_j(G_i(z)))] as {@code [kD, kG]} (a device path computes them).
     */
    public static Tensor pairValuesFromMeans(Tensor realTerm, Tensor fakeTerm) {
        return realTerm.add(fakeTerm);
    }

    /**
     * The generator's loss for every pair as {@code [kD, kG]} (the objective's generator loss of
     * G_i against D_j), from {@code fakeOut [kD, kG·b, 1]}.
     */
    public static Tensor pairGeneratorLosses(Objective objective, Tensor fakeOut, int kG) {
        if (fakeOut.rank() != 3 || fakeOut.shape().dim(2) != 1 || kG <= 0 || fakeOut.shape().dim(1) % kG != 0) {
            throw new IllegalArgumentException("pairGeneratorLosses: fake outputs must be [kD, kG*b, 1] with kG=" + kG
                    + ", got " + fakeOut.shape());
        }
        int kD = fakeOut.shape().dim(0);
        return objective.generatorLoss(fakeOut.reshape(kD, kG, fakeOut.shape().dim(1) / kG), 2);
    }

    /**
     * Σ_j Σ_i w_D[j]·w_G[i]·pairs[j, i], a scalar, differentiable in all three.
     *
     * @throws IllegalArgumentException unless {@code pairs} is {@code [kD, kG]}, {@code wD [kD]}, {@code wG [kG]}
     */
    public static Tensor expectation(Tensor pairs, Tensor wD, Tensor wG) {
        if (pairs.rank() != 2 || wD.rank() != 1 || wG.rank() != 1 || wD.size() != pairs.shape().dim(0)
                || wG.size() != pairs.shape().dim(1)) {
            throw new IllegalArgumentException("MixturePayoff.expectation: pairs must be [kD, kG] with wD [kD] and "
                    + "wG [kG], got " + pairs.shape() + ", " + wD.shape() + ", " + wG.shape());
        }
        return pairs.mul(wD.reshape(wD.size(), 1)).mul(wG.reshape(1, wG.size())).sum();
    }

    private static int checkReal(Tensor realOut) {
        if (realOut.rank() != 3 || realOut.shape().dim(2) != 1) {
            throw new IllegalArgumentException("pairValues: real outputs must be [kD, b, 1], got " + realOut.shape());
        }
        return realOut.shape().dim(0);
    }

    private static void checkFake(Tensor fakeOut, int kD, int kG, int b) {
        if (kG <= 0 || fakeOut.rank() != 3 || fakeOut.shape().dim(0) != kD || fakeOut.shape().dim(1) != kG * b
                || fakeOut.shape().dim(2) != 1) {
            throw new IllegalArgumentException("pairValues: fake outputs must be [kD=" + kD + ", kG*b=" + kG + "*" + b
                    + ", 1], got " + fakeOut.shape());
        }
    }
}
