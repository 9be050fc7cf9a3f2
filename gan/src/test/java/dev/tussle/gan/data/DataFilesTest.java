package dev.tussle.gan.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tussle.engine.Rng;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV and .npy loading, including malformed files. */
class DataFilesTest {
    /** np.save of float32 [[1.5, -2], [0.25, 3], [-1, 0]], written by NumPy 2.4. */
    private static final String NUMPY_F32_3X2 = "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c"
            + "20277368617065273a2028332c2032292c207d20202020202020202020202020202020202020202020202020202020202020"
            + "2020202020202020202020202020202020202020202020202020200a0000c03f000000c00000803e00004040000080bf0000"
            + "0000";
    /** np.save of float64 [0.5, -1.25, 2.0], written by NumPy 2.4. */
    private static final String NUMPY_F64_3 = "934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73652c"
            + "20277368617065273a2028332c292c207d202020202020202020202020202020202020202020202020202020202020202020"
            + "2020202020202020202020202020202020202020202020202020200a000000000000e03f000000000000f4bf000000000000"
            + "0040";

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ CSV

    @Test
    void csvWithHeaderAndBlankLines() throws IOException {
        Path f = write("pts.csv", "x,y\n1.5,-2\n\n 0.25 , 3e0\n-1,0\n");
        assertThat(CsvPoints.read(f)).isDeepEqualTo(new double[][] {{1.5, -2}, {0.25, 3}, {-1, 0}});
    }

    @Test
    void csvWithoutHeaderAndOneColumn() throws IOException {
        assertThat(CsvPoints.read(write("a.csv", "1,2\n3,4"))).isDeepEqualTo(new double[][] {{1, 2}, {3, 4}});
        assertThat(CsvPoints.read(write("b.csv", "0.5\n-1\n"))).isDeepEqualTo(new double[][] {{0.5}, {-1}});
    }

    @Test
    void csvRejectsANonNumberAfterTheHeaderNamingLineAndColumn() throws IOException {
        Path f = write("bad.csv", "x,y\n1,2\n3,abc\n");
        assertThatThrownBy(() -> CsvPoints.read(f)).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(f.toString())
                .hasMessageContaining("line 3, column 2: 'abc' is not a number");
    }

    @Test
    void csvRejectsRaggedRowsEmptyFilesAndNonFiniteValues() throws IOException {
        Path ragged = write("ragged.csv", "1,2\n3,4,5\n");
        assertThatThrownBy(() -> CsvPoints.read(ragged)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("line 2 has 3 values but the first point has 2");
        Path empty = write("empty.csv", "x,y\n\n");
        assertThatThrownBy(() -> CsvPoints.read(empty)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("contains no points");
        Path nan = write("nan.csv", "1,NaN\n");
        assertThatThrownBy(() -> CsvPoints.read(nan)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("not finite");
        assertThat(new DataFileException(nan, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ .npy

    @Test
    void readsFilesWrittenByNumPy() throws IOException {
        Path f32 = writeBytes("a.npy", HexFormat.of().parseHex(NUMPY_F32_3X2));
        assertThat(NpyPoints.read(f32)).isDeepEqualTo(new double[][] {{1.5, -2}, {0.25, 3}, {-1, 0}});
        Path f64 = writeBytes("b.npy", HexFormat.of().parseHex(NUMPY_F64_3));
        assertThat(NpyPoints.read(f64)).isDeepEqualTo(new double[][] {{0.5}, {-1.25}, {2.0}});
    }

    @Test
    void readsVersionTwoHeaders() throws IOException {
        byte[] bytes = npy(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }", 16, 8, 1.0, 2.0);
        assertThat(NpyPoints.read(writeBytes("v2.npy", bytes))).isDeepEqualTo(new double[][] {{1}, {2}});
    }

    @Test
    void fromFileDispatchesOnTheExtensionAndBuildsAFiniteDataSet() throws IOException {
        FiniteDataSet fromNpy = DataSets.fromFile(writeBytes("ring.npy", HexFormat.of().parseHex(NUMPY_F32_3X2)));
        assertThat(fromNpy.size()).isEqualTo(3);
        assertThat(fromNpy.name()).isEqualTo("ring.npy");
        assertThat(fromNpy.sample(new Rng(1), 4).shape().dims()).containsExactly(4, 2);
        FiniteDataSet fromCsv = DataSets.fromFile(write("ring.csv", "x,y\n1,2\n"));
        assertThat(fromCsv.points().toFloatArray()).containsExactly(1f, 2f);
    }

    @Test
    void rejectsMalformedNpyFilesSayingWhatIsWrong() throws IOException {
        String ok = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }";
        assertMalformed(new byte[] {1, 2, 3}, "too short");
        assertMalformed("NOTNUMPY-and-more".getBytes(StandardCharsets.US_ASCII), "magic");
        assertMalformed(npy(4, ok, 16, 4, 1, 2, 3, 4), "unsupported .npy format version 4.0");
        assertMalformed(npy(1, ok.replace("<f4", ">f4"), 16, 4, 1, 2, 3, 4), "big-endian");
        assertMalformed(npy(1, ok.replace("<f4", "<i4"), 16, 4, 1, 2, 3, 4), "dtype '<i4' is not supported");
        assertMalformed(npy(1, ok.replace("False", "True"), 16, 4, 1, 2, 3, 4), "Fortran order");
        assertMalformed(npy(1, ok.replace("(2, 2)", "(1, 2, 2)"), 16, 4, 1, 2, 3, 4), "3 dimensions (1, 2, 2)");
        assertMalformed(npy(1, ok, 16, 4, 1, 2, 3), "header declares shape (2, 2) of float32 = 16 bytes of data but 12 follow");
        assertMalformed(npy(1, ok, 16, 4, 1, 2, 3, 4, 5), "= 16 bytes of data but 20 follow");
        assertMalformed(npy(1, "{'descr': '<f4', 'shape': (2, 2), }", 16, 4, 1, 2, 3, 4), "no 'fortran_order' entry");
        assertMalformed(npy(1, ok.replace("'shape'", "'shape': (1,), 'shape'"), 16, 4, 1, 2, 3, 4), "appears twice");
        assertMalformed(npy(1, ok.replace("'shape'", "'colour'"), 16, 4, 1, 2, 3, 4), "unexpected header key 'colour'");
        assertMalformed(npy(1, ok.replace("(2, 2)", "(2, x)"), 16, 4, 1, 2, 3, 4), "expected a dimension");
        assertMalformed(npy(1, ok.replace("(2, 2)", "(0, 2)"), 16, 4), "contains no points");
        byte[] noNewline = npy(1, ok, 16, 4, 1, 2, 3, 4);
        noNewline[8 + 2 + lengthOfHeader(noNewline) - 1] = ' ';
        assertMalformed(noNewline, "does not end with a newline");
        byte[] lying = npy(1, ok, 16, 4, 1, 2, 3, 4);
        lying[8] = (byte) 0xFF;
        lying[9] = (byte) 0x7F;
        assertMalformed(lying, "header declares 32767 bytes");
    }

    private void assertMalformed(byte[] bytes, String expected) throws IOException {
        Path f = writeBytes("bad.npy", bytes);
        assertThatThrownBy(() -> NpyPoints.read(f)).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(f + ": ")
                .hasMessageContaining(expected);
    }

    private static int lengthOfHeader(byte[] npyV1) {
        return (npyV1[8] & 0xFF) | (npyV1[9] & 0xFF) << 8;
    }

    /** A .npy file: magic, version, header padded with spaces and a newline to a multiple of {@code align}, then the values. */
    static byte[] npy(int major, String dict, int align, int itemSize, double... values) {
        int prefix = 6 + 2 + (major == 1 ? 2 : 4);
        StringBuilder header = new StringBuilder(dict);
        while ((prefix + header.length() + 1) % align != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buf = ByteBuffer.allocate(prefix + h.length + values.length * itemSize).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            buf.putShort((short) h.length);
        } else {
            buf.putInt(h.length);
        }
        buf.put(h);
        for (double v : values) {
            if (itemSize == 4) {
                buf.putFloat((float) v);
            } else {
                buf.putDouble(v);
            }
        }
        return buf.array();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private Path writeBytes(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
