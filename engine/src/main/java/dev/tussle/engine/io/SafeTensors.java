package dev.tussle.engine.io;

import dev.tussle.engine.DType;
import dev.tussle.engine.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (as written by Hugging Face's {@code safetensors} and read by PyTorch):
 * <pre>
 * [8 bytes] N, unsigned little-endian: the header length
 * [N bytes] UTF-8 JSON: {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...,
 *                        "__metadata__": {"key": "value", ...}}   (padded with spaces)
 * [rest]    the tensors' raw little-endian bytes; offsets are relative to the start of this part
 * </pre>
 * Tussle reads and writes dtypes {@code F32} and {@code F64}.
 *
 * <p>Reading is written for untrusted files. Every structural error is a
 * {@link CheckpointException}: a header length above {@link #MAX_HEADER_BYTES} or beyond the file,
 * a header that is not UTF-8 or not JSON, unknown keys or dtypes, negative or overflowing shapes,
 * byte ranges that do not match the shape, run past the data, overlap, or leave holes (the byte
 * buffer must be covered exactly, as the format requires). Nothing is allocated in proportion to
 * a size the file merely claims: every buffer is bounded by the file's actual length.
 */
public final class SafeTensors {
    /** The largest header accepted, in bytes (100 MB, as the reference implementation uses). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final int MAX_RANK = 64;
    private static final String METADATA = "__metadata__";

    private SafeTensors() {
    }

    /**
     * A decoded file.
     *
     * @param tensors  the tensors in the order of their data offsets
     * @param metadata the {@code __metadata__} strings (empty when absent)
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        /** Keeps unmodifiable, order-preserving copies. */
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * The file bytes for {@code tensors} (laid out in map order) and {@code metadata}.
     *
     * @throws IllegalArgumentException for an empty name or the reserved name {@code __metadata__}
     */
    public static byte[] encode(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put(METADATA, new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name.isEmpty() || name.equals(METADATA)) {
                throw new IllegalArgumentException("SafeTensors.encode: invalid tensor name '" + name + "'");
            }
            Tensor t = e.getValue();
            long bytes = (long) t.size() * t.dtype().byteSize();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", dtypeCode(t.dtype()));
            List<Object> shape = new ArrayList<>();
            for (int d : t.shape().dims()) {
                shape.add((long) d);
            }
            entry.put("shape", shape);
            entry.put("data_offsets", List.of(offset, offset + bytes));
            header.put(name, entry);
            offset += bytes;
        }
        StringBuilder json = new StringBuilder();
        Json.write(json, header);
        // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
        byte[] headerBytes = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (headerBytes.length + 7) / 8 * 8;
        if (offset > Integer.MAX_VALUE - 8L - padded) {
            throw new IllegalArgumentException("SafeTensors.encode: " + offset + " bytes of tensor data do not fit "
                    + "one Java array");
        }
        ByteBuffer out = ByteBuffer.allocate(8 + padded + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(headerBytes);
        for (int i = headerBytes.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (Tensor t : tensors.values()) {
            switch (t.dtype()) {
                case F32 -> out.asFloatBuffer().put(t.storageF32(), 0, t.size());
                case F64 -> out.asDoubleBuffer().put(t.storageF64(), 0, t.size());
            }
            out.position(out.position() + t.size() * t.dtype().byteSize());
        }
        return out.array();
    }

    /** Writes {@link #encode} atomically to {@code path} (see {@link AtomicFiles}). */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        AtomicFiles.write(path, encode(tensors, metadata));
    }

    private static String dtypeCode(DType dtype) {
        return switch (dtype) {
            case F32 -> "F32";
            case F64 -> "F64";
        };
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads and validates a file.
     *
     * @throws CheckpointException when the contents are malformed (see the class comment)
     * @throws IOException         when the file cannot be read
     */
    public static Contents read(Path path) throws IOException {
        long size = Files.size(path);
        if (size > Integer.MAX_VALUE - 16) {
            throw new CheckpointException(path + ": " + size + " bytes is larger than this reader supports (2 GiB)");
        }
        return decode(Files.readAllBytes(path));
    }

    /**
     * Decodes and validates the bytes of a file.
     *
     * @throws CheckpointException when the bytes are malformed (see the class comment)
     */
    public static Contents decode(byte[] file) throws CheckpointException {
        if (file.length < 8) {
            throw new CheckpointException("file of " + file.length + " bytes is too short for the 8-byte header length");
        }
        long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 2 || n > MAX_HEADER_BYTES || n > file.length - 8L) {
            throw new CheckpointException("header length " + Long.toUnsignedString(n) + " is invalid for a file of "
                    + file.length + " bytes (must be 2 to " + Math.min(MAX_HEADER_BYTES, file.length - 8L) + ")");
        }
        int headerLen = (int) n;
        Object parsed = Json.parse(utf8(file, 8, headerLen));
        if (!(parsed instanceof Map<?, ?> header)) {
            throw new CheckpointException("header is not a JSON object");
        }
        int dataStart = 8 + headerLen;
        long dataLen = file.length - (long) dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : header.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA)) {
                metadata = metadata(e.getValue());
            } else {
                entries.add(entry(name, e.getValue(), dataLen));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry en : entries) {
            if (en.begin != expected) {
                throw new CheckpointException("tensor '" + en.name + "' starts at byte " + en.begin + " but the "
                        + "previous data ends at " + expected + (en.begin < expected ? " (overlap)" : " (hole)"));
            }
            expected = en.end;
        }
        if (expected != dataLen) {
            throw new CheckpointException("tensor data ends at byte " + expected + " but the data section has "
                    + dataLen + " bytes");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry en : entries) {
            tensors.put(en.name, en.decode(file, dataStart));
        }
        return new Contents(tensors, metadata);
    }

    private static String utf8(byte[] bytes, int off, int len) throws CheckpointException {
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, off, len));
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException("header is not valid UTF-8");
        }
    }

    private static Map<String, String> metadata(Object v) throws CheckpointException {
        if (!(v instanceof Map<?, ?> map)) {
            throw new CheckpointException("__metadata__ is not a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new CheckpointException("__metadata__ value of '" + e.getKey() + "' is not a string");
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    /** One validated header entry. */
    private record Entry(String name, DType dtype, int[] shape, int count, long begin, long end) {
        Tensor decode(byte[] file, int dataStart) {
            ByteBuffer buf = ByteBuffer.wrap(file, dataStart + (int) begin, (int) (end - begin))
                    .order(ByteOrder.LITTLE_ENDIAN);
            return switch (dtype) {
                case F32 -> {
                    float[] a = new float[count];
                    buf.asFloatBuffer().get(a);
                    yield Tensor.of(a, shape);
                }
                case F64 -> {
                    double[] a = new double[count];
                    buf.asDoubleBuffer().get(a);
                    yield Tensor.of(a, shape);
                }
            };
        }
    }

    private static Entry entry(String name, Object v, long dataLen) throws CheckpointException {
        String where = "tensor '" + name + "'";
        if (name.isEmpty()) {
            throw new CheckpointException("empty tensor name");
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw new CheckpointException(where + " is not a JSON object");
        }
        for (Object key : map.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw new CheckpointException(where + " has unknown key '" + key + "'");
            }
        }
        Object code = map.get("dtype");
        DType dtype;
        if ("F32".equals(code)) {
            dtype = DType.F32;
        } else if ("F64".equals(code)) {
            dtype = DType.F64;
        } else if (code == null) {
            throw new CheckpointException(where + " has no dtype");
        } else {
            throw new CheckpointException(where + " has unsupported dtype " + describe(code)
                    + " (Tussle reads F32 and F64)");
        }
        List<Long> shapeList = longs(where + " shape", map.get("shape"));
        if (shapeList.size() > MAX_RANK) {
            throw new CheckpointException(where + " has rank " + shapeList.size() + " (at most " + MAX_RANK + ")");
        }
        int[] shape = new int[shapeList.size()];
        long count = 1;
        long nonZeroProduct = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = shapeList.get(i);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new CheckpointException(where + " has dimension " + d + " out of range");
            }
            shape[i] = (int) d;
            count *= d;
            if (d != 0) {
                nonZeroProduct *= d;
                // Bounded by the file's length, so the product cannot overflow before this check.
                if (nonZeroProduct > Integer.MAX_VALUE) {
                    throw new CheckpointException(where + " has a shape " + shapeList + " too large to hold");
                }
            }
        }
        List<Long> offsets = longs(where + " data_offsets", map.get("data_offsets"));
        if (offsets.size() != 2) {
            throw new CheckpointException(where + " data_offsets must be [begin, end], got " + offsets);
        }
        long begin = offsets.get(0);
        long end = offsets.get(1);
        if (begin < 0 || end < begin || end > dataLen) {
            throw new CheckpointException(where + " data_offsets " + offsets + " are outside the data section of "
                    + dataLen + " bytes");
        }
        if (end - begin != count * dtype.byteSize()) {
            throw new CheckpointException(where + " has " + (end - begin) + " bytes but shape " + shapeList + " of "
                    + dtypeCode(dtype) + " needs " + count * dtype.byteSize());
        }
        return new Entry(name, dtype, shape, (int) count, begin, end);
    }

    private static List<Long> longs(String what, Object v) throws CheckpointException {
        if (!(v instanceof List<?> list)) {
            throw new CheckpointException(what + " is missing or not an array");
        }
        List<Long> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Long l)) {
                throw new CheckpointException(what + " holds " + describe(o) + ", not an integer");
            }
            out.add(l);
        }
        return out;
    }

    private static String describe(Object o) {
        String s = String.valueOf(o);
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
