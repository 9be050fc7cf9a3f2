package dev.tussle.gan.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tussle.gan.data.DataSets;
import dev.tussle.gan.data.Modes;
import dev.tussle.gan.data.Points;
import org.junit.jupiter.api.Test;

/** The VEEGAN / PacGAN mode metrics on constructed sample sets whose answers are known. */
class ModeCoverageTest {
    private final Modes ring = DataSets.ring(8, 1.0, 0.01).modes().orElseThrow();

    @Test
    void samplesAtEveryCentreCaptureAllModesAllHighQualityWithZeroKl() {
        double[][] samples = new double[2400][];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = ring.centre(i % 8);
        }
        // Through a float32 tensor, as generated samples arrive.
        ModeCoverage c = ModeCoverage.evaluate(Points.tensor(samples), ring);
        assertThat(c.sampleCount()).isEqualTo(2400);
        assertThat(c.totalModes()).isEqualTo(8);
        assertThat(c.modesCaptured()).isEqualTo(8);
        assertThat(c.highQualityFraction()).isEqualTo(1.0);
        assertThat(c.reverseKl()).isCloseTo(0.0, within(1e-12));
        assertThat(c.highQualityCounts()).containsOnly(300);
    }

    @Test
    void samplesAtHalfTheModesCaptureHalfWithKlLogTwo() {
        double[][] samples = new double[400][];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = ring.centre(2 * (i % 4));
        }
        ModeCoverage c = ModeCoverage.evaluate(samples, ring);
        assertThat(c.modesCaptured()).isEqualTo(4);
        assertThat(c.highQualityFraction()).isEqualTo(1.0);
        // p = 1/4 on four modes, w = 1/8: KL = 4 · (1/4) log 2.
        assertThat(c.reverseKl()).isCloseTo(Math.log(2), within(1e-12));
        assertThat(c.highQualityCounts()).containsExactly(100, 0, 100, 0, 100, 0, 100, 0);
    }

    @Test
    void samplesFarFromEveryModeAreNotHighQualityAndKlIsUndefined() {
        double[][] samples = {{10, 10}, {-5, 3}, {0, 0}};
        ModeCoverage c = ModeCoverage.evaluate(samples, ring);
        assertThat(c.modesCaptured()).isZero();
        assertThat(c.highQualityFraction()).isZero();
        assertThat(c.reverseKl()).isNaN();
        assertThat(c.toJson()).contains("\"reverseKl\":null");
    }

    @Test
    void handComputedKlAndFractionWithSomeLowQualitySamples() {
        Modes four = DataSets.fourPoints().modes().orElseThrow(); // σ = 0.05: radius 0.15
        double[][] samples = {{-1, 0}, {-1.1, 0}, {-1, 0.1}, {1, 0.05}, {0, 0.5}, {3, 3}};
        ModeCoverage c = ModeCoverage.evaluate(samples, four);
        assertThat(c.highQualityCounts()).containsExactly(3, 1, 0, 0);
        assertThat(c.modesCaptured()).isEqualTo(2);
        assertThat(c.highQualityFraction()).isCloseTo(4.0 / 6, within(1e-15));
        // p = (3/4, 1/4, 0, 0), w = 1/4 each: KL = 3/4 log 3 + 1/4 log 1.
        assertThat(c.reverseKl()).isCloseTo(0.75 * Math.log(3), within(1e-12));
    }

    @Test
    void klUsesTheTrueWeightsAndTheThreeSigmaBoundary() {
        Modes skewed = new Modes(new double[][] {{0}, {10}}, new double[] {0.2, 0.8}, 1.0);
        ModeCoverage c = ModeCoverage.evaluate(new double[][] {{2.9}, {-3.1}, {10}}, skewed);
        assertThat(c.highQualityCounts()).containsExactly(1, 1);
        // p = (1/2, 1/2): KL = 1/2 log(0.5/0.2) + 1/2 log(0.5/0.8).
        assertThat(c.reverseKl()).isCloseTo(0.5 * Math.log(2.5) + 0.5 * Math.log(0.625), within(1e-12));
    }

    @Test
    void rejectsSamplesOfTheWrongDimensionOrNone() {
        assertThatThrownBy(() -> ModeCoverage.evaluate(new double[][] {{1, 2, 3}}, ring))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ModeCoverage.evaluate: sample 0 has 3 coordinates but the modes live in dimension 2");
        assertThatThrownBy(() -> ModeCoverage.evaluate(new double[0][], ring))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no samples");
    }
}
