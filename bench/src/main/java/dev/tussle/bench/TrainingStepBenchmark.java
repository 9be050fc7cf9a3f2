package dev.tussle.bench;

import dev.tussle.engine.kernel.EnginePool;
import dev.tussle.gan.train.StepStats;
import dev.tussle.gan.train.TrainConfig;
import dev.tussle.gan.train.Trainer;
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
 * One training step of a trainer built from {@link #config()}, in milliseconds, on
 * {@code threads} engine threads and in {@code dtype}; JMH generates the benchmark for each
 * subclass ({@code GanStepBenchmark.step}, {@code MixtureStepBenchmark.step}). Add
 * {@code -prof gc} for the bytes allocated per step.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// C2 needs several seconds of steps before the kernels and the autodiff walk are compiled.
@Warmup(iterations = 12, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Thread)
public abstract class TrainingStepBenchmark {
    /** Engine threads ({@link EnginePool#setThreads}). */
    @Param({"1", "2"})
    public int threads;

    /** Element type of the networks, noise, data (and mixture weights): {@code --dtype}. */
    @Param({"float32", "float64"})
    public String dtype = "float32";

    private Trainer trainer;

    /** The configuration of the trainer to step, before {@code dtype} is applied. */
    abstract TrainConfig config();

    /** Sets the thread count and builds the trainer at step 0. */
    @Setup
    public void setUp() {
        EnginePool.setThreads(threads);
        trainer = EssayGanStep.trainer(config().with("dtype", dtype));
    }

    /** The trainer being stepped (for the benchmark's correctness test). */
    Trainer trainer() {
        return trainer;
    }

    /** One training step; the returned statistics are consumed by JMH. */
    @Benchmark
    public StepStats step() {
        return trainer.step();
    }
}
