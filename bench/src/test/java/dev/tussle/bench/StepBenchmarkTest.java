package dev.tussle.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tussle.engine.DType;
import dev.tussle.engine.Tensor;
import dev.tussle.engine.kernel.EnginePool;
import dev.tussle.gan.mix.MixtureTrainer;
import dev.tussle.gan.train.GanTrainer;
import dev.tussle.gan.train.StepStats;
import dev.tussle.gan.train.TrainConfig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The step benchmarks measure what they claim: the configuration is gan_bench.py's (sizes,
 * batch, optimizer, one update of each player), and one benchmarked step updates every
 * parameter of both players and reports finite losses.
 */
class StepBenchmarkTest {
    private static final int DEFAULT_THREADS = EnginePool.threads();

    @AfterEach
    void restoreThreads() {
        EnginePool.setThreads(DEFAULT_THREADS);
    }

    @Test
    void configurationIsTheAnchors() {
        TrainConfig c = EssayGanStep.single();
        assertThat(c.noiseDim()).isEqualTo(15);
        assertThat(c.gHidden()).containsExactly(50, 50, 50, 50);
        assertThat(c.dHidden()).containsExactly(100, 50, 50);
        assertThat(c.batch()).isEqualTo(500);
        assertThat(c.dSteps()).isEqualTo(1);
        assertThat(c.gSteps()).isEqualTo(1);
        assertThat(c.lrG()).isEqualTo(1e-4);
        assertThat(c.lrD()).isEqualTo(1e-4);
        assertThat(c.beta1()).isEqualTo(0.9);
        assertThat(c.beta2()).isEqualTo(0.999);
        assertThat(c.slope()).isEqualTo(0.2);
        assertThat(c.objective()).isEqualTo("nonsaturating");
        assertThat(c.data()).isEqualTo("ring8");
        TrainConfig.Mix mix = EssayGanStep.mixture(5).mix();
        assertThat(mix.k()).isEqualTo(5);
        assertThat(mix.noise()).isEqualTo("independent");
        assertThat(mix.update()).isEqualTo("optimizer");
        assertThat(mix.entropy()).isZero();
    }

    @Test
    void singleStepUpdatesBothPlayers() {
        for (int threads : new int[] {1, 2}) {
            for (String dtype : new String[] {"float32", "float64"}) {
                EnginePool.setThreads(threads);
                GanStepBenchmark bench = new GanStepBenchmark();
                bench.threads = threads;
                bench.dtype = dtype;
                bench.setUp();
                GanTrainer trainer = (GanTrainer) bench.trainer();
                assertThat(trainer.parameters()).allMatch(p -> p.dtype() == DType.valueOf(dtype.equals("float32") ? "F32" : "F64"));
                List<double[]> before = snapshot(trainer.parameters());
                StepStats stats = bench.step();
                assertFiniteAndAllChanged(stats, before, trainer.parameters());
            }
        }
    }

    @Test
    void mixtureStepUpdatesBothPlayers() {
        for (String dtype : new String[] {"float32", "float64"}) {
            MixtureStepBenchmark bench = new MixtureStepBenchmark();
            bench.threads = 1;
            bench.k = 5;
            bench.dtype = dtype;
            bench.setUp();
            MixtureTrainer trainer = (MixtureTrainer) bench.trainer();
            assertThat(trainer.parameters()).allMatch(p -> p.dtype() == DType.valueOf(dtype.equals("float32") ? "F32" : "F64"));
            List<double[]> before = snapshot(trainer.parameters());
            double[] weightsG = trainer.weightsG().values().toDoubleArray();
            StepStats stats = bench.step();
            assertFiniteAndAllChanged(stats, before, trainer.parameters());
            assertThat(trainer.weightsG().values().toDoubleArray()).as("generator mixture weights").isNotEqualTo(weightsG);
        }
    }

    /**
     * Once compiled, a single GAN step allocates nothing but the 72-byte StepStats record it
     * returns, in float32 and float64: some window of 200 steps within the first 8,000 allocates
     * less than 100 B a step. Fails if a kernel on the step's path runs vector operations in Java
     * or boxes vectors in steady state (a narrow product's masked loads once did, 72-110 KB a
     * step; its float64 lone rows, 2.7 KB), or if anything else on the path allocates per call
     * (the optimizers' coefficients, the arena scope's handles, the loss suppliers, a cast's op
     * name once made 370 B a step).
     */
    @Test
    void singleStepAllocatesOnlyItsResultOnceCompiled() {
        EnginePool.setThreads(1);
        for (String dtype : new String[] {"float32", "float64"}) {
            GanStepBenchmark bench = new GanStepBenchmark();
            bench.threads = 1;
            bench.dtype = dtype;
            bench.setUp();
            assertThat(ThreadAllocation.fewestBytesPerWindow(bench::step, 200, 40, 100 * 200) / 200)
                    .as("%s: fewest bytes a step over windows of 200 steps", dtype).isLessThan(100);
        }
    }

    /**
     * Once compiled, a k = 5 MIX+GAN step allocates less than 128 B (about 85 B: its 72-byte
     * StepStats and, when C2 keeps it, an iterator in the backward pass; 1.5 KB before session 17,
     * 66–77 KB before session 9): some window of 20 steps within the first 1,600 (C2 needs 20–25 s
     * of these steps to compile every kernel) allocates less than 128 B a step. Fails if a
     * broadcasting loop, a batched product, an elementwise kernel or a reshape of the mixture's
     * path starts allocating per call.
     */
    @Test
    void mixtureStepAllocatesUnder128BytesOnceCompiled() {
        EnginePool.setThreads(1);
        MixtureStepBenchmark bench = new MixtureStepBenchmark();
        bench.threads = 1;
        bench.k = 5;
        bench.setUp();
        assertThat(ThreadAllocation.fewestBytesPerWindow(bench::step, 20, 80, 128 * 20) / 20)
                .as("fewest bytes a mixture step over windows of 20 steps").isLessThan(128);
    }

    private static List<double[]> snapshot(List<Tensor> params) {
        return params.stream().map(Tensor::toDoubleArray).toList();
    }

    private static void assertFiniteAndAllChanged(StepStats stats, List<double[]> before, List<Tensor> after) {
        assertThat(stats.allFinite()).as("losses and norms finite: %s", stats).isTrue();
        assertThat(stats.step()).isEqualTo(1);
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i).toDoubleArray()).as("parameter %d changed", i).isNotEqualTo(before.get(i));
        }
    }
}
