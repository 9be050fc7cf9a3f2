package dev.tussle.engine.kernel;

/**
 * Argument checks shared by every {@link Kernels} implementation, so that both reject the same
 * bad input with the same message: the operation, the sizes, and what is wrong with them.
 */
final class KernelChecks {
    private KernelChecks() {
    }

    /** Checks a (possibly batched) gemm's sizes, offsets, strides and array lengths. */
    static void gemm(String op, int batch, boolean transA, boolean transB, int m, int n, int k,
                     int aLength, int ao, long strideA, int bLength, int bo, long strideB,
                     int cLength, int co, long strideC) {
        String sizes = " (batch=" + batch + ", m=" + m + ", n=" + n + ", k=" + k
                + ", transA=" + transA + ", transB=" + transB + ")";
        if (batch < 0 || m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(op + ": sizes must be non-negative" + sizes);
        }
        if (ao < 0 || bo < 0 || co < 0) {
            throw new IllegalArgumentException(op + ": offsets must be non-negative, got ao=" + ao
                    + ", bo=" + bo + ", co=" + co + sizes);
        }
        if (strideA < 0 || strideB < 0 || strideC < 0) {
            throw new IllegalArgumentException(op + ": batch strides must be non-negative, got " + strideA
                    + ", " + strideB + ", " + strideC + sizes);
        }
        if (batch > 1 && strideC < (long) m * n && (long) m * n > 0) {
            throw new IllegalArgumentException(op + ": output batch stride " + strideC
                    + " is smaller than one output matrix " + m + "x" + n + sizes);
        }
        long lastBatch = Math.max(batch - 1, 0);
        if (batch > 0) {
            need(op, "A", aLength, ao + lastBatch * strideA + (long) m * k, sizes);
            need(op, "B", bLength, bo + lastBatch * strideB + (long) k * n, sizes);
            need(op, "C", cLength, co + lastBatch * strideC + (long) m * n, sizes);
        }
    }

    /** Checks a fused linear layer {@code out (m×n) = act(x (m×k) · w (k×n) + bias (n))}. */
    static void linear(String op, int m, int n, int k, int xLength, int xo, int wLength, int wo,
                       int biasLength, int biasOffset, boolean hasBias, int outLength, int oo) {
        String sizes = " (m=" + m + ", n=" + n + ", k=" + k + ")";
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(op + ": sizes must be non-negative" + sizes);
        }
        if (xo < 0 || wo < 0 || oo < 0 || biasOffset < 0) {
            throw new IllegalArgumentException(op + ": offsets must be non-negative" + sizes);
        }
        need(op, "x", xLength, xo + (long) m * k, sizes);
        need(op, "W", wLength, wo + (long) k * n, sizes);
        if (hasBias) {
            need(op, "bias", biasLength, biasOffset + (long) n, sizes);
        }
        need(op, "out", outLength, oo + (long) m * n, sizes);
    }

    /** Checks {@code count} elements at each of the given offsets; lengths and offsets pair up. */
    static void elements(String op, int count, int... lengthsAndOffsets) {
        if (count < 0) {
            throw new IllegalArgumentException(op + ": size must be non-negative, got " + count);
        }
        for (int i = 0; i < lengthsAndOffsets.length; i += 2) {
            int length = lengthsAndOffsets[i];
            int offset = lengthsAndOffsets[i + 1];
            if (offset < 0 || (long) offset + count > length) {
                throw new IllegalArgumentException(op + ": array " + (i / 2) + " of length " + length
                        + " cannot hold " + count + " elements at offset " + offset);
            }
        }
    }

    private static void need(String op, String what, int length, long needed, String sizes) {
        if (needed > length) {
            throw new IllegalArgumentException(op + ": array " + what + " has length " + length
                    + " but needs at least " + needed + sizes);
        }
    }
}
