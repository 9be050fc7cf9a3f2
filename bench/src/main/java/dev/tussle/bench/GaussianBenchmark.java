package dev.tussle.bench;

import dev.tussle.engine.kernel.EnginePool;
import dev.tussle.engine.kernel.KernelProvider;
import dev.tussle.engine.kernel.Kernels;
import java.util.SplittableRandom;
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
 * Measures the Box–Muller transform ({@code Kernels.boxMuller}) of one generator noise batch
 * (500 × 15 draws, 3,750 pairs): the engine's chosen kernels (lane-wise, split over the
 * threads) against the scalar reference, which give the same bits; time per batch in
 * microseconds.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Thread)
public class GaussianBenchmark {
    /** Pairs of uniforms per call. */
    @Param({"3750"})
    public int pairs;

    /** Engine threads ({@link EnginePool#setThreads}). */
    @Param({"1", "2"})
    public int threads;

    private final Kernels kernels = KernelProvider.get();
    private final Kernels scalar = KernelProvider.scalar();
    double[] uniforms;
    double[] normals;

    /** Draws the uniforms (u1 in (0, 1], then u2 in [0, 1)) and sets the thread count. */
    @Setup
    public void setUp() {
        EnginePool.setThreads(threads);
        SplittableRandom r = new SplittableRandom(1);
        uniforms = new double[2 * pairs];
        for (int p = 0; p < pairs; p++) {
            uniforms[p] = 1.0 - r.nextDouble();
            uniforms[pairs + p] = r.nextDouble();
        }
        normals = new double[2 * pairs];
    }

    /** The engine's kernels: cosine draws, then sine draws. */
    @Benchmark
    public double[] engine() {
        kernels.boxMuller(pairs, uniforms, 0, pairs, normals, 0, pairs);
        return normals;
    }

    /** The scalar reference (StrictMath's log, one argument reduction per pair). */
    @Benchmark
    public double[] scalar() {
        scalar.boxMuller(pairs, uniforms, 0, pairs, normals, 0, pairs);
        return normals;
    }
}
