package dev.tussle.gan.train;

import java.util.Locale;

/**
 * What one training step measured. {@code dReal} and {@code dFake} are the mean of D(x) on the
 * last real and generated batch: a probability for the sigmoid family of objectives, the raw
 * critic score for Wasserstein and hinge.
 *
 * @param step      the generator step just completed (1-based)
 * @param lossD     the discriminator's last loss (penalties included)
 * @param lossG     the generator's loss
 * @param gradNormD the global norm of the discriminator's last gradient
 * @param gradNormG the global norm of the generator's gradient
 * @param dReal     mean D on real samples
 * @param dFake     mean D on generated samples
 */
public record StepStats(long step, double lossD, double lossG, double gradNormD, double gradNormG, double dReal,
                        double dFake) {

    /** Whether every measured value is finite. */
    public boolean allFinite() {
        return Double.isFinite(lossD) && Double.isFinite(lossG) && Double.isFinite(gradNormD)
                && Double.isFinite(gradNormG) && Double.isFinite(dReal) && Double.isFinite(dFake);
    }

    /** The first non-finite quantity's description, e.g. {@code "discriminator loss = NaN"}, or null. */
    public String firstNonFinite() {
        String[] names = {"discriminator loss", "generator loss", "discriminator gradient norm",
            "generator gradient norm", "mean D(real)", "mean D(fake)"};
        double[] values = {lossD, lossG, gradNormD, gradNormG, dReal, dFake};
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                return names[i] + " = " + values[i];
            }
        }
        return null;
    }

    /** The fields of a JSONL log line (without braces). */
    public String jsonFields() {
        return String.format(Locale.ROOT, "\"step\": %d, \"loss_d\": %s, \"loss_g\": %s, \"grad_norm_d\": %s, "
                        + "\"grad_norm_g\": %s, \"d_real\": %s, \"d_fake\": %s", step, num(lossD), num(lossG),
                num(gradNormD), num(gradNormG), num(dReal), num(dFake));
    }

    /** A JSON number, or a string for NaN and infinities (which JSON cannot represent). */
    static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "\"" + v + "\"";
    }
}
