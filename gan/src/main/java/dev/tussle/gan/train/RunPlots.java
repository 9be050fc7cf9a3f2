package dev.tussle.gan.train;

import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.gan.data.Modes;
import dev.tussle.gan.mix.MixtureTrainer;
import dev.tussle.gan.mix.TaggedSamples;
import dev.tussle.gan.plot.HeatMapPlot;
import dev.tussle.gan.plot.HistogramPlot;
import dev.tussle.gan.plot.LinePlot;
import dev.tussle.gan.plot.PlaneFunction;
import dev.tussle.gan.plot.Range;
import dev.tussle.gan.plot.ScatterPlot;
import dev.tussle.gan.plot.Series;
import dev.tussle.gan.plot.SnapshotStrip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The pictures of a run folder: {@code samples.png} (generated over real, with the modes' 3σ
 * circles; a histogram for 1-D data), {@code discriminator.png} (D over the plane as a heat map
 * with the 0.5 contour, samples overlaid), {@code losses.png}, {@code metrics.png} (modes
 * captured and % high quality over training, when the data has modes) and
 * {@code snapshots.png} (the generator at each evaluation, when snapshots were kept); for a
 * MIX+GAN mixture the samples are coloured by component and {@code weights.png} /
 * {@code weights-d.png} show both players' mixture weights over training.
 */
public final class RunPlots {
    private static final int SAMPLES = 2500;

    private RunPlots() {
    }

    /** Writes every picture for the run in {@code dir}; {@code snapshots} may be empty. */
    public static List<Path> write(Path dir, Trainer trainer, List<Snapshot> snapshots) throws IOException {
        List<Path> written = new ArrayList<>();
        Rng rng = new Rng(trainer.config().seed()).fork(7);
        Tensor real = trainer.data().sample(rng, SAMPLES);
        // A mixture's samples are drawn once, tagged with the generator that drew each (for the
        // colours), and the same points go under the discriminator's heat map.
        TaggedSamples tagged = trainer instanceof MixtureTrainer mixture ? mixture.sampleTagged(SAMPLES, rng.fork(3)) : null;
        Tensor fake = tagged != null ? tagged.points() : trainer.sample(SAMPLES, rng);
        String subtitle = trainer.data().name() + ", " + trainer.config().objective() + ", step " + trainer.stepCount();
        Optional<Modes> modes = trainer.data().modes();
        if (trainer.data().dim() == 2) {
            ScatterPlot scatter = new ScatterPlot().title("samples: " + subtitle).real(real);
            scatter.generated(fake);
            if (tagged != null) {
                scatter.components(tagged.components());
            }
            modes.ifPresent(scatter::modes);
            written.add(png(dir, "samples.png", scatter, 720, 640));
            Range x = Range.covering(new Range(-1, 1), column(real, 0), column(fake, 0)).padded(0.15);
            Range y = Range.covering(new Range(-1, 1), column(real, 1), column(fake, 1)).padded(0.15);
            boolean probability = trainer.config().objectiveFunction().f().outputIsLogit();
            HeatMapPlot heat = new HeatMapPlot(PlaneFunction.batched(trainer::discriminate), x, y)
                    .title("discriminator: " + subtitle).real(real.slice(0, 0, 500)).generated(fake.slice(0, 0, 500));
            heat = probability ? heat.valueLabel("D(x)").valueRange(new Range(0, 1)).contours(0.5)
                    : heat.valueLabel("critic score").rawValues();
            written.add(png(dir, "discriminator.png", heat, 760, 640));
            if (!snapshots.isEmpty()) {
                List<String> titles = snapshots.stream().map(s -> "step " + s.step()).toList();
                List<Tensor> samples = snapshots.stream().map(Snapshot::samples).toList();
                List<int[]> tags = snapshots.stream().map(Snapshot::components).toList();
                SnapshotStrip strip = SnapshotStrip.of(real.slice(0, 0, 500), titles, samples, tags)
                        .title("generator over training: " + trainer.data().name()
                                + (trainer instanceof MixtureTrainer ? " (coloured by generator)" : ""));
                written.add(png(dir, "snapshots.png", strip, Math.min(16000, 260 * snapshots.size() + 40), 300));
                written.add(writeSnapshotsCsv(dir, snapshots));
            }
        } else if (trainer.data().dim() == 1) {
            HistogramPlot hist = new HistogramPlot().title("samples: " + subtitle).real(real).bins(60);
            hist.generated(fake);
            if (tagged != null) {
                hist.components(tagged.components()); // stacked by the generator that drew each sample
            }
            written.add(png(dir, "samples.png", hist, 720, 480));
        }
        RunLog log = RunLog.read(dir);
        LinePlot losses = new LinePlot().title("losses: " + trainer.data().name()).labels("step", "loss")
                .add(series("discriminator", log.series("loss_d"))).add(series("generator", log.series("loss_g")));
        written.add(png(dir, "losses.png", losses, 720, 420));
        if (modes.isPresent()) {
            LinePlot metrics = new LinePlot().title("mode coverage: " + trainer.data().name()).labels("step", "value")
                    .add(series("modes captured / " + modes.get().count(), scaled(log.series("modesCaptured"),
                            1.0 / modes.get().count())))
                    .add(series("high-quality fraction", log.series("highQualityFraction")));
            written.add(png(dir, "metrics.png", metrics, 720, 420));
        }
        if (trainer instanceof MixtureTrainer mixture) {
            written.add(png(dir, "weights.png", weightsPlot(log, "weights_g", mixture.k(), "generator")
                    .title("mixture weights w_G: " + trainer.data().name()), 720, 420));
            written.add(png(dir, "weights-d.png", weightsPlot(log, "weights_d", mixture.k(), "discriminator")
                    .title("mixture weights w_D: " + trainer.data().name()), 720, 420));
        }
        return written;
    }

    private static LinePlot weightsPlot(RunLog log, String key, int k, String who) {
        LinePlot plot = new LinePlot().labels("step", "weight").componentColours();
        for (int i = 0; i < k; i++) {
            plot.add(series(who + " " + i, log.arraySeries(key, i)));
        }
        return plot;
    }

    /**
     * Generated samples kept at one step, for the snapshot strip; {@code components} tags each
     * row with the mixture generator that drew it, or is null for a single GAN.
     */
    public record Snapshot(long step, Tensor samples, int[] components) {
    }

    /**
     * {@code snapshots.csv}: the snapshot samples behind the strip, one row per sample
     * ({@code step,component,x,y}; component 0 for a single GAN), for analysis outside Tussle.
     */
    private static Path writeSnapshotsCsv(Path dir, List<Snapshot> snapshots) throws IOException {
        StringBuilder b = new StringBuilder("step,component,x,y\n");
        for (Snapshot s : snapshots) {
            int n = s.samples().shape().dim(0);
            for (int i = 0; i < n; i++) {
                b.append(s.step()).append(',').append(s.components() == null ? 0 : s.components()[i]).append(',')
                        .append((float) s.samples().get(i, 0)).append(',').append((float) s.samples().get(i, 1)).append('\n');
            }
        }
        Path file = dir.resolve("snapshots.csv");
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
        return file;
    }

    /**
     * The snapshots that {@code snapshots.csv} in {@code dir} holds, in step order, or none when
     * there is no such file; {@code tagged} keeps the component column (a mixture's runs).
     *
     * @throws IOException when the file cannot be read or a row is not {@code step,component,x,y}
     */
    static List<Snapshot> readSnapshots(Path dir, boolean tagged) throws IOException {
        Path file = dir.resolve("snapshots.csv");
        if (!Files.exists(file)) {
            return List.of();
        }
        Map<Long, List<double[]>> rows = new TreeMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            try {
                if (f.length != 4) {
                    throw new NumberFormatException(f.length + " fields");
                }
                rows.computeIfAbsent(Long.parseLong(f[0]), k -> new ArrayList<>())
                        .add(new double[] {Integer.parseInt(f[1]), Float.parseFloat(f[2]), Float.parseFloat(f[3])});
            } catch (NumberFormatException e) {
                throw new IOException(file + ": line " + (i + 1) + " is not step,component,x,y: '" + lines.get(i) + "'");
            }
        }
        List<Snapshot> out = new ArrayList<>();
        rows.forEach((step, r) -> {
            float[] xy = new float[2 * r.size()];
            int[] components = new int[r.size()];
            for (int i = 0; i < r.size(); i++) {
                components[i] = (int) r.get(i)[0];
                xy[2 * i] = (float) r.get(i)[1];
                xy[2 * i + 1] = (float) r.get(i)[2];
            }
            out.add(new Snapshot(step, Tensor.of(xy, r.size(), 2), tagged ? components : null));
        });
        return out;
    }

    private static Path png(Path dir, String name, dev.tussle.gan.plot.Plot plot, int w, int h) throws IOException {
        Path file = dir.resolve(name);
        plot.writePng(file, w, h);
        return file;
    }

    private static Series series(String name, RunLog.Points p) {
        return new Series(name, p.steps(), p.values());
    }

    private static RunLog.Points scaled(RunLog.Points p, double factor) {
        double[] v = p.values();
        for (int i = 0; i < v.length; i++) {
            v[i] *= factor;
        }
        return new RunLog.Points(p.steps(), v);
    }

    private static double[] column(Tensor t, int j) {
        int n = t.shape().dim(0);
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = t.get(i, j);
        }
        return c;
    }
}
