package dev.tussle.gan.objective;

import dev.tussle.engine.Tensor;

import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A GAN objective: a measuring function f and the generator's way of playing against it. The
 * discriminator maximizes {@link #value}; both losses returned here are to be minimized.
 *
 * @param name      the name used in logs and on the command line
 * @param f         the measuring function
 * @param generator how the generator's loss is formed
 */
public record Objective(String name, MeasuringFunction f, GeneratorLoss generator) {

    public Objective {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(generator, "generator");
    }

    /** The original minimax GAN: f = log on logits, saturating generator loss. */
    public static Objective minimax() {
        return new Objective("minimax", MeasuringFunction.log(), GeneratorLoss.SATURATING);
    }

    /** f = log on logits, non-saturating generator loss −E[log D(G(z))]. */
    public static Objective nonSaturating() {
        return new Objective("nonsaturating", MeasuringFunction.log(), GeneratorLoss.NON_SATURATING);
    }

    /** Wasserstein GAN: f(x) = x on the critic's raw output (pair it with clipping or a penalty). */
    public static Objective wasserstein() {
        return new Objective("wasserstein", MeasuringFunction.identity(), GeneratorLoss.CRITIC_SCORE);
    }

    /** Least-squares GAN on the raw output, generator loss E[(c − 1)²]. */
    public static Objective leastSquares() {
        return new Objective("leastsquares", MeasuringFunction.leastSquares(), GeneratorLoss.NON_SATURATING);
    }

    /** Hinge loss on the critic's raw output, generator loss −E[c]. */
    public static Objective hinge() {
        return new Objective("hinge", MeasuringFunction.hinge(), GeneratorLoss.CRITIC_SCORE);
    }

    /** A user-supplied differentiable f on probabilities D = sigmoid(logit). */
    public static Objective custom(String name, UnaryOperator<Tensor> f, GeneratorLoss generator) {
        return new Objective(name, MeasuringFunction.ofProbability(f), generator);
    }

    /** The built-in objective called {@code name} (case-insensitive). */
    public static Objective byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "minimax" -> minimax();
            case "nonsaturating", "non-saturating", "ns" -> nonSaturating();
            case "wasserstein", "wgan" -> wasserstein();
            case "leastsquares", "least-squares", "lsgan" -> leastSquares();
            case "hinge" -> hinge();
            default -> throw new IllegalArgumentException("objective: unknown name '" + name
                    + "'; allowed: minimax, nonsaturating, wasserstein, leastsquares, hinge");
        };
    }

    /** E_real[f(D(x))] + E_fake[f(1 − D(G(z)))], which the discriminator maximizes. */
    public Tensor value(Tensor realOut, Tensor fakeOut) {
        return valueFromMeans(f.ofD(realOut).mean(), f.ofOneMinusD(fakeOut).mean());
    }

    /** {@link #value} from the two means, E_real[f(D(x))] and E_fake[f(1 − D(G(z)))] (a device path computes them). */
    public Tensor valueFromMeans(Tensor realTermMean, Tensor fakeTermMean) {
        return realTermMean.add(fakeTermMean);
    }

    /** The discriminator's loss: −{@link #value}. */
    public Tensor discriminatorLoss(Tensor realOut, Tensor fakeOut) {
        return value(realOut, fakeOut).neg();
    }

    /** {@link #discriminatorLoss} from the two means of {@link #valueFromMeans}. */
    public Tensor discriminatorLossFromMeans(Tensor realTermMean, Tensor fakeTermMean) {
        return valueFromMeans(realTermMean, fakeTermMean).neg();
    }

    /** The generator's loss from the discriminator's output on generated samples. */
    public Tensor generatorLoss(Tensor fakeOut) {
        return generatorLoss(fakeOut, Tensor::mean);
    }

    /**
     * The generator's loss for each batch along {@code axis}: the mean over that axis only (the
     * other axes are kept apart; the mixture uses it for all generator–discriminator pairs at once).
     */
    public Tensor generatorLoss(Tensor fakeOut, int axis) {
        return generatorLoss(fakeOut, t -> t.mean(axis, false));
    }

    private Tensor generatorLoss(Tensor fakeOut, UnaryOperator<Tensor> mean) {
        return generatorLossFromMean(mean.apply(generatorTerm(fakeOut)));
    }

    /** The elementwise term whose mean the generator's loss is made of: f(1 − D), f(D) or the raw score. */
    public Tensor generatorTerm(Tensor fakeOut) {
        return switch (generator) {
            case SATURATING -> f.ofOneMinusD(fakeOut);
            case NON_SATURATING -> f.ofD(fakeOut);
            case CRITIC_SCORE -> fakeOut;
        };
    }

    /** The generator's loss from the mean of {@link #generatorTerm} (a device path computes it). */
    public Tensor generatorLossFromMean(Tensor termMean) {
        return generator == GeneratorLoss.SATURATING ? termMean : termMean.neg();
    }

    /**
     * The CUDA head kernels' code of {@link #generatorTerm} ({@code CudaBackend.ganHeadTerms}:
     * 1 f(1 − D), 0 f(D), 2 the raw score).
     */
    public int generatorTermCode() {
        return switch (generator) {
            case SATURATING -> 1;
            case NON_SATURATING -> 0;
            case CRITIC_SCORE -> 2;
        };
    }
}
