package dev.tussle.engine.io;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafeTensorsTest {
    @TempDir
    Path dir;

    static Map<String, Tensor> sample() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("a", Tensor.randn(new Rng(1), DType.F32, 0, 1, 2, 3));
        m.put("b.weight", Tensor.randn(new Rng(2), DType.F64, 0, 1, 4));
        m.put("scalar", Tensor.scalar(2.5f));
        m.put("empty", Tensor.zeros(DType.F32, 0, 5));
        return m;
    }

    /** A file built by hand from a header string and data bytes. */
    static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    @Test
    void roundTripKeepsValuesShapesDtypesOrderAndMetadata() throws IOException {
        Path p = dir.resolve("t.safetensors");
        SafeTensors.write(p, sample(), Map.of("note", "hello \"world\"\n"));
        SafeTensors.Contents c = SafeTensors.read(p);
        assertThat(c.tensors().keySet()).containsExactly("a", "b.weight", "scalar", "empty");
        for (Map.Entry<String, Tensor> e : sample().entrySet()) {
            Tensor t = c.tensors().get(e.getKey());
            assertThat(t.shape()).isEqualTo(e.getValue().shape());
            assertThat(t.dtype()).isEqualTo(e.getValue().dtype());
            assertThat(t.toDoubleArray()).containsExactly(e.getValue().toDoubleArray());
        }
        assertThat(c.metadata()).containsExactly(Map.entry("note", "hello \"world\"\n"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("t.safetensors");
        }
    }

    @Test
    void layoutFollowsTheFormat() {
        byte[] bytes = SafeTensors.encode(Map.of("x", Tensor.of(new float[] {1f, -2f}, 2)), Map.of());
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(n % 8).isZero();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(header.strip()).isEqualTo("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}");
        ByteBuffer data = ByteBuffer.wrap(bytes, 8 + (int) n, 8).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(data.getFloat()).isEqualTo(1f);
        assertThat(data.getFloat()).isEqualTo(-2f);
    }

    @Test
    void readsHandWrittenFilesWithWhitespaceAndAnyKeyOrder() throws CheckpointException {
        byte[] f = file(" { \"__metadata__\" : {\"k\":\"v\"}, \"y\": {\"data_offsets\": [8, 16], \"shape\": [1], "
                + "\"dtype\": \"F64\"}, \"x\": {\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]} }  ", 16);
        SafeTensors.Contents c = SafeTensors.decode(f);
        assertThat(c.tensors().keySet()).containsExactly("x", "y");
        assertThat(c.metadata()).containsEntry("k", "v");
    }

    private static void rejects(String header, int dataBytes, String message) {
        assertThatThrownBy(() -> SafeTensors.decode(file(header, dataBytes))).isInstanceOf(CheckpointException.class)
                .hasMessage(message);
    }

    @Test
    void malformedHeadersAreRejectedWithAReason() {
        rejects("[]", 0, "header is not a JSON object");
        rejects("{\"x\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8,
                "tensor 'x' has unsupported dtype I64 (Tussle reads F32 and F64)");
        rejects("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8,
                "tensor 'x' has 8 bytes but shape [3] of F32 needs 12");
        rejects("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4,
                "tensor 'x' data_offsets [0, 8] are outside the data section of 4 bytes");
        rejects("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"y\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}", 8,
                "tensor 'y' starts at byte 2 but the previous data ends at 4 (overlap)");
        rejects("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8,
                "tensor 'x' starts at byte 4 but the previous data ends at 0 (hole)");
        rejects("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8,
                "tensor data ends at byte 4 but the data section has 8 bytes");
        rejects("{\"x\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,0],\"data_offsets\":[0,0]}}", 0,
                "tensor 'x' has dimension 4294967296 out of range");
        rejects("{\"x\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,0],\"data_offsets\":[0,0]}}", 0,
                "tensor 'x' has a shape [2147483647, 2147483647, 0] too large to hold");
        rejects("{\"x\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", 0,
                "tensor 'x' has dimension -1 out of range");
        rejects("{\"x\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,0]}}", 0,
                "tensor 'x' shape holds 1.5, not an integer");
        rejects("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":1}}", 4,
                "tensor 'x' has unknown key 'extra'");
        rejects("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"x\":{}}", 4,
                "invalid JSON header at character 60: duplicate key \"x\"");
        rejects("{\"__metadata__\":{\"k\":1}}", 0, "__metadata__ value of 'k' is not a string");
        rejects("{\"x\":1} x", 0, "invalid JSON header at character 8: unexpected content after the JSON value");
        rejects("{\"x\":99999999999999999999}", 0, "invalid JSON header at character 25: integer 99999999999999999999 out of range");
        rejects("[".repeat(100), 0, "invalid JSON header at character 65: nesting deeper than 64");
    }

    @Test
    void badHeaderLengthsAndNonUtf8AreRejected() {
        assertThatThrownBy(() -> SafeTensors.decode(new byte[5])).isInstanceOf(CheckpointException.class)
                .hasMessage("file of 5 bytes is too short for the 8-byte header length");
        byte[] f = file("{}", 0);
        f[0] = (byte) 0xff;
        f[7] = (byte) 0xff;
        assertThatThrownBy(() -> SafeTensors.decode(f)).isInstanceOf(CheckpointException.class)
                .hasMessage("header length 18374686479671623935 is invalid for a file of 10 bytes (must be 2 to 2)");
        byte[] g = file("{\"\u00e9\":1}", 0);
        g[10] = (byte) 0xc3;
        g[11] = (byte) 0x28;
        assertThatThrownBy(() -> SafeTensors.decode(g)).isInstanceOf(CheckpointException.class)
                .hasMessage("header is not valid UTF-8");
    }

    @Test
    void writingRejectsReservedNames() {
        assertThatThrownBy(() -> SafeTensors.encode(Map.of("__metadata__", Tensor.zeros(1)), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SafeTensors.encode: invalid tensor name '__metadata__'");
    }

    @Test
    void atomicWriteReplacesAnExistingFile() throws IOException {
        Path p = dir.resolve("t.safetensors");
        Files.writeString(p, "old");
        SafeTensors.write(p, sample(), Map.of());
        assertThat(SafeTensors.read(p).tensors()).hasSize(4);
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(1);
        }
    }
}
