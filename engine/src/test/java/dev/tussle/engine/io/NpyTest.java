package dev.tussle.engine.io;

import dev.tussle.engine.DType;
import dev.tussle.engine.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class NpyTest {
    private static String header(byte[] b) {
        int len = ByteBuffer.wrap(b, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
        assertThat((10 + len) % 64).isZero();
        return new String(b, 10, len, StandardCharsets.US_ASCII);
    }

    @Test
    void headerAndDataFollowVersion1() {
        byte[] b = Npy.encode(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        assertThat(b[0]).isEqualTo((byte) 0x93);
        assertThat(new String(b, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        assertThat(b[6]).isEqualTo((byte) 1);
        assertThat(b[7]).isEqualTo((byte) 0);
        String h = header(b);
        assertThat(h).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }").endsWith("\n");
        ByteBuffer data = ByteBuffer.wrap(b, 10 + h.length(), 24).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(data.getFloat()).isEqualTo(1f);
        assertThat(b.length).isEqualTo(10 + h.length() + 24);
    }

    @Test
    void intVectorsAreInt32LittleEndian() {
        byte[] b = Npy.encodeInts(new int[] {0, 2, -1, 7});
        String h = header(b);
        assertThat(h).startsWith("{'descr': '<i4', 'fortran_order': False, 'shape': (4,), }").endsWith("\n");
        ByteBuffer data = ByteBuffer.wrap(b, 10 + h.length(), 16).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new int[] {data.getInt(), data.getInt(), data.getInt(), data.getInt()}).containsExactly(0, 2, -1, 7);
        assertThat(b.length).isEqualTo(10 + h.length() + 16);
        assertThat(header(Npy.encodeInts(new int[0]))).contains("'shape': (0,)");
    }

    @Test
    void shapesOfRankZeroAndOneUsePythonTupleSyntax() {
        assertThat(header(Npy.encode(Tensor.scalar(1.0)))).startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (), }");
        assertThat(header(Npy.encode(Tensor.zeros(DType.F64, 5)))).contains("'shape': (5,)");
    }
}
