package dev.tussle.bench;

import dev.tussle.gan.train.TrainConfig;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures one MIX+GAN training step with {@code k} generators and {@code k} discriminators of
 * the essay's sizes, all k×k pairs in the payoff, as {@code gan_bench.py mix_bmm} defines it
 * ({@link EssayGanStep#mixture}), in float32 or float64 (see {@link TrainingStepBenchmark}).
 */
// On a 2-vCPU machine C2 takes 20-25 s of mixture steps to compile every micro-kernel the step
// uses (one compiler thread); until then the kernels C1 runs box each vector (100 KB per step
// at 10 s, 1.5 KB from 22 s on, session 9): a shorter warm-up measures the JIT, not the step.
@Warmup(iterations = 30, time = 1)
public class MixtureStepBenchmark extends TrainingStepBenchmark {
    /** Number of generators and of discriminators. */
    @Param({"5"})
    public int k;

    @Override
    TrainConfig config() {
        return EssayGanStep.mixture(k);
    }
}
