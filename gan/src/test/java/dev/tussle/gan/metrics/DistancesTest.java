package dev.tussle.gan.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tussle.engine.Rng;
import dev.tussle.gan.data.DataSets;
import dev.tussle.gan.data.Points;
import org.junit.jupiter.api.Test;

/** Energy distance, exact 1-D, sliced and assignment-based Wasserstein, moments. */
class DistancesTest {

    @Test
    void energyDistanceIsZeroForIdenticalSetsAndMatchesHandComputedValues() {
        double[][] a = Points.rows("t", DataSets.byName("grid25").sample(new Rng(1), 300));
        assertThat(EnergyDistance.between(a, a)).isZero();
        assertThat(EnergyDistance.between(new double[][] {{0}}, new double[][] {{1}})).isCloseTo(2.0, within(1e-15));
        // cross mean 1/2, within A (0+1+1+0)/4 = 1/2, within B 0: 2·1/2 − 1/2 − 0.
        assertThat(EnergyDistance.between(new double[][] {{0}, {1}}, new double[][] {{0}})).isCloseTo(0.5, within(1e-15));
        assertThat(EnergyDistance.between(new double[][] {{0, 0}}, new double[][] {{3, 4}})).isCloseTo(10.0, within(1e-12));
    }

    @Test
    void energyDistanceIsSymmetricAndSmallerForTheSameDistribution() {
        var ring = DataSets.byName("ring8");
        var a = ring.sample(new Rng(2), 400);
        var b = ring.sample(new Rng(3), 400);
        var far = DataSets.byName("grid25").sample(new Rng(4), 400);
        assertThat(EnergyDistance.between(a, b)).isCloseTo(EnergyDistance.between(b, a), within(1e-12));
        assertThat(EnergyDistance.between(a, b)).isLessThan(EnergyDistance.between(a, far) / 10);
    }

    @Test
    void wasserstein1dHandlesEqualAndUnequalSizes() {
        assertThat(Wasserstein1D.between(new double[] {3, 1, 2}, new double[] {2, 5, 1})).isCloseTo((0 + 0 + 2) / 3.0, within(1e-15));
        // F_a jumps to 1 at 0, F_b to 1/2 at 0 and 1 at 1: ∫ |F_a − F_b| = 1/2.
        assertThat(Wasserstein1D.between(new double[] {0}, new double[] {0, 1})).isCloseTo(0.5, within(1e-15));
        assertThat(Wasserstein1D.between(new double[] {0, 0, 1}, new double[] {0, 1, 1})).isCloseTo(1.0 / 3, within(1e-15));
        assertThatThrownBy(() -> Wasserstein1D.between(new double[0], new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty");
    }

    @Test
    void slicedWassersteinIsExactInOneDimensionAndSeeded() {
        double[][] a = {{0}, {1}, {5}};
        double[][] b = {{2}, {2}, {2}};
        assertThat(SlicedWasserstein.between(a, b, 3, new Rng(1))).isCloseTo(Wasserstein1D.between(
                new double[] {0, 1, 5}, new double[] {2, 2, 2}), within(1e-12));
        var ring = DataSets.byName("ring8");
        var x = ring.sample(new Rng(5), 200);
        var y = DataSets.byName("circle").sample(new Rng(6), 300);
        assertThat(SlicedWasserstein.between(x, y, 16, new Rng(9))).isEqualTo(SlicedWasserstein.between(x, y, 16, new Rng(9)));
    }

    @Test
    void slicedWassersteinOfATranslationIsTheMeanProjectedShift() {
        double[][] a = Points.rows("t", DataSets.byName("ring8").sample(new Rng(7), 100));
        double[][] b = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            b[i] = new double[] {a[i][0] + 3, a[i][1] + 4};
        }
        // Each slice sees the shift ⟨v, θ⟩ exactly; E|⟨v, θ⟩| = |v|·2/π, sd(|cos|) < 0.31.
        int projections = 4000;
        double sw = SlicedWasserstein.between(a, b, projections, new Rng(8));
        assertThat(sw).isCloseTo(5 * 2 / Math.PI, within(5 * 5 * 0.31 / Math.sqrt(projections)));
    }

    @Test
    void hungarianMatchesBruteForceOnRandomMatrices() {
        Rng rng = new Rng(11);
        for (int trial = 0; trial < 60; trial++) {
            int n = 1 + trial % 7;
            double[][] cost = new double[n][n];
            for (double[] row : cost) {
                for (int j = 0; j < n; j++) {
                    // Every third trial uses small integers, so that ties occur.
                    row[j] = trial % 3 == 0 ? rng.nextInt(4) : rng.nextGaussian() * 10;
                }
            }
            int[] assignment = Hungarian.solve(cost);
            assertThat(assignment).as("a permutation").hasSize(n).doesNotHaveDuplicates();
            assertThat(Hungarian.totalCost(cost, assignment)).isCloseTo(bruteForce(cost), within(1e-9));
        }
    }

    @Test
    void hungarianSolvesAKnownProblemAndRejectsBadMatrices() {
        double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
        int[] a = Hungarian.solve(cost);
        assertThat(Hungarian.totalCost(cost, a)).isEqualTo(5.0);
        assertThat(a).containsExactly(1, 0, 2);
        assertThatThrownBy(() -> Hungarian.solve(new double[][] {{1, 2}, {3}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1 has 1 entries but there are 2 rows");
        assertThatThrownBy(() -> Hungarian.solve(new double[][] {{Double.NaN}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cost[0][0] is NaN");
    }

    @Test
    void exactWassersteinOfAShuffledCopyIsZeroAndOfATranslationIsTheShift() {
        double[][] a = Points.rows("t", DataSets.byName("swiss-roll").sample(new Rng(12), 120));
        double[][] shuffled = new double[a.length][];
        double[][] moved = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            shuffled[i] = a[(i * 7 + 3) % a.length]; // 7 is coprime to 120: a permutation
            moved[i] = new double[] {a[i][0] + 0.3, a[i][1] - 0.4};
        }
        assertThat(ExactWasserstein.between(a, shuffled)).isCloseTo(0.0, within(1e-12));
        // Any plan costs at least |mean shift| = 0.5 (Jensen); the identity pairing achieves it.
        assertThat(ExactWasserstein.between(a, moved)).isCloseTo(0.5, within(1e-9));
        assertThatThrownBy(() -> ExactWasserstein.between(a, new double[][] {{0, 0}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("equal size, got 120 and 1");
    }

    @Test
    void exactWassersteinInOneDimensionEqualsTheSortedMatching() {
        Rng rng = new Rng(13);
        int n = 200;
        double[][] a = new double[n][1];
        double[][] b = new double[n][1];
        double[] a1 = new double[n];
        double[] b1 = new double[n];
        for (int i = 0; i < n; i++) {
            a1[i] = a[i][0] = rng.nextGaussian();
            b1[i] = b[i][0] = 0.5 + 2 * rng.nextGaussian();
        }
        // On the line the monotone (sorted) matching is optimal, so both must agree.
        assertThat(ExactWasserstein.between(a, b)).isCloseTo(Wasserstein1D.between(a1, b1), within(1e-9));
    }

    @Test
    void hungarianHandlesFiveHundredPointsAndBeatsTheIdentity() {
        Rng rng = new Rng(14);
        int n = 500;
        double[][] cost = new double[n][n];
        for (double[] row : cost) {
            for (int j = 0; j < n; j++) {
                row[j] = rng.nextDouble();
            }
        }
        int[] identity = new int[n];
        for (int i = 0; i < n; i++) {
            identity[i] = i;
        }
        int[] best = Hungarian.solve(cost);
        assertThat(best).doesNotHaveDuplicates();
        // For uniform costs the optimum is about ζ(2) ≈ 1.64 (Aldous); the identity costs about n/2.
        assertThat(Hungarian.totalCost(cost, best)).isLessThan(3.0).isLessThan(Hungarian.totalCost(cost, identity));
    }

    @Test
    void momentsOfOneDimensionalSamples() {
        Moments m = Moments.of(new double[] {1, 2, 3, 4});
        assertThat(m.mean()).isEqualTo(2.5);
        assertThat(m.std()).isCloseTo(Math.sqrt(1.25), within(1e-15));
        assertThat(Moments.of(Points.tensor(new double[][] {{1}, {3}})).std()).isEqualTo(1.0);
        assertThatThrownBy(() -> Moments.of(Points.tensor(new double[][] {{1, 2}})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Moments.of").hasMessageContaining("[1, 2]");
    }

    private static double bruteForce(double[][] cost) {
        return permute(cost, 0, new boolean[cost.length]);
    }

    private static double permute(double[][] cost, int row, boolean[] used) {
        if (row == cost.length) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < cost.length; j++) {
            if (!used[j]) {
                used[j] = true;
                best = Math.min(best, cost[row][j] + permute(cost, row + 1, used));
                used[j] = false;
            }
        }
        return best;
    }
}
