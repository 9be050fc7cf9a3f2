package dev.tussle.gan.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.gan.data.DataSet;
import dev.tussle.gan.data.DataSets;
import dev.tussle.gan.data.FiniteDataSet;
import dev.tussle.gan.train.RunLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report the trainer logs, and its JSON form. */
class MetricsReportTest {

    @Test
    void serialisesToOneJsonObjectWithNullsForAbsentPartsAndNonFiniteNumbers() {
        ModeCoverage coverage = new ModeCoverage(4, 2, 1, 0.5, Double.NaN, new int[] {2, 0});
        MetricsReport report = new MetricsReport(500, "two \"points\"", 4, coverage, 0.25, Double.POSITIVE_INFINITY,
                0.125, null, new Moments(1.5, 2.0));
        assertThat(report.toJson()).isEqualTo("{\"step\":500,\"dataSet\":\"two \\\"points\\\"\",\"sampleCount\":4,"
                + "\"modeCoverage\":{\"sampleCount\":4,\"totalModes\":2,\"modesCaptured\":1,\"highQualityFraction\":0.5,"
                + "\"reverseKl\":null,\"highQualityCounts\":[2,0]},\"energyDistance\":0.25,\"slicedWasserstein\":null,"
                + "\"exactWasserstein\":0.125,\"generatedMoments\":null,\"realMoments\":{\"mean\":1.5,\"std\":2.0}}");
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
        assertThat(r.exactWasserstein()).isNaN();
        assertThat(r.toJson()).contains("\"energyDistance\":null,\"slicedWasserstein\":null,\"exactWasserstein\":null");
    }

    @Test
    void exactWassersteinIsTheAssignmentOnTheSameRealSamplesUpToTheLimitAndOnTheFirstOnesAbove() {
        DataSet ring = DataSets.byName("ring8");
        for (int n : new int[] {3, 200, LabMetrics.EXACT_WASSERSTEIN_MAX_SAMPLES}) {
            Tensor generated = ring.sample(new Rng(10), n).mul(1.1);
            MetricsReport r = LabMetrics.evaluate(5, ring, generated, new Rng(11));
            // evaluate draws its n real samples first from the stream it is given.
            Tensor real = ring.sample(new Rng(11), n);
            assertThat(r.exactWasserstein()).as("n = %d", n).isEqualTo(ExactWasserstein.between(generated, real));
            assertThat(r.exactWasserstein()).as("n = %d", n).isPositive();
            assertThat(r.toJson()).contains("\"exactWasserstein\":" + r.exactWasserstein() + ",");
        }
        // Above the limit: the first 500 generated samples against the first 500 real ones.
        int limit = LabMetrics.EXACT_WASSERSTEIN_MAX_SAMPLES;
        Tensor generated = ring.sample(new Rng(10), 2 * limit + 1).mul(1.1);
        MetricsReport r = LabMetrics.evaluate(5, ring, generated, new Rng(11));
        Tensor real = ring.sample(new Rng(11), 2 * limit + 1);
        assertThat(r.exactWasserstein()).isEqualTo(ExactWasserstein.between(generated.slice(0, 0, limit), real.slice(0, 0, limit)));
        assertThat(r.energyDistance()).isFinite();
    }

    @Test
    void exactWassersteinOfASmallFiniteDataSetIsAgainstItsOwnPointsRepeated() {
        FiniteDataSet three = FiniteDataSet.of("three", new double[][] {{0, 0}, {1, 0}, {0, 2}});
        // Seven samples: the points twice over in another order, then one far away that k·N = 6 leaves out.
        Tensor repeated = Tensor.of(new double[][] {{0, 2}, {1, 0}, {0, 0}, {0, 0}, {0, 2}, {1, 0}, {50, 50}});
        assertThat(LabMetrics.evaluate(1, three, repeated, new Rng(12)).exactWasserstein()).isZero();
        // A translation by t moves every point by |t|, and no plan does better than the mean's shift.
        Tensor shifted = Tensor.of(new double[][] {{0.5, 2}, {1.5, 0}, {0.5, 0}, {0.5, 0}, {0.5, 2}, {1.5, 0}, {50, 50}});
        MetricsReport r = LabMetrics.evaluate(1, three, shifted, new Rng(12));
        assertThat(r.exactWasserstein()).isCloseTo(0.5, within(1e-12));
        assertThat(LabMetrics.evaluate(1, three, shifted, new Rng(12)).toJson()).isEqualTo(r.toJson());
        // Fewer samples than points: the rule of continuous sets, on the real draws.
        FiniteDataSet fifty = FiniteDataSet.drawnFrom(DataSets.byName("ring8"), 50, new Rng(13));
        Tensor generated = DataSets.byName("ring8").sample(new Rng(14), 20);
        MetricsReport few = LabMetrics.evaluate(1, fifty, generated, new Rng(15));
        assertThat(few.exactWasserstein()).isEqualTo(ExactWasserstein.between(generated, fifty.sample(new Rng(15), 20)));
    }

    @Test
    void theLogReaderGetsTheExactDistanceBackAndOldLogsWithoutItStillRead(@TempDir Path dir) throws IOException {
        DataSet ring = DataSets.byName("ring8");
        MetricsReport r = LabMetrics.evaluate(40, ring, ring.sample(new Rng(16), 100), new Rng(17));
        MetricsReport unmeasured = new MetricsReport(60, "ring8", 2500, null, 0.5, 0.25, Double.NaN, null, null);
        // An evaluation line as TrainingRun writes it, and one of a log written before the key existed.
        String old = "{\"step\": 20, \"loss_d\": 1.3, \"metrics\": {\"step\":20,\"dataSet\":\"ring8\","
                + "\"sampleCount\":2500,\"modeCoverage\":null,\"energyDistance\":0.75,\"slicedWasserstein\":0.5,"
                + "\"generatedMoments\":null,\"realMoments\":null}}";
        Files.write(dir.resolve("log.jsonl"), List.of(old, "{\"step\": 40, \"metrics\": " + r.toJson() + "}",
                "{\"step\": 60, \"metrics\": " + unmeasured.toJson() + "}"));
        RunLog log = RunLog.read(dir);
        RunLog.Points exact = log.series("exactWasserstein");
        assertThat(exact.steps()).containsExactly(40);
        assertThat(exact.values()).containsExactly(r.exactWasserstein());
        assertThat(log.series("energyDistance").values()).containsExactly(0.75, r.energyDistance(), 0.5);
    }
}
