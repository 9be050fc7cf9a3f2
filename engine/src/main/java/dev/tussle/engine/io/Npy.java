package dev.tussle.engine.io;

import dev.tussle.engine.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Exports a tensor (or an int32 vector) as a NumPy {@code .npy} file (format version 1.0): the magic
 * {@code \x93NUMPY}, version bytes 1 0, a little-endian uint16 header length, a Python-literal
 * header {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }} padded with spaces
 * and a newline so the data starts at a multiple of 64 bytes, then the row-major little-endian data.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    private Npy() {
    }

    /** The {@code .npy} bytes of {@code t}. */
    public static byte[] encode(Tensor t) {
        String descr = switch (t.dtype()) {
            case F32 -> "<f4";
            case F64 -> "<f8";
        };
        ByteBuffer out = withHeader(descr, t.shape().dims(), t.size() * t.dtype().byteSize());
        switch (t.dtype()) {
            case F32 -> out.asFloatBuffer().put(t.storageF32(), 0, t.size());
            case F64 -> out.asDoubleBuffer().put(t.storageF64(), 0, t.size());
        }
        return out.array();
    }

    /**
     * The {@code .npy} bytes of {@code values} as a 1-D int32 array ({@code '<i4'}): labels or
     * indices, such as the component of each sample drawn from a mixture.
     */
    public static byte[] encodeInts(int[] values) {
        ByteBuffer out = withHeader("<i4", new int[] {values.length}, values.length * Integer.BYTES);
        out.asIntBuffer().put(values);
        return out.array();
    }

    /** A buffer holding the magic, version and header for data of {@code descr} and {@code dims}, positioned at the data. */
    private static ByteBuffer withHeader(String descr, int[] dims, int dataBytes) {
        StringBuilder shape = new StringBuilder("(");
        for (int d : dims) {
            shape.append(d).append(", ");
        }
        if (dims.length > 1) {
            shape.setLength(shape.length() - 2); // (2, 3) but (5,) for rank 1 and () for rank 0
        } else if (dims.length == 1) {
            shape.setLength(shape.length() - 1);
        }
        shape.append(')');
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(total - unpadded) + "\n";
        ByteBuffer out = ByteBuffer.allocate(total + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC);
        out.putShort((short) header.length());
        out.put(header.getBytes(StandardCharsets.US_ASCII));
        return out;
    }

    /** Writes {@link #encode(Tensor)} atomically to {@code path}. */
    public static void write(Path path, Tensor t) throws IOException {
        AtomicFiles.write(path, encode(t));
    }

    /** Writes {@link #encodeInts(int[])} atomically to {@code path}. */
    public static void writeInts(Path path, int[] values) throws IOException {
        AtomicFiles.write(path, encodeInts(values));
    }
}
