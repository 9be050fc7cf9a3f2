package dev.tussle.bench;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
 * The peer of {@link GemmBenchmark} on the JVM: ND4J's float32 {@code gemm} (libnd4j over the
 * OpenBLAS that JavaCPP bundles) into a preallocated C, on the same operands, shapes and thread
 * counts, with the same {@code gflops} counter. Built only with {@code -Pnd4j} (see bench/pom.xml).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Thread)
public class Nd4jGemmBenchmark {
    /** {@code N} for a square product, or {@code MxKxN}; the shapes of {@link GemmBenchmark}. */
    @Param({"64", "128", "256", "512", "1024", "2048",
        "500x15x50", "500x50x50", "500x2x100", "500x100x50", "500x50x1", "500x784x256"})
    public String shape;

    /** Threads of ND4J's BLAS and of its own operations. */
    @Param({"1", "2"})
    public int threads;

    MatrixShape s;
    INDArray a;
    INDArray b;
    INDArray c;

    /** Copies GemmBenchmark's operands into ND4J arrays (row-major) and sets the thread count. */
    @Setup
    public void setUp() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        s = MatrixShape.parse(shape);
        a = Nd4j.create(MatrixShape.randomFloats(s.m() * s.k(), 1), new long[] {s.m(), s.k()}, 'c');
        b = Nd4j.create(MatrixShape.randomFloats(s.k() * s.n(), 2), new long[] {s.k(), s.n()}, 'c');
        c = Nd4j.create(DataType.FLOAT, s.m(), s.n());
    }

    /** One product {@code C = A·B}; returns C so that its computation cannot be eliminated. */
    @Benchmark
    public INDArray gemm(GemmBenchmark.Flops flops) {
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        flops.gflops += s.flops() * 1e-9;
        return c;
    }
}
