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
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows).hasSize(20).allSatisfy(r -> assertThat(r.split(",")).hasSize(3));
        assertThat(rows).allSatisfy(r -> assertThat(r.split(",")[2]).isIn("0", "1", "2"));
        Path npy = dir.resolve("s.npy");
        assertThat(run("sample", "--run", run.toString(), "--to", npy.toString(), "--n", "20")).as(errText()).isEqualTo(0);
        assertThat(dir.resolve("s.components.npy")).exists();
    }

    @Test
    void badMixValuesExitWithOneLineNamingTheFlag(@TempDir Path dir) {
        String[][] bad = {{"--mix", "0"}, {"--mix", "two"}, {"--mix", "-3"}, {"--mix", "100000"},
            {"--mix", "2", "--discriminator", "gaussian"}};
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
