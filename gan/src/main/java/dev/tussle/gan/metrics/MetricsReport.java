package dev.tussle.gan.metrics;

/**
 * The metrics of one evaluation of a generator during or after training, ready to log as one
 * line of JSON ({@link #toJson()}).
 *
 * @param step              the training step the samples were drawn at
 * @param dataSet           the data set's name
 * @param sampleCount       the number of generated samples evaluated
 * @param modeCoverage      the VEEGAN / PacGAN mode metrics, or null when the data set has no modes
 * @param energyDistance    energy distance between generated and fresh real samples
 * @param slicedWasserstein sliced W1 between generated and fresh real samples
 * @param exactWasserstein  exact W1 (optimal assignment) between generated samples and real ones or, for a
 *                          small finite data set, its own points; NaN when there are too many samples
 *                          (see {@link LabMetrics})
 * @param generatedMoments  mean and std of the generated samples for 1-D data, else null
 * @param realMoments       mean and std of the real samples for 1-D data, else null
 */
public record MetricsReport(long step, String dataSet, int sampleCount, ModeCoverage modeCoverage,
                            double energyDistance, double slicedWasserstein, double exactWasserstein,
                            Moments generatedMoments, Moments realMoments) {

    /**
     * This report as one JSON object on one line; absent parts are {@code null}, as are
     * non-finite numbers. For example
     * {@code {"step":500,"dataSet":"ring8","sampleCount":2500,"modeCoverage":{...},"energyDistance":0.01,...}}.
     */
    public String toJson() {
        return new Json.ObjectWriter()
                .field("step", step)
                .field("dataSet", dataSet)
                .field("sampleCount", sampleCount)
                .rawField("modeCoverage", modeCoverage == null ? null : modeCoverage.toJson())
                .field("energyDistance", energyDistance)
                .field("slicedWasserstein", slicedWasserstein)
                .field("exactWasserstein", exactWasserstein)
                .rawField("generatedMoments", generatedMoments == null ? null : generatedMoments.toJson())
                .rawField("realMoments", realMoments == null ? null : realMoments.toJson())
                .toString();
    }
}
