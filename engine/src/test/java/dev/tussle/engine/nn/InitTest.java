package dev.tussle.engine.nn;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Shape;
import dev.tussle.engine.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class InitTest {
    private static double[] sample(Init init, int in, int out) {
        return init.sample(new Rng(1), DType.F64, Shape.of(in, out), in, out).toDoubleArray();
    }

    private static double variance(double[] v) {
        double s = 0;
        double s2 = 0;
        for (double x : v) {
            s += x;
            s2 += x * x;
        }
        return s2 / v.length - (s / v.length) * (s / v.length);
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    @Test
    void variancesMatchTheirDefinitions() {
        int in = 200;
        int out = 300;
        assertThat(variance(sample(Init.glorotNormal(1), in, out))).isCloseTo(2.0 / (in + out), within(2e-4));
        assertThat(variance(sample(Init.glorotUniform(1), in, out))).isCloseTo(2.0 / (in + out), within(2e-4));
        assertThat(maxAbs(sample(Init.glorotUniform(2), in, out))).isLessThanOrEqualTo(2 * Math.sqrt(6.0 / (in + out)));
        assertThat(variance(sample(Init.heNormal(0), in, out))).isCloseTo(2.0 / in, within(3e-4));
        assertThat(variance(sample(Init.heUniform(0), in, out))).isCloseTo(2.0 / in, within(3e-4));
        assertThat(variance(sample(Init.normal(0.5), in, out))).isCloseTo(0.25, within(5e-3));
        assertThat(maxAbs(sample(Init.uniformFanIn(), in, out))).isLessThanOrEqualTo(1 / Math.sqrt(in));
        assertThat(sample(Init.zeros(), 2, 3)).containsOnly(0.0);
    }

    @Test
    void orthogonalHasOrthonormalColumnsOrRowsTimesGain() {
        for (int[] s : new int[][] {{7, 4}, {4, 7}, {5, 5}}) {
            int r = s[0];
            int c = s[1];
            Tensor w = Init.orthogonal(2.0).sample(new Rng(4), DType.F64, Shape.of(r, c), r, c);
            Tensor gram = r >= c ? w.mT().matmul(w) : w.matmul(w.mT());
            int n = Math.min(r, c);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertThat(gram.get(i, j)).isCloseTo(i == j ? 4.0 : 0.0, within(1e-12));
                }
            }
        }
    }

    @Test
    void orthogonalPerSliceOfAStack() {
        Tensor w = Init.orthogonal(1.0).sample(new Rng(4), DType.F64, Shape.of(3, 6, 2), 6, 2);
        Tensor gram = w.mT().matmul(w);
        for (int k = 0; k < 3; k++) {
            assertThat(gram.get(k, 0, 0)).isCloseTo(1, within(1e-12));
            assertThat(gram.get(k, 0, 1)).isCloseTo(0, within(1e-12));
        }
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> Init.orthogonal(1).sample(new Rng(1), DType.F32, Shape.of(3), 3, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Init.orthogonal: needs a shape of rank >= 2, got [3]");
        assertThatThrownBy(() -> Init.normal(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Init.normal: std must be finite and >= 0, got -1.0");
        assertThatThrownBy(() -> Init.heUniform(-0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Init.heUniform: negativeSlope must be finite and >= 0, got -0.5");
        assertThatThrownBy(() -> Init.glorotUniform(1).sample(new Rng(1), DType.F32, Shape.of(0, 0), 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Init.glorotUniform: fan must be positive, got 0");
    }
}
