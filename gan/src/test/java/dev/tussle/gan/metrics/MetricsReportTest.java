package dev.tussle.gan.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.gan.data.DataSet;
import dev.tussle.gan.data.DataSets;
import org.junit.jupiter.api.Test;

/** The report the trainer logs, and its JSON form. */
class MetricsReportTest {

    @Test
    void serialisesToOneJsonObjectWithNullsForAbsentPartsAndNonFiniteNumbers() {
        ModeCoverage coverage = new ModeCoverage(4, 2, 1, 0.5, Double.NaN, new int[] {2, 0});
        MetricsReport report = new MetricsReport(500, "two \"points\"", 4, coverage, 0.25, Double.POSITIVE_INFINITY,
                null, new Moments(1.5, 2.0));
        assertThat(report.toJson()).isEqualTo("{\"step\":500,\"dataSet\":\"two \\\"points\\\"\",\"sampleCount\":4,"
                + "\"modeCoverage\":{\"sampleCount\":4,\"totalModes\":2,\"modesCaptured\":1,\"highQualityFraction\":0.5,"
                + "\"reverseKl\":null,\"highQualityCounts\":[2,0]},\"energyDistance\":0.25,\"slicedWasserstein\":null,"
                + "\"generatedMoments\":null,\"realMoments\":{\"mean\":1.5,\"std\":2.0}}");
    }

    @Test
    void realSamplesOfTheRingScoreAsAPerfectGenerator() {
        DataSet ring = DataSets.byName("ring8");
        MetricsReport r = LabMetrics.evaluate(100, ring, ring.sample(new Rng(1), LabMetrics.DEFAULT_SAMPLE_COUNT), new Rng(2));
        assertThat(r.modeCoverage().modesCaptured()).isEqualTo(8);
        // A real sample is within 3σ of its mode with probability 1 − exp(−4.5) ≈ 0.989 in 2-D.
        assertThat(r.modeCoverage().highQualityFraction()).isGreaterThan(0.97);
        assertThat(r.modeCoverage().reverseKl()).isLessThan(0.01);
        assertThat(r.energyDistance()).isLessThan(0.01);
        assertThat(r.generatedMoments()).isNull();
        assertThat(r.toJson()).startsWith("{\"step\":100,\"dataSet\":\"ring8\",\"sampleCount\":2500,");
    }

    @Test
    void oneDimensionalDataGetsMomentsAndContinuaGetNoModes() {
        DataSet g = DataSets.gaussian1d(0, 1);
        MetricsReport r = LabMetrics.evaluate(0, g, g.sample(new Rng(3), 1000), new Rng(4));
        assertThat(r.generatedMoments()).isNotNull();
        assertThat(r.realMoments().std()).isBetween(0.85, 1.15);
        DataSet circle = DataSets.byName("circle");
        MetricsReport c = LabMetrics.evaluate(0, circle, circle.sample(new Rng(5), 200), new Rng(6));
        assertThat(c.modeCoverage()).isNull();
        assertThat(c.toJson()).contains("\"modeCoverage\":null");
    }

    @Test
    void aDivergedGeneratorGivesNullDistancesInsteadOfFailing() {
        DataSet ring = DataSets.byName("ring8");
        float[] flat = ring.sample(new Rng(7), 100).toFloatArray();
        flat[10] = Float.NaN;
        flat[11] = Float.POSITIVE_INFINITY;
        MetricsReport r = LabMetrics.evaluate(9, ring, Tensor.of(flat, 100, 2), new Rng(8));
        assertThat(r.modeCoverage().highQualityFraction()).isLessThanOrEqualTo(0.99);
        assertThat(r.energyDistance()).isNaN();
        assertThat(r.toJson()).contains("\"energyDistance\":null,\"slicedWasserstein\":null");
    }
}
