package dev.tussle.gan.train;

import dev.tussle.engine.Rng;
import dev.tussle.gan.metrics.MetricsReport;
import dev.tussle.gan.mix.MixtureTrainer;
import dev.tussle.gan.mix.TaggedSamples;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run folder and the loop that fills it: {@code config.json}, {@code log.jsonl} (one JSON
 * object per logged step, with metrics on evaluation steps), {@code checkpoint.safetensors}
 * (replaced atomically every {@code checkpoint-every} steps and at the end), and
 * {@code metrics.json} (the latest evaluation; all of them are in the log), {@code timing.json}
 * (wall time of this process's steps, evaluations included), and the pictures of
 * {@link RunPlots} on request. When training diverges, the last good checkpoint is
 * kept, the failing step is replayed in anomaly mode to name the op, and the run stops with a
 * {@link TrainingDivergedException} carrying both.
 */
public final class TrainingRun {
    /** The checkpoint's file name inside a run folder. */
    public static final String CHECKPOINT = "checkpoint.safetensors";

    private final Path dir;
    private final Trainer trainer;
    private final List<MetricsReport> evaluations = new ArrayList<>();
    private final List<StepStats> history = new ArrayList<>();
    private final List<RunPlots.Snapshot> snapshots = new ArrayList<>();

    private TrainingRun(Path dir, Trainer trainer) {
        this.dir = dir;
        this.trainer = trainer;
    }

    /**
     * A new run in {@code dir} (created). What an earlier run left there — log, metrics, timing,
     * checkpoint, pictures — is removed first, so that nothing can resume or plot a stale model.
     */
    public static TrainingRun start(Path dir, TrainConfig config) throws IOException {
        // First, so that a run that cannot start (no CUDA device, say) leaves the folder untouched.
        Trainer trainer = Trainers.create(config);
        Files.createDirectories(dir);
        for (String stale : new String[] {"log.jsonl", "metrics.json", "timing.json", "snapshots.csv", CHECKPOINT}) {
            Files.deleteIfExists(dir.resolve(stale));
        }
        try (var pngs = Files.newDirectoryStream(dir, "*.png")) {
            for (Path png : pngs) {
                Files.delete(png);
            }
        }
        Files.writeString(dir.resolve("config.json"), config.toJson() + "\n", StandardCharsets.UTF_8);
        return new TrainingRun(dir, trainer);
    }

    /**
     * The run in {@code dir}, to be continued from its checkpoint; {@code overrides} may change
     * settings such as {@code steps}. Log lines past the checkpoint's step (from a process that
     * stopped after it) are dropped, since those steps will be taken again.
     */
    public static TrainingRun resume(Path dir, Map<String, String> overrides) throws IOException {
        TrainingRun run = open(dir, overrides);
        if (run.trainer.config().steps() < run.trainer.stepCount()) {
            throw new IllegalArgumentException("--steps: " + run.trainer.config().steps() + " is below the step the run "
                    + "is at, " + run.trainer.stepCount() + " (a run does not go back; give a total of at least that)");
        }
        Files.writeString(dir.resolve("config.json"), run.trainer.config().toJson() + "\n", StandardCharsets.UTF_8);
        Path log = dir.resolve("log.jsonl");
        if (Files.exists(log)) {
            long resumed = run.trainer.stepCount();
            List<String> kept = new ArrayList<>();
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (RunLog.stepOf(line) <= resumed) {
                    kept.add(line);
                }
            }
            Path tmp = dir.resolve("log.jsonl.tmp");
            Files.writeString(tmp, String.join("\n", kept) + (kept.isEmpty() ? "" : "\n"), StandardCharsets.UTF_8);
            Files.move(tmp, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return run;
    }

    /**
     * The run in {@code dir} as its checkpoint left it, for reading (eval, sample, plot): nothing
     * in the folder changes. The snapshots in {@code snapshots.csv} up to the checkpoint's step
     * are kept, so that {@code plot} redraws the whole strip and a resumed run extends it.
     */
    public static TrainingRun open(Path dir, Map<String, String> overrides) throws IOException {
        TrainingRun run = new TrainingRun(dir, Trainers.resume(dir.resolve(CHECKPOINT), overrides));
        boolean tagged = run.trainer instanceof MixtureTrainer;
        for (RunPlots.Snapshot s : RunPlots.readSnapshots(dir, tagged)) {
            if (s.step() <= run.trainer.stepCount()) {
                run.snapshots.add(s);
            }
        }
        return run;
    }

    /** The trainer: a {@link GanTrainer}, or a MIX+GAN mixture trainer when {@code mix > 1}. */
    public Trainer trainer() {
        return trainer;
    }

    public Path dir() {
        return dir;
    }

    /** The evaluations made by this process, in order. */
    public List<MetricsReport> evaluations() {
        return List.copyOf(evaluations);
    }

    /** The step statistics of this process, in order. */
    public List<StepStats> history() {
        return List.copyOf(history);
    }

    /**
     * Trains to the configured number of steps.
     *
     * @param observer called after each step with the trainer (for snapshots); may be null
     * @throws TrainingDivergedException when a value becomes non-finite (the last good checkpoint stays)
     */
    public void run(Progress progress, java.util.function.Consumer<Trainer> observer) throws IOException {
        TrainConfig c = trainer.config();
        boolean hadCheckpoint = Files.exists(dir.resolve(CHECKPOINT)) && trainer.stepCount() > 0;
        long startStep = trainer.stepCount();
        long startNanos = System.nanoTime();
        try (BufferedWriter log = Files.newBufferedWriter(dir.resolve("log.jsonl"), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            if (trainer.stepCount() == 0) {
                evaluate(log, null);
            }
            while (!trainer.finished()) {
                StepStats s;
                try {
                    s = trainer.step();
                } catch (TrainingDivergedException e) {
                    Path good = hadCheckpoint ? dir.resolve(CHECKPOINT) : null;
                    String why = Trainers.diagnose(c, good, e.step());
                    log.write("{\"step\": " + e.step() + ", \"diverged\": \"" + escape(e.getMessage()) + "\"}\n");
                    throw new TrainingDivergedException(e.step(), e.getMessage() + "; " + why
                            + (good != null ? "; last good checkpoint: " + good : "; no checkpoint was written yet"));
                }
                history.add(s);
                progress.update(s);
                boolean last = trainer.finished();
                boolean eval = last || c.evalEvery() > 0 && s.step() % c.evalEvery() == 0;
                if (eval) {
                    evaluate(log, s);
                } else if (s.step() % c.logEvery() == 0) {
                    log.write("{" + s.jsonFields() + trainer.logFields() + "}\n");
                }
                if (last || c.checkpointEvery() > 0 && s.step() % c.checkpointEvery() == 0) {
                    trainer.saveCheckpoint(dir.resolve(CHECKPOINT));
                    hadCheckpoint = true;
                }
                if (observer != null) {
                    observer.accept(trainer);
                }
            }
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long steps = trainer.stepCount() - startStep;
        if (steps > 0) {
            // A resume of a finished run takes no step: the timing of those that were taken stays.
            Files.writeString(dir.resolve("timing.json"), String.format(java.util.Locale.ROOT,
                    "{\"steps\": %d, \"seconds\": %.3f, \"seconds_per_step\": %.6g}%n", steps, seconds,
                    seconds / steps), StandardCharsets.UTF_8);
        }
    }

    private void evaluate(BufferedWriter log, StepStats s) throws IOException {
        MetricsReport m = trainer.evaluate();
        evaluations.add(m);
        Rng snapshotRng = trainer.evaluationRng().fork(2);
        if (trainer instanceof MixtureTrainer mixture) {
            // The same samples as trainer.sample would draw, with the generator of each kept for colouring.
            TaggedSamples tagged = mixture.sampleTagged(500, snapshotRng);
            snapshots.add(new RunPlots.Snapshot(trainer.stepCount(), tagged.points(), tagged.components()));
        } else {
            snapshots.add(new RunPlots.Snapshot(trainer.stepCount(), trainer.sample(500, snapshotRng), null));
        }
        log.write("{" + (s == null ? "\"step\": 0" : s.jsonFields()) + trainer.logFields() + ", \"metrics\": "
                + m.toJson() + "}\n");
        log.flush();
        Files.writeString(dir.resolve("metrics.json"), m.toJson() + "\n", StandardCharsets.UTF_8);
    }

    /** Writes the run's pictures (see {@link RunPlots}), with the snapshots this process kept. */
    public List<Path> writePlots() throws IOException {
        return RunPlots.write(dir, trainer, snapshots);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
    }
}
