package dev.tussle.engine.kernel;

import dev.tussle.engine.Rng;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An element's result must not depend on where it sits in its array (vector body or tail): a
 * stacked network and its extracted component put the same element at different positions and
 * must still agree bit for bit, and results must not depend on how work is split into runs.
 */
class PositionIndependenceTest {
    private static final Kernels V = KernelProvider.vector().orElseThrow();

    @Test
    void everyUnaryOpGivesTheSameBitsAtEveryOffset() {
        Rng rng = new Rng(4);
        float[] x = new float[64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextGaussian() * 3);
        }
        for (UnaryOp op : UnaryOp.values()) {
            float[] whole = new float[x.length];
            V.map(op, 0.2, x, 0, whole, 0, x.length);
            for (int start = 1; start < 20; start++) {
                float[] part = new float[x.length];
                V.map(op, 0.2, x, start, part, start, x.length - start - 3);
                for (int i = start; i < x.length - 3; i++) {
                    assertThat(Float.floatToRawIntBits(part[i])).as("%s at %d from offset %d", op, i, start)
                            .isEqualTo(Float.floatToRawIntBits(whole[i]));
                }
            }
        }
    }

    @Test
    void everyBinaryOpGivesTheSameBitsAtEveryOffset() {
        Rng rng = new Rng(5);
        double[] a = new double[40];
        double[] b = new double[40];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian() + 2;
            b[i] = rng.nextGaussian();
        }
        for (BinaryOp op : BinaryOp.values()) {
            double[] whole = new double[a.length];
            V.zip(op, a, 0, 1, b, 0, 1, whole, 0, a.length);
            for (int start = 1; start < 12; start++) {
                double[] part = new double[a.length];
                V.zip(op, a, start, 1, b, start, 1, part, start, a.length - start);
                for (int i = start; i < a.length; i++) {
                    assertThat(Double.doubleToRawLongBits(part[i])).as("%s at %d from offset %d", op, i, start)
                            .isEqualTo(Double.doubleToRawLongBits(whole[i]));
                }
            }
        }
    }
}
