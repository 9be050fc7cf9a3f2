package dev.tussle.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tussle.engine.kernel.BinaryOp;
import org.junit.jupiter.api.Test;

class StridedLoopTest {
    /** out = a + b over the loop's runs, reading everything from the loop's operands. */
    private static final StridedLoop.Run ADD = (t, o, s, oo, n) -> {
        for (int i = 0; i < n; i++) {
            t.out.d[oo + i] = t.a.d[o[0] + i * s[0]] + t.b.d[o[1] + i * s[1]];
        }
    };

    @Test
    void runsGetTheLoopsTensorsAndOpAndCoverEveryBroadcastElement() {
        Rng rng = new Rng(5);
        Tensor a = Tensor.randn(rng, DType.F64, 0, 1, 3, 1, 7);
        Tensor b = Tensor.randn(rng, DType.F64, 0, 1, 5, 1);
        Tensor out = Tensor.zeros(DType.F64, 3, 5, 7);
        Object[] seenOp = new Object[1];
        StridedLoop.forEach(out, a, b, BinaryOp.ADD, (t, o, s, oo, n) -> {
            seenOp[0] = t.op;
            ADD.apply(t, o, s, oo, n);
        });
        assertThat(seenOp[0]).isSameAs(BinaryOp.ADD);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 5; j++) {
                for (int k = 0; k < 7; k++) {
                    assertThat(out.get(i, j, k)).isEqualTo(a.get(i, 0, k) + b.get(j, 0));
                }
            }
        }
    }
}
