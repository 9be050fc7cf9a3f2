package dev.tussle.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Checks both kernel implementations' GEMM (plain, transposed, batched, float and double)
 * against a naive triple loop accumulating in double, on random shapes that include 0, 1,
 * primes, tall-skinny and short-fat matrices, sizes that are not multiples of the vector width,
 * and sizes that cross every block boundary (MR, NR, KC, MC, NC).
 *
 * <p><b>Error bound.</b> Each element of op(A)·op(B) is a length-k dot product evaluated with
 * fused multiply-adds (one add more per KC block, and one more for {@code accumulate}). The
 * classical bound is {@code |Ĉ − C| ≤ γ_{k+2} (|C₀| + |A|·|B|)} elementwise, with
 * {@code γ_j = j·u / (1 − j·u)} and {@code u = eps/2} the unit roundoff. We assert the slightly
 * looser {@code |Ĉ − C| ≤ (k + 2)·eps·(|C₀| + |A|·|B|)_ij} (a factor of 2 over γ for
 * {@code (k+2)·u ≪ 1}), computed per element from the reference in double precision.
 */
class GemmTest {
    private static final Kernels SCALAR = KernelProvider.scalar();
    private static final int DEFAULT_THREADS = EnginePool.threads();

    @AfterEach
    void restoreThreads() {
        EnginePool.setThreads(DEFAULT_THREADS);
    }

    /** Implementations under test: always scalar, plus vector when the module is present. */
    private static List<Kernels> implementations() {
        List<Kernels> list = new ArrayList<>();
        list.add(SCALAR);
        KernelProvider.vector().ifPresent(list::add);
        return list;
    }

    private static final int[] EDGE_SIZES = {0, 1, 2, 3, 5, 7, 11, 12, 13, 15, 16, 17, 23, 24, 31, 32, 33, 37,
        47, 48, 63, 64, 65, 97, 101, 127};

    /** A dimension: mostly small edge sizes, sometimes a block-crossing or tall one. */
    private static int dim(SplittableRandom r, int large) {
        return switch (r.nextInt(6)) {
            case 0, 1, 2 -> EDGE_SIZES[r.nextInt(EDGE_SIZES.length)];
            case 3 -> 1 + r.nextInt(40);
            case 4 -> r.nextInt(large + 1);
            default -> new int[] {95, 96, 97, 191, 193, 255, 256, 257, 263}[r.nextInt(9)];
        };
    }

    record Shape(int batch, int m, int n, int k, boolean transA, boolean transB, boolean accumulate,
                 boolean broadcastA, boolean broadcastB) {
    }

    /** 1,200 seeded shapes with at most ~300k multiply-adds each, so the reference loop stays fast. */
    private static List<Shape> randomShapes(long seed, boolean batched) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Shape> shapes = new ArrayList<>();
        while (shapes.size() < 1200) {
            int kind = r.nextInt(10);
            int m;
            int n;
            int k;
            if (kind == 0) { // tall-skinny
                m = 200 + r.nextInt(400);
                n = 1 + r.nextInt(8);
                k = dim(r, 60);
            } else if (kind == 1) { // short-fat
                m = 1 + r.nextInt(5);
                n = 200 + r.nextInt(800);
                k = dim(r, 60);
            } else if (kind == 2) { // deep
                m = 1 + r.nextInt(30);
                n = 1 + r.nextInt(40);
                k = 250 + r.nextInt(600);
            } else {
                m = dim(r, 150);
                n = dim(r, 150);
                k = dim(r, 150);
            }
            int batch = batched ? r.nextInt(5) : 1;
            if ((long) Math.max(batch, 1) * m * n * Math.max(k, 1) > 300_000) {
                continue;
            }
            shapes.add(new Shape(batch, m, n, k, r.nextBoolean(), r.nextBoolean(), r.nextInt(4) == 0,
                    batched && r.nextInt(4) == 0, batched && r.nextInt(4) == 0));
        }
        return shapes;
    }

    private static double[] randomArray(SplittableRandom r, int length) {
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = r.nextDouble(-1, 1);
        }
        return x;
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    /** Operands laid out for a shape, with padding offsets so that offsets are exercised too. */
    private record Operands(double[] a, int ao, int strideA, double[] b, int bo, int strideB,
                            double[] c0, int co, int strideC) {
        static Operands of(Shape s, SplittableRandom r) {
            int batch = Math.max(s.batch(), 1);
            int ao = r.nextInt(3);
            int bo = r.nextInt(3);
            int co = r.nextInt(3);
            int strideA = s.broadcastA() ? 0 : s.m() * s.k();
            int strideB = s.broadcastB() ? 0 : s.k() * s.n();
            int strideC = s.m() * s.n();
            double[] a = randomArray(r, ao + (s.broadcastA() ? 1 : batch) * s.m() * s.k());
            double[] b = randomArray(r, bo + (s.broadcastB() ? 1 : batch) * s.k() * s.n());
            double[] c0 = randomArray(r, co + batch * strideC);
            return new Operands(a, ao, strideA, b, bo, strideB, c0, co, strideC);
        }
    }

    /** The exact-ish product in double and the elementwise error bound scale (|C0| + |A||B|). */
    private static double[][] reference(Shape s, Operands o) {
        double[] c = o.c0().clone();
        double[] scale = new double[c.length];
        for (int t = 0; t < s.batch(); t++) {
            for (int i = 0; i < s.m(); i++) {
                for (int j = 0; j < s.n(); j++) {
                    int ci = o.co() + t * o.strideC() + i * s.n() + j;
                    double sum = 0;
                    double abs = 0;
                    for (int p = 0; p < s.k(); p++) {
                        double x = o.a()[o.ao() + t * o.strideA() + (s.transA() ? p * s.m() + i : i * s.k() + p)];
                        double y = o.b()[o.bo() + t * o.strideB() + (s.transB() ? j * s.k() + p : p * s.n() + j)];
                        sum += x * y;
                        abs += Math.abs(x * y);
                    }
                    c[ci] = s.accumulate() ? c[ci] + sum : sum;
                    scale[ci] = abs + (s.accumulate() ? Math.abs(o.c0()[ci]) : 0);
                }
            }
        }
        return new double[][] {c, scale};
    }

    private static void assertWithinBound(String what, Shape s, double[] actual, double[][] ref, double eps) {
        double factor = (s.k() + 2) * eps;
        for (int i = 0; i < actual.length; i++) {
            double err = Math.abs(actual[i] - ref[0][i]);
            if (!(err <= factor * ref[1][i])) {
                throw new AssertionError(what + " " + s + ": element " + i + " is " + actual[i] + ", expected "
                        + ref[0][i] + " (error " + err + " > bound " + factor * ref[1][i] + ")");
            }
        }
    }

    private static void runFloat(Kernels kernels, Shape s, Operands o, float[] c, boolean batched) {
        float[] a = toFloat(o.a());
        float[] b = toFloat(o.b());
        if (batched) {
            kernels.gemmBatched(s.batch(), s.transA(), s.transB(), s.m(), s.n(), s.k(), a, o.ao(), o.strideA(),
                    b, o.bo(), o.strideB(), c, o.co(), o.strideC(), s.accumulate());
        } else {
            kernels.gemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), a, o.ao(), b, o.bo(), c, o.co(), s.accumulate());
        }
    }

    private static void runDouble(Kernels kernels, Shape s, Operands o, double[] c, boolean batched) {
        if (batched) {
            kernels.gemmBatched(s.batch(), s.transA(), s.transB(), s.m(), s.n(), s.k(), o.a(), o.ao(), o.strideA(),
                    o.b(), o.bo(), o.strideB(), c, o.co(), o.strideC(), s.accumulate());
        } else {
            kernels.gemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), o.a(), o.ao(), o.b(), o.bo(), c, o.co(),
                    s.accumulate());
        }
    }

    private static void checkRandomShapes(long seed, boolean batched) {
        checkShapes(randomShapes(seed, batched), new SplittableRandom(seed ^ 0x5DEECE66DL), batched);
    }

    /**
     * Weight gradients Aᵀ·B (A 70 rows deep) 24–50 columns wide: the 6×48 tiles with A read
     * transposed (33–48 float columns, 17–24 double) and C's last 1–2 columns with lanes along
     * its rows (n = 49, 50 in float32, 25, 26 in float64), one and several depth blocks, with and
     * without accumulating, against the exact product in both types (everyElement... checks the
     * float32 bits).
     */
    @Test
    void weightGradientTilesMatchReferenceInBothTypes() {
        List<Shape> shapes = new ArrayList<>();
        for (int n : new int[] {24, 25, 26, 33, 40, 48, 49, 50}) {
            for (int k : new int[] {17, 300}) {
                for (boolean accumulate : new boolean[] {false, true}) {
                    shapes.add(new Shape(1, 70, n, k, true, false, accumulate, false, false));
                }
            }
        }
        checkShapes(shapes, new SplittableRandom(26), false);
    }

    private static void checkShapes(List<Shape> shapes, SplittableRandom r, boolean batched) {
        for (Shape s : shapes) {
            Operands o = Operands.of(s, r);
            // The float reference is computed from the float-rounded inputs, so only the product's rounding counts.
            Operands of = new Operands(toDouble(toFloat(o.a())), o.ao(), o.strideA(), toDouble(toFloat(o.b())),
                    o.bo(), o.strideB(), toDouble(toFloat(o.c0())), o.co(), o.strideC());
            double[][] refF = reference(s, of);
            double[][] refD = reference(s, o);
            for (Kernels kernels : implementations()) {
                float[] cf = toFloat(o.c0());
                runFloat(kernels, s, o, cf, batched);
                assertWithinBound(kernels.name() + " float32", s, toDouble(cf), refF, Math.ulp(1f));
                double[] cd = o.c0().clone();
                runDouble(kernels, s, o, cd, batched);
                assertWithinBound(kernels.name() + " float64", s, cd, refD, Math.ulp(1.0));
            }
        }
    }

    @Test
    void gemmMatchesReferenceOnRandomShapes() {
        checkRandomShapes(20261122L, false);
    }

    @Test
    void batchedGemmMatchesReferenceOnRandomShapes() {
        checkRandomShapes(7L, true);
    }

    @Test
    void gemmCrossesTheColumnBlockBoundary() {
        // n > NC (4096) exercises the outermost loop; m and k are tiny to keep the reference cheap.
        Shape s = new Shape(1, 13, 4133, 3, false, true, true, false, false);
        Operands o = Operands.of(s, new SplittableRandom(3));
        double[][] ref = reference(s, o);
        for (Kernels kernels : implementations()) {
            double[] cd = o.c0().clone();
            runDouble(kernels, s, o, cd, false);
            assertWithinBound(kernels.name(), s, cd, ref, Math.ulp(1.0));
        }
    }

    /**
     * The vector GEMM's arithmetic per element, exactly: one fused multiply-add chain from zero
     * over each KC-deep block of k in order, the block results added to C in order. Row panels
     * shorter than MR run as exact-height kernels (8, 4, 2, 1 rows), packed or read in place:
     * they must keep this order, or a change of m would change the bits of the other rows.
     * (Skipped without the vector module; n <= 4 takes the matrix-vector path, see
     * {@link #narrowProductsAreOneMatrixVectorProductPerColumn}.) Widths from 5 (the narrowest
     * register tile) up; B in place and packed (m <= 24 reads full panels of B where they lie);
     * 6×64 tiles over one or two pairs of panels, with and without a last unpaired panel, and
     * the exact-height two-panel kernels for the rows they (or, A transposed, the 12-row tiles)
     * leave over; A transposed and C 33–50 columns wide, 6×48 tiles and, from 25 rows, the last
     * 1–2 columns with lanes along C's rows (4, 2 and 1 vectors of rows at once: m = 70).
     */
    @Test
    void everyElementIsOneFusedMultiplyAddChainPerDepthBlock() {
        Kernels vector = KernelProvider.vector().orElse(null);
        assumeThat(vector).isNotNull();
        int kc = 256;
        SplittableRandom r = new SplittableRandom(17);
        for (int m : new int[] {1, 2, 3, 5, 7, 8, 11, 12, 13, 15, 25, 50, 70}) {
            for (int[] nk : new int[][] {{5, 50}, {100, 3}, {50, 300}, {33, 17}, {70, 600}, {64, 40}, {100, 50},
                                         {49, 600}, {48, 40}}) {
                for (boolean transA : new boolean[] {false, true}) {
                    int n = nk[0];
                    int k = nk[1];
                    float[] a = new float[m * k];
                    float[] b = new float[k * n];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = (float) (r.nextDouble() * 2 - 1);
                    }
                    for (int i = 0; i < b.length; i++) {
                        b[i] = (float) (r.nextDouble() * 2 - 1);
                    }
                    float[] c = new float[m * n];
                    vector.gemm(transA, false, m, n, k, a, 0, b, 0, c, 0, false);
                    int tail = Gemm.tailColumns(FloatGemmOps.INSTANCE.nr, FloatGemmOps.INSTANCE.mr, transA, false, m, n, k);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            float[] row = rowOf(a, transA, m, k, i);
                            float[] col = columnOf(b, false, n, k, j);
                            // C's last 1-2 columns beside three-vector wide tiles are dot products (Gemm.tailColumns).
                            float total = j >= n - tail ? laneSplitWhole(row, col, FloatGemmOps.F.length())
                                    : blockChains(row, col, kc);
                            assertThat(Float.floatToRawIntBits(c[i * n + j]))
                                    .as("m=%d n=%d k=%d transA=%s C[%d, %d]", m, n, k, transA, i, j)
                                    .isEqualTo(Float.floatToRawIntBits(total));
                        }
                    }
                }
            }
        }
    }

    /**
     * Products large enough to touch their operands before computing them (A or C of at least
     * {@link Gemm#COLD_ELEMENTS} elements) give every row the bits that row gets in a product of
     * its own 100 rows (which touches nothing), in both types: A by rows, B as it is or
     * transposed, with and without the dot-product tail columns; and a weight gradient Aᵀ·B
     * 1400 deep gives each element the tiles' chains, one per depth block.
     */
    @Test
    void productsThatTouchTheirOperandsFirstGiveTheSameBits() {
        Kernels vector = KernelProvider.vector().orElse(null);
        assumeThat(vector).isNotNull();
        SplittableRandom r = new SplittableRandom(29);
        int m = 1400;
        int piece = 100;
        for (int[] nk : new int[][] {{50, 50}, {48, 64}, {100, 50}, {3, 60}}) {
            for (boolean transB : new boolean[] {false, true}) {
                int n = nk[0];
                int k = nk[1];
                assertThat(Math.max((long) m * k, (long) m * n)).isGreaterThanOrEqualTo(Gemm.COLD_ELEMENTS);
                assertThat(Math.max((long) piece * k, (long) piece * n)).isLessThan(Gemm.COLD_ELEMENTS);
                double[] a = randomArray(r, m * k);
                double[] b = randomArray(r, k * n);
                float[] af = toFloat(a);
                float[] bf = toFloat(b);
                float[] whole = new float[m * n];
                double[] wholeD = new double[m * n];
                vector.gemm(false, transB, m, n, k, af, 0, bf, 0, whole, 0, false);
                vector.gemm(false, transB, m, n, k, a, 0, b, 0, wholeD, 0, false);
                float[] pieces = new float[m * n];
                double[] piecesD = new double[m * n];
                for (int i = 0; i < m; i += piece) {
                    vector.gemm(false, transB, piece, n, k, af, i * k, bf, 0, pieces, i * n, false);
                    vector.gemm(false, transB, piece, n, k, a, i * k, b, 0, piecesD, i * n, false);
                }
                assertThat(whole).as("float32 n=%d k=%d transB=%s", n, k, transB).isEqualTo(pieces);
                assertThat(wholeD).as("float64 n=%d k=%d transB=%s", n, k, transB).isEqualTo(piecesD);
            }
        }
        int k = 1400;
        for (int n : new int[] {50, 30}) {
            int rows = 50;
            assertThat((long) rows * k).isGreaterThanOrEqualTo(Gemm.COLD_ELEMENTS);
            float[] a = toFloat(randomArray(r, k * rows));
            float[] b = toFloat(randomArray(r, k * n));
            float[] c = new float[rows * n];
            vector.gemm(true, false, rows, n, k, a, 0, b, 0, c, 0, false);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < n; j++) {
                    float[] row = rowOf(a, true, rows, k, i);
                    float[] col = columnOf(b, false, n, k, j);
                    assertThat(Float.floatToRawIntBits(c[i * n + j])).as("n=%d C[%d, %d]", n, i, j)
                            .isEqualTo(Float.floatToRawIntBits(blockChains(row, col, 256)));
                }
            }
        }
    }

    /**
     * A product of depth 1 to {@link Gemm#SHALLOW} (wider than {@link Gemm#NARROW}) runs row by
     * row, and must still give every element the register tiles' arithmetic: fused multiply-adds
     * from zero in increasing p, then one add to C when accumulating. Both transposes (a
     * transposed B of depth > 1 is copied into rows first), widths with and without a partial
     * vector, float and double. Fails if B's rows are read with the wrong stride, if the tail
     * mask drops or adds a column, or if the chain starts anywhere but zero.
     */
    @Test
    void shallowProductsAreOneChainFromZeroPerElement() {
        Kernels vector = KernelProvider.vector().orElse(null);
        assumeThat(vector).isNotNull();
        SplittableRandom r = new SplittableRandom(23);
        for (int k = 1; k <= Gemm.SHALLOW; k++) {
            for (int m : new int[] {1, 13, 40}) {
                for (int n : new int[] {5, 16, 17, 50, 100}) {
                    for (int flags = 0; flags < 8; flags++) {
                        boolean transA = (flags & 1) != 0;
                        boolean transB = (flags & 2) != 0;
                        boolean accumulate = (flags & 4) != 0;
                        double[] a = r.doubles(m * k, -1, 1).toArray();
                        double[] b = r.doubles(k * n, -1, 1).toArray();
                        double[] c0 = r.doubles(m * n, -1, 1).toArray();
                        float[] af = toFloat(a);
                        float[] bf = toFloat(b);
                        float[] cf = toFloat(c0);
                        double[] cd = c0.clone();
                        vector.gemm(transA, transB, m, n, k, af, 0, bf, 0, cf, 0, accumulate);
                        vector.gemm(transA, transB, m, n, k, a, 0, b, 0, cd, 0, accumulate);
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                float chain = 0f;
                                double chainD = 0;
                                for (int p = 0; p < k; p++) {
                                    int ai = transA ? p * m + i : i * k + p;
                                    int bi = transB ? j * k + p : p * n + j;
                                    chain = Math.fma(af[ai], bf[bi], chain);
                                    chainD = Math.fma(a[ai], b[bi], chainD);
                                }
                                String what = String.format("k=%d m=%d n=%d transA=%s transB=%s accumulate=%s C[%d, %d]",
                                        k, m, n, transA, transB, accumulate, i, j);
                                float expected = accumulate ? toFloat(c0)[i * n + j] + chain : chain;
                                double expectedD = accumulate ? c0[i * n + j] + chainD : chainD;
                                assertThat(Float.floatToRawIntBits(cf[i * n + j])).as("float " + what)
                                        .isEqualTo(Float.floatToRawIntBits(expected));
                                assertThat(Double.doubleToRawLongBits(cd[i * n + j])).as("double " + what)
                                        .isEqualTo(Double.doubleToRawLongBits(expectedD));
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * A C of at most {@link Gemm#NARROW} columns is computed a column at a time as matrix-vector
     * products, exactly: with A's rows contiguous, W lane sums (lane l over p = l, l+W, ..., the
     * last partial vector included), added by the butterfly of lanes i and i^h for h = W/2 ... 1;
     * with A transposed (m > 1), one chain from zero per element. Then one add to C when
     * accumulating. A is exactly m×k long, so that the last rows' partial vectors would run past
     * its end. Fails if a column of op(B) is read with the wrong stride, if an element lands in
     * the wrong place, if the last partial vector drops or repeats depth, or if the lanes are
     * summed in another order.
     */
    @Test
    void narrowProductsAreOneMatrixVectorProductPerColumn() {
        Kernels vector = KernelProvider.vector().orElse(null);
        assumeThat(vector).isNotNull();
        int w = FloatGemmOps.F.length();
        SplittableRandom r = new SplittableRandom(29);
        for (int m : new int[] {1, 3, 7, 31, 40, 53}) {
            for (int n = 1; n <= Gemm.NARROW; n++) {
                for (int k : new int[] {1, 5, 16, 50, 300}) {
                    for (int layout = 0; layout < 8; layout++) {
                        boolean transA = (layout & 1) != 0;
                        boolean transB = (layout & 2) != 0;
                        boolean accumulate = (layout & 4) != 0;
                        float[] a = new float[m * k];
                        float[] b = new float[k * n];
                        float[] c = new float[m * n];
                        for (float[] x : new float[][] {a, b, c}) {
                            for (int i = 0; i < x.length; i++) {
                                x[i] = (float) (r.nextDouble() * 2 - 1);
                            }
                        }
                        float[] c0 = c.clone();
                        vector.gemm(transA, transB, m, n, k, a, 0, b, 0, c, 0, accumulate);
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                float[] row = rowOf(a, transA, m, k, i);
                                float[] col = columnOf(b, transB, n, k, j);
                                // A transposed: W rows run as lanes, one chain per element, or
                                // (m >= 32, n > 1) the product runs as its transpose in register
                                // tiles (Gemm.narrow: one chain per KC-deep block, blocks added in
                                // order); a single transposed row (m = 1) is contiguous, hence
                                // lane-split.
                                boolean asTranspose = transA && n > 1 && m >= 32 && !accumulate;
                                float sum = asTranspose ? blockChains(row, col, 256)
                                        : transA && m > 1 ? blockChains(row, col, k) : laneSplitWhole(row, col, w);
                                float expected = accumulate ? c0[i * n + j] + sum : sum;
                                assertThat(Float.floatToRawIntBits(c[i * n + j]))
                                        .as("m=%d n=%d k=%d transA=%s transB=%s accumulate=%s C[%d, %d]",
                                                m, n, k, transA, transB, accumulate, i, j)
                                        .isEqualTo(Float.floatToRawIntBits(expected));
                            }
                        }
                    }
                }
            }
        }
    }

    /** Row {@code i} of op(A): A m×k row-major, or k×m when {@code transA}. */
    private static float[] rowOf(float[] a, boolean transA, int m, int k, int i) {
        float[] row = new float[k];
        for (int p = 0; p < k; p++) {
            row[p] = transA ? a[p * m + i] : a[i * k + p];
        }
        return row;
    }

    /** Column {@code j} of op(B): B k×n row-major, or n×k when {@code transB}. */
    private static float[] columnOf(float[] b, boolean transB, int n, int k, int j) {
        float[] col = new float[k];
        for (int p = 0; p < k; p++) {
            col[p] = transB ? b[j * k + p] : b[p * n + j];
        }
        return col;
    }

    /** Fused multiply-add chains from zero over blocks of {@code kc}, the block sums added in order. */
    private static float blockChains(float[] x, float[] y, int kc) {
        float total = 0f;
        for (int p0 = 0; p0 < x.length; p0 += kc) {
            float block = 0f;
            for (int p = p0; p < Math.min(x.length, p0 + kc); p++) {
                block = Math.fma(x[p], y[p], block);
            }
            total = p0 == 0 ? block : total + block;
        }
        return total;
    }

    /** W lane sums (lane l over p = l, l+W, ..., the last partial vector included), then the butterfly: matVec and Gemm.tailColumns. */
    private static float laneSplitWhole(float[] x, float[] y, int w) {
        float[] lanes = new float[w];
        for (int p = 0; p < x.length; p++) {
            lanes[p % w] = Math.fma(x[p], y[p], lanes[p % w]);
        }
        return butterfly(lanes);
    }

    /** Lane 0 after adding lane l ^ h to each lane l, for h = w/2 ... 1 (the kernels' sumLanes). */
    private static float butterfly(float[] lanes) {
        for (int h = lanes.length / 2; h >= 1; h /= 2) {
            float[] next = new float[lanes.length];
            for (int l = 0; l < lanes.length; l++) {
                next[l] = lanes[l] + lanes[l ^ h];
            }
            lanes = next;
        }
        return lanes[0];
    }

    /**
     * C's last 1-2 columns beside three-vector wide tiles ({@link Gemm#tailColumns}) are computed
     * a group of rows at a time with one joint reduction; a row must come out the same alone
     * (the rows a group leaves over, or a 1-row product) as in any group, in float and double,
     * accumulating or not, and match the reference. Fails if a sum lands in another row's or
     * column's place, if the masked last chunk drops or repeats depth, or if the joint butterfly
     * pairs lanes differently from the single-row one.
     */
    @Test
    void tailColumnsGiveEachRowTheSameBitsInAGroupOrAlone() {
        Kernels vector = KernelProvider.vector().orElse(null);
        assumeThat(vector).isNotNull();
        SplittableRandom r = new SplittableRandom(41);
        int covered = 0;
        for (int n : new int[] {25, 26, 49, 50, 113, 114}) {
            for (int k : new int[] {5, 7, 15, 16, 17, 50, 300}) {
                for (boolean accumulate : new boolean[] {false, true}) {
                    int m = 37;
                    double[] a = randomArray(r, m * k);
                    double[] b = randomArray(r, n * k);
                    double[] c0 = randomArray(r, m * n);
                    float[] af = toFloat(a);
                    float[] bf = toFloat(b);
                    float[] cf = toFloat(c0);
                    double[] cd = c0.clone();
                    vector.gemm(false, true, m, n, k, af, 0, bf, 0, cf, 0, accumulate);
                    vector.gemm(false, true, m, n, k, a, 0, b, 0, cd, 0, accumulate);
                    covered += Gemm.tailColumns(FloatGemmOps.INSTANCE.nr, FloatGemmOps.INSTANCE.mr, false, true, m, n, k)
                            + Gemm.tailColumns(DoubleGemmOps.INSTANCE.nr, DoubleGemmOps.INSTANCE.mr, false, true, m, n, k);
                    Shape s = new Shape(1, m, n, k, false, true, accumulate, false, false);
                    double[][] refF = reference(s, new Operands(toDouble(af), 0, 0, toDouble(bf), 0, 0, toDouble(toFloat(c0)), 0, 0));
                    assertWithinBound("float32 tail", s, toDouble(cf), refF, Math.ulp(1f));
                    assertWithinBound("float64 tail", s, cd, reference(s, new Operands(a, 0, 0, b, 0, 0, c0, 0, 0)), Math.ulp(1.0));
                    for (int i = 0; i < m; i++) {
                        float[] rowF = toFloat(java.util.Arrays.copyOfRange(a, i * k, (i + 1) * k));
                        float[] outF = java.util.Arrays.copyOfRange(toFloat(c0), i * n, (i + 1) * n);
                        double[] outD = java.util.Arrays.copyOfRange(c0, i * n, (i + 1) * n);
                        vector.gemm(false, true, 1, n, k, rowF, 0, bf, 0, outF, 0, accumulate);
                        vector.gemm(false, true, 1, n, k, java.util.Arrays.copyOfRange(a, i * k, (i + 1) * k), 0, b, 0,
                                outD, 0, accumulate);
                        assertThat(outF).as("float32 n=%d k=%d accumulate=%s row %d", n, k, accumulate, i)
                                .isEqualTo(java.util.Arrays.copyOfRange(cf, i * n, (i + 1) * n));
                        assertThat(outD).as("float64 n=%d k=%d accumulate=%s row %d", n, k, accumulate, i)
                                .isEqualTo(java.util.Arrays.copyOfRange(cd, i * n, (i + 1) * n));
                    }
                }
            }
        }
        assertThat(covered).as("shapes that take the tail path in float32 and float64").isGreaterThan(0);
    }

    /** Products large enough (>= 3 tasks' worth of multiply-adds) to be split over 2 and 3 threads, by rows, by columns and by batch. */
    @Test
    void resultsAreBitIdenticalForOneTwoAndThreeThreads() {
        Kernels vector = KernelProvider.vector().orElse(null);
        assumeThat(vector).as("Vector API module present").isNotNull();
        Shape[] shapes = {
            new Shape(1, 301, 257, 263, false, false, false, false, false),
            new Shape(1, 287, 61, 1200, true, false, true, false, false),
            new Shape(1, 5, 3001, 1204, false, true, false, false, false),
            new Shape(1, 12000, 1, 1200, false, false, false, false, false),
            new Shape(1, 3000, 1, 4400, true, false, true, false, false),
            new Shape(20, 500, 50, 50, false, false, false, false, true),
            new Shape(2, 211, 113, 388, true, true, false, false, false),
            // The GAN layer shapes: A read in place, exact-height row panels, k = 2.
            new Shape(1, 500, 50, 50, false, false, false, false, false),
            new Shape(1, 500, 100, 2, false, false, false, false, false),
            new Shape(1, 50, 50, 500, true, false, true, false, false),
            new Shape(5, 500, 50, 50, false, false, false, true, false),
            new Shape(1, 3000, 2, 100, false, true, false, false, false),
            new Shape(1, 3000, 3, 50, false, false, true, false, false),
            new Shape(1, 24, 4000, 500, true, false, false, false, false),
            // Shallow products: the rank-one input gradient (k = 1, B transposed), depth 4 with both transposes.
            new Shape(1, 3000, 50, 1, false, true, false, false, false),
            new Shape(1, 2000, 70, 4, true, true, true, false, false),
            // Two passes of 6×64 tiles with A in place (the input gradient G'·Wᵀ of a 100-wide layer).
            new Shape(1, 600, 100, 50, false, true, false, false, false),
            // C's last two columns as dot products (Gemm.tailColumns), split by rows and by columns.
            new Shape(1, 700, 50, 60, false, false, true, false, false),
            new Shape(1, 12, 114, 2000, false, true, false, false, false),
            // A weight gradient's 6×48 tiles and last columns with lanes along C's rows (Gemm.unitTailColumns).
            new Shape(1, 100, 50, 500, true, false, false, false, false),
            new Shape(1, 130, 49, 300, true, false, true, false, false),
        };
        for (Shape s : shapes) {
            assertThat((long) s.batch() * s.m() * s.n() * s.k()).as("%s is split into 3 tasks", s)
                    .isGreaterThanOrEqualTo(3 * Gemm.MIN_MACS_PER_TASK);
        }
        SplittableRandom r = new SplittableRandom(11);
        for (Shape s : shapes) {
            Operands o = Operands.of(s, r);
            float[] first = null;
            double[] firstD = null;
            for (int threads = 1; threads <= 3; threads++) {
                EnginePool.setThreads(threads);
                float[] cf = toFloat(o.c0());
                runFloat(vector, s, o, cf, true);
                double[] cd = o.c0().clone();
                runDouble(vector, s, o, cd, true);
                if (first == null) {
                    first = cf;
                    firstD = cd;
                } else {
                    assertThat(cf).as("float32 %s with %d threads", s, threads).isEqualTo(first);
                    assertThat(cd).as("float64 %s with %d threads", s, threads).isEqualTo(firstD);
                }
            }
        }
    }

    @Test
    void scalarAndVectorAgreeWithinRounding() {
        Kernels vector = KernelProvider.vector().orElse(null);
        assumeThat(vector).isNotNull();
        Shape s = new Shape(1, 123, 77, 300, false, false, false, false, false);
        Operands o = Operands.of(s, new SplittableRandom(5));
        float[] scalar = new float[o.c0().length];
        float[] vec = new float[o.c0().length];
        runFloat(SCALAR, s, o, scalar, false);
        runFloat(vector, s, o, vec, false);
        double[][] ref = reference(s, o);
        for (int i = 0; i < vec.length; i++) {
            // Both are within the bound of the exact product, hence within twice it of each other.
            assertThat(Math.abs((double) vec[i] - scalar[i]))
                    .isLessThanOrEqualTo(2 * (s.k() + 2) * Math.ulp(1f) * ref[1][i]);
        }
    }

    @Test
    void badInputNamesTheOperationAndSizes() {
        for (Kernels kernels : implementations()) {
            float[] x = new float[6];
            assertThatThrownBy(() -> kernels.gemm(false, false, -1, 2, 3, x, 0, x, 0, x, 0, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("gemm")
                    .hasMessageContaining("m=-1, n=2, k=3");
            assertThatThrownBy(() -> kernels.gemm(false, false, 2, 3, 4, x, 0, new float[12], 0, x, 0, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("gemm: array A has length 6 but needs at least 8")
                    .hasMessageContaining("m=2, n=3, k=4");
            assertThatThrownBy(() -> kernels.gemm(true, false, 2, 2, 2, new double[4], 1, new double[4], 0,
                    new double[4], 0, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("gemm: array A has length 4 but needs at least 5");
            assertThatThrownBy(() -> kernels.gemmBatched(3, false, false, 2, 2, 2, new float[12], 0, 4,
                    new float[4], 0, 0, new float[12], 0, 3, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("gemmBatched: output batch stride 3 is smaller than one output matrix 2x2");
            assertThatThrownBy(() -> kernels.gemmBatched(3, false, false, 2, 2, 2, new float[12], 0, 4,
                    new float[4], 0, 0, new float[11], 0, 4, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("gemmBatched: array C has length 11 but needs at least 12")
                    .hasMessageContaining("batch=3");
        }
        assertThatThrownBy(() -> EnginePool.setThreads(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EnginePool.setThreads: thread count must be >= 1, got 0");
    }

    @Test
    void emptyAndZeroDepthProductsLeaveOrZeroTheOutput() {
        for (Kernels kernels : implementations()) {
            float[] c = {5f, 5f, 5f, 5f};
            kernels.gemm(false, false, 2, 2, 0, new float[0], 0, new float[0], 0, c, 0, true);
            assertThat(c).containsOnly(5f);
            kernels.gemm(false, false, 2, 2, 0, new float[0], 0, new float[0], 0, c, 0, false);
            assertThat(c).containsOnly(0f);
            kernels.gemm(false, false, 0, 2, 3, new float[0], 0, new float[6], 0, new float[0], 0, false);
        }
    }

    @Test
    void legacyGemmSignatureIsTheUntransposedProduct() {
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] b = {1, 0, 0, 1, 1, 1};
        for (Kernels kernels : implementations()) {
            float[] c = new float[4];
            kernels.gemm(2, 2, 3, a, 0, b, 0, c, 0, false);
            assertThat(c).containsExactly(4, 5, 10, 11);
            Arrays.fill(c, 1f);
            kernels.gemm(2, 2, 3, a, 0, b, 0, c, 0, true);
            assertThat(c).containsExactly(5, 6, 11, 12);
        }
    }

    /** The in-register epilogue has no transcendental formulas: those go through the reference loops. */
    @Test
    void biasActivationRefusesATranscendentalActivation() {
        float[] c = new float[4];
        for (Activation act : new Activation[] {Activation.TANH, Activation.SIGMOID}) {
            assertThatThrownBy(() -> FloatGemmOps.INSTANCE.biasActivation(c, 0, 2, 2, null, 0, 2, act, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("biasActivation: " + act + " is applied by strictMap, not here");
            assertThatThrownBy(() -> DoubleGemmOps.INSTANCE.biasActivation(new double[4], 0, 2, 2, null, 0, 2, act, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(act.toString());
        }
    }
}
