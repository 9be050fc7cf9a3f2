package dev.tussle.engine.kernel;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In both implementations, the fused linear layer rounds where the unfused product, bias add
 * and activation round, so the two give the same bits (Mlp's fused forward, stacked components
 * and the k = 1 mixture rely on it).
 */
class FusedMatchesUnfusedTest {

    @Test
    void fusedLinearEqualsGemmThenBiasThenActivation() {
        SplittableRandom r = new SplittableRandom(9);
        for (Kernels k : new Kernels[] {KernelProvider.scalar(), KernelProvider.vector().orElseThrow()}) {
            // Register tiles with B in place; the 6-row wide tiles (n = 50) with 2 rows left
            // over (and n = 49, 50: the last columns as dot products, bias and ReLU on each
            // finished sum); one column at a time (n <= 4, the epilogue one element at a time:
            // D's and G's last layers, n = 1 and 2); a shallow product (its partial vector's B and
            // bias loaded once).
            for (int[] shape : new int[][] {{13, 37, 11}, {50, 50, 15}, {30, 49, 60}, {29, 3, 20}, {500, 1, 50},
                                            {41, 2, 50}, {40, 100, 2}, {17, 19, 1}}) {
                for (Activation act : Activation.values()) {
                    int m = shape[0];
                    int n = shape[1];
                    int kk = shape[2];
                    float[] x = new float[m * kk];
                    float[] w = new float[kk * n];
                    float[] b = new float[n];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) r.nextGaussian();
                    }
                    for (int i = 0; i < w.length; i++) {
                        w[i] = (float) r.nextGaussian();
                    }
                    for (int i = 0; i < n; i++) {
                        b[i] = (float) r.nextGaussian();
                    }
                    float[] fused = new float[m * n];
                    k.linearForward(act, 0.2, m, n, kk, x, 0, w, 0, b, 0, fused, 0);
                    float[] plain = new float[m * n];
                    k.gemm(false, false, m, n, kk, x, 0, w, 0, plain, 0, false);
                    for (int i = 0; i < m; i++) {
                        k.zip(BinaryOp.ADD, plain, i * n, 1, b, 0, 1, plain, i * n, n);
                    }
                    if (act.op() != null) {
                        k.map(act.op(), 0.2, plain, 0, plain, 0, m * n);
                    }
                    assertThat(fused).as("%s %s %d×%d @ %d×%d", k.name(), act, m, kk, kk, n).containsExactly(plain);
                }
            }
        }
    }
}
