package dev.tussle.engine;

import dev.tussle.engine.autodiff.GraphDot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Behaviour of the backward engine itself: accumulation, createGraph, the functional face. */
class AutodiffTest {

    private static Tensor vec(double... v) {
        return Tensor.of(v);
    }

    @Test
    void aValueUsedTwiceReceivesBothContributions() {
        Tensor x = vec(3.0).requiresGrad(true);
        Tensor y = x.mul(x).add(x); // dy/dx = 2x + 1 = 7
        y.sum().backward();
        assertThat(x.grad().item()).isEqualTo(7.0);
    }

    @Test
    void backwardAccumulatesIntoGradUntilZeroGrad() {
        Tensor x = vec(1.0, 2.0).requiresGrad(true);
        x.square().sum().backward();
        x.square().sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(4.0, 8.0);
        x.zeroGrad();
        assertThat(x.grad()).isNull();
        x.mul(3.0).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(3.0, 3.0);
    }

    @Test
    void broadcastGradientIsSummedToTheInputShape() {
        Tensor a = Tensor.ones(DType.F64, 2, 3).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
        Tensor c = Tensor.scalar(2.0).requiresGrad(true);
        a.mul(b).mul(c).sum().backward();
        assertThat(b.grad().shape()).isEqualTo(Shape.of(3));
        assertThat(b.grad().toDoubleArray()).containsExactly(4.0, 4.0, 4.0);
        assertThat(c.grad().shape()).isEqualTo(Shape.scalar());
        assertThat(c.grad().item()).isEqualTo(12.0);
        assertThat(a.grad().toDoubleArray()).containsExactly(2, 4, 6, 2, 4, 6);
    }

    @Test
    void leafGradientsNeverShareStorage() {
        Tensor a = vec(1, 2).requiresGrad(true);
        Tensor b = vec(3, 4).requiresGrad(true);
        Tensor c = vec(5, 6, 7, 8).requiresGrad(true);
        a.add(b).add(c.reshape(2, 2).sum(0, false)).sum().backward();
        a.grad().storageF64()[0] = 100;
        assertThat(b.grad().getFlat(0)).isEqualTo(1.0);
        assertThat(c.grad().getFlat(0)).isEqualTo(1.0);
    }

    @Test
    void withoutCreateGraphNothingIsRecordedDuringBackward() {
        Tensor x = vec(0.5).requiresGrad(true);
        x.tanh().sum().backward();
        assertThat(x.grad().gradFn()).isNull();
        assertThat(x.grad().requiresGrad()).isFalse();
    }

    @Test
    void secondDerivativeThroughCreateGraph() {
        Tensor x = vec(0.3, -1.2).requiresGrad(true);
        // f = sum(x^3 sin x); f' = 3x^2 sin x + x^3 cos x
        Tensor f = x.pow(3.0).mul(x.sin()).sum();
        Tensor g = Autodiff.grad(f, List.of(x), true).get(0);
        assertThat(g.gradFn()).isNotNull();
        // d/dx sum(f') = 6x sin x + 6x^2 cos x - x^3 sin x
        Tensor h = Autodiff.grad(g.sum(), List.of(x), false).get(0);
        for (int i = 0; i < 2; i++) {
            double v = x.getFlat(i);
            double expected = 6 * v * Math.sin(v) + 6 * v * v * Math.cos(v) - v * v * v * Math.sin(v);
            assertThat(h.getFlat(i)).isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void hessianVectorProductOfAQuadraticForm() {
        // f(x) = 1/2 x^T A x with symmetric A: H = A, so Hv = A v.
        Tensor a = Tensor.of(new double[][] {{2, 1, 0}, {1, 3, -1}, {0, -1, 4}});
        Tensor x = vec(0.1, 0.2, 0.3).requiresGrad(true);
        Tensor v = vec(1, -2, 0.5);
        Tensor f = x.matmul(a.matmul(x)).mul(0.5);
        Tensor g = Autodiff.grad(f, List.of(x), true).get(0);
        Tensor hv = Autodiff.grad(g.mul(v).sum(), List.of(x), false).get(0);
        assertThat(hv.toDoubleArray()).containsExactly(0.0, -5.5, 4.0);
    }

    @Test
    void gradWithRespectToAnIntermediateTensor() {
        Tensor x = vec(1.0, 2.0).requiresGrad(true);
        Tensor h = x.mul(3.0);
        Tensor y = h.square().sum();
        Tensor dh = Autodiff.grad(y, List.of(h), false).get(0);
        assertThat(dh.toDoubleArray()).containsExactly(6.0, 12.0);
        assertThat(x.grad()).as("grad() does not accumulate into leaves").isNull();
    }

    @Test
    void gradWithRespectToAnIntermediateWhoseOwnGraphWasFreed() {
        Tensor x = vec(1.0, 2.0);
        Tensor w = vec(3.0, -1.0).requiresGrad(true);
        Tensor h = x.mul(w);
        h.sum().backward(); // frees h's node
        Tensor dh = Autodiff.grad(h.square().sum(), List.of(h), false).get(0);
        assertThat(dh.toDoubleArray()).containsExactly(6.0, -4.0);
    }

    @Test
    void powGradientsAreZeroNotNanWhereTheBaseOrExponentIsZero() {
        Tensor x = vec(0.0, 2.0).requiresGrad(true);
        x.pow(0.0).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(0.0, 0.0);
        Tensor a = vec(0.0, 2.0).requiresGrad(true);
        Tensor b = vec(0.0, 3.0).requiresGrad(true);
        a.pow(b).sum().backward();
        assertThat(a.grad().toDoubleArray()).containsExactly(0.0, 12.0);
        assertThat(b.grad().getFlat(0)).isZero();
        assertThat(b.grad().getFlat(1)).isCloseTo(8 * Math.log(2), within(1e-12));
    }

    @Test
    void clampPassesTheGradientOnItsBoundsAsPyTorchDoes() {
        Tensor x = vec(-2.0, -1.0, 0.3, 1.0, 4.0).requiresGrad(true);
        x.clamp(-1, 1).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(0.0, 1.0, 1.0, 1.0, 0.0);
    }

    @Test
    void unusedInputGetsZeroGradient() {
        Tensor x = vec(1.0).requiresGrad(true);
        Tensor unused = vec(5.0, 6.0).requiresGrad(true);
        List<Tensor> gs = Autodiff.grad(x.square().sum(), List.of(x, unused), false);
        assertThat(gs.get(1).toDoubleArray()).containsExactly(0.0, 0.0);
    }

    @Test
    void detachAndNoGradCutTheGraph() {
        Tensor x = vec(2.0).requiresGrad(true);
        Tensor y = x.detach().mul(x); // d/dx = detached x = 2
        y.sum().backward();
        assertThat(x.grad().item()).isEqualTo(2.0);
        try (var scope = GradMode.noGrad()) {
            assertThat(x.mul(x).requiresGrad()).isFalse();
        }
        assertThat(x.mul(x).requiresGrad()).isTrue();
    }

    @Test
    void aFreedGraphReleasesIntermediateActivations() throws InterruptedException {
        Tensor x = Tensor.ones(DType.F64, 512, 512);
        Tensor w = Tensor.ones(DType.F64, 512, 512).requiresGrad(true);
        Tensor h = x.matmul(w);
        java.lang.ref.WeakReference<Tensor> ref = new java.lang.ref.WeakReference<>(h);
        Tensor loss = h.tanh().sum();
        h = null;
        loss.backward();
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(ref.get()).as("the 2 MB activation is unreachable once its graph is freed").isNull();
        assertThat(GraphDot.toDot(loss)).contains("matmul", "tanh", "[512, 512]");
        assertThatThrownBy(loss::backward).isInstanceOf(IllegalStateException.class).hasMessageContaining("freed");
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = vec(1.5).requiresGrad(true);
        Tensor y = x.exp().sum();
        y.backward(Tensor.scalar(1.0), true, false);
        y.backward(Tensor.scalar(1.0), false, false);
        assertThat(x.grad().item()).isCloseTo(2 * Math.exp(1.5), within(1e-12));
        assertThatThrownBy(y::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("backward").hasMessageContaining("'sum'").hasMessageContaining("freed");
    }

    @Test
    void functionalGradNestsToHigherDerivatives() {
        UnaryOperator<Tensor> f = x -> x.sin().sum();
        UnaryOperator<Tensor> df = Autodiff.grad(f);
        UnaryOperator<Tensor> d2f = Autodiff.grad(x -> df.apply(x).sum());
        Tensor x = vec(0.7, -0.4);
        assertThat(df.apply(x).toDoubleArray()).containsExactly(Math.cos(0.7), Math.cos(-0.4));
        double[] second = d2f.apply(x).toDoubleArray();
        assertThat(second[0]).isCloseTo(-Math.sin(0.7), within(1e-15));
        assertThat(second[1]).isCloseTo(-Math.sin(-0.4), within(1e-15));
        assertThat(x.requiresGrad()).as("the caller's tensor is untouched").isFalse();
    }

    @Test
    void valueAndGradAndGradAll() {
        Autodiff.ValueAndGrad vg = Autodiff.valueAndGrad(x -> x.square().sum()).apply(vec(1, 2, 3));
        assertThat(vg.value().item()).isEqualTo(14.0);
        assertThat(vg.grad().toDoubleArray()).containsExactly(2, 4, 6);
        Tensor[] gs = Autodiff.gradAll(xs -> xs[0].mul(xs[1]).sum()).apply(new Tensor[] {vec(2, 3), vec(5, 7)});
        assertThat(gs[0].toDoubleArray()).containsExactly(5, 7);
        assertThat(gs[1].toDoubleArray()).containsExactly(2, 3);
    }

    /**
     * The dtype cast is outside the gradcheck table (finite differences through float32 rounding
     * are meaningless at eps 1e-6); its rule passes the gradient through, converted back.
     */
    @Test
    void castPassesTheGradientThroughInTheSourceDtype() {
        Tensor x = vec(0.1, -2.0, 3.5).requiresGrad(true);
        Tensor y = x.to(DType.F32).mul(Tensor.of(new float[] {1f, 2f, 3f})).to(DType.F64).sum();
        Tensor g = Autodiff.grad(y, List.of(x), true).get(0);
        assertThat(g.dtype()).isEqualTo(DType.F64);
        assertThat(g.toDoubleArray()).containsExactly(1.0, 2.0, 3.0);
        assertThat(x.to(DType.F64)).isSameAs(x);
    }

    @Test
    void float32GradientsMatchFloat64() {
        Rng rng = new Rng(3);
        Tensor w64 = Tensor.randn(rng, DType.F64, 0, 1, 4, 3);
        Tensor x64 = Tensor.randn(rng, DType.F64, 0, 1, 5, 4);
        Tensor w32 = w64.to(DType.F32).requiresGrad(true);
        w64.requiresGrad(true);
        x64.matmul(w64).tanh().sum().backward();
        x64.to(DType.F32).matmul(w32).tanh().sum().backward();
        double[] a = w64.grad().toDoubleArray();
        double[] b = w32.grad().toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).isCloseTo(a[i], within(1e-5));
        }
    }

    @Test
    void graphDotOfATinyMlp() {
        Tensor x = Tensor.ones(2, 3).label("x");
        Tensor w = Tensor.ones(3, 4).requiresGrad(true).label("W");
        Tensor b = Tensor.zeros(4).requiresGrad(true).label("b");
        Tensor loss = x.matmul(w).add(b).relu().sum();
        String dot = GraphDot.toDot(loss);
        assertThat(dot).startsWith("digraph tussle {").contains("matmul", "add", "relu", "sum",
                "W\\n[3, 4] float32\\nrequires grad", "x\\n[2, 3] float32", "->");
    }
}
