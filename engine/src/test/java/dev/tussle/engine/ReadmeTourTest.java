package dev.tussle.engine;

import dev.tussle.engine.autodiff.GradCheck;
import dev.tussle.engine.autodiff.GraphDot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's five-minute tour, run as written, so the README stays true. */
class ReadmeTourTest {

    @Test
    void tinyMlpGradientIsComputedCheckedAndDrawn() {
        Rng rng = new Rng(1);
        Tensor x = Tensor.randn(rng, DType.F64, 0, 1, 4, 3).label("x");
        Tensor w1 = Tensor.randn(rng, DType.F64, 0, 0.5, 3, 5).requiresGrad(true).label("W1");
        Tensor b1 = Tensor.zeros(DType.F64, 5).requiresGrad(true).label("b1");
        Tensor w2 = Tensor.randn(rng, DType.F64, 0, 0.5, 5, 1).requiresGrad(true).label("W2");

        Function<Tensor[], Tensor> mlpLoss = p -> x.matmul(p[0]).add(p[1]).tanh().matmul(p[2]).square().mean();
        Tensor loss = mlpLoss.apply(new Tensor[] {w1, b1, w2});
        loss.backward();

        GradCheck.Report first = GradCheck.check(mlpLoss, w1, b1, w2);
        GradCheck.Report second = GradCheck.checkSecondOrder(mlpLoss, w1, b1, w2);
        String dot = GraphDot.toDot(loss);

        System.out.println(loss);
        System.out.println(w2.grad());
        System.out.println(first);
        System.out.println(second);
        System.out.println(dot);

        assertThat(w1.grad().shape()).isEqualTo(Shape.of(3, 5));
        assertThat(first.comparisons()).isEqualTo(15 + 5 + 5);
        List<Tensor> viaGrad = Autodiff.grad(mlpLoss.apply(new Tensor[] {w1, b1, w2}), List.of(w2), false);
        assertThat(viaGrad.get(0).toDoubleArray()).containsExactly(w2.grad().toDoubleArray());
        assertThat(dot).contains("W1\\n[3, 5] float64\\nrequires grad", "tanh", "matmul", "div");
    }
}
