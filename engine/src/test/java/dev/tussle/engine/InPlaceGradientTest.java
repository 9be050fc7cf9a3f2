package dev.tussle.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tussle.engine.kernel.Activation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When a backward rule may overwrite its incoming gradient ({@link Autodiff#mayOverwrite}): only
 * when nobody else can see it. Checked directly with a probe op that records the answer, and end
 * to end by comparing the gradients {@code backward()} leaves (where leaky layers overwrite) with
 * those {@code Autodiff.grad} returns (where nothing is overwritten), bit for bit.
 */
class InPlaceGradientTest {

    private static Tensor rand(long seed, DType dtype, int... shape) {
        return Tensor.rand(new Rng(seed), dtype, -1, 1, shape);
    }

    private static Tensor param(long seed, DType dtype, int... shape) {
        return rand(seed, dtype, shape).requiresGrad(true);
    }

    /** The identity, whose rule notes whether it may overwrite the gradient it is handed. */
    private static Tensor probe(Tensor x, List<Boolean> answers) {
        Tensor out = x.detach().mul(1.0);
        return Autodiff.record("probe", out, (node, i, g) -> {
            answers.add(Autodiff.mayOverwrite(g));
            return g;
        }, x);
    }

    @Test
    void aGradientMadeInThePassAndHeldByNobodyElseMayBeOverwritten() {
        List<Boolean> answers = new ArrayList<>();
        Tensor x = param(1, DType.F64, 3, 4);
        probe(x, answers).mul(rand(2, DType.F64, 3, 4)).sum().backward();
        assertThat(answers).containsExactly(true);
    }

    @Test
    void aSeedGivenByTheCallerIsNeverOverwritten() {
        List<Boolean> answers = new ArrayList<>();
        Tensor x = param(1, DType.F64, 3, 4);
        Tensor seed = rand(3, DType.F64, 3, 4);
        probe(x, answers).backward(seed, false, false);
        assertThat(answers).containsExactly(false);
    }

    @Test
    void nothingIsOverwrittenWhenGradientsAreReturnedOrRecorded() {
        List<Boolean> answers = new ArrayList<>();
        Tensor x = param(1, DType.F64, 3, 4);
        Tensor c = rand(2, DType.F64, 3, 4);
        Autodiff.grad(probe(x, answers).mul(c).sum(), List.of(x), false);
        probe(x, answers).mul(c).sum().backward(null, false, true);
        assertThat(answers).containsExactly(false, false);
    }

    @Test
    void aGradientHandedToTwoInputsIsOverwrittenOnlyByTheLastToUseIt() {
        // add passes the same tensor to both operands: while the second still waits for it, the
        // first may not touch it.
        List<Boolean> answers = new ArrayList<>();
        Tensor x = param(1, DType.F64, 3, 4);
        Tensor y = param(2, DType.F64, 3, 4);
        probe(x, answers).add(probe(y, answers)).mul(rand(3, DType.F64, 3, 4)).sum().backward();
        assertThat(answers).containsExactly(false, true);
    }

    @Test
    void aGradientSharingStorageWithAViewWaitingElsewhereIsNotOverwritten() {
        // The reshape's rule hands its operand a view of the gradient that the other operand of
        // add also receives: either probe sees storage still in use by the other's gradient.
        List<Boolean> answers = new ArrayList<>();
        Tensor x = param(1, DType.F64, 3, 4);
        Tensor y = param(2, DType.F64, 4, 3);
        probe(x, answers).add(probe(y, answers).reshape(3, 4)).mul(rand(3, DType.F64, 3, 4)).sum().backward();
        assertThat(answers).containsExactly(false, true);
    }

    /**
     * Two leaky layers whose outputs are added (so both receive one gradient tensor), one of them
     * through a reshape (a view of it), then a third layer on top, and a leaky ReLU as its own op:
     * {@code backward()} must leave exactly the gradients that {@code Autodiff.grad} returns.
     */
    @Test
    void leakyLayersGiveTheSameBitsWhetherOrNotTheyOverwriteTheirGradient() {
        for (DType dtype : DType.values()) {
            Tensor x = rand(1, dtype, 30, 7);
            Tensor w1 = param(2, dtype, 7, 12);
            Tensor b1 = param(3, dtype, 12);
            Tensor w2 = param(4, dtype, 7, 12);
            Tensor w3 = param(5, dtype, 12, 5);
            Tensor b3 = param(6, dtype, 5);
            List<Tensor> params = List.of(w1, b1, w2, w3, b3);
            java.util.function.Supplier<Tensor> loss = () -> {
                Tensor h1 = Tensor.linear(x, w1, b1, Activation.LEAKY_RELU, 0.2);
                Tensor h2 = Tensor.linear(x, w2, null, Activation.LEAKY_RELU, 0.2).reshape(12, 30).reshape(30, 12);
                Tensor h = h1.add(h2);
                Tensor out = Tensor.linear(h, w3, b3, Activation.LEAKY_RELU, 0.2).leakyRelu(0.1);
                return out.mul(rand(7, dtype, 30, 5)).sum();
            };
            List<Tensor> expected = Autodiff.grad(loss.get(), params, false);
            loss.get().backward();
            for (int i = 0; i < params.size(); i++) {
                assertThat(params.get(i).grad().toDoubleArray()).as("%s gradient %d", dtype, i)
                        .containsExactly(expected.get(i).toDoubleArray());
            }
        }
    }

    @Test
    void theCallersGradientIsLeftAsItWas() {
        Tensor x = rand(1, DType.F32, 20, 6);
        Tensor w = param(2, DType.F32, 6, 9);
        Tensor seed = rand(3, DType.F32, 20, 9);
        float[] before = seed.toFloatArray();
        Tensor.linear(x, w, null, Activation.LEAKY_RELU, 0.2).backward(seed, false, false);
        assertThat(seed.toFloatArray()).containsExactly(before);
        assertThat(w.grad()).isNotNull();
    }
}
