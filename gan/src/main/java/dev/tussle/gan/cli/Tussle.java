package dev.tussle.gan.cli;

import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.engine.cuda.CudaUnavailableException;
import dev.tussle.engine.io.CheckpointException;
import dev.tussle.engine.io.Npy;
import dev.tussle.gan.metrics.MetricsReport;
import dev.tussle.gan.mix.MixtureTrainer;
import dev.tussle.gan.mix.TaggedSamples;
import dev.tussle.gan.train.Progress;
import dev.tussle.gan.train.Setting;
import dev.tussle.gan.train.TrainConfig;
import dev.tussle.gan.train.Trainer;
import dev.tussle.gan.train.TrainingDivergedException;
import dev.tussle.gan.train.TrainingRun;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code tussle} command line: {@code train}, {@code resume}, {@code sample}, {@code eval}
 * and {@code plot}, each with {@code --help}. Exit codes: 0 success, 1 failure (I/O, divergence),
 * 2 usage error (one line naming the flag and what is allowed).
 */
public final class Tussle {
    private final PrintStream out;
    private final PrintStream err;

    Tussle(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * The engine's logger, held so that its level stays set: the kernel choice it reports at INFO
     * would add lines to every command's output ({@code -Dtussle.log=info} shows them).
     */
    private static final java.util.logging.Logger ENGINE_LOG = java.util.logging.Logger.getLogger("dev.tussle");

    private static final List<String> COMMANDS = List.of("train", "resume", "sample", "eval", "plot", "summarize");

    public static void main(String[] args) {
        java.util.logging.Level level = java.util.logging.Level.WARNING;
        try {
            level = java.util.logging.Level.parse(System.getProperty("tussle.log", "warning").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("tussle: -Dtussle.log: not a logging level (" + e.getMessage() + "); using warning");
        }
        ENGINE_LOG.setLevel(level);
        System.exit(new Tussle(System.out, System.err).run(args));
    }

    /** Runs one command line and returns its exit code. */
    int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(usage());
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
                out.print(help(command));
                return 0;
            }
            return switch (command) {
                case "train" -> train(rest);
                case "resume" -> resume(rest);
                case "sample" -> sample(rest);
                case "eval" -> eval(rest);
                case "plot" -> plot(rest);
                case "summarize" -> summarize(rest);
                default -> throw new UsageException("unknown command '" + command
                        + "'; commands: train, resume, sample, eval, plot, summarize (tussle --help)");
            };
        } catch (UsageException | IllegalArgumentException e) {
            // A usage message starts with its command's name ("train: --steps: ..."), but for an unknown command.
            String prefix = !(e instanceof UsageException) ? "tussle " + command + ": "
                    : COMMANDS.contains(command) ? "tussle " : "tussle: ";
            err.println(prefix + e.getMessage());
            return 2;
        } catch (TrainingDivergedException e) {
            err.println("tussle " + command + ": training diverged: " + e.getMessage());
            return 1;
        } catch (CudaUnavailableException e) {
            err.println("tussle " + command + ": --device cuda: " + e.getMessage());
            return 1;
        } catch (NoSuchFileException e) {
            err.println("tussle " + command + ": no such file: " + e.getMessage());
            return 1;
        } catch (IOException | UncheckedIOException e) {
            err.println("tussle " + command + ": " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            // A bug, not a usage error: one line for the user, the trace for the report.
            err.println("tussle " + command + ": internal error: " + e + " (stack trace follows; please report it)");
            e.printStackTrace(err);
            return 1;
        }
    }

    static String usage() {
        return """
                usage: tussle COMMAND [FLAGS]

                commands:
                  train    train a GAN on a 2-D or 1-D data set, writing a run folder
                  resume   continue a run from its checkpoint (bit-identical to an uninterrupted run)
                  sample   draw samples from a run's generator into a .csv or .npy file
                  eval     print a run's metrics (mode coverage, quality, reverse KL, distances) as JSON
                  plot     redraw a run's pictures (samples, discriminator, losses, metrics) from its folder
                  summarize  one table row (mean ± standard error) from the final metrics of several runs

                tussle COMMAND --help lists a command's flags.
                """;
    }

    String help(String command) {
        StringBuilder sb = new StringBuilder();
        switch (command) {
            case "train" -> {
                sb.append("usage: tussle train [--out DIR] [--progress auto|bar|lines|none] [--preset NAME] [--SETTING VALUE ...]\n\n");
                sb.append("  --out DIR              run folder (default runs/<data>-<objective>-seed<seed>)\n");
                sb.append("  --preset NAME          start from a named bundle of settings: " + String.join(", ",
                        TrainConfig.PRESETS.keySet()) + " (the hands-on 2-D essay's set-up); flags override it\n");
                sb.append("  --progress MODE        auto (bar on a terminal, lines otherwise), bar, lines, none\n");
                appendSettings(sb);
            }
            case "resume" -> {
                sb.append("usage: tussle resume --run DIR [--steps N] [--device cpu|cuda] [--progress MODE]\n\n");
                sb.append("  --run DIR              the run folder holding checkpoint.safetensors\n");
                sb.append("  --steps N              new total number of steps (default: the run's own)\n");
                sb.append("  --device D             continue on cpu or cuda (default: the device the run trained on)\n");
                sb.append("  --progress MODE        auto, bar, lines, none\n");
            }
            case "sample" -> {
                sb.append("usage: tussle sample --run DIR --to FILE [--n N] [--seed S] [--mix-sample MODE]\n\n");
                sb.append("  --run DIR              the run folder holding checkpoint.safetensors\n");
                sb.append("  --to FILE              output file, .csv (with a header: x,y) or .npy (for a --mix run: a\n");
                sb.append("                         last CSV column, component, or FILE.components.npy, tells the\n");
                sb.append("                         generator that made each sample)\n");
                sb.append("  --n N                  number of samples (default 2500)\n");
                sb.append("  --seed S               seed of the latent noise (default 0)\n");
                sb.append("  --mix-sample MODE      for a --mix run: per-sample (a generator drawn from w_G for each\n");
                sb.append("                         sample) or per-batch (one for all); default: the run's --mix-sample\n");
            }
            case "eval" -> {
                sb.append("usage: tussle eval --run DIR [--samples N]\n\n");
                sb.append("  --run DIR              the run folder holding checkpoint.safetensors\n");
                sb.append("  --samples N            generated samples to evaluate (default: the run's eval-samples)\n");
            }
            case "plot" -> {
                sb.append("usage: tussle plot --run DIR\n\n");
                sb.append("  --run DIR              the run folder holding checkpoint.safetensors and log.jsonl\n");
            }
            case "summarize" -> {
                sb.append("usage: tussle summarize --runs DIR[,DIR...] [--label TEXT]\n\n");
                sb.append("  --runs DIRS            comma-separated run folders (for example one per seed)\n");
                sb.append("  --label TEXT           the row's label (default: the first folder's name)\n");
                sb.append("\nprints: | label | runs | modes | % high quality | reverse KL | ms/step |\n");
            }
            default -> throw new UsageException("unknown command '" + command + "'; commands: train, resume, sample, eval, plot, summarize");
        }
        return sb.toString();
    }

    private static void appendSettings(StringBuilder sb) {
        sb.append("\nsettings (saved in the checkpoint; resume uses them):\n");
        for (Setting s : TrainConfig.SETTINGS) {
            String flag = "--" + s.name() + " " + (s.defaultValue().isEmpty() ? "\"\"" : s.defaultValue());
            sb.append(String.format(Locale.ROOT, "  %-30s %s%n", flag, s.help()));
        }
    }

    private int train(String[] args) throws IOException {
        Set<String> valued = new HashSet<>(Set.of("out", "progress", "preset"));
        Set<String> booleans = new HashSet<>();
        for (Setting s : TrainConfig.SETTINGS) {
            (s.defaultValue().equals("false") ? booleans : valued).add(s.name());
        }
        Map<String, String> flags = Flags.parse("train", args, valued, booleans);
        String outDir = flags.remove("out");
        Progress.Mode mode = progressMode("train", flags.remove("progress"));
        String preset = flags.remove("preset");
        String dataFile = flags.get("data-file");
        if (dataFile != null && !dataFile.isEmpty() && flags.containsKey("data")
                && !flags.get("data").equals(TrainConfig.defaults().data())) {
            throw new UsageException("train: --data and --data-file both name the data; give one");
        }
        if (outDir != null && Files.exists(Path.of(outDir)) && !Files.isDirectory(Path.of(outDir))) {
            throw new UsageException("train: --out: " + outDir + " is a file, not a folder");
        }
        if (dataFile != null && !dataFile.isEmpty()) {
            // Stored absolute, so that resume, sample, eval and plot find it from any directory.
            flags.put("data-file", Path.of(dataFile).toAbsolutePath().normalize().toString());
        }
        TrainConfig config = TrainConfig.fromMap(preset == null ? flags : TrainConfig.withPreset(preset, flags));
        config.requireUsed(flags);
        Path dir = Path.of(outDir != null ? outDir
                : "runs/" + config.dataName() + "-" + config.objective() + (config.mix().k() > 1 ? "-mix" + config.mix().k() : "")
                + "-seed" + config.seed());
        TrainingRun run = TrainingRun.start(dir, config);
        out.println("tussle train: " + config.dataName() + ", " + config.objective()
                + (config.mix().k() > 1 ? ", mixture of " + config.mix().k() : "") + ", " + config.steps() + " steps -> " + dir);
        return finish(run, mode);
    }

    private int resume(String[] args) throws IOException {
        Map<String, String> flags = Flags.parse("resume", args, Set.of("run", "steps", "progress", "device"), Set.of());
        Path dir = runDir(flags, "resume");
        Progress.Mode mode = progressMode("resume", flags.remove("progress"));
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String name : new String[] {"steps", "device"}) {
            if (flags.containsKey(name)) {
                overrides.put(name, flags.get(name));
            }
        }
        // The values checked as settings first: a bad one is the user's flag, not the checkpoint's.
        if (overrides.containsKey("device") && !List.of("cpu", "cuda").contains(overrides.get("device"))) {
            throw new UsageException("resume: --device: expected one of cpu, cuda, got '" + overrides.get("device") + "'");
        }
        if (overrides.containsKey("steps")) {
            checkSetting("resume", "steps", overrides.get("steps"));
        }
        TrainingRun run = openRun(dir, overrides, true);
        out.println("tussle resume: " + dir + " from step " + run.trainer().stepCount() + " to "
                + run.trainer().config().steps());
        return finish(run, mode);
    }

    private int finish(TrainingRun run, Progress.Mode mode) throws IOException {
        Trainer t = run.trainer();
        Progress progress = new Progress(out, mode, t.config().logEvery(), t.config().steps(), t.stepCount());
        run.run(progress, null);
        MetricsReport last = run.evaluations().isEmpty() ? t.evaluate() : run.evaluations().getLast();
        out.println("metrics: " + last.toJson());
        try {
            for (Path png : run.writePlots()) {
                out.println("wrote " + png);
            }
        } catch (RuntimeException | java.awt.AWTError | LinkageError e) {
            // The run itself is complete (checkpoint, log, metrics): only the pictures are missing.
            err.println("tussle: plots not written: " + plotFailure(e) + "; the run is complete, draw them where "
                    + "fonts are installed with: tussle plot --run " + run.dir());
        }
        out.println("run folder: " + run.dir().toAbsolutePath());
        return 0;
    }

    /** Why Java2D could not draw, in one line (a machine without fonts is the usual cause). */
    private static String plotFailure(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private int sample(String[] args) throws IOException {
        Map<String, String> flags = Flags.parse("sample", args, Set.of("run", "to", "n", "seed", "mix-sample"), Set.of());
        String to = flags.get("to");
        if (to == null || !(to.endsWith(".csv") || to.endsWith(".npy"))) {
            throw new UsageException("sample: --to must name a .csv or .npy file, got " + (to == null ? "nothing" : "'" + to + "'"));
        }
        Path dir = runDir(flags, "sample");
        int n = positiveInt("sample", "n", flags.getOrDefault("n", "2500"));
        long seed = longValue("sample", "seed", flags.getOrDefault("seed", "0"));
        String drawing = flags.get("mix-sample");
        if (drawing != null) {
            drawing = checkSetting("sample", "mix-sample", drawing);
        }
        Trainer t = openRun(dir, Map.of(), false).trainer();
        // A mixture's samples carry the generator that made each: a last CSV column, or a
        // FILE.components.npy beside the .npy.
        int[] components = null;
        Tensor samples;
        if (t instanceof MixtureTrainer m) {
            String mode = drawing != null ? drawing : t.config().mix().sampling();
            TaggedSamples tagged = m.sampleTagged(n, new Rng(seed), mode.equals("per-batch"));
            samples = tagged.points();
            components = tagged.components();
        } else {
            samples = t.sample(n, new Rng(seed));
        }
        Path file = Path.of(to);
        if (to.endsWith(".npy")) {
            Npy.write(file, samples);
            if (components != null) {
                Path tags = Path.of(to.substring(0, to.length() - 4) + ".components.npy");
                Npy.writeInts(tags, components);
                out.println("tussle sample: components -> " + tags);
            }
        } else {
            StringBuilder sb = new StringBuilder();
            int d = samples.shape().dim(1);
            // A header names the columns (CsvPoints skips it when the file is read back as data).
            for (int j = 0; j < d; j++) {
                sb.append(j == 0 ? "" : ",").append(d == 1 ? "x" : d == 2 ? (j == 0 ? "x" : "y") : "x" + j);
            }
            sb.append(components == null ? "" : ",component").append('\n');
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    sb.append(j == 0 ? "" : ",").append(samples.get(i, j));
                }
                sb.append(components == null ? "" : "," + components[i]).append('\n');
            }
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        }
        out.println("tussle sample: " + n + " samples" + (components == null ? "" : " tagged by component") + " -> " + file);
        return 0;
    }

    private int eval(String[] args) throws IOException {
        Map<String, String> flags = Flags.parse("eval", args, Set.of("run", "samples"), Set.of());
        Path dir = runDir(flags, "eval");
        Map<String, String> overrides = new LinkedHashMap<>();
        if (flags.containsKey("samples")) {
            overrides.put("eval-samples", Integer.toString(positiveInt("eval", "samples", flags.get("samples"))));
        }
        out.println(openRun(dir, overrides, false).trainer().evaluate().toJson());
        return 0;
    }

    private int plot(String[] args) throws IOException {
        Map<String, String> flags = Flags.parse("plot", args, Set.of("run"), Set.of());
        TrainingRun run = openRun(runDir(flags, "plot"), Map.of(), false);
        try {
            for (Path png : run.writePlots()) {
                out.println("wrote " + png);
            }
        } catch (RuntimeException | java.awt.AWTError | LinkageError e) {
            err.println("tussle plot: cannot draw on this machine: " + plotFailure(e));
            return 1;
        }
        return 0;
    }

    private int summarize(String[] args) throws IOException {
        Map<String, String> flags = Flags.parse("summarize", args, Set.of("runs", "label"), Set.of());
        String runs = flags.get("runs");
        if (runs == null || runs.isBlank()) {
            throw new UsageException("summarize: --runs DIR[,DIR...] is required");
        }
        List<Summary.RunResult> results = new java.util.ArrayList<>();
        for (String d : runs.split(",")) {
            Path dir = Path.of(d.trim());
            if (!Files.exists(dir.resolve("metrics.json"))) {
                throw new UsageException("summarize: --runs: " + dir + " holds no metrics.json (is it a finished run folder?)");
            }
            results.add(Summary.read(dir));
        }
        String label = flags.getOrDefault("label", results.get(0).dir().getFileName().toString());
        out.println(Summary.row(label, results));
        return 0;
    }

    /**
     * The run in {@code dir}: to continue training ({@code toContinue}), or only to read its model,
     * which happens on the CPU whatever device trained it (so a GPU run can be sampled, evaluated
     * and plotted anywhere).
     */
    private static TrainingRun openRun(Path dir, Map<String, String> overrides, boolean toContinue) throws IOException {
        if (!toContinue) {
            overrides = new LinkedHashMap<>(overrides);
            overrides.put("device", "cpu");
        }
        Path ckpt = dir.resolve(TrainingRun.CHECKPOINT);
        try {
            return toContinue ? TrainingRun.resume(dir, overrides) : TrainingRun.open(dir, overrides);
        } catch (CheckpointException e) {
            throw new IOException("cannot read checkpoint " + ckpt + ": " + e.getMessage(), e);
        }
    }

    private static Path runDir(Map<String, String> flags, String command) {
        String run = flags.get("run");
        if (run == null) {
            throw new UsageException(command + ": --run DIR is required (a folder written by tussle train)");
        }
        Path dir = Path.of(run);
        if (!Files.isRegularFile(dir.resolve(TrainingRun.CHECKPOINT))) {
            throw new UsageException(command + ": --run: " + dir + " is not a run folder (it holds no "
                    + TrainingRun.CHECKPOINT + "; run folders are written by tussle train)");
        }
        return dir;
    }

    /**
     * {@code value} as the training setting {@code name} reads it (normalized: "PER-BATCH" is
     * "per-batch"), a usage error of {@code command} if it does not.
     */
    private static String checkSetting(String command, String name, String value) {
        try {
            return TrainConfig.fromMap(Map.of(name, value)).toMap().get(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(command + ": " + e.getMessage());
        }
    }

    private static Progress.Mode progressMode(String command, String text) {
        if (text == null || text.equals("auto")) {
            return Progress.detect();
        }
        return switch (text) {
            case "bar" -> Progress.Mode.BAR;
            case "lines" -> Progress.Mode.LINES;
            case "none" -> Progress.Mode.NONE;
            default -> throw new UsageException(command + ": --progress: expected one of auto, bar, lines, none, got '"
                    + text + "'");
        };
    }

    private static int positiveInt(String command, String flag, String text) {
        try {
            int v = Integer.parseInt(text.trim());
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(command + ": --" + flag + ": expected a positive integer, got '" + text + "'");
    }

    private static long longValue(String command, String flag, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + flag + ": expected an integer, got '" + text + "'");
        }
    }
}
