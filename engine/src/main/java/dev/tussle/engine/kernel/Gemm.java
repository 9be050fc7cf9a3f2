package dev.tussle.engine.kernel;

/**
 * A BLIS-style matrix product, written once for both element types (the type-specific leaves
 * are in {@link GemmElementOps}). Five loops surround a register-tiled micro-kernel: columns of
 * C in blocks of NC, depth in blocks of KC (one packed B block, kept in L3/L2), rows in blocks
 * of MC (one packed A block, kept in L2), then NR-column and MR-row micro-tiles.
 *
 * <p><b>Determinism.</b> Every element of C is computed by the same sequence of operations
 * whatever tile it lands in and whichever thread runs it: fused multiply-adds in increasing
 * {@code p} within a KC block, then one add per KC block, in increasing block order. Threads
 * only decide which blocks of C they own, so results are bit-identical for any thread count.
 * (The column and tail-column paths have fixed orders of their own, chosen from the product's
 * shape alone, so they too do not depend on the thread count.)
 *
 * <p><b>Small shapes.</b> Products below {@link #MIN_MACS_PER_TASK} multiply-adds per task stay
 * on the calling thread, and only products of {@link #MIN_MACS_TO_WAKE} or more wake a parked
 * helper thread. When C has at most two micro-panels of columns (four for an untransposed A,
 * as pairs of panels), A is read where it lies instead of being packed (each element of A would
 * be used at most twice, so copying it costs more than it saves), and likewise full panels of B
 * when at most two row panels use them; C with at most {@link #NARROW} columns is computed a
 * column at a time by matrix–vector loops ({@link #columns}), except a tall narrow weight
 * gradient (A transposed, 2–4 columns), which is computed as its transpose ({@link #narrow});
 * products of depth at most {@link #SHALLOW} are computed a row at a time ({@link #shallow}).
 * C 49–50 columns wide (n = 50 floats: 48 + 2) has its last columns computed apart, beside
 * 6×48 tiles: as dot products along the depth for A read by rows ({@link #tailColumns}, an
 * order of its own, tested bit for bit), along C's rows for a weight gradient
 * ({@link #unitTailColumns}, the tiles' chains).
 *
 * <p>Scratch buffers are per thread and grow on demand, so steady-state calls do not allocate
 * on one thread (a multi-threaded call allocates its few task objects).
 *
 * @param <A> the array type, {@code float[]} or {@code double[]}
 */
final class Gemm<A> {
    /**
     * Below this many multiply-adds per task, handing work to another thread costs more than it
     * saves, even to a helper that is polling for work (see {@link KernelCrew}): 2^15
     * multiply-adds take about half a microsecond. With helpers that parked between calls the
     * threshold had to be 2^22 (waking one costs 20–80 µs on this VM), and 500×100 @ 100×50 ran
     * at 50 GFLOPS on 2 threads against 98 on one when split at 2^20 (JMH, commit 3695c81).
     */
    static final long MIN_MACS_PER_TASK = 1L << 15;
    /** Only products of at least this many multiply-adds (about 10 µs) wake a parked helper. */
    static final long MIN_MACS_TO_WAKE = 1L << 20;

    /** Products with at most this many columns of C (and many rows) are computed transposed, see {@link #narrow}. */
    static final int NARROW = 4;
    /**
     * Products at most this deep (and wider than {@link #NARROW}) are computed a row of C at a
     * time by {@link GemmElementOps#shallowRows}: D's first layer (k = 2) and the rank-one input
     * gradient of its last (k = 1), where a register tile stores 24 vectors per one or two
     * multiply-adds each. One generated method per depth, the k-step unrolled.
     */
    static final int SHALLOW = 4;
    /**
     * Products whose A or C has at least this many elements (a quarter of this machine's 1 MiB L2
     * in floats) touch each block of A and C before computing it (see block). A k = 5 MIX+GAN
     * step's 2500-row products have 125-250 K; the single GAN step's products at most 50 K, which
     * the op before left in cache: touching those made its step 1.08× slower.
     */
    static final long COLD_ELEMENTS = 1L << 16;
    /** The most columns {@link #tailColumns} moves out of the wide tiles. */
    static final int TAIL_COLUMNS = 2;
    /** With fewer rows than this (one NR-wide tile of the transpose), a narrow product stays as it is. */
    private static final int NARROW_MIN_ROWS = 32;

    private final GemmElementOps<A> ops;
    private final ThreadLocal<Scratch<A>> scratch;

    /**
     * The optional bias-and-activation pass applied to each finished tile of C. Each thread
     * refills its own for every layer it computes ({@link #multiplyLayer}): a new object per
     * layer was a tenth of what a training step allocated.
     */
    static final class Epilogue<A> {
        private Activation activation;
        private double alpha;
        private A bias;
        private int biasOffset;

        Epilogue<A> set(Activation activation, double alpha, A bias, int biasOffset) {
            this.activation = activation;
            this.alpha = alpha;
            this.bias = bias;
            this.biasOffset = biasOffset;
            return this;
        }

        Activation activation() {
            return activation;
        }

        double alpha() {
            return alpha;
        }

        A bias() {
            return bias;
        }

        int biasOffset() {
            return biasOffset;
        }

        /** Whether a kernel can apply it in registers (not a transcendental activation: see GemmElementOps#epilogue). */
        boolean inRegisters() {
            return activation == Activation.IDENTITY || activation == Activation.RELU
                    || activation == Activation.LEAKY_RELU;
        }

        /** Applies it to {@code rows × cols} of C at {@code c[off]} (row stride ldc), whose first column is column {@code col}. */
        void apply(GemmElementOps<A> ops, A c, int off, int ldc, int rows, int col, int cols) {
            ops.epilogue(c, off, ldc, rows, bias, biasOffset + col, cols, activation, alpha);
        }
    }

    /** Per-thread packing buffers, grown on demand and then reused. */
    private static final class Scratch<A> {
        A packedA;
        A packedB;
        A tile;
        A transposed;
        A column;
        /** The epilogue's bias for a block of columns, zero-padded to whole panels. */
        A biasRow;
        Split<A> split;
        final Epilogue<A> epilogue = new Epilogue<>();
    }

    Gemm(GemmElementOps<A> ops) {
        this.ops = ops;
        this.scratch = ThreadLocal.withInitial(() -> {
            Scratch<A> s = new Scratch<>();
            s.tile = ops.allocate(ops.mr * ops.nr);
            s.packedA = ops.allocate(0);
            s.packedB = ops.allocate(0);
            s.transposed = ops.allocate(0);
            s.column = ops.allocate(0);
            s.biasRow = ops.allocate(0);
            s.split = new Split<>(this);
            return s;
        });
    }

    /**
     * A dense layer {@code C = act(x·w + bias)} (x m×k, w k×n, bias null or n values from
     * {@code biasOffset}), the bias and activation applied as the product's epilogue.
     */
    void multiplyLayer(int m, int n, int k, A x, int xo, A w, int wo, A c, int co, Activation act, double alpha,
                       A bias, int biasOffset) {
        Scratch<A> s = scratch.get();
        // A layer computed from inside a running split (a helper's task) gets its own epilogue.
        Epilogue<A> epilogue = s.split.running ? new Epilogue<>() : s.epilogue;
        try {
            multiply(1, false, false, m, n, k, x, xo, 0, w, wo, 0, c, co, 0, false,
                    epilogue.set(act, alpha, bias, biasOffset));
        } finally {
            epilogue.set(null, 0, null, 0); // the thread's scratch must not keep a layer's arrays alive
        }
    }

    /**
     * {@code C_t = op(A_t)·op(B_t)} (or {@code C_t += ...} when {@code accumulate}) for
     * {@code t < batch}, where {@code X_t} starts at {@code xo + t*strideX}; a stride of 0
     * broadcasts one matrix over the batch. op(A) is m×k (A is k×m when {@code transA}), op(B)
     * is k×n (B is n×k when {@code transB}), C is m×n; all are dense row-major. The work is
     * split over batch elements and row or column strips of C. Arguments are assumed checked.
     */
    void multiply(int batch, boolean transA, boolean transB, int m, int n, int k,
                  A a, int ao, int strideA, A b, int bo, int strideB, A c, int co, int strideC,
                  boolean accumulate, Epilogue<A> epilogue) {
        if (batch == 0 || m == 0 || n == 0) {
            return;
        }
        if (transA && n > 1 && n <= NARROW && m >= NARROW_MIN_ROWS && !accumulate && epilogue == null) {
            for (int t = 0; t < batch; t++) {
                narrow(transA, transB, m, n, k, a, ao + t * strideA, b, bo + t * strideB, c, co + t * strideC);
            }
            return;
        }
        long macs = (long) batch * m * n * Math.max(k, 1);
        int threads = EnginePool.threads();
        int wanted = (int) Math.min(threads, Math.max(1, macs / MIN_MACS_PER_TASK));
        if (wanted == 1) {
            for (int t = 0; t < batch; t++) {
                block(transA, transB, m, n, k, a, ao + t * strideA, b, bo + t * strideB, c, co + t * strideC,
                        accumulate, 0, m, 0, n, epilogue);
            }
            return;
        }
        Scratch<A> s = scratch.get();
        // The calling thread's split is reused call after call (a product split over threads
        // then allocates nothing); a product started from inside a running split gets its own.
        Split<A> split = s.split.running ? new Split<>(this) : s.split;
        split.plan(batch, wanted, transA, transB, m, n, k, a, ao, strideA, b, bo, strideB, c, co, strideC,
                accumulate, epilogue);
        split.running = true;
        try {
            EnginePool.run(split.tasks, split, macs >= MIN_MACS_TO_WAKE);
        } finally {
            split.release();
        }
    }

    /**
     * One product split over threads: batch elements × row or column strips of C, in
     * {@code tasks} contiguous runs of units. A task only reads these fields, so one object
     * serves every thread of the call.
     */
    private static final class Split<A> implements java.util.function.IntConsumer {
        private final Gemm<A> gemm;
        boolean running;
        int tasks;
        private int units;
        private int stripsPerProduct;
        private boolean splitRows;
        private int tilesM;
        private int tilesN;
        private boolean transA;
        private boolean transB;
        private int m;
        private int n;
        private int k;
        private A a;
        private int ao;
        private int strideA;
        private A b;
        private int bo;
        private int strideB;
        private A c;
        private int co;
        private int strideC;
        private boolean accumulate;
        private Epilogue<A> epilogue;

        Split(Gemm<A> gemm) {
            this.gemm = gemm;
        }

        void plan(int batch, int wanted, boolean transA, boolean transB, int m, int n, int k,
                  A a, int ao, int strideA, A b, int bo, int strideB, A c, int co, int strideC,
                  boolean accumulate, Epilogue<A> epilogue) {
            GemmElementOps<A> ops = gemm.ops;
            tilesM = (m + ops.mr - 1) / ops.mr;
            tilesN = (n + ops.nr - 1) / ops.nr;
            // About four units of work per task, so that uneven counts (5 products on 2 threads)
            // still balance: 5 products × 2 strips = 10 units, 5 per thread.
            int strips = batch >= 4 * wanted ? 1 : (4 * wanted + batch - 1) / batch;
            splitRows = tilesM >= strips || tilesM >= tilesN;
            stripsPerProduct = Math.max(1, Math.min(strips, splitRows ? tilesM : tilesN));
            units = batch * stripsPerProduct;
            tasks = Math.min(wanted, units);
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.a = a;
            this.ao = ao;
            this.strideA = strideA;
            this.b = b;
            this.bo = bo;
            this.strideB = strideB;
            this.c = c;
            this.co = co;
            this.strideC = strideC;
            this.accumulate = accumulate;
            this.epilogue = epilogue;
        }

        /** Drops the operands (the thread's scratch must not keep a product's arrays alive). */
        void release() {
            a = null;
            b = null;
            c = null;
            epilogue = null;
            running = false;
        }

        @Override
        public void accept(int task) {
            GemmElementOps<A> ops = gemm.ops;
            int from = (int) ((long) task * units / tasks);
            int to = (int) ((long) (task + 1) * units / tasks);
            for (int u = from; u < to; ) {
                // Consecutive strips of one product go to block() together: one B packing, not one per strip.
                int t = u / stripsPerProduct;
                int first = u % stripsPerProduct;
                int end = Math.min(to, (t + 1) * stripsPerProduct);
                int last = first + (end - u) - 1;
                int i0 = 0;
                int i1 = m;
                int j0 = 0;
                int j1 = n;
                if (splitRows) {
                    i0 = ops.mr * (int) ((long) first * tilesM / stripsPerProduct);
                    i1 = Math.min(m, ops.mr * (int) ((long) (last + 1) * tilesM / stripsPerProduct));
                } else {
                    j0 = ops.nr * (int) ((long) first * tilesN / stripsPerProduct);
                    j1 = Math.min(n, ops.nr * (int) ((long) (last + 1) * tilesN / stripsPerProduct));
                }
                gemm.block(transA, transB, m, n, k, a, ao + t * strideA, b, bo + t * strideB, c, co + t * strideC,
                        accumulate, i0, i1, j0, j1, epilogue);
                u = end;
            }
        }
    }

    /**
     * A narrow product (2 to {@link #NARROW} columns of C) as its transpose, {@code Cᵀ =
     * op(B)ᵀ·op(A)ᵀ}, into scratch, then copied into C column by column: in the usual layout
     * each NR-wide tile would compute 32 columns to keep 2, in the transposed one C's n columns
     * are short row panels (exact-height kernels) and its m rows fill whole tiles (16× fewer
     * multiply-adds for n = 2: 50×500ᵀ @ 500×2 from 17.7 to 8.5 µs). Only for a transposed A
     * (the weight gradient xᵀ·G'), which the transposed form packs by copying rows: packing a
     * row-major A transposed costs more than the columns saved (500×2 @ 2×50 went from 12.7 to
     * 14.3 µs). Each element is the same chain of multiply-adds as in {@link #block}, so the
     * bits do not change; hence only without {@code accumulate}, where the per-block adds to C
     * would associate differently.
     */
    private void narrow(boolean transA, boolean transB, int m, int n, int k, A a, int ao, A b, int bo, A c, int co) {
        Scratch<A> s = scratch.get();
        if (ops.length(s.transposed) < n * m) {
            s.transposed = ops.allocate(n * m);
        }
        A t = s.transposed;
        block(!transB, !transA, n, m, k, b, bo, a, ao, t, 0, false, 0, n, 0, m, null);
        for (int j = 0; j < n; j++) {
            ops.copyStrided(t, j * m, 1, c, co + j, n, m);
        }
    }

    /** The largest of {@code heights} (exact-height kernels, largest first) that fits in {@code rows}. */
    private static int height(int[] heights, int rows) {
        for (int h : heights) {
            if (h <= rows) {
                return h;
            }
        }
        throw new IllegalArgumentException("height: no kernel fits " + rows + " rows");
    }

    /**
     * {@code C[i0:i1, j0:j1]} of a product with at most {@link #NARROW} columns as matrix–vector
     * products, a column at a time, or two at a time in one pass over A when A's rows are
     * contiguous (500×50 @ 50×2: 13.7 → 4.3 µs as columns, a 32-column register tile having kept
     * 2 of its columns; 3.9 µs as a pair). A column of op(B) is contiguous when B is transposed
     * (or n = 1), and is copied out otherwise.
     */
    private void columns(boolean transA, boolean transB, int m, int n, int k, A a, int ao, A b, int bo,
                         A c, int co, boolean accumulate, int i0, int i1, int j0, int j1) {
        Scratch<A> s = scratch.get();
        for (int j = j0; j < j1; ) {
            // A's rows contiguous: two columns a pass over A (D's first-layer input gradient,
            // 500×100 @ (2×100)ᵀ, read its 200 KB twice), each column's bits matVec's.
            int cols = !transA && j + 1 < j1 ? 2 : 1;
            A column = b;
            int bi = bo + j * k;
            if (!transB && n > 1) {
                if (ops.length(s.column) < 2 * k) {
                    s.column = ops.allocate(2 * k);
                }
                for (int t = 0; t < cols; t++) {
                    ops.copyStrided(b, bo + j + t, n, s.column, t * k, 1, k);
                }
                column = s.column;
                bi = 0;
            }
            if (cols == 2) {
                ops.matVecPair(i0, i1, k, a, ao, k, column, bi, bi + k, c, co + j, n, accumulate, s.tile);
            } else {
                ops.matVec(i0, i1, k, a, ao, transA ? 1 : k, transA ? m : 1, column, bi, c, co + j, n, accumulate,
                        s.tile);
            }
            j += cols;
        }
    }

    /**
     * {@code C[i0:i1, j0:j1]} of a product of depth 1 to {@link #SHALLOW}, row by row (500×2 @
     * 2×100: 8.3 -> 4.9 µs; a k = 5 MIX+GAN step 25.5 -> 23.5 ms, its discriminators' first
     * layers being 5×2500×2 @ 2×100), with the epilogue in registers, or, for a transcendental
     * activation, applied to each {@code mr} rows while they are in L1. A transposed B of depth
     * > 1 is first copied into k contiguous rows (k·(j1 - j0) elements).
     */
    private void shallow(boolean transA, boolean transB, int m, int n, int k, A a, int ao, A b, int bo,
                         A c, int co, boolean accumulate, int i0, int i1, int j0, int j1, Epilogue<A> epilogue) {
        int cols = j1 - j0;
        A bRows = b;
        int bi = bo + j0;
        int ldb = n;
        if (transB && k > 1) {
            Scratch<A> s = scratch.get();
            if (ops.length(s.packedB) < k * cols) {
                s.packedB = ops.allocate(k * cols);
            }
            bRows = s.packedB;
            for (int p = 0; p < k; p++) {
                ops.copyStrided(b, bo + j0 * k + p, k, bRows, p * cols, 1, cols);
            }
            bi = 0;
            ldb = cols;
        } else if (transB) {
            ldb = cols; // k = 1: Bᵀ's one row is B's column, contiguous
        }
        int ars = transA ? 1 : k;
        int aps = transA ? m : 1;
        if (epilogue == null) {
            ops.shallowRows(i0, i1, k, a, ao, ars, aps, bRows, bi, ldb, c, co + j0, n, cols, accumulate,
                    null, 0, Activation.IDENTITY, 0);
            return;
        }
        if (epilogue.inRegisters()) {
            // Bias and activation in registers before the one store, instead of reading each
            // 12 rows back (5 × 2500×2 @ 2×100 with bias and leaky ReLU into a cold 5 MB output:
            // 0.42-0.76 -> 0.28-0.31 ms; k = 5 MIX+GAN step 23.2-25.5 -> 22.2-23.3 ms).
            ops.shallowRows(i0, i1, k, a, ao, ars, aps, bRows, bi, ldb, c, co + j0, n, cols, accumulate,
                    epilogue.bias(), epilogue.biasOffset() + j0, epilogue.activation(), epilogue.alpha());
            return;
        }
        for (int i = i0; i < i1; i += ops.mr) {
            int end = Math.min(i1, i + ops.mr);
            ops.shallowRows(i, end, k, a, ao, ars, aps, bRows, bi, ldb, c, co + j0, n, cols, accumulate,
                    null, 0, Activation.IDENTITY, 0);
            epilogue.apply(ops, c, co + i * n + j0, n, end - i, j0, cols);
        }
    }

    /** The epilogue's bias for columns {@code jc .. jc + cols} in scratch, zero-padded to {@code padded}. */
    private A paddedBias(Scratch<A> s, Epilogue<A> epilogue, int jc, int cols, int padded) {
        if (ops.length(s.biasRow) < padded) {
            s.biasRow = ops.allocate(padded);
        }
        ops.copyStrided(epilogue.bias(), epilogue.biasOffset() + jc, 1, s.biasRow, 0, 1, cols);
        ops.zero(s.biasRow, cols, padded);
        return s.biasRow;
    }

    /**
     * How many of C's last columns are computed as dot products ({@link #tail}) instead of in
     * the last pair of column panels: 1 or 2 when that pair holds three whole vectors and
     * 1–{@link #TAIL_COLUMNS} columns more (n = 50 floats: 48 + 2), so that the pair runs as
     * {@link GemmElementOps#microKernelWideThreeVectors} (18 multiply-adds a depth step instead of
     * 24 for 6 rows). Those columns' sums run along the depth in lanes, then the lanes are added
     * by matVec's butterfly, not as one chain per element, so their bits differ from the tiles'; the choice
     * depends on the product's shape only, never on the block a thread computes, so that the
     * results stay the same for any number of threads. Only for A read by rows in wide tiles
     * (not transposed; B transposed or more than two row panels, as {@link #block} decides) and
     * a depth of at least half a vector. A dense layer's bias and (leaky) ReLU are applied to each
     * finished sum (same bits as its epilogue), so a fused layer still equals the product
     * followed by the epilogue. Alone, 1 thread: 500×50 @ 50×50 35–37 -> 27–28 µs, 500×50 @
     * (50×50)ᵀ 37–38 -> 28–29 µs, as a layer with bias and leaky ReLU 36–39 -> 29 µs (the same
     * products with 48 columns: 25 µs).
     */
    private int tailColumns(boolean transA, boolean transB, int m, int n, int k) {
        return tailColumns(ops.nr, ops.mr, transA, transB, m, n, k);
    }

    /** {@link #tailColumns(boolean, boolean, int, int, int)} for panels {@code nr} wide and tiles {@code mr} high. */
    static int tailColumns(int nr, int mr, boolean transA, boolean transB, int m, int n, int k) {
        int past = n % (2 * nr) - nr - nr / 2;
        // Shallower than half a vector, the padded tiles cost little more than the dot products'
        // reduction. From half a vector up the tail pays (1 thread, alone: 500×15 @ 15×50
        // 11.4-14.1 -> 9.0-10.1 µs, as a dense layer 13.1-13.9 -> 10.7-11.9; 500×8 @ 8×50
        // 7.5-8.4 -> 6.7; it cost more than it saved before masked loads stopped checking lanes).
        if (transA || k < nr / 4 || n > 4 * nr || (!transB && m <= 2 * mr) || past < 1 || past > TAIL_COLUMNS) {
            return 0;
        }
        return past;
    }

    /**
     * How many of C's last columns a weight gradient {@code Aᵀ·B} computes apart, by
     * {@link GemmElementOps#unitTailColumns}: 1 or 2 when C is one panel, one vector and those
     * columns wide (n = 50 floats: 32 + 16 + 2), so that the rest runs as 6×48 tiles
     * ({@link GemmElementOps#microKernelWideUnitThreeVectors}) instead of two 12×32 tiles, a
     * third of whose lanes would be padding. Unlike {@link #tailColumns} the bits do not change:
     * the lanes run along C's rows, each element still one chain per depth block. Not for C two
     * row panels high or less: a vector or two of rows is too few chains to hide the multiply-add
     * latency (500×15ᵀ @ 500×50: 12.4 -> 13.1-13.7 µs with the tail, 12.2-12.6 without).
     */
    static int unitTailColumns(int nr, int mr, boolean transA, boolean transB, int m, int n) {
        int past = n - nr - nr / 2;
        return transA && !transB && m > 2 * mr && past >= 1 && past <= TAIL_COLUMNS ? past : 0;
    }

    /**
     * Columns {@code j0 .. j1} (at most {@link #TAIL_COLUMNS}) of C = A·op(B), A row-major, by
     * {@link GemmElementOps#tailColumns}, with a dense layer's bias and (leaky) ReLU when
     * {@code fused} is not null.
     */
    private void tail(boolean transB, int n, int k, A a, int ao, A b, int bo, A c, int co, boolean accumulate,
                      int i0, int i1, int j0, int j1, Epilogue<A> fused) {
        Scratch<A> s = scratch.get();
        int cols = j1 - j0;
        int ldbt = (k + ops.nr / 2 - 1) / (ops.nr / 2) * (ops.nr / 2);
        if (ops.length(s.column) < cols * ldbt) {
            s.column = ops.allocate(cols * ldbt);
        }
        for (int j = 0; j < cols; j++) {
            if (transB) {
                ops.copyStrided(b, bo + (j0 + j) * k, 1, s.column, j * ldbt, 1, k);
            } else {
                ops.copyStrided(b, bo + j0 + j, n, s.column, j * ldbt, 1, k);
            }
            ops.zero(s.column, j * ldbt + k, (j + 1) * ldbt);
        }
        if (fused == null) {
            ops.tailColumns(i0, i1, k, a, ao, k, s.column, ldbt, c, co + j0, n, cols, accumulate, s.tile,
                    null, 0, Activation.IDENTITY, 0);
        } else {
            ops.tailColumns(i0, i1, k, a, ao, k, s.column, ldbt, c, co + j0, n, cols, accumulate, s.tile,
                    fused.bias(), fused.biasOffset() + j0, fused.activation(), fused.alpha());
        }
    }

    /** Computes the block {@code C[i0:i1, j0:j1]} of one product on the calling thread. */
    private void block(boolean transA, boolean transB, int m, int n, int k, A a, int ao, A b, int bo,
                       A c, int co, boolean accumulate, int i0, int i1, int j0, int j1, Epilogue<A> epilogue) {
        if (i0 >= i1 || j0 >= j1) {
            return;
        }
        if (k == 0 || n <= NARROW) {
            if (k == 0) {
                if (!accumulate) {
                    for (int i = i0; i < i1; i++) {
                        ops.zero(c, co + i * n + j0, co + i * n + j1);
                    }
                }
            } else {
                columns(transA, transB, m, n, k, a, ao, b, bo, c, co, accumulate, i0, i1, j0, j1);
            }
            if (epilogue != null) {
                epilogue.apply(ops, c, co + i0 * n + j0, n, i1 - i0, j0, j1 - j0);
            }
            return;
        }
        if (k <= SHALLOW) {
            shallow(transA, transB, m, n, k, a, ao, b, bo, c, co, accumulate, i0, i1, j0, j1, epilogue);
            return;
        }
        // C's last columns apart: dot products for A read by rows, lanes along C's rows for a
        // weight gradient (at most one of the two applies: one needs A transposed, one not).
        int tail = tailColumns(transA, transB, m, n, k);
        int unitTail = unitTailColumns(ops.nr, ops.mr, transA, transB, m, n);
        if (j1 > n - tail - unitTail) {
            int js = Math.max(j0, n - tail - unitTail);
            block(transA, transB, m, n, k, a, ao, b, bo, c, co, accumulate, i0, i1, j0, js, epilogue);
            // Bias and (leaky) ReLU on each finished dot product: a per-row epilogue over the two
            // columns cost more than the columns saved (a 500×50 @ 50×50 layer in the step).
            boolean fused = tail > 0 && epilogue != null && epilogue.inRegisters();
            if (tail > 0) {
                tail(transB, n, k, a, ao, b, bo, c, co, accumulate, i0, i1, js, j1, fused ? epilogue : null);
            } else {
                ops.unitTailColumns(i0, i1, m, n, k, a, ao, b, bo, js, j1 - js, c, co, accumulate, scratch.get().tile);
            }
            if (epilogue != null && !fused) {
                epilogue.apply(ops, c, co + i0 * n + js, n, i1 - i0, js, j1 - js);
            }
            return;
        }
        int mr = ops.mr;
        int nr = ops.nr;
        // Read A in place when each element of it is used at most twice: C at most two panels
        // wide, or, for an untransposed A and a packed B, at most four, as two passes of 6×64
        // tiles (wide, below). Shallower products (k <= SHALLOW) never get here.
        boolean directB = !transB && i1 - i0 <= 2 * mr;
        boolean pairs = !transA && !directB;
        boolean direct = n <= 2 * nr || (pairs && n <= 4 * nr);
        // A transposed in place (a weight gradient) with C 33-48 columns wide: 6×48 tiles too.
        boolean wide = direct && j1 - j0 > nr
                && (pairs || transA && !directB && j1 - j0 - nr <= nr / 2);
        // A large product's operands were most likely written out to memory by the ops before it
        // (a k = 5 MIX+GAN step's products: 2500 rows per discriminator): one pass that touches
        // each line of a block first gets them in with many loads in flight, instead of stalling
        // the kernels' chains one miss at a time.
        boolean touch = direct && Math.max((long) m * k, (long) m * n) >= COLD_ELEMENTS;
        Scratch<A> s = scratch.get();
        for (int jc = j0; jc < j1; jc += ops.nc) {
            int ncur = Math.min(ops.nc, j1 - jc);
            int ncPadded = (ncur + nr - 1) / nr * nr;
            for (int pc = 0; pc < k; pc += ops.kc) {
                int kcur = Math.min(ops.kc, k - pc);
                boolean add = accumulate || pc > 0;
                boolean lastDepthBlock = pc + kcur == k;
                // Full-width panels of an untransposed B are read where they lie when at most two
                // row panels use them (each element of B loaded at most twice, as for A above):
                // only the edge panel is packed (2×500ᵀ @ 500×100: 16.7 -> 8.8 µs with masked edge packing).
                int inPlace = directB ? ncur / nr * nr : 0;
                if (ops.length(s.packedB) < kcur * (ncPadded - inPlace)) {
                    s.packedB = ops.allocate(kcur * (ncPadded - inPlace));
                }
                A packedB = s.packedB;
                if (inPlace < ncur) {
                    GemmPacking.packB(ops, b, bo, transB, n, k, pc, kcur, jc + inPlace, ncur - inPlace, packedB, 0);
                }
                for (int ic = i0; ic < i1; ic += ops.mc) {
                    int mcur = Math.min(ops.mc, i1 - ic);
                    if (touch) {
                        // A's block where the kernels read it in place, and C's block.
                        if (transA) {
                            ops.touchRows(a, ao + pc * m + ic, m, kcur, mcur);
                        } else {
                            ops.touchRows(a, ao + ic * k + pc, k, mcur, kcur);
                        }
                        ops.touchRows(c, co + ic * n + jc, n, mcur, ncur);
                    }
                    if (!direct) {
                        int need = (mcur + mr - 1) / mr * mr * kcur;
                        if (ops.length(s.packedA) < need) {
                            s.packedA = ops.allocate(need);
                        }
                        GemmPacking.packA(ops, a, ao, transA, m, k, ic, mcur, pc, kcur, s.packedA, 0);
                    }
                    // Pairs of column panels with A in place: whole 6-row panels, one pass over A
                    // per pair (500×100 @ 100×50: 47 -> 41 µs; 500×50 @ 50×50: 25 -> 24 µs, as a
                    // 6×64 tile computes as many lanes as two 12×32 ones; 500×50 @ (100×50)ᵀ:
                    // 52.4 -> 44.1 µs without packing A), then the 1-5 rows left over by
                    // exact-height wide kernels. A last panel without a partner runs as below.
                    int pairedCols = 0;
                    if (wide) {
                        // A dense layer's full-height tiles take bias and activation in registers
                        // (500×50 @ 50×50 + bias + leaky ReLU: 33 -> 25 µs, thread CPU time).
                        boolean layer = !transA && lastDepthBlock && !add && epilogue != null && epilogue.inRegisters();
                        A biasRow = layer && epilogue.bias() != null ? paddedBias(s, epilogue, jc, ncur, ncPadded) : null;
                        for (int jp = 0; jp + nr < ncur; jp += 2 * nr) {
                            int pairCols = Math.min(2 * nr, ncur - jp);
                            // A second panel of at most one vector: its padding vector is not
                            // multiplied (500×48 @ 48-column tiles: 18 FMAs a depth step, not 24).
                            boolean three = pairCols - nr <= nr / 2;
                            for (int ir = 0, h; ir < mcur; ir += h) {
                                h = mcur - ir >= GemmElementOps.WIDE_ROWS ? GemmElementOps.WIDE_ROWS
                                        : height(GemmElementOps.WIDE_SHORT_HEIGHTS, mcur - ir);
                                int i = ic + ir;
                                int cOff = co + i * n + jc + jp;
                                boolean inKernel = layer && h == GemmElementOps.WIDE_ROWS;
                                // A full-height tile whose second panel is exactly as wide as its
                                // vectors (one of three, or a whole panel) stores it in C itself:
                                // no edge tile to copy.
                                boolean inC = h == GemmElementOps.WIDE_ROWS
                                        && pairCols - nr == (three ? nr / 2 : nr);
                                A edge = inC ? null : s.tile;
                                if (inKernel && three) {
                                    ops.microKernelWideLayerThreeVectors(kcur, a, ao + i * k + pc, k, packedB, jp * kcur,
                                            (jp + nr) * kcur, c, cOff, n, edge, biasRow, jp,
                                            epilogue.activation(), epilogue.alpha());
                                } else if (inKernel) {
                                    ops.microKernelWideLayer(kcur, a, ao + i * k + pc, k, packedB, jp * kcur,
                                            (jp + nr) * kcur, c, cOff, n, edge, biasRow, jp,
                                            epilogue.activation(), epilogue.alpha());
                                } else if (transA && h == GemmElementOps.WIDE_ROWS) {
                                    // Always three vectors here (see wide).
                                    ops.microKernelWideUnitThreeVectors(kcur, a, ao + pc * m + i,
                                            m, packedB, jp * kcur, (jp + nr) * kcur, c, cOff, n, edge, add);
                                } else if (transA) {
                                    ops.microKernelWideUnitRows(h, kcur, a, ao + pc * m + i,
                                            m, packedB, jp * kcur, (jp + nr) * kcur, c, cOff, n, s.tile, add);
                                } else if (h == GemmElementOps.WIDE_ROWS && three) {
                                    ops.microKernelWideThreeVectors(kcur, a, ao + i * k + pc,
                                            k, packedB, jp * kcur, (jp + nr) * kcur, c, cOff, n, edge, add);
                                } else if (h == GemmElementOps.WIDE_ROWS) {
                                    ops.microKernelWide(kcur, a, ao + i * k + pc,
                                            k, packedB, jp * kcur, (jp + nr) * kcur, c, cOff, n, edge, add);
                                } else {
                                    ops.microKernelWideRows(h, kcur, a, ao + i * k + pc,
                                            k, packedB, jp * kcur, (jp + nr) * kcur, c, cOff, n, s.tile, add);
                                }
                                if (!inC) {
                                    ops.storeTile(s.tile, c, cOff + nr, n, h, pairCols - nr, add);
                                }
                                if (lastDepthBlock && epilogue != null && !inKernel) {
                                    epilogue.apply(ops, c, cOff, n, h, jc + jp, pairCols);
                                }
                            }
                            pairedCols = jp + pairCols;
                        }
                    }
                    // A transposed in place, C two panels wide: the rows the 12-row tiles leave
                    // over (50×500ᵀ @ 500×50: 2) span both panels in one exact-height kernel;
                    // two 2-row kernels of 32 columns each ran latency-bound (4 chains of FMAs).
                    int rowEnd = mcur;
                    if (!wide && direct && transA && !directB && ncur > nr && ncur <= 2 * nr) {
                        rowEnd = mcur - mcur % mr;
                        for (int ir = rowEnd, h; ir < mcur; ir += h) {
                            h = height(GemmElementOps.WIDE_SHORT_HEIGHTS, mcur - ir);
                            int i = ic + ir;
                            int cOff = co + i * n + jc;
                            ops.microKernelWideUnitRows(h, kcur, a, ao + pc * m + i, m, packedB, 0, nr * kcur,
                                    c, cOff, n, s.tile, add);
                            ops.storeTile(s.tile, c, cOff + nr, n, h, ncur - nr, add);
                            if (lastDepthBlock && epilogue != null) {
                                epilogue.apply(ops, c, cOff, n, h, jc, ncur);
                            }
                        }
                    }
                    for (int jr = pairedCols; jr < ncur; jr += nr) {
                        int cols = Math.min(nr, ncur - jr);
                        A bSource = jr < inPlace ? b : packedB;
                        int bPanel = jr < inPlace ? bo + pc * n + jc + jr : (jr - inPlace) * kcur;
                        int bps = jr < inPlace ? n : nr;
                        for (int ir = 0; ir < rowEnd; ir += mr) {
                            int rows = Math.min(mr, rowEnd - ir);
                            A aSource;
                            int ai;
                            int ars;
                            int aps;
                            if (!direct) {
                                aSource = s.packedA;
                                ai = ir * kcur;
                                ars = 1;
                                aps = mr;
                            } else {
                                int i = ic + ir;
                                aSource = a;
                                ai = transA ? ao + pc * m + i : ao + i * k + pc;
                                ars = transA ? 1 : k;
                                aps = transA ? m : 1;
                            }
                            int cOff = co + (ic + ir) * n + jc + jr;
                            boolean fullWidth = cols == nr;
                            A target = fullWidth ? c : s.tile;
                            int targetOffset = fullWidth ? cOff : 0;
                            int ldTarget = fullWidth ? n : nr;
                            boolean addToTarget = fullWidth && add;
                            if (rows < mr) {
                                // A short panel as exact-height kernels (8, 4, 2, 1 rows): no zero
                                // rows multiplied, and A read in place never runs past its last row.
                                for (int r = 0, h; r < rows; r += h) {
                                    h = height(GemmElementOps.SHORT_HEIGHTS, rows - r);
                                    ops.microKernelRows(h, kcur, aSource, ai + r * ars, ars, aps, bSource, bPanel, bps,
                                            target, targetOffset + r * ldTarget, ldTarget, addToTarget);
                                }
                            } else if (aSource != a) {
                                ops.microKernelPacked(kcur, aSource, ai, bSource, bPanel, bps, target, targetOffset,
                                        ldTarget, addToTarget);
                            } else if (ars == 1) {
                                // A transposed in place: constant row offsets (50×500ᵀ @ 500×50:
                                // 30.2 -> 25.5 µs, 100×500ᵀ @ 500×50: 54.8 -> 44.9 µs).
                                ops.microKernelUnitRows(kcur, aSource, ai, aps, bSource, bPanel, bps, target, targetOffset,
                                        ldTarget, addToTarget);
                            } else {
                                // A's rows in place (aps = 1).
                                ops.microKernel(kcur, aSource, ai, ars, bSource, bPanel, bps, target, targetOffset,
                                        ldTarget, addToTarget);
                            }
                            if (!fullWidth) {
                                ops.storeTile(s.tile, c, cOff, n, rows, cols, add);
                            }
                            if (lastDepthBlock && epilogue != null) {
                                epilogue.apply(ops, c, cOff, n, rows, jc + jr, cols);
                            }
                        }
                    }
                }
            }
        }
    }
}
