package dev.tussle.bench;

import dev.tussle.engine.kernel.EnginePool;
import dev.tussle.engine.kernel.KernelProvider;
import dev.tussle.engine.kernel.Kernels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures the float32 GEMM {@code C = A·B} into a preallocated C at square sizes and at the GAN
 * layer shapes, on 1 and 2 engine threads; the {@code gflops} counter is the rate in GFLOPS.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Thread)
public class GemmBenchmark {
    /** {@code N} for a square product, or {@code MxKxN}. */
    @Param({"64", "128", "256", "512", "1024", "2048",
        "500x15x50", "500x50x50", "500x2x100", "500x100x50", "500x50x1", "500x784x256"})
    public String shape;

    /** Engine threads ({@link EnginePool#setThreads}). */
    @Param({"1", "2"})
    public int threads;

    private final Kernels kernels = KernelProvider.get();
    MatrixShape s;
    float[] a;
    float[] b;
    float[] c;

    /** Counts floating-point work: JMH reports it per second, i.e. in GFLOPS. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Flops {
        /** Giga floating-point operations done so far in the iteration. */
        public double gflops;

        /** Clears the counter before each iteration. */
        @Setup(Level.Iteration)
        public void clear() {
            gflops = 0;
        }
    }

    /** Allocates the operands and sets the thread count. */
    @Setup
    public void setUp() {
        EnginePool.setThreads(threads);
        s = MatrixShape.parse(shape);
        a = MatrixShape.randomFloats(s.m() * s.k(), 1);
        b = MatrixShape.randomFloats(s.k() * s.n(), 2);
        c = new float[s.m() * s.n()];
    }

    /** One product; returns C so that its computation cannot be eliminated. */
    @Benchmark
    public float[] gemm(Flops flops) {
        kernels.gemm(false, false, s.m(), s.n(), s.k(), a, 0, b, 0, c, 0, false);
        flops.gflops += s.flops() * 1e-9;
        return c;
    }

    /** The product with both operands transposed in place ({@code Aᵀ·Bᵀ}), as a backward pass reads them. */
    @Benchmark
    public float[] gemmTransposed(Flops flops) {
        kernels.gemm(true, true, s.m(), s.n(), s.k(), a, 0, b, 0, c, 0, false);
        flops.gflops += s.flops() * 1e-9;
        return c;
    }
}
