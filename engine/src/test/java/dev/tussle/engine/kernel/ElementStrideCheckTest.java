package dev.tussle.engine.kernel;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * zip and select take element strides of 0 (broadcast) or 1 only; the vector loops read any other
 * stride as a broadcast, so both kernel sets refuse it by name instead of computing something else.
 */
class ElementStrideCheckTest {
    private static final List<Kernels> KERNELS = List.of(KernelProvider.get(), KernelProvider.scalar());

    @Test
    void zipRefusesStridesOtherThanZeroAndOne() {
        float[] f = new float[16];
        double[] d = new double[16];
        for (Kernels k : KERNELS) {
            assertThatThrownBy(() -> k.zip(BinaryOp.ADD, f, 0, 2, f, 0, 1, f, 0, 4))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("zip: element strides must be 0 (broadcast) or 1, got 2 and 1");
            assertThatThrownBy(() -> k.zip(BinaryOp.MUL, d, 0, 1, d, 0, -1, d, 0, 4))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("zip: element strides must be 0 (broadcast) or 1, got 1 and -1");
        }
    }

    @Test
    void selectRefusesStridesOtherThanZeroAndOne() {
        float[] f = new float[16];
        double[] d = new double[16];
        for (Kernels k : KERNELS) {
            assertThatThrownBy(() -> k.select(f, 0, 1, f, 0, 0, f, 0, 3, f, 0, 4))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("select: element strides must be 0 (broadcast) or 1, got 1, 0 and 3");
            assertThatThrownBy(() -> k.select(d, 0, 2, d, 0, 1, d, 0, 1, d, 0, 4))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("select: element strides must be 0 (broadcast) or 1, got 2, 1 and 1");
        }
    }
}
