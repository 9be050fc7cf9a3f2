package dev.tussle.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tussle.engine.kernel.Activation;
import dev.tussle.engine.kernel.EnginePool;
import dev.tussle.engine.kernel.KernelProvider;
import dev.tussle.engine.kernel.Kernels;
import dev.tussle.engine.kernel.UnaryOp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each benchmarked kernel, run exactly as its benchmark runs it (same state setup, same
 * method), gives the answer of the scalar reference kernels. A benchmark of a wrong kernel is
 * worse than no benchmark. Tolerances: {@code (k + 2)·eps·Σ|a·b|} per element for products (see
 * the engine's GemmTest), a few ulps for elementwise ops.
 */
class BenchmarkCorrectnessTest {
    private static final Kernels REFERENCE = KernelProvider.scalar();
    private static final int DEFAULT_THREADS = EnginePool.threads();

    @AfterEach
    void restoreThreads() {
        EnginePool.setThreads(DEFAULT_THREADS);
    }

    /** Every element of C against {@code expected} (the scalar reference's product), within {@code (k + 2)·eps·Σ|a·b|}. */
    static void assertProductClose(float[] actual, float[] expected, float[] a, float[] b, MatrixShape s,
                                   boolean transA, boolean transB, String what) {
        assertRowsClose(actual, expected, a, b, s, transA, transB,
                java.util.stream.IntStream.range(0, s.m()).boxed().toList(), what);
    }

    /**
     * Every shape GemmBenchmark measures but 1024² and 2048², whose naive references would take 40 s
     * and minutes (gemmBenchmarksAtLargeSizesComputeTheProduct checks sampled rows of those).
     */
    static final String[] CHECKED_GEMM_SHAPES = {"64", "128", "256", "512", "500x15x50", "500x50x50", "500x2x100",
        "500x100x50", "500x50x1", "500x784x256"};

    private static GemmBenchmark gemmBenchmark(String shape, int threads) {
        GemmBenchmark bench = new GemmBenchmark();
        bench.shape = shape;
        bench.threads = threads;
        bench.setUp();
        return bench;
    }

    @Test
    void gemmBenchmarksComputeTheProduct() {
        for (String shape : CHECKED_GEMM_SHAPES) {
            for (int threads : new int[] {1, 2}) {
                GemmBenchmark bench = gemmBenchmark(shape, threads);
                MatrixShape s = bench.s;
                float[] expected = new float[s.m() * s.n()];
                REFERENCE.gemm(false, false, s.m(), s.n(), s.k(), bench.a, 0, bench.b, 0, expected, 0, false);
                float[] actual = bench.gemm(new GemmBenchmark.Flops()).clone();
                assertProductClose(actual, expected, bench.a, bench.b, s, false, false, "gemm " + shape);
                REFERENCE.gemm(true, true, s.m(), s.n(), s.k(), bench.a, 0, bench.b, 0, expected, 0, false);
                actual = bench.gemmTransposed(new GemmBenchmark.Flops()).clone();
                assertProductClose(actual, expected, bench.a, bench.b, s, true, true, "gemmTransposed " + shape);
            }
        }
    }

    /**
     * GemmBenchmark's 1024² and 2048², whose full naive references are too slow for a unit test,
     * checked on a sample of C's rows against the product in double: the first and last 16 rows (the
     * last holds the partial row tile, 1024 and 2048 not being multiples of the 6- and 12-row tiles)
     * and one random row in every block of 32, so that every row block of MC = 96, every column
     * panel and every depth block of KC = 256 is crossed. Both methods, 1 and 2 threads.
     */
    @Test
    void gemmBenchmarksAtLargeSizesComputeTheProduct() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(16);
        for (String shape : new String[] {"1024", "2048"}) {
            for (int threads : new int[] {1, 2}) {
                GemmBenchmark bench = gemmBenchmark(shape, threads);
                MatrixShape s = bench.s;
                java.util.TreeSet<Integer> rows = new java.util.TreeSet<>();
                for (int i = 0; i < 16; i++) {
                    rows.add(i);
                    rows.add(s.m() - 1 - i);
                }
                for (int block = 0; block < s.m(); block += 32) {
                    rows.add(block + random.nextInt(Math.min(32, s.m() - block)));
                }
                float[] actual = bench.gemm(new GemmBenchmark.Flops()).clone();
                assertRowsClose(actual, null, bench.a, bench.b, s, false, false, rows, "gemm " + shape);
                actual = bench.gemmTransposed(new GemmBenchmark.Flops()).clone();
                assertRowsClose(actual, null, bench.a, bench.b, s, true, true, rows, "gemmTransposed " + shape);
            }
        }
    }

    /**
     * The given rows of C against {@code expected}, or, where it is null, against the product
     * computed in double, within {@code (k + 2)·eps·Σ|a·b|} per element (AssertJ asked only about a
     * bad element: one assertion per element would dominate the test at 2048²).
     */
    private static void assertRowsClose(float[] actual, float[] expected, float[] a, float[] b, MatrixShape s,
                                        boolean transA, boolean transB, java.util.Collection<Integer> rows, String what) {
        double[] exact = new double[s.n()];
        double[] scale = new double[s.n()];
        for (int i : rows) {
            java.util.Arrays.fill(exact, 0);
            java.util.Arrays.fill(scale, 0);
            for (int p = 0; p < s.k(); p++) {
                double x = a[transA ? p * s.m() + i : i * s.k() + p];
                for (int j = 0; j < s.n(); j++) {
                    double xy = x * b[transB ? j * s.k() + p : p * s.n() + j];
                    exact[j] += xy;
                    scale[j] += Math.abs(xy);
                }
            }
            for (int j = 0; j < s.n(); j++) {
                double bound = (s.k() + 2) * (double) Math.ulp(1f) * scale[j];
                double want = expected == null ? exact[j] : expected[i * s.n() + j];
                if (!(Math.abs(actual[i * s.n() + j] - want) <= bound)) {
                    assertThat((double) actual[i * s.n() + j]).as("%s (%d,%d)", what, i, j)
                            .isCloseTo(want, org.assertj.core.api.Assertions.within(bound));
                }
            }
        }
    }

    /** Both Gaussian benchmarks give StrictMath's Box–Muller draws, bit for bit. */
    @Test
    void gaussianBenchmarksGiveTheStrictMathDraws() {
        for (int threads : new int[] {1, 2}) {
            GaussianBenchmark bench = new GaussianBenchmark();
            bench.pairs = 3750;
            bench.threads = threads;
            bench.setUp();
            int n = bench.pairs;
            double[] expected = new double[2 * n];
            for (int p = 0; p < n; p++) {
                double r = StrictMath.sqrt(-2.0 * StrictMath.log(bench.uniforms[p]));
                double theta = 2.0 * Math.PI * bench.uniforms[n + p];
                expected[p] = r * StrictMath.cos(theta);
                expected[n + p] = r * StrictMath.sin(theta);
            }
            assertThat(bench.engine().clone()).as("engine, %d threads", threads).containsExactly(expected);
            assertThat(bench.scalar().clone()).as("scalar, %d threads", threads).containsExactly(expected);
        }
    }

    @Test
    void batchedBenchmarksComputeEveryProduct() {
        for (int threads : new int[] {1, 2}) {
            BatchedMatmulBenchmark bench = new BatchedMatmulBenchmark();
            bench.batchShape = "5x500x50x50";
            bench.threads = threads;
            bench.setUp();
            MatrixShape s = bench.s;
            int sa = s.m() * s.k();
            int sb = s.k() * s.n();
            int sc = s.m() * s.n();
            float[] expected = new float[bench.batch * sc];
            REFERENCE.gemmBatched(bench.batch, false, false, s.m(), s.n(), s.k(), bench.a, 0, sa, bench.b, 0, sb,
                    expected, 0, sc, false);
            float[] actual = bench.bmm(new GemmBenchmark.Flops()).clone();
            for (int t = 0; t < bench.batch; t++) {
                assertProductClose(java.util.Arrays.copyOfRange(actual, t * sc, (t + 1) * sc),
                        java.util.Arrays.copyOfRange(expected, t * sc, (t + 1) * sc),
                        java.util.Arrays.copyOfRange(bench.a, t * sa, (t + 1) * sa),
                        java.util.Arrays.copyOfRange(bench.b, t * sb, (t + 1) * sb), s, false, false, "bmm " + t);
            }
            actual = bench.bmmBroadcastWeights(new GemmBenchmark.Flops()).clone();
            REFERENCE.gemmBatched(bench.batch, false, false, s.m(), s.n(), s.k(), bench.a, 0, sa, bench.b, 0, 0,
                    expected, 0, sc, false);
            for (int t = 0; t < bench.batch; t++) {
                assertProductClose(java.util.Arrays.copyOfRange(actual, t * sc, (t + 1) * sc),
                        java.util.Arrays.copyOfRange(expected, t * sc, (t + 1) * sc),
                        java.util.Arrays.copyOfRange(bench.a, t * sa, (t + 1) * sa),
                        java.util.Arrays.copyOfRange(bench.b, 0, sb), s, false, false, "bmmBroadcastWeights " + t);
            }
        }
    }

    @Test
    void elementwiseAndReductionBenchmarksMatchTheReference() {
        for (int size : new int[] {25000, 1 << 20}) {
            for (int threads : new int[] {1, 2}) {
                ElementwiseBenchmark e = new ElementwiseBenchmark();
                e.size = size;
                e.threads = threads;
                e.setUp();
                float[] expected = new float[e.size];
                REFERENCE.map(UnaryOp.LEAKY_RELU, 0.2, e.x, 0, expected, 0, e.size);
                // The vector kernel multiplies by the float slope 0.2f, the reference by the double 0.2: at most 1 ulp apart (2 allowed: AssertJ compares the difference in its own rounding).
                assertCloseUlps(e.leakyRelu(), expected, 2);
                // Transcendental ops give StrictMath's bits in every implementation.
                REFERENCE.map(UnaryOp.TANH, 0, e.x, 0, expected, 0, e.size);
                assertSameBits(e.tanh(), expected, "tanh " + size);
                REFERENCE.map(UnaryOp.SIGMOID, 0, e.x, 0, expected, 0, e.size);
                assertSameBits(e.sigmoid(), expected, "sigmoid " + size);
                assertSameBits(e.sigmoidReference(), expected, "sigmoidReference " + size);
                REFERENCE.map(UnaryOp.SOFTPLUS, 0, e.x, 0, expected, 0, e.size);
                assertSameBits(e.softplus(), expected, "softplus " + size);
                REFERENCE.zip(dev.tussle.engine.kernel.BinaryOp.ADD, e.x, 0, 1, e.y, 0, 1, expected, 0, e.size);
                assertSameBits(e.add(), expected, "add " + size);
            }
        }

        ReductionBenchmark r = new ReductionBenchmark();
        r.rows = 500;
        r.cols = 50;
        r.setUp();
        double abs = 0;
        for (float v : r.x) {
            abs += Math.abs(v);
        }
        assertThat(r.sum()).isCloseTo(REFERENCE.reduce(dev.tussle.engine.kernel.ReduceOp.SUM, r.x, 0, r.x.length),
                org.assertj.core.api.Assertions.within(r.x.length * (double) Math.ulp(1f) * abs));
        float[] sums = new float[r.cols];
        REFERENCE.columnSum(r.rows, r.cols, r.x, 0, sums, 0, false);
        assertCloseUlps(r.columnSum(), sums, 0, r.rows * (double) Math.ulp(1f) * abs);
    }

    @Test
    void fusedLinearBenchmarksMatchTheReference() {
        for (String shape : new String[] {"500x15x50", "500x50x50", "500x2x100", "500x100x50", "500x50x1",
            "500x784x256"}) {
            for (int threads : new int[] {1, 2}) {
                FusedLinearBenchmark bench = new FusedLinearBenchmark();
                bench.shape = shape;
                bench.threads = threads;
                bench.setUp();
                MatrixShape s = bench.s;
                float[] expected = new float[s.m() * s.n()];
                REFERENCE.linearForward(Activation.LEAKY_RELU, 0.2, s.m(), s.n(), s.k(), bench.x, 0, bench.w, 0,
                        bench.bias, 0, expected, 0);
                double tol = (s.k() + 3) * (double) Math.ulp(1f) * (s.k() + 1) * 1.0;
                assertCloseUlps(bench.fused().clone(), expected, 0, tol);
                assertCloseUlps(bench.unfused().clone(), expected, 0, tol);
                float[] gradPre = new float[s.m() * s.n()];
                float[] gradBias = new float[s.n()];
                REFERENCE.activationBackward(Activation.LEAKY_RELU, 0.2, bench.out, 0, bench.grad, 0, gradPre, 0,
                        s.m() * s.n());
                REFERENCE.columnSum(s.m(), s.n(), gradPre, 0, gradBias, 0, false);
                assertCloseUlps(bench.backwardActivationAndBias(), gradBias, 0, s.m() * (double) Math.ulp(1f) * s.m());
            }
        }
    }

    private static void assertCloseUlps(float[] actual, float[] expected, int ulps) {
        assertCloseUlps(actual, expected, ulps, 0);
    }

    private static void assertCloseUlps(float[] actual, float[] expected, int ulps, double absolute) {
        assertThat(actual).hasSameSizeAs(expected);
        // One AssertJ assertion per element would dominate the test on the 2^20-element tensors: only a bad one is asserted.
        for (int i = 0; i < actual.length; i++) {
            double bound = ulps * (double) Math.ulp(expected[i]) + absolute;
            if (!(Math.abs((double) actual[i] - expected[i]) <= bound)) {
                assertThat((double) actual[i]).as("element %d", i)
                        .isCloseTo(expected[i], org.assertj.core.api.Assertions.within(bound));
            }
        }
    }

    /** Bit-identical arrays; AssertJ's containsExactly is too slow for 2^20 elements. */
    private static void assertSameBits(float[] actual, float[] expected, String what) {
        int i = java.util.Arrays.mismatch(actual, expected);
        assertThat(i).as("%s: first differing element (-1 = none)%s", what,
                i < 0 || i >= Math.min(actual.length, expected.length) ? ""
                        : ", " + actual[i] + " instead of " + expected[i]).isEqualTo(-1);
    }
}
