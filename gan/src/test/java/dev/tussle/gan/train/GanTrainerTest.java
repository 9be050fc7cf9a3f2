package dev.tussle.gan.train;

import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.gan.data.DataSet;
import dev.tussle.gan.metrics.MetricsReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GanTrainerTest {

    /** A small, fast configuration. */
    /**
     * {@code --generator affine} is the stability essay's g(z) = W·z + b: one linear layer from
     * the noise to the samples, in the run's dtype, that trains and resumes like the MLP.
     */
    @Test
    void affineGeneratorIsOneLinearMap(@TempDir Path dir) throws IOException {
        for (String dtype : new String[] {"float32", "float64"}) {
            TrainConfig c = small("data", "gaussian1d", "generator", "affine", "discriminator", "gaussian",
                    "noise-dim", "1", "dtype", dtype, "steps", "6");
            GanTrainer t = GanTrainer.create(c);
            dev.tussle.engine.nn.Linear g = (dev.tussle.engine.nn.Linear) t.generator().network();
            assertThat(g.parameters()).hasSize(2);
            double w = g.weight().toDoubleArray()[0];
            double b = g.bias().toDoubleArray()[0];
            Tensor z = Tensor.of(new double[] {-1.5, 0, 2}, 3, 1).to(c.dtype());
            double[] out = t.generator().forward(z).toDoubleArray();
            double[] zs = z.toDoubleArray();
            // Within a few roundings of the dtype (the product and the bias add each round once).
            double ulps = c.dtype() == dev.tussle.engine.DType.F32 ? 0x1p-22 : 0x1p-50;
            for (int i = 0; i < 3; i++) {
                double expected = zs[i] * w + b;
                assertThat(out[i]).as("%s g(%s)", dtype, zs[i])
                        .isCloseTo(expected, org.assertj.core.api.Assertions.within(ulps * (1 + Math.abs(expected))));
            }
            TrainingRun run = TrainingRun.start(dir.resolve(dtype), c.with("steps", "3").with("eval-every", "0"));
            run.run(new Progress(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), Progress.Mode.NONE,
                    1, 3, 0), null);
            GanTrainer resumed = GanTrainer.resume(dir.resolve(dtype).resolve(TrainingRun.CHECKPOINT), Map.of("steps", "6"));
            GanTrainer straight = GanTrainer.create(c);
            while (!straight.finished()) {
                straight.step();
            }
            while (!resumed.finished()) {
                resumed.step();
            }
            assertSameBits(snapshot(resumed), snapshot(straight));
        }
        assertThatThrownBy(() -> small("generator", "affine", "mix", "2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--mix: 2 needs --generator mlp (only MLPs are stacked), got affine");
        assertThatThrownBy(() -> small("generator", "linear")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--generator: expected one of mlp, affine");
    }

    /** The data sets' shapes come from their settings; the defaults are the data sets by name, bit for bit. */
    @Test
    void dataSetShapesComeFromTheSettings() {
        for (String name : new String[] {"ring8", "grid25", "circle", "gaussian1d"}) {
            DataSet byDefault = TrainerSupport.dataSet(small("data", name));
            assertThat(byDefault.sample(new Rng(3), 200).toDoubleArray()).as(name)
                    .containsExactly(dev.tussle.gan.data.DataSets.byName(name).sample(new Rng(3), 200).toDoubleArray());
        }
        // Ring of radius 2, σ = 0.02: every point within 5σ of radius 2 (a miss has probability < 1e-5).
        double[] ring = TrainerSupport.dataSet(small("data", "ring8", "ring-radius", "2", "ring-sigma", "0.02"))
                .sample(new Rng(4), 1000).toDoubleArray();
        for (int i = 0; i < ring.length; i += 2) {
            assertThat(Math.hypot(ring[i], ring[i + 1])).isBetween(1.9, 2.1);
        }
        // Grid spacing 1, σ = 0.01: coordinates within 5σ of {-2, -1, 0, 1, 2}.
        for (double x : TrainerSupport.dataSet(small("data", "grid25", "grid-spacing", "1", "grid-sigma", "0.01"))
                .sample(new Rng(5), 500).toDoubleArray()) {
            assertThat(Math.abs(x - Math.rint(x))).isLessThan(0.05);
            assertThat(Math.abs(x)).isLessThan(2.05);
        }
        double[] circle = TrainerSupport.dataSet(small("data", "circle", "circle-radius", "3")).sample(new Rng(6), 100)
                .toDoubleArray();
        for (int i = 0; i < circle.length; i += 2) {
            assertThat(Math.hypot(circle[i], circle[i + 1])).isCloseTo(3, org.assertj.core.api.Assertions.within(1e-5));
        }
        // N(5, 0.5²), 4000 draws: the sample mean within 5 standard errors (0.04) of 5, the std within 0.05 of 0.5.
        double[] g = TrainerSupport.dataSet(small("data", "gaussian1d", "gaussian-mean", "5", "gaussian-std", "0.5"))
                .sample(new Rng(7), 4000).toDoubleArray();
        double mean = java.util.Arrays.stream(g).average().orElseThrow();
        double std = Math.sqrt(java.util.Arrays.stream(g).map(x -> (x - mean) * (x - mean)).sum() / (g.length - 1));
        assertThat(mean).isCloseTo(5, org.assertj.core.api.Assertions.within(0.04));
        assertThat(std).isCloseTo(0.5, org.assertj.core.api.Assertions.within(0.05));
        assertThatThrownBy(() -> small("ring-sigma", "0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--ring-sigma: expected a positive number, got '0'");
    }

    private static TrainConfig small(String... overrides) {
        TrainConfig c = TrainConfig.defaults().with("g-hidden", "16,16").with("d-hidden", "16,16").with("batch", "64")
                .with("steps", "20");
        for (int i = 0; i < overrides.length; i += 2) {
            c = c.with(overrides[i], overrides[i + 1]);
        }
        return c;
    }

    /** The parameters' values, exactly (float32 widens to double without rounding). */
    private static List<double[]> snapshot(GanTrainer t) {
        return t.parameters().stream().map(Tensor::toDoubleArray).toList();
    }

    private static void assertSameBits(List<double[]> a, List<double[]> b) {
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i)).as("parameter %d", i).containsExactly(b.get(i));
        }
    }

    @Test
    void sameConfigurationSameRunBitForBit() {
        for (String[] variant : new String[][] {{}, {"objective", "wasserstein", "gp", "1", "d-steps", "2"},
                {"r1", "0.5", "instance-noise", "0.1", "instance-noise-anneal", "10", "l2", "0.001"},
                {"consensus", "0.1", "optimizer", "rmsprop"}, {"param-noise-copies", "3", "steps", "5"},
                {"objective", "wasserstein", "clip", "0.05", "optimizer", "rmsprop"},
                {"dtype", "float64", "objective", "wasserstein", "gp", "1"}, {"dtype", "float64", "consensus", "0.1"}}) {
            GanTrainer a = GanTrainer.create(small(variant));
            GanTrainer b = GanTrainer.create(small(variant));
            while (!a.finished()) {
                assertThat(a.step()).isEqualTo(b.step());
            }
            assertSameBits(snapshot(a), snapshot(b));
        }
    }

    /**
     * Steps recycle their tensors through an arena; one that poisons every array when the step
     * ends would turn any tensor kept across steps into NaN. Same bits as allocating normally.
     */
    @Test
    void recyclingTensorsThroughAPoisoningArenaChangesNoBit() {
        for (String[] variant : new String[][] {{}, {"objective", "wasserstein", "gp", "1", "d-steps", "2"},
                {"r1", "0.5", "instance-noise", "0.1", "instance-noise-anneal", "10", "l2", "0.001"},
                {"consensus", "0.1", "optimizer", "rmsprop"}, {"param-noise-copies", "3", "steps", "5"},
                {"objective", "wasserstein", "clip", "0.05", "optimizer", "sgd", "momentum", "0.9"},
                {"dtype", "float64", "param-noise-copies", "2", "steps", "4", "instance-noise", "0.1"}}) {
            GanTrainer recycled = GanTrainer.create(small(variant));
            recycled.recycleThrough(new dev.tussle.engine.TensorArena(true));
            GanTrainer plain = GanTrainer.create(small(variant));
            plain.recycleThrough(null);
            while (!plain.finished()) {
                assertThat(recycled.step()).isEqualTo(plain.step());
                assertThat(recycled.parameters()).allMatch(p -> p.grad() == null);
            }
            assertSameBits(snapshot(recycled), snapshot(plain));
            assertThat(recycled.sample(50, new Rng(9)).toDoubleArray())
                    .containsExactly(plain.sample(50, new Rng(9)).toDoubleArray());
        }
    }

    @Test
    void resumeContinuesBitIdentically(@TempDir Path dir) throws IOException {
        for (TrainConfig c : List.of(small("gp", "0.5", "instance-noise", "0.05", "data-size", "100"),
                small("dtype", "float64", "r1", "0.5", "l2", "0.001", "discriminator", "gaussian", "objective", "minimax"))) {
            resumeContinuesBitIdentically(dir, c);
        }
    }

    private static void resumeContinuesBitIdentically(Path dir, TrainConfig c) throws IOException {
        GanTrainer straight = GanTrainer.create(c);
        GanTrainer first = GanTrainer.create(c);
        for (int i = 0; i < 10; i++) {
            straight.step();
            first.step();
        }
        Path ckpt = dir.resolve("ckpt.safetensors");
        first.saveCheckpoint(ckpt);
        GanTrainer resumed = GanTrainer.resume(ckpt, Map.of());
        assertThat(resumed.stepCount()).isEqualTo(10);
        assertThat(resumed.config()).isEqualTo(c);
        while (!straight.finished()) {
            assertThat(resumed.step()).isEqualTo(straight.step());
        }
        assertThat(resumed.finished()).isTrue();
        assertSameBits(snapshot(resumed), snapshot(straight));
    }

    /** --dtype float64 makes every parameter, the noise and the samples float64. */
    @Test
    void float64RunsInFloat64Throughout() {
        GanTrainer t = GanTrainer.create(small("dtype", "float64", "steps", "3"));
        while (!t.finished()) {
            t.step();
        }
        assertThat(t.parameters()).allMatch(p -> p.dtype() == dev.tussle.engine.DType.F64);
        assertThat(t.generator().noise(new Rng(1), 4).dtype()).isEqualTo(dev.tussle.engine.DType.F64);
        assertThat(t.sample(10, new Rng(2)).dtype()).isEqualTo(dev.tussle.engine.DType.F64);
        assertThat(t.discriminate(Tensor.zeros(3, 2)).dtype()).isEqualTo(dev.tussle.engine.DType.F64);
        assertThat(TrainConfig.defaults().dtype()).isEqualTo(dev.tussle.engine.DType.F32);
        assertThatThrownBy(() -> small("dtype", "float16")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--dtype");
    }

    @Test
    void resumeRejectsFilesThatAreNotGanCheckpoints(@TempDir Path dir) throws IOException {
        Path junk = dir.resolve("junk.safetensors");
        Files.write(junk, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> GanTrainer.resume(junk, Map.of()))
                .isInstanceOf(dev.tussle.engine.io.CheckpointException.class);
    }

    @Test
    void trainingOnTwoPointsMovesTowardTheModes() {
        TrainConfig c = TrainConfig.defaults().with("data", "two-points").with("g-hidden", "32,32")
                .with("d-hidden", "32,32").with("batch", "128").with("steps", "400").with("seed", "3")
                .with("lr-g", "1e-3").with("lr-d", "1e-3");
        GanTrainer t = GanTrainer.create(c);
        MetricsReport before = t.evaluate();
        while (!t.finished()) {
            t.step();
        }
        MetricsReport after = t.evaluate();
        assertThat(before.modeCoverage().highQualityFraction()).isLessThan(0.2);
        assertThat(after.modeCoverage().highQualityFraction()).isGreaterThan(0.5);
        assertThat(after.modeCoverage().modesCaptured()).isEqualTo(2);
    }

    @Test
    void nonFiniteValuesStopTrainingAndTheReplayNamesTheOp() throws IOException {
        DataSet poisoned = new DataSet() {
            @Override
            public String name() {
                return "poisoned";
            }

            @Override
            public int dim() {
                return 2;
            }

            @Override
            public void drawPoint(Rng rng, double[] out) {
                out[0] = rng.nextDouble() < 0.5 ? Double.NaN : 0;
                out[1] = 0;
            }
        };
        TrainConfig c = small();
        GanTrainer t = GanTrainer.create(c, poisoned);
        assertThatThrownBy(t::step).isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("step 1").hasMessageContaining("NaN");
    }

    @Test
    void aDivergingRunIsReplayedInAnomalyModeToNameTheOp() throws IOException {
        TrainConfig c = small("objective", "wasserstein", "optimizer", "sgd", "lr-d", "1e30", "lr-g", "1e30",
                "steps", "50");
        GanTrainer t = GanTrainer.create(c);
        long failed = -1;
        try {
            while (!t.finished()) {
                t.step();
            }
        } catch (TrainingDivergedException e) {
            failed = e.step();
        }
        assertThat(failed).as("an lr of 1e30 must diverge").isPositive();
        String diagnosis = GanTrainer.diagnose(c, null, failed);
        assertThat(diagnosis).startsWith("anomaly: ").contains("produced NaN or Inf").contains("shape");
    }

    /**
     * The same configuration in a fresh JVM (cold: kernels interpreted, then compiled mid-run)
     * must give the same bits as in this warm JVM: nothing may depend on JIT timing.
     */
    @Test
    void aFreshJvmReproducesTheRunBitForBit(@TempDir Path dir) throws Exception {
        TrainConfig c = small("objective", "minimax", "activation", "tanh", "gp", "0.1", "steps", "25");
        for (int warm = 0; warm < 3; warm++) {
            GanTrainer w = GanTrainer.create(c);
            while (!w.finished()) {
                w.step();
            }
        }
        GanTrainer here = GanTrainer.create(c);
        while (!here.finished()) {
            here.step();
        }
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        String cp = location(dev.tussle.gan.cli.Tussle.class) + File.pathSeparator + location(Tensor.class);
        List<String> cmd = new ArrayList<>(List.of(javaCommand, "--add-modules", "jdk.incubator.vector", "-cp", cp,
                "dev.tussle.gan.cli.Tussle", "train", "--out", dir.toString(), "--progress", "none"));
        c.toMap().forEach((k, v) -> {
            cmd.add("--" + k);
            cmd.add(v);
        });
        cmd.removeIf(String::isEmpty);
        cmd.remove("--data-file");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        GanTrainer there = GanTrainer.resume(dir.resolve(TrainingRun.CHECKPOINT), Map.of());
        assertThat(there.stepCount()).isEqualTo(25);
        assertSameBits(snapshot(there), snapshot(here));
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
