package dev.tussle.engine.nn;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LayerBehaviourTest {

    @Test
    void linearComputesXwPlusB() {
        Linear l = new Linear(Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}}), Tensor.of(new double[] {10, 20}, 2));
        Tensor y = l.forward(Tensor.of(new double[][] {{1, 0, -1}}));
        assertThat(y.toDoubleArray()).containsExactly(1 - 5 + 10, 2 - 6 + 20);
    }

    @Test
    void dropoutIsIdentityInEvalAndScalesSurvivorsInTraining() {
        Dropout d = new Dropout(0.25, new Rng(3));
        Tensor x = Tensor.ones(DType.F64, 200, 50);
        double[] y = d.forward(x).toDoubleArray();
        int kept = 0;
        for (double v : y) {
            assertThat(v == 0 || v == 1 / 0.75).isTrue();
            kept += v == 0 ? 0 : 1;
        }
        assertThat(kept / 10000.0).isCloseTo(0.75, within(0.02));
        d.eval();
        assertThat(d.forward(x)).isSameAs(x);
    }

    @Test
    void dropoutMasksAreReproducibleFromTheSeed() {
        Tensor x = Tensor.ones(DType.F32, 10, 10);
        assertThat(new Dropout(0.5, new Rng(9)).forward(x).toFloatArray())
                .containsExactly(new Dropout(0.5, new Rng(9)).forward(x).toFloatArray());
    }

    @Test
    void batchNormNormalizesAndTracksRunningStats() {
        BatchNorm1d bn = new BatchNorm1d(2, 1e-5, 0.1, DType.F64);
        Tensor x = Tensor.of(new double[][] {{1, 10}, {3, 10}, {5, 16}});
        double[] y = bn.forward(x).toDoubleArray();
        // column 0: mean 3, biased var 8/3
        assertThat(y[0]).isCloseTo(-2 / Math.sqrt(8.0 / 3 + 1e-5), within(1e-12));
        // running: 0.9·0 + 0.1·mean; 0.9·1 + 0.1·unbiased var (4 and 12)
        assertThat(bn.runningMean().toDoubleArray()[0]).isCloseTo(0.3, within(1e-12));
        assertThat(bn.runningMean().toDoubleArray()[1]).isCloseTo(1.2, within(1e-12));
        assertThat(bn.runningVar().toDoubleArray()[0]).isCloseTo(0.9 + 0.4, within(1e-12));
        assertThat(bn.runningVar().toDoubleArray()[1]).isCloseTo(0.9 + 1.2, within(1e-12));
        bn.eval();
        double[] before = bn.runningMean().toDoubleArray();
        double[] e = bn.forward(Tensor.of(new double[][] {{0.3, 1.2}})).toDoubleArray();
        assertThat(e[0]).isCloseTo(0, within(1e-12));
        assertThat(bn.runningMean().toDoubleArray()).containsExactly(before);
    }

    @Test
    void layerNormGivesZeroMeanUnitVarianceRows() {
        double[] y = new LayerNorm(4, 1e-9, DType.F64).forward(Tensor.of(new double[][] {{1, 2, 3, 10}}))
                .toDoubleArray();
        double mean = (y[0] + y[1] + y[2] + y[3]) / 4;
        double var = (y[0] * y[0] + y[1] * y[1] + y[2] * y[2] + y[3] * y[3]) / 4 - mean * mean;
        assertThat(mean).isCloseTo(0, within(1e-12));
        assertThat(var).isCloseTo(1, within(1e-6));
    }
}
