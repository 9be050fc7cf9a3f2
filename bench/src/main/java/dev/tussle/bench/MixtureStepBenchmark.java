package dev.tussle.bench;

import dev.tussle.gan.train.TrainConfig;
import org.openjdk.jmh.annotations.Param;

/**
 * Measures one MIX+GAN training step with {@code k} generators and {@code k} discriminators of
 * the essay's sizes, all k×k pairs in the payoff, as {@code gan_bench.py mix_bmm} defines it
 * ({@link EssayGanStep#mixture}), in float32 or float64 (see {@link TrainingStepBenchmark}).
 */
public class MixtureStepBenchmark extends TrainingStepBenchmark {
    /** Number of generators and of discriminators. */
    @Param({"5"})
    public int k;

    @Override
    TrainConfig config() {
        return EssayGanStep.mixture(k);
    }
}
