package dev.tussle.bench;

import dev.tussle.engine.kernel.KernelProvider;
import org.junit.jupiter.api.Test;

/**
 * The ND4J peer computes the product it is timed on (a peer figure of a call that does something
 * else would make every ratio wrong): its C matches the engine's scalar reference within the bound of
 * {@link BenchmarkCorrectnessTest}, on 1 and 2 threads, for the shapes up to 512² and the GAN shapes.
 */
class Nd4jGemmBenchmarkTest {
    @Test
    void nd4jBenchmarkComputesTheProduct() {
        for (String shape : BenchmarkCorrectnessTest.CHECKED_GEMM_SHAPES) {
            for (int threads : new int[] {1, 2}) {
                Nd4jGemmBenchmark bench = new Nd4jGemmBenchmark();
                bench.shape = shape;
                bench.threads = threads;
                bench.setUp();
                MatrixShape s = bench.s;
                float[] a = MatrixShape.randomFloats(s.m() * s.k(), 1);
                float[] b = MatrixShape.randomFloats(s.k() * s.n(), 2);
                float[] expected = new float[s.m() * s.n()];
                KernelProvider.scalar().gemm(false, false, s.m(), s.n(), s.k(), a, 0, b, 0, expected, 0, false);
                float[] actual = bench.gemm(new GemmBenchmark.Flops()).dup('c').data().asFloat();
                BenchmarkCorrectnessTest.assertProductClose(actual, expected, a, b, s, false, false, "ND4J gemm " + shape);
            }
        }
    }
}
