package dev.tussle.gan.mix;

import dev.tussle.engine.DType;
import dev.tussle.engine.GradMode;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.engine.io.CheckpointException;
import dev.tussle.gan.model.Generator;
import dev.tussle.gan.objective.Objective;
import dev.tussle.gan.train.GanTrainer;
import dev.tussle.gan.train.StepStats;
import dev.tussle.gan.train.TrainConfig;
import dev.tussle.gan.train.Trainer;
import dev.tussle.gan.train.Trainers;
import dev.tussle.gan.train.TrainingDivergedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MixtureTrainerTest {

    /** A small, fast configuration. */
    static TrainConfig small(String... overrides) {
        TrainConfig c = TrainConfig.defaults().with("g-hidden", "16,16").with("d-hidden", "16,16").with("batch", "64")
                .with("steps", "12").with("eval-samples", "300");
        for (int i = 0; i < overrides.length; i += 2) {
            c = c.with(overrides[i], overrides[i + 1]);
        }
        return c;
    }

    /** The parameters' values, exactly (float32 widens to double without rounding). */
    private static List<double[]> bits(List<Tensor> params) {
        return params.stream().map(Tensor::toDoubleArray).toList();
    }

    private static void assertSameBits(List<double[]> a, List<double[]> b) {
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i)).as("parameter %d", i).containsExactly(b.get(i));
        }
    }

    @Test
    void oneComponentReproducesTheSingleGanBitForBit() {
        for (String[] variant : new String[][] {{}, {"objective", "wasserstein", "gp", "1", "d-steps", "2"},
                {"objective", "minimax", "r1", "0.5", "r2", "0.3", "instance-noise", "0.1", "instance-noise-anneal", "10",
                    "l2", "0.001"},
                {"param-noise-copies", "2", "steps", "4", "objective", "leastsquares"},
                // Parameter noise with a gradient penalty once failed: the value was taken in no-grad mode.
                {"param-noise-copies", "2", "steps", "3", "gp", "0.5", "r1", "0.2"},
                {"objective", "hinge", "clip", "0.05", "optimizer", "rmsprop", "mix-noise", "independent"},
                {"consensus", "0.1", "optimizer", "sgd", "momentum", "0.5", "instance-noise", "0.1"}}) {
            TrainConfig c = small(variant);
            GanTrainer single = GanTrainer.create(c);
            MixtureTrainer mix = MixtureTrainer.create(c);
            assertSameBits(bits(mix.parameters()), bits(single.parameters()));
            while (!single.finished()) {
                assertThat(mix.step()).as("variant %s", List.of(variant)).isEqualTo(single.step());
            }
            assertThat(mix.finished()).isTrue();
            assertSameBits(bits(mix.parameters()), bits(single.parameters()));
            assertThat(mix.sample(50, new Rng(3)).toFloatArray()).containsExactly(single.sample(50, new Rng(3)).toFloatArray());
            assertThat(mix.evaluate().toJson()).isEqualTo(single.evaluate().toJson());
        }
    }

    /** As for the single GAN: recycling through a poisoning arena gives the bits of normal allocation. */
    @Test
    void recyclingTensorsThroughAPoisoningArenaChangesNoBit() {
        for (String[] variant : new String[][] {{"mix", "3"},
                {"mix", "3", "mix-update", "optimizer", "mix-noise", "independent", "objective", "wasserstein", "gp", "1"},
                {"mix", "2", "consensus", "0.1", "mix-entropy-form", "shannon", "r1", "0.5"},
                {"mix", "2", "param-noise-copies", "2", "steps", "4", "instance-noise", "0.1"}}) {
            MixtureTrainer recycled = MixtureTrainer.create(small(variant));
            recycled.recycleThrough(new dev.tussle.engine.TensorArena(true));
            MixtureTrainer plain = MixtureTrainer.create(small(variant));
            plain.recycleThrough(null);
            while (!plain.finished()) {
                assertThat(recycled.step()).as("variant %s", List.of(variant)).isEqualTo(plain.step());
                assertThat(recycled.logFields()).isEqualTo(plain.logFields());
            }
            assertSameBits(bits(recycled.parameters()), bits(plain.parameters()));
            assertThat(recycled.sample(50, new Rng(3)).toFloatArray())
                    .containsExactly(plain.sample(50, new Rng(3)).toFloatArray());
        }
    }

    @Test
    void batchedPayoffEqualsTheExplicitDoubleSumOverSeparatelyEvaluatedPairs() {
        MixtureTrainer t = MixtureTrainer.create(small("mix", "3"));
        t.weightsG().loadState(Map.of("log_weights", Tensor.of(new float[] {0.3f, -1f, 0.5f}, 3)), 0);
        t.weightsD().loadState(Map.of("log_weights", Tensor.of(new float[] {-0.2f, 0.7f, 0f}, 3)), 0);
        double[] wG = t.weightsG().weights();
        double[] wD = t.weightsD().weights();
        Rng r = new Rng(11);
        Tensor real = t.data().sample(r, 40);
        Tensor z = Tensor.randn(r, DType.F32, 0, 1, 40, 2);
        for (String name : new String[] {"minimax", "nonsaturating", "wasserstein", "leastsquares", "hinge"}) {
            Objective objective = Objective.byName(name);
            try (var scope = GradMode.noGrad()) {
                Tensor fake = t.generators().forward(z);
                Tensor outReal = t.discriminators().forward(real);
                Tensor outFake = t.discriminators().forward(fake.reshape(3 * 40, 2));
                double batched = MixturePayoff.expectation(MixturePayoff.pairValues(objective.f(), outReal, outFake, 3),
                        t.weightsD().values(), t.weightsG().values()).item();
                Tensor pairLosses = MixturePayoff.pairGeneratorLosses(objective, outFake, 3);
                double explicit = 0;
                for (int i = 0; i < 3; i++) {
                    Tensor gi = t.generator(i).forward(z);
                    for (int j = 0; j < 3; j++) {
                        var dj = t.discriminator(j);
                        double phi = objective.value(dj.forward(real), dj.forward(gi)).item();
                        explicit += wG[i] * wD[j] * phi;
                        assertThat(pairLosses.get(j, i)).as("%s generator loss of pair (G%d, D%d)", name, i, j)
                                .isCloseTo(objective.generatorLoss(dj.forward(gi)).item(),
                                        within(1e-5));
                    }
                }
                assertThat(batched).as(name).isCloseTo(explicit, within(1e-5));
            }
        }
    }

    @Test
    void extractedComponentBehavesAsAStandaloneGenerator() {
        MixtureTrainer t = MixtureTrainer.create(small("mix", "3", "steps", "3"));
        while (!t.finished()) {
            t.step();
        }
        Tensor z = Tensor.randn(new Rng(5), DType.F32, 0, 1, 30, 2);
        Tensor all;
        try (var scope = GradMode.noGrad()) {
            all = t.generators().forward(z);
        }
        for (int i = 0; i < 3; i++) {
            Generator g = t.generator(i);
            try (var scope = GradMode.noGrad()) {
                assertThat(g.forward(z).toFloatArray()).as("component %d", i)
                        .containsExactly(all.slice(0, i, i + 1).reshape(30, 2).toFloatArray());
            }
        }
        // Per-batch sampling draws the noise first, then one component: the same as that
        // component's own sample() from the same stream.
        TaggedSamples s = t.sampleTagged(25, new Rng(9), true);
        int c = s.components()[0];
        assertThat(s.components()).containsOnly(c);
        try (var scope = GradMode.noGrad()) {
            assertThat(s.points().toFloatArray()).containsExactly(t.generator(c).sample(new Rng(9), 25).toFloatArray());
        }
    }

    /**
     * With w_G = (0.5, 0.3, 0.2) and n = 30 000 per-sample draws, Pearson's chi-square statistic
     * against the expected counts has 2 degrees of freedom; the bound 13.82 is its 0.999 quantile,
     * so a correct sampler fails this fixed-seed test with probability below 0.001.
     */
    @Test
    void samplingFrequenciesMatchTheGeneratorWeights() {
        MixtureTrainer t = MixtureTrainer.create(small("mix", "3"));
        double[] p = {0.5, 0.3, 0.2};
        float[] logs = new float[3];
        for (int i = 0; i < 3; i++) {
            logs[i] = (float) Math.log(p[i]);
        }
        t.weightsG().loadState(Map.of("log_weights", Tensor.of(logs, 3)), 0);
        int n = 30_000;
        int[] counts = t.sampleTagged(n, new Rng(2024)).counts(3);
        double[] w = t.weightsG().weights();
        double chi2 = 0;
        for (int i = 0; i < 3; i++) {
            double expected = n * w[i];
            chi2 += (counts[i] - expected) * (counts[i] - expected) / expected;
        }
        assertThat(chi2).isLessThan(13.82);
    }

    @Test
    void resumeContinuesBitIdentically(@TempDir Path dir) throws IOException {
        for (String[] variant : new String[][] {{"mix-update", "optimizer", "gp", "0.5", "instance-noise", "0.05"},
                {"mix-update", "exponentiated", "mix-noise", "independent", "mix-entropy-form", "shannon",
                    "data-size", "100", "mix-lr", "0.05"},
                {"consensus", "0.2", "mix-entropy-on", "generator", "objective", "minimax"},
                {"dtype", "float64", "mix-update", "optimizer", "r1", "0.5"},
                {"dtype", "float64", "mix-update", "exponentiated", "mix-lr", "0.05", "mix-noise", "independent"}}) {
            TrainConfig c = small(variant).with("mix", "3");
            MixtureTrainer straight = MixtureTrainer.create(c);
            MixtureTrainer first = MixtureTrainer.create(c);
            for (int i = 0; i < 6; i++) {
                straight.step();
                first.step();
            }
            Path ckpt = dir.resolve("mix.safetensors");
            first.saveCheckpoint(ckpt);
            Trainer resumed = Trainers.resume(ckpt, Map.of());
            assertThat(resumed).isInstanceOf(MixtureTrainer.class);
            assertThat(resumed.stepCount()).isEqualTo(6);
            while (!straight.finished()) {
                StepStats a = straight.step();
                assertThat(resumed.step()).isEqualTo(a);
                assertThat(resumed.logFields()).isEqualTo(straight.logFields());
            }
            MixtureTrainer m = (MixtureTrainer) resumed;
            assertSameBits(bits(m.parameters()), bits(straight.parameters()));
            assertThat(m.weightsG().logWeights().toDoubleArray()).containsExactly(straight.weightsG().logWeights().toDoubleArray());
            assertThat(m.weightsD().logWeights().toDoubleArray()).containsExactly(straight.weightsD().logWeights().toDoubleArray());
            assertThat(m.weightsG().logWeights().dtype()).isEqualTo(c.dtype());
            // The weights moved (the test would be vacuous at uniform weights).
            assertThat(straight.weightsG().weights()[0]).isNotEqualTo(straight.weightsG().weights()[1]);
        }
    }

    @Test
    void weightsAreLoggedAndStayAProbabilityVector() {
        MixtureTrainer t = MixtureTrainer.create(small("mix", "4", "steps", "5", "mix-lr", "0.1"));
        while (!t.finished()) {
            t.step();
        }
        for (MixtureWeights w : List.of(t.weightsG(), t.weightsD())) {
            double sum = 0;
            for (double x : w.weights()) {
                assertThat(x).isBetween(0.0, 1.0);
                sum += x;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-6));
        }
        assertThat(t.logFields()).startsWith(", \"weights_g\": [").contains("\"weights_d\": [");
    }

    @Test
    void singleGanCheckpointIsRejectedWithAMixtureConfigurationAndViceVersa(@TempDir Path dir) throws IOException {
        MixtureTrainer t = MixtureTrainer.create(small("mix", "2", "steps", "1"));
        Path ckpt = dir.resolve("c.safetensors");
        t.saveCheckpoint(ckpt);
        assertThatThrownBy(() -> GanTrainer.resume(ckpt, Map.of()))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("not a Tussle GAN checkpoint");
        GanTrainer.create(small("steps", "1")).saveCheckpoint(ckpt);
        assertThatThrownBy(() -> MixtureTrainer.resume(ckpt, Map.of()))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("MIX+GAN");
    }

    @Test
    void everyDataSetAndObjectiveTrainsAsAMixture() {
        for (String data : dev.tussle.gan.data.DataSets.names()) {
            for (String objective : new String[] {"minimax", "nonsaturating", "wasserstein", "leastsquares", "hinge"}) {
                MixtureTrainer t = MixtureTrainer.create(small("mix", "2", "data", data, "objective", objective,
                        "steps", "2", "batch", "16", "eval-samples", "100", "g-hidden", "8", "d-hidden", "8"));
                while (!t.finished()) {
                    t.step();
                }
                assertThat(t.evaluate().step()).as("%s, %s", data, objective).isEqualTo(2);
                assertThat(t.sample(10, new Rng(1)).shape().dim(1)).isEqualTo(t.data().dim());
            }
        }
    }

    @Test
    void trainersPicksTheTrainerByMixAndTheSettingsRoundTrip() {
        assertThat(Trainers.create(small())).isInstanceOf(GanTrainer.class);
        assertThat(Trainers.create(small("mix", "2"))).isInstanceOf(MixtureTrainer.class);
        TrainConfig c = small("mix", "5", "mix-update", "optimizer", "mix-lr", "0.02", "mix-entropy", "0.5",
                "mix-entropy-form", "shannon", "mix-entropy-on", "discriminator", "mix-noise", "independent",
                "mix-sample", "per-batch");
        assertThat(TrainConfig.fromMap(c.toMap())).isEqualTo(c);
        assertThat(c.mix()).isEqualTo(new TrainConfig.Mix(5, "optimizer", 0.02, 0.5, "shannon", "discriminator",
                "independent", "per-batch"));
        assertThat(TrainConfig.defaults().mix().k()).isEqualTo(1);
    }

    @Test
    void aDivergingMixtureIsStoppedAndReplayedInAnomalyModeToNameTheOp() throws IOException {
        TrainConfig c = small("mix", "2", "objective", "wasserstein", "optimizer", "sgd", "lr-d", "1e30", "lr-g", "1e30",
                "steps", "50");
        MixtureTrainer t = MixtureTrainer.create(c);
        long failed = -1;
        try {
            while (!t.finished()) {
                t.step();
            }
        } catch (TrainingDivergedException e) {
            failed = e.step();
        }
        assertThat(failed).as("the run diverges").isPositive();
        assertThat(Trainers.diagnose(c, null, failed)).startsWith("anomaly: ").contains("produced NaN or Inf");
    }

    @Test
    void unsupportedCombinationsAreRejectedNamingTheSetting() {
        assertThatThrownBy(() -> small("mix", "2", "discriminator", "gaussian"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--mix:").hasMessageContaining("gaussian");
        assertThatThrownBy(() -> MixtureTrainer.create(small("mix", "2")).sampleTagged(0, new Rng(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n must be positive, got 0");
    }
}
