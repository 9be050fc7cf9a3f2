package dev.tussle.bench;

import dev.tussle.engine.kernel.BinaryOp;
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
import dev.tussle.engine.kernel.UnaryOp;

/**
 * Measures the elementwise kernels on one GAN activation tensor (batch 500 × 50 features) and on a
 * tensor of 2²⁰ elements: leaky ReLU, tanh, sigmoid, softplus (the non-saturating loss's form), and
 * an add; and, as the reference measured in the same run, the plain-Java kernels' sigmoid
 * (StrictMath per element, the bits the vector kernels reproduce lane-wise). On 1 and 2 engine
 * threads: runs of at least 2·{@link EnginePool#MIN_ELEMENTS_PER_TASK} elements are split, so the
 * GAN-sized tensor stays on the calling thread and the large one is shared. Time per call in
 * microseconds.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Thread)
public class ElementwiseBenchmark {
    /** Number of elements. */
    @Param({"25000", "1048576"})
    public int size;

    /** Engine threads ({@link EnginePool#setThreads}). */
    @Param({"1", "2"})
    public int threads;

    private final Kernels kernels = KernelProvider.get();
    private final Kernels reference = KernelProvider.scalar();
    float[] x;
    float[] y;
    float[] out;

    /** Allocates the operands and sets the thread count. */
    @Setup
    public void setUp() {
        EnginePool.setThreads(threads);
        x = MatrixShape.randomFloats(size, 1);
        y = MatrixShape.randomFloats(size, 2);
        out = new float[size];
    }

    /** Leaky ReLU with slope 0.2. */
    @Benchmark
    public float[] leakyRelu() {
        kernels.map(UnaryOp.LEAKY_RELU, 0.2, x, 0, out, 0, size);
        return out;
    }

    /** Hyperbolic tangent. */
    @Benchmark
    public float[] tanh() {
        kernels.map(UnaryOp.TANH, 0, x, 0, out, 0, size);
        return out;
    }

    /** Logistic sigmoid. */
    @Benchmark
    public float[] sigmoid() {
        kernels.map(UnaryOp.SIGMOID, 0, x, 0, out, 0, size);
        return out;
    }

    /** Logistic sigmoid by the plain-Java kernels: the reference the lane-wise form is measured against. */
    @Benchmark
    public float[] sigmoidReference() {
        reference.map(UnaryOp.SIGMOID, 0, x, 0, out, 0, size);
        return out;
    }

    /** Softplus, log(1 + e^x), in its stable form max(x, 0) + log1p(e^−|x|). */
    @Benchmark
    public float[] softplus() {
        kernels.map(UnaryOp.SOFTPLUS, 0, x, 0, out, 0, size);
        return out;
    }

    /** Elementwise sum of two tensors. */
    @Benchmark
    public float[] add() {
        kernels.zip(BinaryOp.ADD, x, 0, 1, y, 0, 1, out, 0, size);
        return out;
    }
}
