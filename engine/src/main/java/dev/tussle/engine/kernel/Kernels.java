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
     * Box–Muller transforms of {@code n} pairs of uniforms with {@link StrictMath}'s bits:
     * {@code out[cosOut+p] = r·cos θ}, {@code out[sinOut+p] = r·sin θ} for
     * {@code r = sqrt(−2·ln u[u1+p])}, {@code θ = 2π·u[u2+p]}, {@code p < n}; {@code u[u1+p]} in
     * (0, 1], {@code u[u2+p]} in [0, 1). Every implementation gives the same bits (fdlibm's log,
     * sine and cosine), so seeded Gaussian streams do not depend on the kernels or threads.
     *
     * @throws IllegalArgumentException if {@code n} is negative or a range is outside its array
     */
    void boxMuller(int n, double[] u, int u1, int u2, double[] out, int cosOut, int sinOut);

    /**
     * {@code out[oo+i] = op(a[ao+i*as], b[bo+i*bs])} for {@code i < n}, with strides {@code as}
     * and {@code bs} each 0 or 1.
     *
     * @throws IllegalArgumentException if a stride is neither 0 nor 1 (the chosen and the scalar kernels)
     */
    void zip(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n);

    /** Double-precision {@link #zip(BinaryOp, float[], int, int, float[], int, int, float[], int, int)}. */
    void zip(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n);

    /**
     * {@code out[oo+i] = m[mo+i*ms] != 0 ? a[ao+i*as] : b[bo+i*bs]}, strides each 0 or 1.
     *
     * @throws IllegalArgumentException if a stride is neither 0 nor 1 (the chosen and the scalar kernels)
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
    default void gemm(int m, int n, int k, float[] a, int ao, float[] b, int bo, float[] c, int co, boolean accumulate) {
        gemm(false, false, m, n, k, a, ao, b, bo, c, co, accumulate);
    }

    /** Double-precision {@link #gemm(int, int, int, float[], int, float[], int, float[], int, boolean)}. */
    default void gemm(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co, boolean accumulate) {
        gemm(false, false, m, n, k, a, ao, b, bo, c, co, accumulate);
    }

    /**
     * {@code C (m×n) = op(A) · op(B)}, or {@code C += op(A)·op(B)} when {@code accumulate}, all
     * dense row-major. op(A) is m×k: A itself (stored m×k), or, when {@code transA}, the
     * transpose of A stored k×m. Likewise op(B) is k×n: B stored k×n, or Bᵀ with B stored n×k
     * when {@code transB}. Transposed operands are read in place, never copied whole.
     *
     * @throws IllegalArgumentException if a size or offset is negative or an array is too short
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int ao, float[] b, int bo,
              float[] c, int co, boolean accumulate);

    /** Double-precision {@link #gemm(boolean, boolean, int, int, int, float[], int, float[], int, float[], int, boolean)}. */
    void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int ao, double[] b, int bo,
              double[] c, int co, boolean accumulate);

    /**
     * Batched product {@code C_t = op(A_t)·op(B_t)} (or {@code +=} when {@code accumulate}) for
     * {@code t < batch}, with {@code X_t} starting at {@code xo + t·strideX} and the layouts of
     * {@link #gemm(boolean, boolean, int, int, int, float[], int, float[], int, float[], int, boolean)}.
     * A stride of 0 for A or B broadcasts one matrix over the batch. Work is spread over batch
     * elements and tiles of C; results do not depend on the thread count.
     *
     * @throws IllegalArgumentException if a size, offset or stride is negative, an array is too
     *         short, or C's stride would make outputs overlap
     */
    void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int ao, int strideA, float[] b, int bo, int strideB,
                     float[] c, int co, int strideC, boolean accumulate);

    /** Double-precision {@link #gemmBatched(int, boolean, boolean, int, int, int, float[], int, int, float[], int, int, float[], int, int, boolean)}. */
    void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k,
                     double[] a, int ao, int strideA, double[] b, int bo, int strideB,
                     double[] c, int co, int strideC, boolean accumulate);

    /**
     * Fused dense layer {@code out (m×n) = act(x (m×k) · w (k×n) + bias)}, the bias (length n,
     * or {@code null} for none) added to every row; bias and activation are applied to each
     * tile of the output while it is still in cache. {@code alpha} is leaky ReLU's slope.
     *
     * @throws IllegalArgumentException if a size or offset is negative or an array is too short
     */
    void linearForward(Activation act, double alpha, int m, int n, int k, float[] x, int xo, float[] w, int wo,
                       float[] bias, int biasOffset, float[] out, int oo);

    /** Double-precision {@link #linearForward(Activation, double, int, int, int, float[], int, float[], int, float[], int, float[], int)}. */
    void linearForward(Activation act, double alpha, int m, int n, int k, double[] x, int xo, double[] w, int wo,
                       double[] bias, int biasOffset, double[] out, int oo);

    /**
     * The gradient through an activation, from its output: {@code out[oo+i] = g[go+i] ·
     * act'(y[yo+i])} for {@code i < n}, with the derivative of {@link Activation#derivativeFromOutput}.
     *
     * @throws IllegalArgumentException if {@code n} or an offset is negative or an array is too short
     */
    void activationBackward(Activation act, double alpha, float[] y, int yo, float[] g, int go,
                            float[] out, int oo, int n);

    /** Double-precision {@link #activationBackward(Activation, double, float[], int, float[], int, float[], int, int)}. */
    void activationBackward(Activation act, double alpha, double[] y, int yo, double[] g, int go,
                            double[] out, int oo, int n);

    /**
     * A dense layer's backward through its activation with its bias gradient: {@link
     * #activationBackward} over the m×n row-major block ({@code m·n} elements), then {@link
     * #columnSum} of the result into {@code sums[so ..so + n)}, with the same results as those
     * two calls. Implementations may interleave them in blocks of rows so that the second reads
     * from cache what the first wrote ({@code out} may be {@code g} itself).
     *
     * @throws IllegalArgumentException if a size or offset is negative or an array is too short
     */
    default void activationBackwardColumnSum(Activation act, double alpha, int m, int n, float[] y, int yo,
                                             float[] g, int go, float[] out, int oo, float[] sums, int so) {
        KernelChecks.activationBackwardColumnSum(m, n, y.length, yo, g.length, go, out.length, oo, sums.length, so);
        activationBackward(act, alpha, y, yo, g, go, out, oo, m * n);
        columnSum(m, n, out, oo, n, sums, so, false);
    }

    /** Double-precision {@link #activationBackwardColumnSum(Activation, double, int, int, float[], int, float[], int, float[], int, float[], int)}. */
    default void activationBackwardColumnSum(Activation act, double alpha, int m, int n, double[] y, int yo,
                                             double[] g, int go, double[] out, int oo, double[] sums, int so) {
        KernelChecks.activationBackwardColumnSum(m, n, y.length, yo, g.length, go, out.length, oo, sums.length, so);
        activationBackward(act, alpha, y, yo, g, go, out, oo, m * n);
        columnSum(m, n, out, oo, n, sums, so, false);
    }

    /**
     * Adds a row vector to every row of an m×n block whose rows are {@code ldc} apart (a dense
     * layer's bias): {@code c[co + i·ldc + j] += bias[bo + j]}. One rounding per element, so
     * every implementation gives the same bits.
     *
     * @throws IllegalArgumentException if a size or offset is negative, {@code ldc < n}, or an
     *         array is too short
     */
    void addToRows(int m, int n, float[] bias, int bo, float[] c, int co, int ldc);

    /** Double-precision {@link #addToRows(int, int, float[], int, float[], int, int)}. */
    void addToRows(int m, int n, double[] bias, int bo, double[] c, int co, int ldc);

    /**
     * Column sums of a dense row-major m×n matrix (a bias gradient): {@code out[oo+j] (+)=
     * Σ_i x[xo + i·n + j]}, adding to {@code out} when {@code accumulate}.
     *
     * @throws IllegalArgumentException if a size or offset is negative or an array is too short
     */
    default void columnSum(int m, int n, float[] x, int xo, float[] out, int oo, boolean accumulate) {
        columnSum(m, n, x, xo, n, out, oo, accumulate);
    }

    /** Double-precision {@link #columnSum(int, int, float[], int, float[], int, boolean)}. */
    default void columnSum(int m, int n, double[] x, int xo, double[] out, int oo, boolean accumulate) {
        columnSum(m, n, x, xo, n, out, oo, accumulate);
    }

    /**
     * Column sums of an m×n block whose rows are {@code ldx} apart ({@code ldx >= n}), e.g. some
     * columns of a wider matrix: {@code out[oo+j] (+)= Σ_i x[xo + i·ldx + j]}. The vector kernels
     * add the rows in order in the element type (row 0 itself starts the sum unless
     * {@code accumulate}), the scalar ones in double.
     *
     * @throws IllegalArgumentException if a size or offset is negative, {@code ldx < n}, or an
     *         array is too short
     */
    void columnSum(int m, int n, float[] x, int xo, int ldx, float[] out, int oo, boolean accumulate);

    /** Double-precision {@link #columnSum(int, int, float[], int, int, float[], int, boolean)}. */
    void columnSum(int m, int n, double[] x, int xo, int ldx, double[] out, int oo, boolean accumulate);
}
