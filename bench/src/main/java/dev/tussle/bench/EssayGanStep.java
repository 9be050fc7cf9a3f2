package dev.tussle.bench;

import dev.tussle.gan.train.TrainConfig;
import dev.tussle.gan.train.Trainer;
import dev.tussle.gan.train.Trainers;

import java.util.Map;

/**
 * The training step that {@code shared/anchors/gan_bench.py} times in PyTorch, as a Tussle
 * configuration, so that the JMH step benchmarks and their correctness test build exactly the
 * same trainer.
 *
 * <p>The hands-on essay's GAN ({@code essay-2d} preset: G 15 → 4×50 → 2, D 2 → 100 → 50 → 50 → 1,
 * leaky ReLU 0.2, non-saturating, batch 500) with the anchor's optimizer (Adam lr 1e-4,
 * β = (0.9, 0.999)) and one update of each player per step (the preset's essay "epoch" has 10).
 * Data: ring of 8 Gaussians sampled fresh each step, as in the anchor. The mixture is the
 * anchor's {@code mix_bmm}: k generators with independent noise, k discriminators, all k×k pairs,
 * mixture weights learned by the players' Adam, no entropy term.
 */
final class EssayGanStep {
    private EssayGanStep() {
    }

    /** The single-GAN configuration ({@code mix = 1}). */
    static TrainConfig single() {
        return TrainConfig.fromMap(TrainConfig.withPreset("essay-2d", Map.ofEntries(
                Map.entry("data", "ring8"), Map.entry("lr-g", "1e-4"), Map.entry("lr-d", "1e-4"),
                Map.entry("d-steps", "1"), Map.entry("g-steps", "1"),
                // The benchmark runs steps forever; nothing is evaluated, logged or written.
                Map.entry("steps", Long.toString(Long.MAX_VALUE)), Map.entry("seed", "1"))));
    }

    /** The MIX+GAN configuration with {@code k} generators and {@code k} discriminators. */
    static TrainConfig mixture(int k) {
        return single().with("mix", Integer.toString(k)).with("mix-noise", "independent")
                .with("mix-update", "optimizer").with("mix-entropy", "0");
    }

    /** A trainer at step 0 for {@code config}. */
    static Trainer trainer(TrainConfig config) {
        return Trainers.create(config);
    }
}
