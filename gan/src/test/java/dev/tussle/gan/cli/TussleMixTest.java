package dev.tussle.gan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tussle train --mix K} end to end, and the one-line usage errors of the mixture flags. */
class TussleMixTest {
    private final CliHarness cli = new CliHarness();

    private int run(String... args) {
        return cli.run(args);
    }

    private String errText() {
        return cli.err();
    }

    private static final String[] SMALL = {"--g-hidden", "8", "--d-hidden", "8", "--batch", "32", "--eval-samples", "200",
        "--log-every", "1", "--progress", "none"};

    private String[] train(Path dir, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("train", "--out", dir.toString()));
        a.addAll(List.of(SMALL));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void trainResumeAndSampleAMixture(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        assertThat(run(train(run, "--mix", "3", "--steps", "3", "--objective", "wasserstein", "--gp", "1",
                "--mix-update", "optimizer"))).as(errText()).isEqualTo(0);
        assertThat(cli.out()).contains("mixture of 3");
        List<String> log = Files.readAllLines(run.resolve("log.jsonl"));
        assertThat(log).hasSize(4).allSatisfy(line -> assertThat(line).contains("\"weights_g\": [").contains("\"weights_d\": ["));
        assertThat(Files.readString(run.resolve("config.json"))).contains("\"mix\": \"3\"");
        assertThat(run("resume", "--run", run.toString(), "--steps", "5", "--progress", "none")).as(errText()).isEqualTo(0);
        assertThat(Files.readAllLines(run.resolve("log.jsonl"))).hasSize(6);
        Path csv = dir.resolve("s.csv");
        assertThat(run("sample", "--run", run.toString(), "--to", csv.toString(), "--n", "20")).as(errText()).isEqualTo(0);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("x,y,component");
        List<String> rows = lines.subList(1, lines.size());
        assertThat(rows).hasSize(20).allSatisfy(r -> assertThat(r.split(",")).hasSize(3));
        assertThat(rows).allSatisfy(r -> assertThat(r.split(",")[2]).isIn("0", "1", "2"));
        Path npy = dir.resolve("s.npy");
        assertThat(run("sample", "--run", run.toString(), "--to", npy.toString(), "--n", "20")).as(errText()).isEqualTo(0);
        String tags = new String(Files.readAllBytes(dir.resolve("s.components.npy")), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(tags).contains("'descr': '<i4'").contains("'shape': (20,)");
    }

    /**
     * {@code --mix-sample} picks how {@code tussle sample} draws components; evaluation, the
     * metrics it logs and the pictures always draw one per sample, so that a per-batch run
     * reports the mixture, not one random generator.
     */
    @Test
    void evaluationDrawsPerSampleWhateverTheSamplingFlag(@TempDir Path dir) throws IOException {
        Path perSample = dir.resolve("per-sample");
        Path perBatch = dir.resolve("per-batch");
        assertThat(run(train(perSample, "--mix", "3", "--steps", "3"))).as(errText()).isEqualTo(0);
        assertThat(run(train(perBatch, "--mix", "3", "--steps", "3", "--mix-sample", "per-batch"))).as(errText()).isEqualTo(0);
        assertThat(Files.readString(perBatch.resolve("metrics.json"))).isEqualTo(Files.readString(perSample.resolve("metrics.json")));
        assertThat(Files.readString(perBatch.resolve("snapshots.csv"))).isEqualTo(Files.readString(perSample.resolve("snapshots.csv")));

        assertThat(components(perBatch, dir.resolve("a.csv"))).as("the run's default: one generator").hasSize(1);
        assertThat(components(perBatch, dir.resolve("b.csv"), "--mix-sample", "per-sample")).hasSize(3);
        assertThat(components(perSample, dir.resolve("c.csv"))).hasSize(3);
        assertThat(components(perSample, dir.resolve("d.csv"), "--mix-sample", "per-batch")).hasSize(1);

        assertThat(run("sample", "--run", perSample.toString(), "--to", dir.resolve("e.csv").toString(),
                "--mix-sample", "sometimes")).isEqualTo(2);
        assertThat(errText().strip().lines()).hasSize(1);
        assertThat(errText()).startsWith("tussle sample: --mix-sample: expected one of per-sample, per-batch, got 'sometimes'");
    }

    /** The distinct component tags (last CSV column) of 300 samples drawn from {@code run}. */
    private java.util.Set<String> components(Path run, Path csv, String... more) throws IOException {
        List<String> a = new java.util.ArrayList<>(List.of("sample", "--run", run.toString(), "--to", csv.toString(), "--n", "300"));
        a.addAll(List.of(more));
        assertThat(run(a.toArray(String[]::new))).as(errText()).isEqualTo(0);
        java.util.Set<String> tags = new java.util.TreeSet<>();
        for (String row : Files.readAllLines(csv).subList(1, 301)) { // after the header
            tags.add(row.substring(row.lastIndexOf(',') + 1));
        }
        return tags;
    }

    /** A float64 mixture samples in float64, as a single float64 GAN does. */
    @Test
    void float64MixtureSamplesInFloat64(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        assertThat(run(train(run, "--mix", "2", "--steps", "2", "--dtype", "float64"))).as(errText()).isEqualTo(0);
        Path npy = dir.resolve("s.npy");
        assertThat(run("sample", "--run", run.toString(), "--to", npy.toString(), "--n", "10")).as(errText()).isEqualTo(0);
        assertThat(new String(Files.readAllBytes(npy), java.nio.charset.StandardCharsets.ISO_8859_1)).contains("'descr': '<f8'");
    }

    @Test
    void mixtureFlagsWithoutMixAreRejected(@TempDir Path dir) {
        String[][] flags = {{"mix-update", "optimizer"}, {"mix-lr", "0.05"}, {"mix-entropy", "0.2"},
            {"mix-entropy-form", "shannon"}, {"mix-entropy-on", "generator"}, {"mix-noise", "independent"},
            {"mix-sample", "per-batch"}};
        for (String[] f : flags) {
            for (String[] mix : new String[][] {{}, {"--mix", "1"}}) {
                List<String> more = new java.util.ArrayList<>(List.of(mix));
                more.addAll(List.of("--" + f[0], f[1], "--steps", "1"));
                assertThat(run(train(dir.resolve("single"), more.toArray(String[]::new)))).as(f[0]).isEqualTo(2);
                assertThat(errText().strip().lines()).hasSize(1);
                assertThat(errText()).startsWith("tussle train: --" + f[0] + " applies to MIX+GAN only; add --mix K (K >= 2)");
            }
        }
        assertThat(dir.resolve("single")).doesNotExist();
        // A mixture setting at its default changes nothing and passes (a config.json given back as flags).
        assertThat(run(train(dir.resolve("single"), "--mix-lr", "1e-3", "--mix-sample", "per-sample", "--steps", "1")))
                .as(errText()).isEqualTo(0);
    }

    @Test
    void mixtureTooLargeForOneTensorIsRejectedBeforeTraining(@TempDir Path dir) {
        assertThat(run("train", "--out", dir.resolve("big").toString(), "--mix", "300", "--progress", "none")).isEqualTo(2);
        assertThat(errText().strip().lines()).hasSize(1);
        assertThat(errText()).startsWith("tussle train: --mix: 300 components with --batch 256, --eval-samples 2500 and "
                + "layers up to 128 wide need tensors of 2949120000 elements");
        assertThat(dir.resolve("big")).doesNotExist();
    }

    @Test
    void badMixValuesExitWithOneLineNamingTheFlag(@TempDir Path dir) {
        String[][] bad = {{"--mix", "0"}, {"--mix", "two"}, {"--mix", "-3"}, {"--mix", "100000"},
            {"--mix", "2", "--discriminator", "gaussian"}, {"--mix", "2", "--generator", "affine"}};
        for (String[] b : bad) {
            assertThat(run(train(dir.resolve("bad"), b))).as(List.of(b).toString()).isEqualTo(2);
            String e = errText();
            assertThat(e.strip().lines()).as(e).hasSize(1);
            assertThat(e).startsWith("tussle train: --mix: ");
        }
        for (String flag : new String[] {"mix-update", "mix-lr", "mix-entropy", "mix-entropy-form", "mix-entropy-on",
            "mix-noise", "mix-sample"}) {
            assertThat(run(train(dir.resolve("bad"), "--mix", "2", "--" + flag, "nonsense"))).isEqualTo(2);
            assertThat(errText().strip().lines()).hasSize(1);
            assertThat(errText()).startsWith("tussle train: --" + flag + ": expected ");
        }
        assertThat(run("train", "--mix")).isEqualTo(2);
        assertThat(errText()).contains("--mix needs a value");
    }
}
