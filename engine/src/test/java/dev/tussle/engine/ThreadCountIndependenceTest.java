package dev.tussle.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tussle.engine.kernel.Activation;
import dev.tussle.engine.kernel.EnginePool;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The tensor ops whose loops are split over the engine's threads (long elementwise runs,
 * broadcasting loops, sums over an axis, the bias of a dense layer, and their backward passes)
 * give the same bits on 1, 2 and 3 threads. Sizes are chosen so that every loop is split
 * (at least twice {@link EnginePool#MIN_ELEMENTS_PER_TASK} elements) and so that shares end
 * inside a vector (odd widths, 2500·53 elements).
 */
class ThreadCountIndependenceTest {
    private static final int DEFAULT_THREADS = EnginePool.threads();

    @AfterEach
    void restoreThreads() {
        EnginePool.setThreads(DEFAULT_THREADS);
    }

    @Test
    void splitLoopsGiveTheSameBitsForOneTwoAndThreeThreads() {
        assertThat(2500 * 53).isGreaterThan(4 * EnginePool.MIN_ELEMENTS_PER_TASK);
        for (DType dtype : DType.values()) {
            List<double[]> first = null;
            for (int threads = 1; threads <= 3; threads++) {
                EnginePool.setThreads(threads);
                List<double[]> results = compute(dtype);
                if (first == null) {
                    first = results;
                } else {
                    for (int i = 0; i < results.size(); i++) {
                        assertThat(results.get(i)).as("%s result %d with %d threads", dtype, i, threads)
                                .isEqualTo(first.get(i));
                    }
                }
            }
        }
    }

    /** Forward values and gradients of a small graph built from the split ops. */
    private static List<double[]> compute(DType dtype) {
        Rng rng = new Rng(17);
        Tensor x = Tensor.randn(rng, dtype, 0, 1, 2500, 53).requiresGrad(true);
        Tensor row = Tensor.randn(rng, dtype, 0, 1, 53).requiresGrad(true);
        Tensor col = Tensor.randn(rng, dtype, 0, 1, 2500, 1).requiresGrad(true);
        Tensor w = Tensor.randn(rng, dtype, 0, 0.2, 3, 53, 61).requiresGrad(true);
        Tensor bias = Tensor.randn(rng, dtype, 0, 1, 3, 61).requiresGrad(true);

        Tensor broadcast = x.mul(row).sub(col);                       // broadcasting loops, both ways
        Tensor mapped = broadcast.leakyRelu(0.2).square();            // long elementwise runs
        Tensor picked = Tensor.where(broadcast.gt(0.1), mapped, x);   // select
        Tensor columnSums = picked.sum(0, false);                     // sum over the long axis
        Tensor layer = Tensor.linear(picked, w, bias, Activation.LEAKY_RELU, 0.2); // stacked, row bias
        Tensor loss = layer.sum(1, false).square().sum().add(columnSums.square().sum());
        loss.backward();

        List<double[]> out = new ArrayList<>();
        for (Tensor t : List.of(broadcast, mapped, picked, columnSums, layer, loss,
                x.grad(), row.grad(), col.grad(), w.grad(), bias.grad())) {
            out.add(t.toDoubleArray());
        }
        return out;
    }
}
