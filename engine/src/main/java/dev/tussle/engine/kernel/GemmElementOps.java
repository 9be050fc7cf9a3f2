package dev.tussle.engine.kernel;

/**
 * What the GEMM needs to know about one element type ({@code float[]} or {@code double[]}):
 * its register tile, its block sizes, and the few leaf routines whose code depends on the lane
 * type. Everything else (blocking, packing, edges, threads) is written once in {@link Gemm} and
 * {@link GemmPacking} over the array type {@code A}.
 *
 * @param <A> the array type, {@code float[]} or {@code double[]}
 */
abstract class GemmElementOps<A> {
    /** Rows of the register tile (broadcast A values per k-step). */
    final int mr;
    /** Columns of the register tile: two vectors. */
    final int nr;
    /**
     * Depth of a packed block: a KC×NR micro-panel of B is 32 KiB either type, within L1 on the
     * Ice Lake (48 KiB) it was chosen on, the whole L1D of the Zen 4 it runs on now (see RESULTS.md).
     */
    final int kc;
    /** Rows of a packed A block (a multiple of {@link #mr}): an MC×KC block of A stays in L2. */
    final int mc;
    /** Columns of a packed B block (a multiple of {@link #nr}). */
    final int nc;

    GemmElementOps(int mr, int nr, int kc, int mc, int nc) {
        this.mr = mr;
        this.nr = nr;
        this.kc = kc;
        this.mc = mc;
        this.nc = nc;
    }

    /** Where {@link #touchRows} leaves what it read, so that the reads are not optimized away. */
    int touched;

    /**
     * Reads one element of every cache line of {@code rows} runs of {@code length} elements,
     * {@code stride} apart from {@code offset}, so that a large operand the last op left in
     * memory is in cache before a kernel streams it (see Gemm's COLD_ELEMENTS).
     */
    abstract void touchRows(A x, int offset, int stride, int rows, int length);

    /** A new zeroed array of this type. */
    abstract A allocate(int length);

    /** The length of an array of this type. */
    abstract int length(A array);

    /** {@code dst[from .. to) = 0}. */
    abstract void zero(A dst, int from, int to);

    /** {@code dst[dOff + i*dStride] = src[sOff + i*sStride]} for {@code i < count}. */
    abstract void copyStrided(A src, int sOff, int sStride, A dst, int dOff, int dStride, int count);

    /**
     * {@code rows} runs of {@code cols <= nr} elements, {@code src[sOff + r*sStride ..]}, into
     * {@code dst[dOff + r*nr ..]}, each padded with zeros to {@link #nr}: a micro-panel of B, two
     * (masked) vectors per row (an arraycopy of 32 floats per row cost 6 % of a 1024² product;
     * the edge panel of 2×500ᵀ @ 500×100, 4 columns, took longer to pack by arraycopy than to use).
     */
    abstract void copyPanelRows(A src, int sOff, int sStride, A dst, int dOff, int rows, int cols);

    /**
     * One full MR×NR register tile over depth {@code kc}: with
     * {@code A(r,p) = a[ai + r*ars + p]} (rows of A read in place) and
     * {@code B(p,j) = b[bi + p*bps + j]}, computes {@code acc(r,j) = Σ_p A(r,p)·B(p,j)} by fused
     * multiply-adds in increasing {@code p}, then stores {@code C(r,j) = acc} or, when
     * {@code add}, {@code C(r,j) = C(r,j) + acc}, at {@code c[ci + r*ldc + j]}. Edge tiles run
     * the same routine into a scratch tile, so every element of C sees the same arithmetic
     * whichever tile (and thread) it falls in. The kernels index by {@code p} with constant steps
     * wherever the layout allows (a packed B has {@code bps = nr}), so that the JIT checks the
     * array bounds once per call, not per k-step.
     */
    abstract void microKernel(int kc, A a, int ai, int ars, A b, int bi, int bps,
                              A c, int ci, int ldc, boolean add);

    /**
     * {@link #microKernel} for a packed A micro-panel ({@code ars = 1}, {@code aps = MR}), with
     * the same arithmetic; the constant strides let the JIT keep all addresses in registers.
     */
    abstract void microKernelPacked(int kc, A a, int ai, A b, int bi, int bps, A c, int ci, int ldc, boolean add);

    /** {@link #microKernel} for A read in place transposed ({@code ars = 1}), with the same arithmetic. */
    abstract void microKernelUnitRows(int kc, A a, int ai, int aps, A b, int bi, int bps, A c, int ci, int ldc,
                                      boolean add);

    /**
     * {@link #microKernel} for exactly {@code rows} rows of A, {@code A(r,p) = a[ai + r*ars +
     * p*aps]} (any of the layouts above), {@code rows} one of {@link #SHORT_HEIGHTS}: each
     * element of C gets the same sequence of multiply-adds as in the MR-row kernel, so a short
     * panel split into these gives the same bits without computing zero rows.
     */
    abstract void microKernelRows(int rows, int kc, A a, int ai, int ars, int aps, A b, int bi, int bps,
                                  A c, int ci, int ldc, boolean add);

    /** Rows of {@link #microKernelWide}. */
    static final int WIDE_ROWS = 6;

    /**
     * {@link #microKernel} for {@link #WIDE_ROWS} rows and two packed B micro-panels
     * ({@code B(p,j) = b[bi + p*nr + j]} for {@code j < nr}, {@code b[bi2 + p*nr + j - nr]}
     * beyond), with the same arithmetic per element: 24 accumulators again, but A (read in
     * place) is loaded once for both panels. The first panel's columns go to C as in
     * {@link #microKernel}; the second panel's sums go to {@code edge} (row stride nr, not added
     * to anything), for {@link #storeTile} to put the valid columns in place, or, when
     * {@code edge} is null (a whole second panel), to C as the first panel's do.
     */
    abstract void microKernelWide(int kc, A a, int ai, int ars, A b, int bi, int bi2,
                                  A c, int ci, int ldc, A edge, boolean add);

    /**
     * {@link #microKernelWide} for the last (only) depth block of a dense layer's forward product,
     * nothing added to C: then {@code bias[bo + j]} for the tile's 4 vectors of columns (unless
     * {@code bias} is null; padded to whole vectors) is added and {@code act} (IDENTITY, RELU or
     * LEAKY_RELU) applied in registers before the stores, with the same add and formula as
     * {@link #biasActivation}, so the same bits. Per-tile epilogue calls cost more than they
     * saved on outputs that stay in L2 (the single GAN's layers).
     */
    abstract void microKernelWideLayer(int kc, A a, int ai, int ars, A b, int bi, int bi2,
                                       A c, int ci, int ldc, A edge, A bias, int bo, Activation act, double alpha);

    /**
     * {@link #microKernelWide} for a second panel at most one vector wide: 18 accumulators, the
     * second panel's second vector (all padding) neither loaded nor multiplied; the same
     * arithmetic per element, so the same bits. Only the second panel's first vector goes to
     * {@code edge}, or, when {@code edge} is null (that panel exactly one vector wide), to C.
     */
    abstract void microKernelWideThreeVectors(int kc, A a, int ai, int ars, A b, int bi, int bi2,
                                              A c, int ci, int ldc, A edge, boolean add);

    /** {@link #microKernelWideLayer} for a second panel at most one vector wide (see {@link #microKernelWideThreeVectors}). */
    abstract void microKernelWideLayerThreeVectors(int kc, A a, int ai, int ars, A b, int bi, int bi2,
                                                   A c, int ci, int ldc, A edge, A bias, int bo, Activation act, double alpha);

    /**
     * {@code C[i, j] (+)= Σ_p A[i, p]·bt[j*ldbt + p]} for rows {@code i0 ≤ i < i1} and the
     * {@code cols} (1 or 2) columns {@code j} of C from {@code ci} (A row-major, rows {@code lda}
     * apart; {@code bt} holds B's columns as rows of at least k values, zero-padded to whole
     * vectors): C's last columns beside three-vector wide tiles ({@link Gemm}'s tailColumns).
     * Lanes run along the depth (A's last partial vector masked), then each sum's lanes are
     * added by the butterfly of matVec, W/2 sums at once. {@code lanes}: scratch of at least W
     * elements, one reduced vector per group, C written from it after each run of as many groups
     * as it holds. Then {@code bias[bo + j]} (unless null) and {@code act} (IDENTITY, RELU or
     * LEAKY_RELU) as in {@link #biasActivation}, so the same bits.
     */
    abstract void tailColumns(int i0, int i1, int k, A a, int ao, int lda, A bt, int ldbt,
                              A c, int ci, int ldc, int cols, boolean add, A lanes,
                              A bias, int bo, Activation act, double alpha);

    /**
     * {@link #microKernelWide} for exactly {@code rows} rows, {@code rows} one of
     * {@link #WIDE_SHORT_HEIGHTS}: the rows a pass of {@link #WIDE_ROWS}-row tiles leaves over,
     * with the same arithmetic per element.
     */
    abstract void microKernelWideRows(int rows, int kc, A a, int ai, int ars, A b, int bi, int bi2,
                                      A c, int ci, int ldc, A edge, boolean add);

    /**
     * {@link #microKernelWideThreeVectors} for A read in place transposed ({@code A(r,p) = a[ai +
     * p*aps + r]}): the full-height tiles of a weight gradient xᵀ·G' whose C is 33–48 columns
     * wide (two 12×32 tiles would multiply a whole vector of padding).
     */
    abstract void microKernelWideUnitThreeVectors(int kc, A a, int ai, int aps, A b, int bi, int bi2,
                                                  A c, int ci, int ldc, A edge, boolean add);

    /**
     * {@code C[i, j] (+)= Σ_p A[p, i]·B[p, j]} for rows {@code i0 ≤ i < i1} and the {@code cols}
     * (1 or 2) columns {@code j0..} of C (A k×m and B k×n row-major from {@code ao} and {@code bo},
     * C m×n from {@code co}): C's last columns beside three-vector tiles of a weight gradient
     * (Gemm's unitTailColumns). Lanes run along C's rows (A's rows are contiguous there), so
     * each element is one chain of multiply-adds from zero per {@link #kc}-deep block, then added
     * to C when {@code add} or after the first block: the register tiles' arithmetic, the same
     * bits. {@code lanes}: 8·W elements of scratch.
     */
    abstract void unitTailColumns(int i0, int i1, int m, int n, int k, A a, int ao, A b, int bo, int j0, int cols,
                                  A c, int co, boolean add, A lanes);

    /**
     * {@link #microKernelWideRows} for A read in place transposed ({@code A(r,p) = a[ai + p*aps +
     * r]}): the rows a pass of MR-row tiles leaves over in a weight gradient two panels wide.
     */
    abstract void microKernelWideUnitRows(int rows, int kc, A a, int ai, int aps, A b, int bi, int bi2,
                                          A c, int ci, int ldc, A edge, boolean add);

    /** The heights of {@link #microKernelWideRows} and {@link #microKernelWideUnitRows}, largest first (as generated). */
    static final int[] WIDE_SHORT_HEIGHTS = {4, 2, 1};

    /**
     * Rows {@code i0 <= i < i1} of a product of depth {@code k} at most {@link Gemm#SHALLOW}:
     * {@code c[ci + i*ldc + j] = Σ_p A(i,p)·b[bi + p*ldb + j]} (or {@code c + Σ} when {@code add})
     * for {@code j < cols}, with {@code A(i,p) = a[ao + i*ars + p*aps]}; the same fused
     * multiply-adds from zero in increasing {@code p}, then the same add to C, as the
     * register tiles, so the same bits. A register tile would spend more time on storing its 24
     * accumulators than on the k-loop; here each output vector is loaded at most once and stored
     * once. Then {@code bias[bo + j]} is added (unless {@code bias} is null) and {@code act}
     * applied, in registers: the same add and formula as {@link #biasActivation}, so the same
     * bits. {@code act} must not be transcendental (see {@link #epilogue}); IDENTITY with a null
     * bias is the plain product.
     */
    abstract void shallowRows(int i0, int i1, int k, A a, int ao, int ars, int aps, A b, int bi, int ldb,
                              A c, int ci, int ldc, int cols, boolean add, A bias, int bo, Activation act, double alpha);

    /** The heights of {@link #microKernelRows}, largest first (as generated). */
    static final int[] SHORT_HEIGHTS = {8, 4, 2, 1};

    /**
     * Stores the top-left {@code rows×cols} of a scratch tile (row stride NR) into C:
     * {@code C = tile}, or {@code C = C + tile} when {@code add} — the same final operation the
     * micro-kernel performs on a full tile.
     */
    abstract void storeTile(A tile, A c, int ci, int ldc, int rows, int cols, boolean add);

    /**
     * Matrix–vector rows, one column of C: {@code c[ci + i*ldc] (+)= Σ_p A(i,p)·b[bi + p]} for
     * {@code i0 <= i < i1}, where {@code A(i,p) = a[ao + i*ars + p*aps]}. Used for C with at most
     * {@link Gemm#NARROW} columns, where a register tile of NR columns would waste all but a few.
     * A's rows contiguous ({@code aps = 1}): W lane sums along the depth, its last partial vector
     * included, added by the butterfly (each row the same in a group of rows or alone, and the
     * bits of {@link #tailColumns}); A read transposed: W rows as lanes, one chain per element.
     * {@code lanes} is scratch of at least {@code 4·W} elements.
     */
    abstract void matVec(int i0, int i1, int k, A a, int ao, int ars, int aps, A b, int bi,
                         A c, int ci, int ldc, boolean add, A lanes);

    /**
     * {@link #matVec} for two adjacent columns of C ({@code ci} and {@code ci + 1}, from the
     * contiguous columns of op(B) at {@code bi} and {@code bi2}) with A's rows contiguous
     * ({@code aps = 1}): each column's arithmetic exactly matVec's, A read once for both.
     */
    abstract void matVecPair(int i0, int i1, int k, A a, int ao, int ars, A b, int bi, int bi2,
                             A c, int ci, int ldc, boolean add, A lanes);

    /**
     * {@code c[off + r*ldc + j] = act(c[off + r*ldc + j] + bias[biasOff + j])} for {@code r < rows},
     * {@code j < n}; no bias when {@code bias == null}. One call per tile, not per row: the
     * per-call set-up was a third of the fused layer's epilogue time. {@code act} is IDENTITY,
     * RELU or LEAKY_RELU ({@link #epilogue} applies the transcendental ones afterwards).
     *
     * @throws IllegalArgumentException for a transcendental activation
     */
    abstract void biasActivation(A c, int off, int ldc, int rows, A bias, int biasOff, int n, Activation act,
                                 double alpha);

    /**
     * Applies {@code op} to {@code n} elements of C in place with the bits of the reference
     * (StrictMath) formula, as every kernel computes transcendental ops (see UnaryOp#transcendental).
     */
    abstract void strictMap(A c, int off, int n, UnaryOp op);

    /**
     * The fused layer's epilogue: {@link #biasActivation}, except that a transcendental
     * activation (tanh, sigmoid) is applied afterwards by {@link #strictMap}, so that the fused
     * layer gives the same bits as the unfused one and as any earlier run, whatever the JIT did.
     */
    final void epilogue(A c, int off, int ldc, int rows, A bias, int biasOff, int n, Activation act, double alpha) {
        UnaryOp op = act.op();
        if (op == null || !op.transcendental()) {
            biasActivation(c, off, ldc, rows, bias, biasOff, n, act, alpha);
            return;
        }
        biasActivation(c, off, ldc, rows, bias, biasOff, n, Activation.IDENTITY, 0);
        for (int r = 0; r < rows; r++) {
            strictMap(c, off + r * ldc, n, op);
        }
    }
}
