package dev.tussle.bench;

import dev.tussle.engine.kernel.EnginePool;
import dev.tussle.engine.kernel.KernelProvider;
import dev.tussle.engine.kernel.Kernels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures the batched float32 product {@code [b,m,k] @ [b,k,n]} of a k = 5 MIX+GAN layer,
 * 5×(500×50 @ 50×50), with separate weights per batch element and with one weight broadcast
 * (batch stride 0); the {@code gflops} counter is the rate in GFLOPS.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Thread)
public class BatchedMatmulBenchmark {
    /** {@code BxMxKxN} (named apart from the GEMM's {@code shape} so one {@code -p shape=...} does not hit both). */
    @Param({"5x500x50x50"})
    public String batchShape;

    /** Engine threads ({@link EnginePool#setThreads}). */
    @Param({"1", "2"})
    public int threads;

    private final Kernels kernels = KernelProvider.get();
    int batch;
    MatrixShape s;
    float[] a;
    float[] b;
    float[] c;

    /** Allocates the operands and sets the thread count. */
    @Setup
    public void setUp() {
        EnginePool.setThreads(threads);
        String[] p = batchShape.split("x", 2);
        batch = Integer.parseInt(p[0]);
        s = MatrixShape.parse(p[1]);
        a = MatrixShape.randomFloats(batch * s.m() * s.k(), 1);
        b = MatrixShape.randomFloats(batch * s.k() * s.n(), 2);
        c = new float[batch * s.m() * s.n()];
    }

    /** One batched product with a weight matrix per batch element. */
    @Benchmark
    public float[] bmm(GemmBenchmark.Flops flops) {
        kernels.gemmBatched(batch, false, false, s.m(), s.n(), s.k(), a, 0, s.m() * s.k(), b, 0, s.k() * s.n(),
                c, 0, s.m() * s.n(), false);
        flops.gflops += batch * s.flops() * 1e-9;
        return c;
    }

    /** One batched product with the first weight matrix broadcast over the batch (stride 0). */
    @Benchmark
    public float[] bmmBroadcastWeights(GemmBenchmark.Flops flops) {
        kernels.gemmBatched(batch, false, false, s.m(), s.n(), s.k(), a, 0, s.m() * s.k(), b, 0, 0,
                c, 0, s.m() * s.n(), false);
        flops.gflops += batch * s.flops() * 1e-9;
        return c;
    }
}
