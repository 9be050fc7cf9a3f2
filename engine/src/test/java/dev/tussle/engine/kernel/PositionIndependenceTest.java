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
    /** Values where a one-element formula could part from its vector twin: signed zeros, NaN, infinities, subnormals. */
    private static final double[] SPECIAL = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        1e-40, -1e-40, Double.MIN_VALUE, 1e-310, 3.4e38, -3.4e38, 1.0, -1.0, 0.2, -2.5, 7.0};

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

    /**
     * Arrays shorter than a vector take the one-element twins of the vector formulas (generated
     * with them): every op, both lane types and every stride pattern must give, for each element
     * of a short run, the bits the vector body and its masked tail give for it in a long array,
     * on every pair of the special values.
     */
    @Test
    void shortArraysGiveTheBitsOfTheVectorLoop() {
        int w = VectorLoops.F.length();
        int wd = VectorLoops.D.length();
        int s = SPECIAL.length;
        int length = s * s + 3 * w + 5;
        Rng rng = new Rng(6);
        double[] a = new double[length];
        double[] b = new double[length];
        for (int i = 0; i < length; i++) {
            a[i] = i < s * s ? SPECIAL[i % s] : rng.nextGaussian() * 3;
            b[i] = i < s * s ? SPECIAL[i / s] : rng.nextGaussian() * 3;
        }
        float[] af = new float[length];
        float[] bf = new float[length];
        for (int i = 0; i < length; i++) {
            af[i] = (float) a[i];
            bf[i] = (float) b[i];
        }
        for (UnaryOp op : UnaryOp.values()) {
            float[] wholeF = new float[length];
            double[] wholeD = new double[length];
            V.map(op, 0.2, af, 0, wholeF, 0, length);
            V.map(op, 0.2, a, 0, wholeD, 0, length);
            for (int start = 0; start < length; start++) {
                int n = 1 + start % (w - 1);
                float[] partF = new float[length];
                V.map(op, 0.2, af, start, partF, start, Math.min(n, length - start));
                assertSameBits(op + " float", start, Math.min(n, length - start), partF, wholeF);
                int nd = 1 + start % (wd - 1);
                double[] partD = new double[length];
                V.map(op, 0.2, a, start, partD, start, Math.min(nd, length - start));
                assertSameBits(op + " double", start, Math.min(nd, length - start), partD, wholeD);
            }
        }
        for (BinaryOp op : BinaryOp.values()) {
            for (int pattern = 0; pattern < 4; pattern++) {
                int as = pattern & 1;
                int bs = pattern >> 1;
                // A broadcast operand takes each special value in turn; the other runs over the array.
                // (a[k] is SPECIAL[k % s], b[k * s] is SPECIAL[k].)
                for (int k = 0; k < (as == 1 && bs == 1 ? 1 : s); k++) {
                    int fixedA = k;
                    int fixedB = k * s;
                    float[] wholeF = new float[length];
                    double[] wholeD = new double[length];
                    V.zip(op, af, as == 1 ? 0 : fixedA, as, bf, bs == 1 ? 0 : fixedB, bs, wholeF, 0, length);
                    V.zip(op, a, as == 1 ? 0 : fixedA, as, b, bs == 1 ? 0 : fixedB, bs, wholeD, 0, length);
                    for (int start = 0; start < length; start++) {
                        int n = Math.min(1 + start % (w - 1), length - start);
                        float[] partF = new float[length];
                        V.zip(op, af, as == 1 ? start : fixedA, as, bf, bs == 1 ? start : fixedB, bs, partF, start, n);
                        assertSameBits(op + " float, strides " + as + "/" + bs, start, n, partF, wholeF);
                        int nd = Math.min(1 + start % (wd - 1), length - start);
                        double[] partD = new double[length];
                        V.zip(op, a, as == 1 ? start : fixedA, as, b, bs == 1 ? start : fixedB, bs, partD, start, nd);
                        assertSameBits(op + " double, strides " + as + "/" + bs, start, nd, partD, wholeD);
                    }
                }
            }
        }
    }

    private static void assertSameBits(String what, int start, int n, float[] part, float[] whole) {
        for (int i = start; i < start + n; i++) {
            assertThat(Float.floatToIntBits(part[i])).as("%s at %d (run of %d from %d)", what, i, n, start)
                    .isEqualTo(Float.floatToIntBits(whole[i]));
        }
    }

    private static void assertSameBits(String what, int start, int n, double[] part, double[] whole) {
        for (int i = start; i < start + n; i++) {
            assertThat(Double.doubleToLongBits(part[i])).as("%s at %d (run of %d from %d)", what, i, n, start)
                    .isEqualTo(Double.doubleToLongBits(whole[i]));
        }
    }
}
