package dev.tussle.gan.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Samplers: shapes, determinism per seed, and statistical checks. Every statistical bound is
 * set so that a correct sampler fails it with probability about 1e-4 or less; the seeds are
 * fixed, so the tests are deterministic.
 */
class DataSetsTest {
    /** Chi-square quantiles at 1 − 1e-4 for the degrees of freedom used here (scipy.stats.chi2.ppf). */
    private static final double CHI2_1 = 15.14;
    private static final double CHI2_3 = 21.11;
    private static final double CHI2_7 = 29.88;
    private static final double CHI2_24 = 58.62;

    static Iterable<String> names() {
        return DataSets.names();
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyNamedDataSetSamplesFloat32RowsOfItsDimension(String name) {
        DataSet data = DataSets.byName(name);
        Tensor batch = data.sample(new Rng(1), 37);
        assertThat(batch.dtype()).isEqualTo(DType.F32);
        assertThat(batch.shape().dims()).containsExactly(37, data.dim());
        assertThat(batch.allFinite()).isTrue();
        assertThat(data.name()).isEqualTo(name);
    }

    @ParameterizedTest
    @MethodSource("names")
    void sameSeedGivesSameBatchAndOtherSeedAnother(String name) {
        DataSet data = DataSets.byName(name);
        float[] a = data.sample(new Rng(42), 64).toFloatArray();
        float[] b = data.sample(new Rng(42), 64).toFloatArray();
        float[] c = data.sample(new Rng(43), 64).toFloatArray();
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    /**
     * A batch equals the points drawn one at a time by drawPoint (GaussianMixture draws the
     * planar mixtures' normals in bulk), bit for bit, and leaves the generator in the same state:
     * with a spare normal pending or not, one point or many, for every named data set.
     */
    @ParameterizedTest
    @MethodSource("names")
    void aBatchIsItsPointsDrawnOneAtATime(String name) {
        DataSet data = DataSets.byName(name);
        for (int n : new int[] {1, 2, 500}) {
            for (boolean spare : new boolean[] {false, true}) {
                Rng bulk = new Rng(n + 7);
                Rng single = new Rng(n + 7);
                if (spare) {
                    bulk.nextGaussian();
                    single.nextGaussian();
                }
                float[] batch = data.sample(bulk, n).toFloatArray();
                double[] point = new double[data.dim()];
                for (int i = 0; i < n; i++) {
                    data.drawPoint(single, point);
                    for (int j = 0; j < point.length; j++) {
                        assertThat(batch[i * point.length + j]).as("%s n=%d spare=%s point %d", name, n, spare, i)
                                .isEqualTo((float) point[j]);
                    }
                }
                assertThat(bulk.state()).as("%s n=%d spare=%s state", name, n, spare).containsExactly(single.state());
            }
        }
    }

    @Test
    void byNameIsCaseInsensitiveAndRejectsUnknownNamesListingTheAllowedOnes() {
        assertThat(DataSets.byName("RING8").name()).isEqualTo("ring8");
        assertThatThrownBy(() -> DataSets.byName("ring9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DataSets.byName")
                .hasMessageContaining("'ring9'")
                .hasMessageContaining("two-points, four-points, circle, ring8, grid25, swiss-roll, gaussian1d");
    }

    @Test
    void emptyBatchHasShapeZeroByDAndNegativeSizeIsRejected() {
        assertThat(DataSets.byName("ring8").sample(new Rng(1), 0).shape().dims()).containsExactly(0, 2);
        assertThatThrownBy(() -> DataSets.byName("ring8").sample(new Rng(1), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sample(ring8)").hasMessageContaining("-1");
    }

    @Test
    void twoPointsAreExactlyThePointsWithEqualFrequencies() {
        float[] xs = DataSets.twoPoints().sample(new Rng(7), 4000).toFloatArray();
        int[] counts = new int[2];
        for (int i = 0; i < xs.length; i += 2) {
            assertThat(xs[i + 1]).isZero();
            assertThat(Math.abs(xs[i])).isEqualTo(1f);
            counts[xs[i] < 0 ? 0 : 1]++;
        }
        assertThat(chiSquare(counts, new double[] {0.5, 0.5})).isLessThan(CHI2_1);
    }

    @Test
    void fourPointsHitEachPointWithFrequencyOneQuarter() {
        GaussianMixture four = DataSets.fourPoints();
        double[][] rows = Points.rows("test", four.sample(new Rng(8), 4000));
        Modes modes = four.modes().orElseThrow();
        int[] counts = new int[4];
        for (double[] p : rows) {
            int k = modes.nearest(p);
            assertThat(modes.distance(p, k)).isZero();
            counts[k]++;
        }
        assertThat(chiSquare(counts, modes.weights())).isLessThan(CHI2_3);
    }

    @Test
    void circlePointsLieOnTheUnitCircleWithUniformAngles() {
        double[][] rows = Points.rows("test", DataSets.circle(1.0).sample(new Rng(9), 8000));
        int[] counts = new int[8];
        for (double[] p : rows) {
            // float32 rounding of each coordinate moves the radius by at most ~1e-7.
            assertThat(Math.hypot(p[0], p[1])).isCloseTo(1.0, within(1e-6));
            double angle = Math.atan2(p[1], p[0]) + Math.PI;
            counts[Math.min(7, (int) (angle / (2 * Math.PI) * 8))]++;
        }
        double[] uniform = new double[8];
        Arrays.fill(uniform, 1.0 / 8);
        assertThat(chiSquare(counts, uniform)).isLessThan(CHI2_7);
    }

    @Test
    void ringOfEightHasPacGanMeansAndSigmaAndBalancedModes() {
        GaussianMixture ring = DataSets.ring(8, DataSets.RING_RADIUS, DataSets.RING_SIGMA);
        Modes modes = ring.modes().orElseThrow();
        assertThat(modes.count()).isEqualTo(8);
        assertThat(modes.sigma()).isEqualTo(0.01);
        for (int k = 0; k < 8; k++) {
            assertThat(Math.hypot(modes.centre(k)[0], modes.centre(k)[1])).isCloseTo(1.0, within(1e-12));
        }
        int n = 8000;
        double[][] rows = Points.rows("test", ring.sample(new Rng(10), n));
        int[] counts = new int[8];
        double squaredSum = 0;
        for (double[] p : rows) {
            int k = modes.nearest(p);
            double d = modes.distance(p, k);
            // P(|N(0, σ²I₂)| > 6σ) = exp(−18) ≈ 1.5e-8 per point.
            assertThat(d).isLessThan(6 * 0.01);
            squaredSum += d * d;
            counts[k]++;
        }
        assertThat(chiSquare(counts, modes.weights())).isLessThan(CHI2_7);
        // E|x − c|² = 2σ²; the mean of n such terms (each σ²·χ²₂, variance 4σ⁴) has sd 2σ²/√n.
        double meanSquared = squaredSum / n;
        assertThat(meanSquared).isCloseTo(2e-4, within(5 * 2e-4 / Math.sqrt(n)));
    }

    @Test
    void gridOfTwentyFiveHasMeansOnMinusFourToFourAndBalancedModes() {
        GaussianMixture grid = DataSets.grid(5, DataSets.GRID_SPACING, DataSets.GRID_SIGMA);
        Modes modes = grid.modes().orElseThrow();
        assertThat(modes.count()).isEqualTo(25);
        assertThat(modes.sigma()).isEqualTo(0.05);
        assertThat(modes.centre(0)).containsExactly(-4.0, -4.0);
        assertThat(modes.centre(24)).containsExactly(4.0, 4.0);
        assertThat(modes.centre(12)).containsExactly(0.0, 0.0);
        double[][] rows = Points.rows("test", grid.sample(new Rng(11), 10000));
        int[] counts = new int[25];
        for (double[] p : rows) {
            int k = modes.nearest(p);
            assertThat(modes.distance(p, k)).isLessThan(6 * 0.05);
            counts[k]++;
        }
        assertThat(chiSquare(counts, modes.weights())).isLessThan(CHI2_24);
    }

    @Test
    void gaussian1dHasTheRequestedMeanAndSigma() {
        int n = 20000;
        double[][] rows = Points.rows("test", DataSets.gaussian1d(3.0, 2.0).sample(new Rng(12), n));
        double mean = 0;
        for (double[] r : rows) {
            mean += r[0];
        }
        mean /= n;
        double var = 0;
        for (double[] r : rows) {
            var += (r[0] - mean) * (r[0] - mean);
        }
        var /= n;
        // 5 standard errors: sd(mean) = σ/√n, sd(var) ≈ σ²·√(2/n).
        assertThat(mean).isCloseTo(3.0, within(5 * 2.0 / Math.sqrt(n)));
        assertThat(var).isCloseTo(4.0, within(5 * 4.0 * Math.sqrt(2.0 / n)));
    }

    @Test
    void swissRollStaysBetweenItsInnerAndOuterRadius() {
        double[][] rows = Points.rows("test", new SwissRoll().sample(new Rng(13), 5000));
        double noise = SwissRoll.DEFAULT_NOISE;
        double inner = 1.5 * Math.PI / SwissRoll.DEFAULT_SCALE - 8 * noise;
        double outer = 4.5 * Math.PI / SwissRoll.DEFAULT_SCALE + 8 * noise;
        for (double[] p : rows) {
            assertThat(Math.hypot(p[0], p[1])).isBetween(inner, outer);
        }
        DataSet noiseless = DataSets.swissRoll(1.0, 0.0);
        double[] p = new double[2];
        noiseless.drawPoint(new Rng(14), p);
        double t = Math.hypot(p[0], p[1]);
        assertThat(p[0]).isCloseTo(t * Math.cos(t), within(1e-9));
        assertThat(p[1]).isCloseTo(t * Math.sin(t), within(1e-9));
    }

    @Test
    void badParametersAreRejectedNamingTheOperationAndValue() {
        assertThatThrownBy(() -> DataSets.circle(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Circle").hasMessageContaining("0.0");
        assertThatThrownBy(() -> DataSets.ring(8, 1, -0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sigma").hasMessageContaining("-0.1");
        assertThatThrownBy(() -> DataSets.grid(0, 2, 0.05)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DataSets.grid").hasMessageContaining("side=0");
        assertThatThrownBy(() -> DataSets.gaussian1d(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gaussian1d").hasMessageContaining("NaN");
        assertThatThrownBy(() -> DataSets.swissRoll(7.5, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SwissRoll").hasMessageContaining("-1.0");
        assertThatThrownBy(() -> new Modes(new double[][] {{0, 0}, {1}}, new double[] {1, 1}, 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("centre 1 has 1 coordinates");
        assertThatThrownBy(() -> new Modes(new double[][] {{0, 0}}, new double[] {0}, 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to 0");
    }

    @Test
    void modesNormaliseTheirWeightsAndCopyTheirArrays() {
        double[][] centres = {{0, 0}, {1, 1}};
        Modes modes = new Modes(centres, new double[] {1, 3}, 0.1);
        centres[0][0] = 99;
        assertThat(modes.weights()).containsExactly(0.25, 0.75);
        assertThat(modes.centre(0)).containsExactly(0.0, 0.0);
        assertThat(modes.nearest(new double[] {0.9, 0.8})).isEqualTo(1);
    }

    static double chiSquare(int[] counts, double[] probabilities) {
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        double x2 = 0;
        for (int k = 0; k < counts.length; k++) {
            double expected = n * probabilities[k];
            x2 += (counts[k] - expected) * (counts[k] - expected) / expected;
        }
        return x2;
    }
}
