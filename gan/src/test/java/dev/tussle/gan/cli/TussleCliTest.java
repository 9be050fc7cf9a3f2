package dev.tussle.gan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TussleCliTest {
    private final CliHarness cli = new CliHarness();

    private int run(String... args) {
        return cli.run(args);
    }

    private String out() {
        return cli.out();
    }

    private String err() {
        return cli.err();
    }

    @Test
    void helpEverywhere() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("train", "resume", "sample", "eval", "plot");
        for (String c : new String[] {"train", "resume", "sample", "eval", "plot", "summarize"}) {
            assertThat(run(c, "--help")).as(c).isZero();
            assertThat(out()).startsWith("usage: tussle " + c);
        }
        assertThat(run("train", "--help")).isZero();
        assertThat(out()).contains("--objective nonsaturating", "--gp 0", "--consensus 0", "--seed 1");
        assertThat(run()).isEqualTo(2);
    }

    @Test
    void badFlagsAndValuesAreOneLineUsageErrors() {
        String[][] cases = {
            {"--steps", "abc", "--steps: expected an integer >= 1, got 'abc'"},
            {"--steps", "0", "--steps: expected an integer >= 1, got '0'"},
            {"--objective", "wgan-gpx", "--objective: expected one of minimax, nonsaturating, wasserstein, leastsquares, hinge"},
            {"--data", "ring9", "--data: expected one of two-points, four-points, circle, ring8"},
            {"--lr-d", "-1", "--lr-d: expected a positive number, got '-1'"},
            {"--g-hidden", "128,x", "--g-hidden: expected comma-separated positive widths"},
            {"--beta1", "1.5", "--beta1: expected a number in [0, "},
            {"--gp-one-sided", "maybe", "--gp-one-sided: expected true or false, got 'maybe'"},
            {"--frobnicate", "1", "unknown flag --frobnicate"},
            {"--progress", "sometimes", "--progress: expected one of auto, bar, lines, none"},
        };
        for (String[] c : cases) {
            assertThat(run("train", c[0], c[1])).as(c[0]).isEqualTo(2);
            assertThat(err()).as(c[0]).startsWith("tussle ").contains(c[2]);
            assertThat(err().strip().lines().count()).as("one line for " + c[0]).isEqualTo(1);
        }
        assertThat(run("train", "--steps")).isEqualTo(2);
        assertThat(err()).contains("--steps needs a value");
        assertThat(run("train", "stray")).isEqualTo(2);
        assertThat(err()).contains("unexpected argument 'stray'");
        assertThat(run("train", "--steps", "5", "--steps", "6")).isEqualTo(2);
        assertThat(err()).contains("--steps is given twice");
        assertThat(run("frob")).isEqualTo(2);
        assertThat(err()).startsWith("tussle: unknown command 'frob'");
        assertThat(run("train", "--progress", "sometimes")).isEqualTo(2);
        assertThat(err()).startsWith("tussle train: --progress: expected one of auto, bar, lines, none");
        assertThat(run("sample", "--run", "x", "--to", "out.txt")).isEqualTo(2);
        assertThat(err()).contains("--to must name a .csv or .npy file");
        assertThat(run("eval")).isEqualTo(2);
        assertThat(err()).contains("--run DIR is required");
    }

    /** The one-line, exit-2 answers to the bad values an audit of the command line tried. */
    @Test
    void badPathsAndResumeValuesAreOneLineUsageErrors(@TempDir Path dir) throws Exception {
        // A value-taking flag followed by another flag lacks its value (no folder named --gp-one-sided).
        assertThat(run("train", "--steps", "1", "--out", "--gp-one-sided")).isEqualTo(2);
        assertThat(err()).startsWith("tussle train: --out needs a value");
        assertThat(run("train", "--steps", "--batch", "5")).isEqualTo(2);
        assertThat(err()).startsWith("tussle train: --steps needs a value");

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "1,2\n3,abc\n");
        String[][] dataFiles = {{dir.resolve("absent.csv").toString(), "is not a readable file"},
            {dir.toString(), "is not a readable file"}, {bad.toString(), "line 2, column 2: 'abc' is not a number"}};
        for (String[] f : dataFiles) {
            assertThat(run("train", "--data-file", f[0], "--steps", "1", "--out", dir.resolve("x").toString())).isEqualTo(2);
            assertThat(err().strip().lines()).hasSize(1);
            assertThat(err()).startsWith("tussle train: --data-file: ").contains(f[1]);
        }

        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        assertThat(run("train", "--out", file.toString(), "--steps", "1")).isEqualTo(2);
        assertThat(err()).startsWith("tussle train: --out: " + file + " is a file, not a folder");
        assertThat(run("train", "--data", "grid25", "--data-file", bad.toString(), "--steps", "1")).isEqualTo(2);
        assertThat(err()).startsWith("tussle train: --data and --data-file both name the data; give one");

        // A data set's shape given for another data set would be recorded and do nothing.
        assertThat(run("train", "--data", "grid25", "--ring-radius", "2", "--steps", "1", "--out", dir.resolve("y").toString()))
                .isEqualTo(2);
        assertThat(err()).startsWith("tussle train: --ring-radius applies to --data ring8 only; this run trains on grid25");

        assertThat(run("train", "--generator", "affine", "--g-hidden", "64", "--steps", "1")).isEqualTo(2);
        assertThat(err()).startsWith("tussle train: --g-hidden applies to MLPs only; this run has --generator affine");
        assertThat(run("train", "--discriminator", "gaussian", "--d-hidden", "64", "--steps", "1")).isEqualTo(2);
        assertThat(err()).startsWith("tussle train: --d-hidden applies to MLPs only; this run has --discriminator gaussian");

        // A relative --data-file is stored absolute: resume, sample, eval and plot find it from anywhere.
        Path points = dir.resolve("points.csv");
        Files.writeString(points, "0.1,0.2\n0.3,0.4\n0.5,0.1\n");
        String relative = Path.of("").toAbsolutePath().relativize(points).toString();
        Path run = dir.resolve("run");
        assertThat(run("train", "--data-file", relative, "--steps", "4", "--batch", "2", "--g-hidden", "4",
                "--d-hidden", "4", "--eval-samples", "10", "--progress", "none", "--out", run.toString())).as(err()).isZero();
        assertThat(Files.readString(run.resolve("config.json"))).contains("\"data-file\": \"" + points + "\"");
        assertThat(out()).contains("tussle train: points.csv, ");

        String timing = Files.readString(run.resolve("timing.json"));
        String[][] resumes = {{"--steps", "2", "--steps: 2 is below the step the run is at, 4"},
            {"--steps", "abc", "--steps: expected an integer >= 1, got 'abc'"},
            {"--device", "gpu", "--device: expected one of cpu, cuda, got 'gpu'"}};
        for (String[] r : resumes) {
            assertThat(run("resume", "--run", run.toString(), r[0], r[1], "--progress", "none")).as(r[1]).isEqualTo(2);
            assertThat(err().strip().lines()).hasSize(1);
            assertThat(err()).startsWith("tussle resume: " + r[2]);
        }
        assertThat(Files.readString(run.resolve("config.json"))).contains("\"steps\": \"4\"");
        // Resuming a finished run takes no step and leaves the timing of those that were taken.
        assertThat(run("resume", "--run", run.toString(), "--progress", "none")).as(err()).isZero();
        assertThat(Files.readString(run.resolve("timing.json"))).isEqualTo(timing);
    }

    @Test
    void trainResumeSampleEvalPlotEndToEnd(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        assertThat(run("train", "--out", run.toString(), "--data", "two-points", "--steps", "30", "--batch", "32",
                "--g-hidden", "8", "--d-hidden", "8", "--eval-every", "10", "--eval-samples", "200", "--log-every", "5",
                "--progress", "lines")).as(err()).isZero();
        assertThat(out()).contains("step 30/30", "metrics: {", "wrote ");
        for (String f : new String[] {"config.json", "log.jsonl", "checkpoint.safetensors", "metrics.json", "timing.json", "samples.png",
                "discriminator.png", "losses.png", "metrics.png", "snapshots.png"}) {
            assertThat(run.resolve(f)).as(f).exists();
        }
        assertThat(Files.readString(run.resolve("config.json"))).contains("\"data\": \"two-points\"", "\"steps\": \"30\"");
        // step 0 and steps 10, 20, 30 with metrics; steps 5, 15, 25 plain
        assertThat(Files.readAllLines(run.resolve("log.jsonl"))).hasSize(7);
        // 200 samples are few enough for the exact W1 at every evaluation, as for the other distances.
        assertThat(dev.tussle.gan.train.RunLog.read(run).series("exactWasserstein").steps()).containsExactly(0, 10, 20, 30);

        // A line from a process that went past the checkpoint is dropped on resume.
        Files.writeString(run.resolve("log.jsonl"), "{\"step\": 35, \"stale\": true}\n", StandardOpenOption.APPEND);
        assertThat(run("resume", "--run", run.toString(), "--steps", "40", "--progress", "none")).as(err()).isZero();
        assertThat(Files.readString(run.resolve("log.jsonl"))).doesNotContain("stale");
        assertThat(out()).contains("from step 30 to 40");
        assertThat(Files.readString(run.resolve("log.jsonl"))).contains("\"step\": 40");
        // The strip and its CSV keep the snapshots from before the resume.
        assertThat(Files.readAllLines(run.resolve("snapshots.csv")).stream().skip(1).map(l -> l.split(",")[0]).distinct())
                .containsExactly("0", "10", "20", "30", "40");

        Path csv = dir.resolve("s.csv");
        assertThat(run("sample", "--run", run.toString(), "--to", csv.toString(), "--n", "7")).as(err()).isZero();
        List<String> sampled = Files.readAllLines(csv);
        assertThat(sampled).hasSize(8).allMatch(l -> l.split(",").length == 2);
        assertThat(sampled.get(0)).isEqualTo("x,y");
        // Read back as a data set (--data csv:FILE), the header is skipped.
        assertThat(dev.tussle.gan.data.CsvPoints.read(csv)).hasDimensions(7, 2);
        Path npy = dir.resolve("s.npy");
        assertThat(run("sample", "--run", run.toString(), "--to", npy.toString(), "--n", "5")).isZero();
        assertThat(Files.size(npy)).isEqualTo(128 + 5 * 2 * 4);

        assertThat(run("eval", "--run", run.toString(), "--samples", "100")).as(err()).isZero();
        assertThat(out()).contains("\"step\":40", "\"sampleCount\":100", "modesCaptured");
        assertThat(out()).containsPattern("\"slicedWasserstein\":[0-9.E-]+,\"exactWasserstein\":[0-9.E-]+,");
        assertThat(Files.readString(run.resolve("config.json"))).as("eval reads, never rewrites")
                .contains("\"eval-samples\": \"200\"");

        assertThat(run("summarize", "--runs", run + "," + run, "--label", "two points")).as(err()).isZero();
        assertThat(out().strip()).matches("\\| two points \\| 2 \\| [0-9.]+ ± 0\\.00 \\| [0-9.]+ ± 0\\.00 \\| .* \\| [0-9.]+ ± [0-9.]+ \\|");
        // One run has no standard error: its values alone.
        assertThat(run("summarize", "--runs", run.toString(), "--label", "one")).as(err()).isZero();
        assertThat(out().strip()).matches("\\| one \\| 1 \\| [0-9.]+ \\(one run\\) \\| [0-9.]+ \\(one run\\) \\| .* \\|")
                .doesNotContain("NaN");
        assertThat(run("summarize")).isEqualTo(2);
        assertThat(err()).contains("--runs DIR[,DIR...] is required");

        Files.delete(run.resolve("samples.png"));
        Files.delete(run.resolve("snapshots.png"));
        String snapshotsCsv = Files.readString(run.resolve("snapshots.csv"));
        assertThat(run("plot", "--run", run.toString())).isZero();
        assertThat(run.resolve("samples.png")).exists();
        // plot redraws the strip from snapshots.csv, which it leaves as it was.
        assertThat(run.resolve("snapshots.png")).exists();
        assertThat(Files.readString(run.resolve("snapshots.csv"))).isEqualTo(snapshotsCsv);

        // A new run in the same folder removes what the old one left, checkpoint included.
        assertThat(run("train", "--out", run.toString(), "--steps", "abc")).isEqualTo(2);
        assertThat(run.resolve("checkpoint.safetensors")).exists();
        assertThat(run("train", "--out", run.toString(), "--data", "two-points", "--steps", "5", "--batch", "16",
                "--g-hidden", "4", "--d-hidden", "4", "--eval-samples", "50", "--checkpoint-every", "0",
                "--progress", "none")).isZero();
        assertThat(Files.readString(run.resolve("log.jsonl"))).doesNotContain("\"step\": 40");

        // A --run that names no run folder is a bad value: one line naming the flag, exit 2.
        for (String command : new String[] {"eval", "sample", "plot", "resume"}) {
            String[] args = command.equals("sample")
                    ? new String[] {command, "--run", dir.resolve("nothing").toString(), "--to", dir.resolve("x.csv").toString()}
                    : new String[] {command, "--run", dir.resolve("nothing").toString()};
            assertThat(run(args)).as(command).isEqualTo(2);
            assertThat(err().strip().lines()).hasSize(1);
            assertThat(err()).startsWith("tussle " + command + ": --run: " + dir.resolve("nothing") + " is not a run folder")
                    .contains("checkpoint.safetensors");
        }
    }
}
