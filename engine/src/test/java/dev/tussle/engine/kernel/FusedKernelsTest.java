package dev.tussle.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused dense-layer kernels of both implementations against reference formulas in double:
 * {@code act(x·W + b)}, the gradient through the activation from its output, and column sums.
 *
 * <p>Bounds: the forward is a length-k dot product plus a bias, so before the activation its
 * error is at most {@code (k + 2)·eps·(|x|·|W| + |b|)} (see {@link GemmTest}); every activation
 * here is 1-Lipschitz, so the bound carries through, plus a few ulps of the activation itself
 * (the Vector API's tanh and exp are within 1–2 ulps). The backward is one product (and one
 * subtraction for tanh and sigmoid): a few ulps. Column sums of m values: {@code m·eps·Σ|x|}.
 */
class FusedKernelsTest {

    private static List<Kernels> implementations() {
        List<Kernels> list = new ArrayList<>();
        list.add(KernelProvider.scalar());
        KernelProvider.vector().ifPresent(list::add);
        return list;
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble(-2, 2);
        }
        return x;
    }

    @Test
    void linearForwardMatchesReferenceForEveryActivation() {
        SplittableRandom r = new SplittableRandom(42);
        int[][] shapes = {{500, 15, 50}, {37, 2, 100}, {13, 50, 1}, {1, 1, 1}, {0, 3, 4}, {29, 300, 77}, {100, 0, 5}};
        for (Activation act : Activation.values()) {
            for (int[] s : shapes) {
                int m = s[0];
                int k = s[1];
                int n = s[2];
                float[] x = random(r, m * k);
                float[] w = random(r, k * n);
                float[] bias = random(r, n + 1);
                for (boolean withBias : new boolean[] {true, false}) {
                    for (Kernels kernels : implementations()) {
                        float[] out = new float[m * n];
                        kernels.linearForward(act, 0.2, m, n, k, x, 0, w, 0, withBias ? bias : null, 1, out, 0);
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double pre = withBias ? bias[1 + j] : 0;
                                double scale = withBias ? Math.abs(bias[1 + j]) : 0;
                                for (int p = 0; p < k; p++) {
                                    pre += (double) x[i * k + p] * w[p * n + j];
                                    scale += Math.abs((double) x[i * k + p] * w[p * n + j]);
                                }
                                double expected = act.op() == null ? pre : act.op().apply(pre, 0.2);
                                double bound = (k + 2) * Math.ulp(1f) * scale + 4 * Math.ulp((float) expected)
                                        + Float.MIN_NORMAL;
                                assertThat(Math.abs(out[i * n + j] - expected))
                                        .as("%s %s m=%d n=%d k=%d bias=%s (%d,%d)", kernels.name(), act, m, n, k,
                                                withBias, i, j)
                                        .isLessThanOrEqualTo(bound);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void linearForwardInDoubleMatchesGemmPlusBiasAndActivation() {
        SplittableRandom r = new SplittableRandom(9);
        int m = 41;
        int k = 33;
        int n = 70;
        double[] x = r.doubles(m * k, -1, 1).toArray();
        double[] w = r.doubles(k * n, -1, 1).toArray();
        double[] bias = r.doubles(n, -1, 1).toArray();
        for (Kernels kernels : implementations()) {
            double[] out = new double[m * n];
            kernels.linearForward(Activation.TANH, 0, m, n, k, x, 0, w, 0, bias, 0, out, 0);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double pre = bias[j];
                    for (int p = 0; p < k; p++) {
                        pre += x[i * k + p] * w[p * n + j];
                    }
                    assertThat(out[i * n + j]).isCloseTo(Math.tanh(pre), org.assertj.core.api.Assertions.within(1e-13));
                }
            }
        }
    }

    @Test
    void activationBackwardMatchesDerivativeFromOutput() {
        SplittableRandom r = new SplittableRandom(3);
        for (Activation act : Activation.values()) {
            for (int n : new int[] {0, 1, 15, 16, 17, 100}) {
                float[] y = random(r, n + 2);
                if (act == Activation.SIGMOID) {
                    for (int i = 0; i < y.length; i++) {
                        y[i] = (y[i] + 2) / 4;
                    }
                }
                float[] g = random(r, n + 1);
                for (Kernels kernels : implementations()) {
                    float[] out = new float[n + 3];
                    kernels.activationBackward(act, 0.2, y, 2, g, 1, out, 3, n);
                    for (int i = 0; i < n; i++) {
                        double expected = g[1 + i] * act.derivativeFromOutput(y[2 + i], 0.2);
                        assertThat((double) out[3 + i]).as("%s %s n=%d i=%d", kernels.name(), act, n, i)
                                .isCloseTo(expected, org.assertj.core.api.Assertions.within(
                                        (double) (4 * Math.ulp(1f) * Math.abs(g[1 + i]) * (1 + Math.abs(y[2 + i]) * 3))));
                    }
                }
            }
        }
    }

    @Test
    void columnSumMatchesReference() {
        SplittableRandom r = new SplittableRandom(5);
        for (int[] s : new int[][] {{500, 50}, {1, 1}, {0, 7}, {7, 0}, {33, 17}, {3, 100}}) {
            int m = s[0];
            int n = s[1];
            float[] x = random(r, m * n);
            for (boolean accumulate : new boolean[] {false, true}) {
                for (Kernels kernels : implementations()) {
                    float[] out = new float[n];
                    java.util.Arrays.fill(out, 1f);
                    kernels.columnSum(m, n, x, 0, out, 0, accumulate);
                    for (int j = 0; j < n; j++) {
                        double expected = accumulate ? 1 : 0;
                        double abs = 1;
                        for (int i = 0; i < m; i++) {
                            expected += x[i * n + j];
                            abs += Math.abs(x[i * n + j]);
                        }
                        assertThat((double) out[j]).isCloseTo(expected,
                                org.assertj.core.api.Assertions.within((m + 1) * (double) Math.ulp(1f) * abs));
                    }
                }
            }
        }
    }

    /**
     * The backward through an activation with its column sums in one call gives exactly what
     * the two separate calls give, in every implementation (the parallel one on 2 threads too),
     * also in place ({@code out} = {@code g}), for shapes with 0, 1, primes and widths that are
     * not whole vectors, and for sizes past one block of rows.
     */
    @Test
    void activationBackwardColumnSumIsTheTwoPasses() {
        SplittableRandom r = new SplittableRandom(12);
        List<Kernels> all = new ArrayList<>(implementations());
        all.add(KernelProvider.get());
        int threads = EnginePool.threads();
        try {
            EnginePool.setThreads(2);
            for (int[] s : new int[][] {{500, 50}, {1, 1}, {0, 7}, {7, 0}, {33, 17}, {3, 100}, {97, 13}, {2500, 100}, {41, 1}}) {
                int m = s[0];
                int n = s[1];
                for (Activation act : new Activation[] {Activation.LEAKY_RELU, Activation.RELU, Activation.TANH}) {
                    float[] y = random(r, m * n + 2);
                    float[] g = random(r, m * n + 1);
                    double[] yd = new double[y.length];
                    double[] gd = new double[g.length];
                    for (int i = 0; i < y.length; i++) {
                        yd[i] = y[i] * 1.000000123;
                    }
                    for (int i = 0; i < g.length; i++) {
                        gd[i] = g[i] * 0.99999987;
                    }
                    for (Kernels kernels : all) {
                        String what = kernels.name() + " " + act + " " + m + "x" + n;
                        float[] want = new float[m * n];
                        float[] wantSums = new float[n];
                        kernels.activationBackward(act, 0.2, y, 2, g, 1, want, 0, m * n);
                        kernels.columnSum(m, n, want, 0, wantSums, 0, false);
                        float[] out = new float[m * n];
                        float[] sums = new float[n + 1];
                        sums[n] = 7f;
                        kernels.activationBackwardColumnSum(act, 0.2, m, n, y, 2, g, 1, out, 0, sums, 0);
                        assertThat(out).as(what).containsExactly(want);
                        assertThat(java.util.Arrays.copyOf(sums, n)).as(what).containsExactly(wantSums);
                        assertThat(sums[n]).as(what + " past the sums").isEqualTo(7f);
                        float[] inPlace = g.clone();
                        float[] sumsInPlace = new float[n];
                        kernels.activationBackwardColumnSum(act, 0.2, m, n, y, 2, inPlace, 1, inPlace, 1, sumsInPlace, 0);
                        assertThat(java.util.Arrays.copyOfRange(inPlace, 1, 1 + m * n)).as(what + " in place").containsExactly(want);
                        assertThat(sumsInPlace).as(what + " in place").containsExactly(wantSums);
                        double[] wantD = new double[m * n];
                        double[] wantSumsD = new double[n];
                        kernels.activationBackward(act, 0.2, yd, 2, gd, 1, wantD, 0, m * n);
                        kernels.columnSum(m, n, wantD, 0, wantSumsD, 0, false);
                        double[] outD = new double[m * n];
                        double[] sumsD = new double[n];
                        kernels.activationBackwardColumnSum(act, 0.2, m, n, yd, 2, gd, 1, outD, 0, sumsD, 0);
                        assertThat(outD).as(what + " f64").containsExactly(wantD);
                        assertThat(sumsD).as(what + " f64").containsExactly(wantSumsD);
                    }
                }
            }
        } finally {
            EnginePool.setThreads(threads);
        }
    }

    /**
     * Column sums of some columns of a wider matrix (rows {@code ldx} apart), at offsets: the
     * scalar kernels within rounding of the exact sum (they add in double), the vector kernels
     * exactly the row-order chain of additions in the element type (what a sum over an axis
     * computes), for widths below, at and past four vectors, with and without accumulating.
     */
    @Test
    void stridedColumnSumIsTheRowOrderChain() {
        SplittableRandom r = new SplittableRandom(9);
        Kernels vector = KernelProvider.vector().orElse(null);
        for (int[] s : new int[][] {{500, 50, 53}, {1, 1, 1}, {0, 5, 9}, {37, 64, 100}, {3, 130, 131}, {9, 17, 17}, {2, 71, 80}}) {
            int m = s[0];
            int n = s[1];
            int ldx = s[2];
            int xo = 3;
            int oo = 2;
            float[] xf = random(r, xo + m * ldx + 1);
            double[] xd = new double[xf.length];
            for (int i = 0; i < xf.length; i++) {
                xd[i] = xf[i] * 1.000000123;
            }
            for (boolean accumulate : new boolean[] {false, true}) {
                float[] chainF = new float[n];
                double[] chainD = new double[n];
                for (int j = 0; j < n; j++) {
                    float cf = accumulate ? 0.5f : (m > 0 ? xf[xo + j] : 0f);
                    double cd = accumulate ? 0.5 : (m > 0 ? xd[xo + j] : 0.0);
                    for (int i = accumulate ? 0 : 1; i < m; i++) {
                        cf += xf[xo + i * ldx + j];
                        cd += xd[xo + i * ldx + j];
                    }
                    chainF[j] = cf;
                    chainD[j] = cd;
                }
                for (Kernels kernels : implementations()) {
                    float[] outF = new float[oo + n + 1];
                    double[] outD = new double[oo + n + 1];
                    java.util.Arrays.fill(outF, 0.5f);
                    java.util.Arrays.fill(outD, 0.5);
                    kernels.columnSum(m, n, xf, xo, ldx, outF, oo, accumulate);
                    kernels.columnSum(m, n, xd, xo, ldx, outD, oo, accumulate);
                    assertThat(outF[0]).isEqualTo(0.5f);
                    assertThat(outF[oo + n]).as("past the last column").isEqualTo(0.5f);
                    for (int j = 0; j < n; j++) {
                        if (kernels == vector) {
                            assertThat(outF[oo + j]).as("f32 m=%d n=%d ldx=%d column %d", m, n, ldx, j).isEqualTo(chainF[j]);
                            assertThat(outD[oo + j]).as("f64 m=%d n=%d ldx=%d column %d", m, n, ldx, j).isEqualTo(chainD[j]);
                        } else {
                            double abs = 1;
                            for (int i = 0; i < m; i++) {
                                abs += Math.abs(xf[xo + i * ldx + j]);
                            }
                            assertThat((double) outF[oo + j]).isCloseTo(chainF[j],
                                    org.assertj.core.api.Assertions.within((m + 1) * (double) Math.ulp(1f) * abs));
                        }
                    }
                }
            }
        }
    }

    /** A bias added to rows ldc apart: every implementation exactly {@code c + bias} per element, nothing else touched. */
    @Test
    void addToRowsAddsTheBiasToEveryRowOnly() {
        SplittableRandom r = new SplittableRandom(13);
        for (int[] s : new int[][] {{500, 50, 50}, {1, 1, 1}, {0, 5, 9}, {37, 64, 100}, {3, 130, 131}, {9, 17, 19}, {4, 65, 70}}) {
            int m = s[0];
            int n = s[1];
            int ldc = s[2];
            int co = 5;
            int bo = 2;
            float[] bias = random(r, bo + n);
            float[] c0 = random(r, co + m * ldc + 3);
            double[] biasD = new double[bias.length];
            double[] c0D = new double[c0.length];
            for (int i = 0; i < bias.length; i++) {
                biasD[i] = bias[i] * 1.0000001;
            }
            for (int i = 0; i < c0.length; i++) {
                c0D[i] = c0[i] * 1.0000001;
            }
            for (Kernels kernels : implementations()) {
                float[] c = c0.clone();
                double[] cd = c0D.clone();
                kernels.addToRows(m, n, bias, bo, c, co, ldc);
                kernels.addToRows(m, n, biasD, bo, cd, co, ldc);
                for (int i = 0; i < c.length; i++) {
                    int row = (i - co) / ldc;
                    int j = (i - co) % ldc;
                    boolean inside = i >= co && row < m && j < n;
                    assertThat(c[i]).as("f32 m=%d n=%d ldc=%d at %d", m, n, ldc, i)
                            .isEqualTo(inside ? c0[i] + bias[bo + j] : c0[i]);
                    assertThat(cd[i]).as("f64 m=%d n=%d ldc=%d at %d", m, n, ldc, i)
                            .isEqualTo(inside ? c0D[i] + biasD[bo + j] : c0D[i]);
                }
            }
        }
    }

    @Test
    void badInputNamesTheOperationAndSizes() {
        for (Kernels kernels : implementations()) {
            assertThatThrownBy(() -> kernels.linearForward(Activation.RELU, 0, 2, 3, 4, new float[8], 0,
                    new float[12], 0, new float[2], 0, new float[6], 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("linearForward: array bias has length 2 but needs at least 3 (m=2, n=3, k=4)");
            assertThatThrownBy(() -> kernels.linearForward(Activation.RELU, 0, 2, -3, 4, new float[8], 0,
                    new float[12], 0, null, 0, new float[6], 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("linearForward: sizes must be non-negative (m=2, n=-3, k=4)");
            assertThatThrownBy(() -> kernels.activationBackward(Activation.TANH, 0, new float[3], 0, new float[4], 0,
                    new float[4], 0, 4))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("activationBackward: array 0 of length 3 cannot hold 4 elements at offset 0");
            assertThatThrownBy(() -> kernels.activationBackwardColumnSum(Activation.RELU, 0, 3, 4, new float[12], 0,
                    new float[12], 0, new float[12], 0, new float[3], 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("activationBackwardColumnSum: sums has length 3 but needs 4 at offset 0");
            assertThatThrownBy(() -> kernels.activationBackwardColumnSum(Activation.RELU, 0, 3, 4, new float[12], 0,
                    new float[11], 0, new float[12], 0, new float[4], 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("activationBackwardColumnSum: array 1 of length 11 cannot hold 12 elements at offset 0");
            assertThatThrownBy(() -> kernels.activationBackwardColumnSum(Activation.RELU, 0, -3, 4, new float[12], 0,
                    new float[12], 0, new float[12], 0, new float[4], 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("activationBackwardColumnSum: sizes and offsets must be non-negative, got m=-3, n=4, sums offset 0");
            assertThatThrownBy(() -> kernels.columnSum(3, 4, new float[11], 0, new float[4], 0, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("columnSum: arrays too short for m=3, n=4");
            assertThatThrownBy(() -> kernels.addToRows(3, 4, new float[4], 0, new float[13], 0, 5))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("addToRows: arrays too short for m=3, n=4: bias has length 4 (offset 0), c has length 13"
                            + " (offset 0, row stride 5)");
            assertThatThrownBy(() -> kernels.addToRows(3, 4, new float[4], 0, new float[20], 0, 2))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("addToRows: row stride 2 is smaller than the row length n=4");
            assertThatThrownBy(() -> kernels.columnSum(3, 4, new float[20], 0, 3, new float[4], 0, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("columnSum: row stride 3 is smaller than the row length n=4");
            assertThatThrownBy(() -> kernels.columnSum(3, 4, new float[13], 0, 5, new float[4], 0, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("columnSum: arrays too short for m=3, n=4: x has length 13");
        }
    }
}
