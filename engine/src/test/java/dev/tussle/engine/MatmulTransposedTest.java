package dev.tussle.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tussle.engine.autodiff.GradCheck;
import org.junit.jupiter.api.Test;

/**
 * The transposed matmul primitive that matmul's backward is written with: forward against
 * {@code mT()} + matmul, and its first- and second-order gradients against finite differences
 * (so matmul's gradients of gradients keep working now that they go through it).
 */
class MatmulTransposedTest {

    private static Tensor rand(long seed, int... shape) {
        return Tensor.rand(new Rng(seed), DType.F64, -1, 1, shape);
    }

    @Test
    void forwardEqualsMaterializedTranspose() {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Tensor a = ta ? rand(1, 2, 7, 5) : rand(1, 2, 5, 7);
                Tensor b = tb ? rand(2, 3, 7) : rand(2, 7, 3);
                Tensor expected = (ta ? a.mT() : a).matmul(tb ? b.mT() : b);
                Tensor actual = LinearAlgebra.matmulTransposed(a, b, ta, tb);
                assertThat(actual.shape()).isEqualTo(expected.shape());
                double[] e = expected.toDoubleArray();
                double[] x = actual.toDoubleArray();
                for (int i = 0; i < e.length; i++) {
                    assertThat(x[i]).isCloseTo(e[i], org.assertj.core.api.Assertions.within(1e-12));
                }
            }
        }
    }

    @Test
    void gradientsOfEveryVariantPassFirstAndSecondOrderChecks() {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Tensor a = (ta ? rand(3, 2, 4, 3) : rand(3, 2, 3, 4)).requiresGrad(true);
                Tensor b = (tb ? rand(4, 5, 4) : rand(4, 4, 5)).requiresGrad(true);
                boolean fa = ta;
                boolean fb = tb;
                GradCheck.check(x -> LinearAlgebra.matmulTransposed(x[0], x[1], fa, fb), a, b);
                GradCheck.checkSecondOrder(x -> LinearAlgebra.matmulTransposed(x[0], x[1], fa, fb), a, b);
            }
        }
    }

    @Test
    void matmulGradientsStillPassAfterTheBackwardRewrite() {
        Tensor a = rand(5, 3, 4).requiresGrad(true);
        Tensor b = rand(6, 4, 2).requiresGrad(true);
        GradCheck.check(x -> x[0].matmul(x[1]), a, b);
        GradCheck.checkSecondOrder(x -> x[0].matmul(x[1]).square(), a, b);
        Tensor v = rand(7, 4).requiresGrad(true);
        GradCheck.checkSecondOrder(x -> x[0].matmul(x[1]), a, v);
    }

    @Test
    void misalignedShapesKeepMatmulsMessage() {
        Tensor a = rand(1, 2, 3);
        Tensor b = rand(2, 4, 5);
        assertThatThrownBy(() -> a.matmul(b))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("matmul: shapes " + a.shape() + " and " + b.shape()
                        + " are not aligned: 3 (last dim of the first) != 4 (first dim of the second, dim -2)");
    }
}
