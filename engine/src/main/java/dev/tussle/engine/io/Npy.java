package dev.tussle.engine.io;

import dev.tussle.engine.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Exports a tensor as a NumPy {@code .npy} file (format version 1.0): the magic
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
        StringBuilder shape = new StringBuilder("(");
        for (int d : t.shape().dims()) {
            shape.append(d).append(", ");
        }
        if (t.rank() > 1) {
            shape.setLength(shape.length() - 2); // (2, 3) but (5,) for rank 1 and () for rank 0
        } else if (t.rank() == 1) {
            shape.setLength(shape.length() - 1);
        }
        shape.append(')');
        String descr = switch (t.dtype()) {
            case F32 -> "<f4";
            case F64 -> "<f8";
        };
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(total - unpadded) + "\n";
        int dataBytes = t.size() * t.dtype().byteSize();
        ByteBuffer out = ByteBuffer.allocate(total + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC);
        out.putShort((short) header.length());
        out.put(header.getBytes(StandardCharsets.US_ASCII));
        switch (t.dtype()) {
            case F32 -> out.asFloatBuffer().put(t.storageF32(), 0, t.size());
            case F64 -> out.asDoubleBuffer().put(t.storageF64(), 0, t.size());
        }
        return out.array();
    }

    /** Writes {@link #encode(Tensor)} atomically to {@code path}. */
    public static void write(Path path, Tensor t) throws IOException {
        AtomicFiles.write(path, encode(t));
    }
}
