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
        // The message is built only on failure: these checks run on every kernel call, which must not allocate.
        if (batch < 0 || m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(op + ": sizes must be non-negative" + sizes(batch, transA, transB, m, n, k));
        }
        if (ao < 0 || bo < 0 || co < 0) {
            throw new IllegalArgumentException(op + ": offsets must be non-negative, got ao=" + ao
                    + ", bo=" + bo + ", co=" + co + sizes(batch, transA, transB, m, n, k));
        }
        if (strideA < 0 || strideB < 0 || strideC < 0) {
            throw new IllegalArgumentException(op + ": batch strides must be non-negative, got " + strideA
                    + ", " + strideB + ", " + strideC + sizes(batch, transA, transB, m, n, k));
        }
        if (batch > 1 && strideC < (long) m * n && (long) m * n > 0) {
            throw new IllegalArgumentException(op + ": output batch stride " + strideC
                    + " is smaller than one output matrix " + m + "x" + n + sizes(batch, transA, transB, m, n, k));
        }
        long lastBatch = Math.max(batch - 1, 0);
        if (batch > 0) {
            need(op, "A", aLength, ao + lastBatch * strideA + (long) m * k, batch, transA, transB, m, n, k);
            need(op, "B", bLength, bo + lastBatch * strideB + (long) k * n, batch, transA, transB, m, n, k);
            need(op, "C", cLength, co + lastBatch * strideC + (long) m * n, batch, transA, transB, m, n, k);
        }
    }

    private static String sizes(int batch, boolean transA, boolean transB, int m, int n, int k) {
        return " (batch=" + batch + ", m=" + m + ", n=" + n + ", k=" + k + ", transA=" + transA + ", transB=" + transB + ")";
    }

    private static void need(String op, String what, int length, long needed, int batch, boolean transA,
                             boolean transB, int m, int n, int k) {
        if (needed > length) {
            throw new IllegalArgumentException(op + ": array " + what + " has length " + length
                    + " but needs at least " + needed + sizes(batch, transA, transB, m, n, k));
        }
    }

    /** Checks a fused linear layer {@code out (m×n) = act(x (m×k) · w (k×n) + bias (n))}. */
    static void linear(String op, int m, int n, int k, int xLength, int xo, int wLength, int wo,
                       int biasLength, int biasOffset, boolean hasBias, int outLength, int oo) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(op + ": sizes must be non-negative" + " (m=" + m + ", n=" + n + ", k=" + k + ")");
        }
        if (xo < 0 || wo < 0 || oo < 0 || biasOffset < 0) {
            throw new IllegalArgumentException(op + ": offsets must be non-negative" + " (m=" + m + ", n=" + n + ", k=" + k + ")");
        }
        need(op, "x", xLength, xo + (long) m * k, m, n, k);
        need(op, "W", wLength, wo + (long) k * n, m, n, k);
        if (hasBias) {
            need(op, "bias", biasLength, biasOffset + (long) n, m, n, k);
        }
        need(op, "out", outLength, oo + (long) m * n, m, n, k);
    }

    /** Checks the ranges of {@link Kernels#boxMuller}: n uniforms at u1 and at u2, n outputs at cosOut and at sinOut. */
    static void boxMuller(int n, double[] u, int u1, int u2, double[] out, int cosOut, int sinOut) {
        // Four checks, not elements(...): its varargs array was the one allocation of a Gaussian draw.
        array("boxMuller", n, 0, u.length, u1);
        array("boxMuller", n, 1, u.length, u2);
        array("boxMuller", n, 2, out.length, cosOut);
        array("boxMuller", n, 3, out.length, sinOut);
    }

    /** {@link #elements(String, int, int...)} for three arrays, without the varargs array (kernels on a step's hot path). */
    static void elements(String op, int count, int length0, int offset0, int length1, int offset1, int length2,
                         int offset2) {
        array(op, count, 0, length0, offset0);
        array(op, count, 1, length1, offset1);
        array(op, count, 2, length2, offset2);
    }

    /** Checks {@code count} elements at each of the given offsets; lengths and offsets pair up. */
    static void elements(String op, int count, int... lengthsAndOffsets) {
        size(op, count);
        for (int i = 0; i < lengthsAndOffsets.length; i += 2) {
            array(op, count, i / 2, lengthsAndOffsets[i], lengthsAndOffsets[i + 1]);
        }
    }

    private static void size(String op, int count) {
        if (count < 0) {
            throw new IllegalArgumentException(op + ": size must be non-negative, got " + count);
        }
    }

    /** Checks that the element strides of zip's two operands are each 0 (broadcast) or 1, the two the kernels take. */
    static void strides(String op, int as, int bs) {
        if ((as | bs) >>> 1 != 0) {
            throw new IllegalArgumentException(op + ": element strides must be 0 (broadcast) or 1, got " + as + " and " + bs);
        }
    }

    /** {@link #strides(String, int, int)} for select's mask and two choices. */
    static void strides(String op, int ms, int as, int bs) {
        if ((ms | as | bs) >>> 1 != 0) {
            throw new IllegalArgumentException(op + ": element strides must be 0 (broadcast) or 1, got " + ms + ", " + as
                    + " and " + bs);
        }
    }

    /** Checks that array number {@code index}, of {@code length}, holds {@code count} elements at {@code offset}. */
    static void array(String op, int count, int index, int length, int offset) {
        size(op, count);
        if (offset < 0 || (long) offset + count > length) {
            throw new IllegalArgumentException(op + ": array " + index + " of length " + length
                    + " cannot hold " + count + " elements at offset " + offset);
        }
    }

    private static void need(String op, String what, int length, long needed, int m, int n, int k) {
        if (needed > length) {
            throw new IllegalArgumentException(op + ": array " + what + " has length " + length
                    + " but needs at least " + needed + " (m=" + m + ", n=" + n + ", k=" + k + ")");
        }
    }

    /** Checks {@link Kernels#activationBackwardColumnSum}: m×n elements of y, g and out, n sums. */
    static void activationBackwardColumnSum(int m, int n, int yLength, int yo, int gLength, int go, int outLength,
                                            int oo, int sumsLength, int so) {
        if (m < 0 || n < 0 || so < 0) {
            throw new IllegalArgumentException("activationBackwardColumnSum: sizes and offsets must be non-negative, got m="
                    + m + ", n=" + n + ", sums offset " + so);
        }
        elements("activationBackwardColumnSum", Math.multiplyExact(m, n), yLength, yo, gLength, go, outLength, oo);
        if (so + (long) n > sumsLength) {
            throw new IllegalArgumentException("activationBackwardColumnSum: sums has length " + sumsLength
                    + " but needs " + n + " at offset " + so);
        }
    }

    /** Checks a column sum of m rows of n, {@code ldx} apart, into n outputs. */
    static void columnSum(int m, int n, int xLength, int xo, int ldx, int outLength, int oo) {
        if (m < 0 || n < 0 || xo < 0 || oo < 0) {
            throw new IllegalArgumentException("columnSum: sizes and offsets must be non-negative, got m=" + m
                    + ", n=" + n + ", xo=" + xo + ", oo=" + oo);
        }
        if (blockEnd("columnSum", m, n, xo, ldx) > xLength || oo + (long) n > outLength) {
            throw new IllegalArgumentException("columnSum: arrays too short for m=" + m + ", n=" + n
                    + ": x has length " + xLength + " (offset " + xo + "), out has length " + outLength
                    + " (offset " + oo + ")");
        }
    }

    /** Checks an n-long bias added to m rows of c, {@code ldc} apart. */
    static void addToRows(int m, int n, int biasLength, int bo, int cLength, int co, int ldc) {
        if (m < 0 || n < 0 || bo < 0 || co < 0) {
            throw new IllegalArgumentException("addToRows: sizes and offsets must be non-negative, got m=" + m
                    + ", n=" + n + ", bo=" + bo + ", co=" + co);
        }
        if (bo + (long) n > biasLength || blockEnd("addToRows", m, n, co, ldc) > cLength) {
            throw new IllegalArgumentException("addToRows: arrays too short for m=" + m + ", n=" + n
                    + ": bias has length " + biasLength + " (offset " + bo + "), c has length " + cLength
                    + " (offset " + co + ", row stride " + ldc + ")");
        }
    }

    /** One past the last element of m rows of n, {@code ld} apart, from {@code offset}; rejects {@code ld < n}. */
    private static long blockEnd(String op, int m, int n, int offset, int ld) {
        if (ld < n) {
            throw new IllegalArgumentException(op + ": row stride " + ld + " is smaller than the row length n=" + n);
        }
        return m == 0 ? offset : offset + (long) (m - 1) * ld + n;
    }
}
