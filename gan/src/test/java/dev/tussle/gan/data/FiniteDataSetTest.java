package dev.tussle.gan.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tussle.engine.Rng;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Finite data sets: N points drawn once (the stability essay's 2500, 100, 5), then resampled uniformly. */
class FiniteDataSetTest {

    @ParameterizedTest
    @ValueSource(ints = {2500, 100, 5})
    void drawsNPointsOnceAndKeepsTheSourceModes(int n) {
        DataSet source = DataSets.byName("gaussian1d");
        FiniteDataSet finite = FiniteDataSet.drawnFrom(source, n, new Rng(3));
        assertThat(finite.size()).isEqualTo(n);
        assertThat(finite.dim()).isEqualTo(1);
        assertThat(finite.name()).isEqualTo("gaussian1d-n" + n);
        assertThat(finite.modes()).isPresent();
        assertThat(finite.points().shape().dims()).containsExactly(n, 1);
        // Same seed, same N points.
        assertThat(FiniteDataSet.drawnFrom(source, n, new Rng(3)).points().toFloatArray())
                .containsExactly(finite.points().toFloatArray());
    }

    @Test
    void resamplesOnlyItsOwnPointsEachWithProbabilityOneOverN() {
        FiniteDataSet five = FiniteDataSet.drawnFrom(DataSets.byName("ring8"), 5, new Rng(4));
        List<Float> stored = IntStream.range(0, 5)
                .mapToObj(i -> five.points().toFloatArray()[2 * i]).toList();
        float[] batch = five.sample(new Rng(5), 5000).toFloatArray();
        Map<Float, Integer> counts = new HashMap<>();
        for (int i = 0; i < batch.length; i += 2) {
            assertThat(stored).contains(batch[i]);
            counts.merge(batch[i], 1, Integer::sum);
        }
        int[] c = counts.values().stream().mapToInt(Integer::intValue).toArray();
        assertThat(c).hasSize(5);
        // 4 degrees of freedom, quantile at 1 − 1e-4.
        assertThat(DataSetsTest.chiSquare(c, new double[] {0.2, 0.2, 0.2, 0.2, 0.2})).isLessThan(23.52);
    }

    @Test
    void rejectsEmptyRaggedAndNonFinitePoints() {
        assertThatThrownBy(() -> FiniteDataSet.drawnFrom(DataSets.twoPoints(), 0, new Rng(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("N must be >= 1, got 0");
        assertThatThrownBy(() -> FiniteDataSet.of("x", new double[][] {{1, 2}, {3}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("point 1 has 1 coordinates");
        assertThatThrownBy(() -> FiniteDataSet.of("x", new double[][] {{1, Double.NaN}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-finite");
    }
}
