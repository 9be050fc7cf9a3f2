package dev.tussle.bench;

import dev.tussle.engine.kernel.Activation;
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

/**
 * Measures a dense layer {@code leakyRelu(x·W + b)} at the GAN shapes, fused (bias and
 * activation applied to each output tile as it is finished) against the three separate kernels,
 * and the fused backward (gradient through the activation, then the bias gradient); time per
 * call in microseconds.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Thread)
public class FusedLinearBenchmark {
    /** {@code MxKxN}: batch × inputs × outputs. */
    @Param({"500x15x50", "500x50x50", "500x2x100", "500x100x50", "500x50x1", "500x784x256"})
    public String shape;

    /** Engine threads ({@link EnginePool#setThreads}). */
    @Param({"1", "2"})
    public int threads;

    private final Kernels kernels = KernelProvider.get();
    MatrixShape s;
    float[] x;
    float[] w;
    float[] bias;
    float[] out;
    float[] grad;
    float[] gradPre;
    float[] gradBias;

    /** Allocates the operands and sets the thread count. */
    @Setup
    public void setUp() {
        EnginePool.setThreads(threads);
        s = MatrixShape.parse(shape);
        x = MatrixShape.randomFloats(s.m() * s.k(), 1);
        w = MatrixShape.randomFloats(s.k() * s.n(), 2);
        bias = MatrixShape.randomFloats(s.n(), 3);
        out = new float[s.m() * s.n()];
        grad = MatrixShape.randomFloats(s.m() * s.n(), 4);
        gradPre = new float[s.m() * s.n()];
        gradBias = new float[s.n()];
    }

    /** The fused forward. */
    @Benchmark
    public float[] fused() {
        kernels.linearForward(Activation.LEAKY_RELU, 0.2, s.m(), s.n(), s.k(), x, 0, w, 0, bias, 0, out, 0);
        return out;
    }

    /** The same layer as gemm, then a broadcast bias add per row, then the activation. */
    @Benchmark
    public float[] unfused() {
        kernels.gemm(false, false, s.m(), s.n(), s.k(), x, 0, w, 0, out, 0, false);
        for (int i = 0; i < s.m(); i++) {
            kernels.zip(BinaryOp.ADD, out, i * s.n(), 1, bias, 0, 1, out, i * s.n(), s.n());
        }
        kernels.map(dev.tussle.engine.kernel.UnaryOp.LEAKY_RELU, 0.2, out, 0, out, 0, s.m() * s.n());
        return out;
    }

    /** The fused backward of the activation and the bias gradient (the two weight products are GEMMs). */
    @Benchmark
    public float[] backwardActivationAndBias() {
        kernels.activationBackward(Activation.LEAKY_RELU, 0.2, out, 0, grad, 0, gradPre, 0, s.m() * s.n());
        kernels.columnSum(s.m(), s.n(), gradPre, 0, gradBias, 0, false);
        return gradBias;
    }
}
