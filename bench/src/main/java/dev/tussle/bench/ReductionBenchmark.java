package dev.tussle.bench;

import dev.tussle.engine.kernel.ReduceOp;
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
 * Measures reductions on a GAN activation tensor (500 × 50): the full sum, and the column sum
 * that produces a bias gradient; time per call in microseconds. Both kernels run on the calling
 * thread whatever the engine's thread count (the whole-tensor sum adds its blocks in one fixed order;
 * a bias column sum is shorter than a fork/join hand-off), so unlike the other kernel benchmarks this
 * one has no thread parameter.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Thread)
public class ReductionBenchmark {
    /** Rows (the batch). */
    @Param({"500"})
    public int rows;

    /** Columns (features). */
    @Param({"50"})
    public int cols;

    private final Kernels kernels = KernelProvider.get();
    float[] x;
    float[] out;

    /** Allocates the operands. */
    @Setup
    public void setUp() {
        x = MatrixShape.randomFloats(rows * cols, 1);
        out = new float[cols];
    }

    /** Sum of all elements. */
    @Benchmark
    public double sum() {
        return kernels.reduce(ReduceOp.SUM, x, 0, rows * cols);
    }

    /** Sum over rows for each column (a bias gradient). */
    @Benchmark
    public float[] columnSum() {
        kernels.columnSum(rows, cols, x, 0, out, 0, false);
        return out;
    }
}
