package dev.tussle.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tussle.engine.autodiff.GradCheck;
import dev.tussle.engine.kernel.Activation;
import org.junit.jupiter.api.Test;

/** The fused dense layer: forward against the composed ops, gradients against finite differences. */
class LinearOpTest {

    private static Tensor rand(long seed, int... shape) {
        return Tensor.rand(new Rng(seed), DType.F64, -1, 1, shape);
    }

    private static Tensor composed(Tensor x, Tensor w, Tensor b, Activation act, double alpha) {
        return activate(b == null ? x.matmul(w) : x.matmul(w).add(b), act, alpha);
    }

    /** The activation as its own op. */
    private static Tensor activate(Tensor pre, Activation act, double alpha) {
        return switch (act) {
            case IDENTITY -> pre;
            case RELU -> pre.relu();
            case LEAKY_RELU -> pre.leakyRelu(alpha);
            case TANH -> pre.tanh();
            case SIGMOID -> pre.sigmoid();
        };
    }

    @Test
    void forwardEqualsComposedOps() {
        Tensor x = rand(1, 37, 19);
        Tensor w = rand(2, 19, 70);
        Tensor b = rand(3, 70);
        for (Activation act : Activation.values()) {
            for (Tensor bias : new Tensor[] {b, null}) {
                double[] expected = composed(x, w, bias, act, 0.2).toDoubleArray();
                double[] actual = Tensor.linear(x, w, bias, act, 0.2).toDoubleArray();
                for (int i = 0; i < expected.length; i++) {
                    assertThat(actual[i]).as("%s %d", act, i).isCloseTo(expected[i], within(1e-13));
                }
            }
        }
    }

    /**
     * Plain backward takes the fused activation-backward kernel for (leaky) ReLU, createGraph the
     * differentiable mask product: both must give the same bits, or training results would depend
     * on whether a gradient penalty happened to record the graph.
     */
    @Test
    void plainBackwardEqualsRecordedBackwardBitForBit() {
        for (DType dtype : DType.values()) {
            for (Activation act : new Activation[] {Activation.RELU, Activation.LEAKY_RELU}) {
                Tensor x = rand(7, 37, 19).to(dtype).requiresGrad(true);
                Tensor w = rand(8, 19, 70).to(dtype).requiresGrad(true);
                Tensor b = rand(9, 70).to(dtype).requiresGrad(true);
                Tensor g = rand(10, 37, 70).to(dtype);
                java.util.List<Tensor> plain = Autodiff.grad(java.util.List.of(Tensor.linear(x, w, b, act, 0.2)),
                        java.util.List.of(x, w, b), java.util.List.of(g), false, false);
                java.util.List<Tensor> recorded = Autodiff.grad(java.util.List.of(Tensor.linear(x, w, b, act, 0.2)),
                        java.util.List.of(x, w, b), java.util.List.of(g), true, true);
                for (int i = 0; i < 3; i++) {
                    assertThat(plain.get(i).toDoubleArray()).as("%s %s input %d", act, dtype, i)
                            .containsExactly(recorded.get(i).toDoubleArray());
                }
            }
        }
    }

    /** The same for the leaky rectifier op, whose plain backward also takes the fused kernel. */
    @Test
    void rectifierOpsPlainBackwardEqualsRecordedBitForBit() {
        for (DType dtype : DType.values()) {
            for (double slope : new double[] {0.2, -0.5, 0}) {
                Tensor x = rand(11, 37, 70).to(dtype).requiresGrad(true);
                Tensor g = rand(12, 37, 70).to(dtype);
                java.util.function.Supplier<Tensor> op = () -> x.leakyRelu(slope);
                Tensor plain = Autodiff.grad(java.util.List.of(op.get()), java.util.List.of(x), java.util.List.of(g),
                        false, false).get(0);
                Tensor recorded = Autodiff.grad(java.util.List.of(op.get()), java.util.List.of(x), java.util.List.of(g),
                        true, true).get(0);
                assertThat(plain.toDoubleArray()).as("slope %s %s", slope, dtype)
                        .containsExactly(recorded.toDoubleArray());
            }
        }
    }

    @Test
    void gradientsPassFirstAndSecondOrderChecks() {
        for (Activation act : Activation.values()) {
            Tensor x = rand(4, 5, 3).requiresGrad(true);
            Tensor w = rand(5, 3, 4).requiresGrad(true);
            Tensor b = rand(6, 4).requiresGrad(true);
            GradCheck.check(t -> Tensor.linear(t[0], t[1], t[2], act, 0.2), x, w, b);
            GradCheck.checkSecondOrder(t -> Tensor.linear(t[0], t[1], t[2], act, 0.2), x, w, b);
            GradCheck.check(t -> Tensor.linear(t[0], t[1], null, act, 0.2), x, w);
        }
    }

    /** The unfused stack: batched matmul, bias broadcast over rows, then the activation op. */
    private static Tensor composedStack(Tensor x, Tensor w, Tensor b, Activation act, double alpha) {
        Tensor pre = x.matmul(w);
        return activate(b == null ? pre : pre.add(b.reshape(b.shape().dim(0), 1, b.shape().dim(1))), act, alpha);
    }

    /**
     * A stack of layers gives the bits of the unfused ops, forward and backward (the activations
     * whose derivative both paths compute with the same products), for a per-copy and a shared
     * input: the stacked MLPs of MIX+GAN switched to this op without changing any result.
     */
    @Test
    void stackedEqualsComposedOpsBitForBit() {
        // These activations take bias and activation in registers in the product's kernels at
        // every size (float32, 70 columns: a pair of 6×64 tiles, then a single panel; 37 and 500
        // rows leave 1 and 2 rows under the 6-row tiles); depth 2 runs row by row.
        for (Activation act : new Activation[] {Activation.IDENTITY, Activation.RELU, Activation.LEAKY_RELU}) {
            assertThat(LinearAlgebra.fusesEpilogue(act, 3L * 37 * 70, 19)).as("%s", act).isTrue();
        }
        for (int rows : new int[] {37, 500}) {
            for (int depth : new int[] {19, 2}) {
                for (DType dtype : DType.values()) {
                    for (boolean shared : new boolean[] {false, true}) {
                        for (Activation act : new Activation[] {Activation.IDENTITY, Activation.RELU, Activation.LEAKY_RELU}) {
                            Tensor x = (shared ? rand(21, rows, depth) : rand(21, 3, rows, depth)).to(dtype).requiresGrad(true);
                            Tensor w = rand(22, 3, depth, 70).to(dtype).requiresGrad(true);
                            // No bias for ReLU: the kernels' bias-free form.
                            Tensor b = act == Activation.RELU ? null : rand(23, 3, 70).to(dtype).requiresGrad(true);
                            Tensor g = rand(24, 3, rows, 70).to(dtype);
                            Tensor fused = Tensor.linear(x, w, b, act, 0.2);
                            Tensor plain = composedStack(x, w, b, act, 0.2);
                            String what = dtype + (shared ? " shared " : " per-copy ") + act + " " + rows + " rows, depth " + depth;
                            assertThat(fused.shape()).isEqualTo(Shape.of(3, rows, 70));
                            assertThat(fused.toDoubleArray()).as(what).containsExactly(plain.toDoubleArray());
                            java.util.List<Tensor> inputs = b == null ? java.util.List.of(x, w) : java.util.List.of(x, w, b);
                            java.util.List<Tensor> gf = Autodiff.grad(java.util.List.of(fused), inputs, java.util.List.of(g),
                                    false, false);
                            java.util.List<Tensor> gp = Autodiff.grad(java.util.List.of(plain), inputs, java.util.List.of(g),
                                    false, false);
                            for (int i = 0; i < inputs.size(); i++) {
                                assertThat(gf.get(i).shape()).isEqualTo(inputs.get(i).shape());
                                assertThat(gf.get(i).toDoubleArray()).as("%s input %d", what, i)
                                        .containsExactly(gp.get(i).toDoubleArray());
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Copy c of a stack is the plain layer with copy c's parameters, bit for bit, also where the
     * stack is large enough for the epilogue path (400 rows: 4 × 400 × 50 elements) and each
     * plain layer is not (tanh and sigmoid; leaky ReLU takes it in registers at every size).
     */
    @Test
    void stackedCopyEqualsItsPlainLayer() {
        assertThat(LinearAlgebra.fusesEpilogue(Activation.TANH, 4L * 400 * 50, 13)).isTrue();
        assertThat(LinearAlgebra.fusesEpilogue(Activation.TANH, 400L * 50, 13)).isFalse();
        for (int rows : new int[] {29, 400}) {
            for (Activation act : new Activation[] {Activation.TANH, Activation.LEAKY_RELU, Activation.SIGMOID}) {
                Tensor x = rand(31, 4, rows, 13).to(DType.F32);
                Tensor w = rand(32, 4, 13, 50).to(DType.F32);
                Tensor b = rand(33, 4, 50).to(DType.F32);
                Tensor out = Tensor.linear(x, w, b, act, 0.2);
                for (int c = 0; c < 4; c++) {
                    Tensor one = Tensor.linear(x.slice(0, c, c + 1).reshape(rows, 13),
                            w.slice(0, c, c + 1).reshape(13, 50), b.slice(0, c, c + 1).reshape(50), act, 0.2);
                    assertThat(out.slice(0, c, c + 1).reshape(rows, 50).toDoubleArray())
                            .as("%s %d rows copy %d", act, rows, c).containsExactly(one.toDoubleArray());
                }
            }
        }
    }

    @Test
    void stackedGradientsPassFirstAndSecondOrderChecks() {
        for (Activation act : Activation.values()) {
            for (Tensor x : new Tensor[] {rand(41, 3, 5, 3), rand(41, 5, 3)}) {
                Tensor xi = x.requiresGrad(true);
                Tensor w = rand(42, 3, 3, 4).requiresGrad(true);
                Tensor b = rand(43, 3, 4).requiresGrad(true);
                GradCheck.check(t -> Tensor.linear(t[0], t[1], t[2], act, 0.2), xi, w, b);
                GradCheck.checkSecondOrder(t -> Tensor.linear(t[0], t[1], t[2], act, 0.2), xi, w, b);
                GradCheck.check(t -> Tensor.linear(t[0], t[1], null, act, 0.2), xi, w);
            }
        }
    }

    /**
     * An empty batch's bias gradient is zeros. The fused backward writes the bias gradient into
     * storage it does not clear, so in a poisoning arena's second scope (recycled arrays full of
     * NaN) a kernel that skipped the write for m = 0 left NaN there.
     */
    @Test
    void emptyBatchBiasGradientIsZeroInRecycledStorage() {
        for (boolean stacked : new boolean[] {false, true}) {
            Tensor w = (stacked ? rand(2, 2, 3, 5) : rand(2, 3, 5)).requiresGrad(true);
            Tensor b = (stacked ? rand(3, 2, 5) : rand(3, 5)).requiresGrad(true);
            TensorArena arena = new TensorArena(true);
            for (int scope = 0; scope < 2; scope++) {
                double[] biasGrad;
                try (var open = arena.open()) {
                    Tensor x = stacked ? Tensor.zeros(DType.F64, 2, 0, 3) : Tensor.zeros(DType.F64, 0, 3);
                    Tensor.linear(x, w, b, Activation.LEAKY_RELU, 0.2).sum().backward();
                    biasGrad = b.grad().toDoubleArray();
                    b.setGrad(null);
                    w.setGrad(null);
                }
                assertThat(biasGrad).as("stacked %s, scope %d", stacked, scope).hasSize(stacked ? 10 : 5).containsOnly(0.0);
            }
        }
    }

    /**
     * One seed tensor refilled between passes (rows of a Jacobian) gets each pass's own gradient:
     * the layer's rule had kept the first pass's G' for a gradient object it had seen before.
     */
    @Test
    void aSeedRefilledBetweenPassesGivesEachPassItsGradient() {
        for (Activation act : Activation.values()) {
            Tensor x = rand(21, 1, 3).requiresGrad(true);
            Tensor w = rand(22, 3, 4);
            Tensor y = Tensor.linear(x, w, null, act, 0.2);
            Tensor seed = Tensor.zeros(DType.F64, 1, 4);
            for (int j = 0; j < 4; j++) {
                java.util.Arrays.fill(seed.storageF64(), 0);
                seed.storageF64()[j] = 1;
                double[] got = Autodiff.grad(java.util.List.of(y), java.util.List.of(x), java.util.List.of(seed), false, true)
                        .get(0).toDoubleArray();
                Tensor fresh = Tensor.linear(x, w, null, act, 0.2);
                Tensor oneHot = Tensor.zeros(DType.F64, 1, 4);
                oneHot.storageF64()[j] = 1;
                double[] expected = Autodiff.grad(java.util.List.of(fresh), java.util.List.of(x), java.util.List.of(oneHot),
                        false, false).get(0).toDoubleArray();
                assertThat(got).as("%s row %d", act, j).containsExactly(expected);
            }
        }
    }

    /**
     * ReLU passes NaN through, as leaky ReLU, NumPy and PyTorch do: a NaN input had come out 0,
     * hiding a diverged value from the checks downstream. Every kernel path of the fused layer
     * (row kernels of depth 2, wide tiles with dot-product tail columns, narrow outputs) and the
     * elementwise op, in both dtypes; rows without NaN keep their values.
     */
    @Test
    void reluPassesNanThrough() {
        int[][] shapes = {{40, 2, 100}, {37, 19, 70}, {30, 50, 50}, {25, 50, 1}, {3, 5, 4}};
        for (DType dtype : DType.values()) {
            for (int[] sh : shapes) {
                Tensor x = rand(31, sh[0], sh[1]).to(dtype);
                double[] xs = x.toDoubleArray();
                xs[0] = Double.NaN; // row 0
                Tensor xn = Tensor.of(xs, sh[0], sh[1]).to(dtype);
                Tensor w = rand(32, sh[1], sh[2]).to(dtype);
                Tensor b = rand(33, sh[2]).to(dtype);
                double[] got = Tensor.linear(xn, w, b, Activation.RELU, 0).toDoubleArray();
                double[] clean = Tensor.linear(x, w, b, Activation.RELU, 0).toDoubleArray();
                for (int j = 0; j < sh[2]; j++) {
                    assertThat(got[j]).as("%s %s row 0 col %d", dtype, java.util.Arrays.toString(sh), j).isNaN();
                }
                for (int i = sh[2]; i < got.length; i++) {
                    assertThat(got[i]).as("%s %s element %d", dtype, java.util.Arrays.toString(sh), i).isEqualTo(clean[i]);
                }
            }
            double[] relu = Tensor.of(new double[] {Double.NaN, -1, 2, -0.0, 0, 3, Double.NaN, -5, 1, 1, 1, 1, 1, 1, 1, 1,
                Double.NaN, -2}, 18).to(dtype).relu().toDoubleArray();
            assertThat(relu[0]).isNaN();
            assertThat(relu[6]).isNaN();
            assertThat(relu[16]).as("the tail past the last whole vector").isNaN();
            assertThat(new double[] {relu[1], relu[2], relu[3], relu[5], relu[7], relu[17]}).containsExactly(0, 2, 0, 3, 0, 0);
            assertThat(1 / relu[3]).as("relu(-0) is +0").isEqualTo(Double.POSITIVE_INFINITY);
        }
    }

    @Test
    void badStackShapesNameTheOpAndShapes() {
        assertThatThrownBy(() -> Tensor.linear(rand(1, 2, 4, 3), rand(2, 3, 3, 5), null, Activation.RELU, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("linear: shapes [2, 4, 3], [3, 3, 5] and no bias are not aligned");
        assertThatThrownBy(() -> Tensor.linear(rand(1, 4, 3), rand(2, 2, 3, 5), rand(3, 5), Activation.RELU, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("linear: shapes [4, 3], [2, 3, 5] and [5] are not aligned");
        assertThatThrownBy(() -> Tensor.linear(rand(1, 2, 4, 3), rand(2, 3, 5), null, Activation.RELU, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("linear: shapes [2, 4, 3], [3, 5] and no bias are not aligned");
    }

    @Test
    void badShapesNameTheOpAndShapes() {
        assertThatThrownBy(() -> Tensor.linear(rand(1, 2, 3), rand(2, 4, 5), null, Activation.RELU, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("linear: shapes [2, 3], [4, 5] and no bias are not aligned: x [m, k] needs w [k, n] and bias [n];"
                        + " a stack needs w [s, k, n], bias [s, n] and x [s, m, k] or [m, k]");
        assertThatThrownBy(() -> Tensor.linear(rand(1, 2, 3), rand(2, 3, 5), rand(3, 4), Activation.RELU, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("linear: shapes [2, 3], [3, 5] and [4] are not aligned");
        assertThatThrownBy(() -> Tensor.linear(rand(1, 2, 3), rand(2, 3, 5), null, Activation.LEAKY_RELU, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("linear: leaky ReLU slope must be > 0");
    }
}
