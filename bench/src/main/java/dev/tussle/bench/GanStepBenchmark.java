package dev.tussle.bench;

import dev.tussle.gan.train.TrainConfig;

/**
 * Measures one training step (one discriminator update, then one generator update) of the
 * hands-on essay's GAN exactly as {@code gan_bench.py single} defines it ({@link EssayGanStep}),
 * in float32 or float64 (see {@link TrainingStepBenchmark}).
 */
public class GanStepBenchmark extends TrainingStepBenchmark {
    @Override
    TrainConfig config() {
        return EssayGanStep.single();
    }
}
