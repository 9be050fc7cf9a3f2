package dev.tussle.engine.kernel;

/**
 * Every loop over tensor elements goes through this interface. There are two implementations,
 * {@link ScalarKernels} (plain Java, always available) and {@code VectorKernels} (the Vector API,
 * used when {@code jdk.incubator.vector} is present); {@link KernelProvider} chooses one at
 * start-up. Arrays are addressed by offset; runs are contiguous unless a stride argument says
 * otherwise. A stride of 0 means the same element is used for the whole run (a broadcast scalar).
 * Implementations never allocate in steady state.
 */
public interface Kernels {

    /** A short name for logs: {@code "scalar"} or {@code "vector(AVX-512, 16 float lanes)"}. */
    String name();

    /** {@code out[oo+i] = op(x[xo+i], alpha)} for {@code i < n}. */
    void map(UnaryOp op, double alpha, float[] x, int xo, float[] out, int oo, int n);

    /** {@code out[oo+i] = op(x[xo+i], alpha)} for {@code i < n}. */
    void map(UnaryOp op, double alpha, double[] x, int xo, double[] out, int oo, int n);

    /**
     * {@code out[oo+i] = op(a[ao+i*as], b[bo+i*bs])} for {@code i < n}, with strides {@code as}
     * and {@code bs} each 0 or 1.
     */
    void zip(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n);

    /** Double-precision {@link #zip(BinaryOp, float[], int, int, float[], int, int, float[], int, int)}. */
    void zip(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n);

    /**
     * {@code out[oo+i] = m[mo+i*ms] != 0 ? a[ao+i*as] : b[bo+i*bs]}, strides each 0 or 1.
     */
    void select(float[] m, int mo, int ms, float[] a, int ao, int as, float[] b, int bo, int bs,
                float[] out, int oo, int n);

    /** Double-precision select. */
    void select(double[] m, int mo, int ms, double[] a, int ao, int as, double[] b, int bo, int bs,
                double[] out, int oo, int n);

    /** The reduction of {@code x[off .. off+n)}; {@link ReduceOp#identity()} when {@code n == 0}. */
    double reduce(ReduceOp op, float[] x, int off, int n);

    /** Double-precision reduce. */
    double reduce(ReduceOp op, double[] x, int off, int n);

    /**
     * Row-major matrix product {@code C (m×n) = A (m×k) · B (k×n)}, or {@code C += A·B} when
     * {@code accumulate}. Matrices are dense and start at the given offsets.
     */
    void gemm(int m, int n, int k, float[] a, int ao, float[] b, int bo, float[] c, int co, boolean accumulate);

    /** Double-precision gemm. */
    void gemm(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co, boolean accumulate);
}
