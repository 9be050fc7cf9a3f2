package dev.tussle.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tussle.engine.DType;
import dev.tussle.engine.GradMode;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.engine.TensorArena;
import org.junit.jupiter.api.Test;

/**
 * Broadcasting ops (a row or a column against a batch, {@code where}, {@code broadcastTo}) in a
 * restarted arena scope allocate nothing once compiled: their output's storage and tensor object
 * come from the arena, and the broadcast loop hands its operands to a constant run. Each loop
 * once captured its tensors in a lambda, 32 bytes a call: a MIX+GAN step makes dozens of these
 * over its k×k pairs.
 */
class BroadcastAllocationTest {
    @Test
    void broadcastingOpsInAnArenaAllocateNothing() {
        Rng rng = new Rng(4);
        Tensor x = Tensor.randn(rng, DType.F32, 0, 1, 64, 33);
        Tensor row = Tensor.randn(rng, DType.F32, 0, 1, 33);
        Tensor column = Tensor.randn(rng, DType.F32, 0, 1, 64, 1);
        Tensor mask = x.gt(0);
        double expected = (float) x.getFlat(33) + (float) row.getFlat(0);
        TensorArena arena = new TensorArena();
        int calls = 2000;
        long fewest;
        try (var noGrad = GradMode.noGrad(); var scope = arena.open()) {
            assertThat(x.add(row).getFlat(33)).isEqualTo(expected);
            Runnable round = () -> {
                scope.restart();
                x.add(row);
                x.mul(column);
                Tensor.where(mask, x, row);
                row.broadcastTo(x.shape());
            };
            fewest = ThreadAllocation.fewestBytesPerWindow(round, calls, 20, 1);
        }
        // 32 bytes a loop would be 256 KB a window.
        assertThat(fewest).as("fewest bytes allocated by a window of %d rounds of four broadcasting ops", calls)
                .isLessThan(calls);
    }
}
