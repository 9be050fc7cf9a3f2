package dev.tussle.gan.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.gan.data.DataSet;
import dev.tussle.gan.data.DataSets;
import dev.tussle.gan.data.Points;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every plot type is written as a PNG that decodes, has the requested size and shows its data
 * (pixels of the data colours exist). Set the system property {@code tussle.plot.gallery} to a
 * directory to keep the PNGs for looking at.
 */
class PlotsTest {
    @TempDir
    Path tempDir;

    private Path out(String name) throws IOException {
        String gallery = System.getProperty("tussle.plot.gallery");
        Path dir = gallery == null ? tempDir : Files.createDirectories(Path.of(gallery));
        return dir.resolve(name);
    }

    /** A GAN that found three of the eight ring modes, with some spread. */
    static Tensor partlyCollapsedRing(int n, Rng rng) {
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            double angle = 2 * Math.PI * (i % 3) / 8;
            rows[i] = new double[] {Math.cos(angle) + 0.04 * rng.nextGaussian(), Math.sin(angle) + 0.04 * rng.nextGaussian()};
        }
        return Points.tensor(rows);
    }

    @Test
    void scatterOfGeneratedOverRealWithModes() throws IOException {
        DataSet ring = DataSets.byName("ring8");
        Path file = out("scatter.png");
        new ScatterPlot().title("ring8, step 2000").real(ring.sample(new Rng(1), 2500))
                .generated(partlyCollapsedRing(2500, new Rng(2))).modes(ring.modes().orElseThrow())
                .writePng(file, 640, 600);
        BufferedImage image = readBack(file, 640, 600);
        assertThat(countNear(image, Palette.GENERATED, 60)).isGreaterThan(100);
        assertThat(countNear(image, Palette.REAL, 60)).isGreaterThan(20);
    }

    @Test
    void scatterColouredByComponent() throws IOException {
        Rng rng = new Rng(3);
        DataSet grid = DataSets.byName("grid25");
        Tensor generated = grid.sample(rng, 1500);
        int[] tags = new int[1500];
        float[] g = generated.toFloatArray();
        for (int i = 0; i < tags.length; i++) {
            tags[i] = g[2 * i] < -1 ? 0 : g[2 * i] < 1 ? 1 : 2; // a component per band of columns
        }
        Path file = out("scatter-components.png");
        new ScatterPlot().title("grid25, MIX+GAN components").real(grid.sample(rng, 1500)).generated(generated)
                .components(tags).writePng(file, 600, 600);
        BufferedImage image = readBack(file, 600, 600);
        assertThat(countNear(image, Palette.component(0), 50)).isGreaterThan(50);
        assertThat(countNear(image, Palette.component(2), 50)).isGreaterThan(50);
        assertThatThrownBy(() -> new ScatterPlot().generated(generated).components(new int[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 tags for 1500 generated samples");
    }

    @Test
    void discriminatorHeatMapWithContoursAndColourBar() throws IOException {
        // A discriminator that likes the unit circle: D = exp(−(r − 1)² / 0.08).
        PlaneFunction d = PlaneFunction.pointwise((x, y) -> Math.exp(-Math.pow(Math.hypot(x, y) - 1, 2) / 0.08));
        Path file = out("heatmap.png");
        new HeatMapPlot(d, new Range(-2, 2), new Range(-2, 2)).title("D(x) at step 1000").contours(0.5)
                .real(DataSets.byName("circle").sample(new Rng(4), 500)).generated(partlyCollapsedRing(500, new Rng(5)))
                .writePng(file, 720, 600);
        BufferedImage image = readBack(file, 720, 600);
        assertThat(countNear(image, new Color(Palette.viridisRgb(1.0)), 30)).isGreaterThan(200);
        assertThat(countNear(image, new Color(Palette.viridisRgb(0.0)), 30)).isGreaterThan(200);
    }

    @Test
    void heatMapOfRawBatchedValues() throws IOException {
        PlaneFunction critic = PlaneFunction.batched(x -> x.slice(1, 0, 1).mul(3.0).sub(x.slice(1, 1, 2).square()));
        Path file = out("heatmap-raw.png");
        new HeatMapPlot(critic, new Range(-1, 1), new Range(-1, 1)).title("WGAN critic f(x)").valueLabel("f(x)")
                .rawValues().contours(-1, 0, 1).resolution(60).writePng(file, 640, 520);
        readBack(file, 640, 520);
        assertThatThrownBy(() -> PlaneFunction.batched(x -> x).evaluate(new double[][] {{1, 2}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("returned shape [1, 2] for 1 points");
    }

    @Test
    void lossCurvesWithLegend() throws IOException {
        int n = 400;
        double[] steps = new double[n];
        double[] dLoss = new double[n];
        double[] gLoss = new double[n];
        for (int i = 0; i < n; i++) {
            steps[i] = 10 * i;
            dLoss[i] = 1.386 - 0.5 * (1 - Math.exp(-i / 80.0)) + 0.05 * Math.sin(i / 5.0);
            gLoss[i] = 0.693 + 0.9 * (1 - Math.exp(-i / 60.0)) + 0.08 * Math.cos(i / 7.0);
        }
        gLoss[200] = Double.NaN; // a gap
        Path file = out("losses.png");
        new LinePlot().title("losses").labels("step", "loss").add(new Series("discriminator", steps, dLoss))
                .add(new Series("generator", steps, gLoss)).writePng(file, 700, 420);
        BufferedImage image = readBack(file, 700, 420);
        assertThat(countNear(image, Palette.categorical(0), 40)).isGreaterThan(300);
        assertThat(countNear(image, Palette.categorical(1), 40)).isGreaterThan(300);
    }

    @Test
    void metricsOnALogarithmicAxis() throws IOException {
        int n = 60;
        double[] steps = new double[n];
        double[] energy = new double[n];
        double[] sliced = new double[n];
        for (int i = 0; i < n; i++) {
            steps[i] = 100 * i;
            energy[i] = 2.0 * Math.exp(-i / 8.0) + 2e-4;
            sliced[i] = 0.8 * Math.exp(-i / 12.0) + 5e-3;
        }
        sliced[30] = 0; // no logarithm: a gap
        Path file = out("metrics-log.png");
        new LinePlot().title("distances to the data").labels("step", "distance").logY()
                .add(new Series("energy distance", steps, energy)).add(new Series("sliced W1", steps, sliced))
                .writePng(file, 700, 420);
        BufferedImage image = readBack(file, 700, 420);
        assertThat(countNear(image, Palette.categorical(0), 40)).isGreaterThan(300);
    }

    @Test
    void logAxisMapsDecadesToEqualDistances() {
        Axes axes = Axes.logY(new Rectangle(0, 0, 100, 300), new Range(0, 1), new Range(1e-3, 1));
        assertThat(axes.py(1e-3)).isCloseTo(300, within(1e-9));
        assertThat(axes.py(1e-2)).isCloseTo(200, within(1e-9));
        assertThat(axes.dataY(100)).isCloseTo(0.1, within(1e-12));
        assertThatThrownBy(() -> Axes.logY(new Rectangle(0, 0, 10, 10), new Range(0, 1), new Range(-1, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Axes.logY");
    }

    @Test
    void stripOfSnapshotsSharesItsRanges() throws IOException {
        DataSet ring = DataSets.byName("ring8");
        Rng rng = new Rng(6);
        List<String> titles = new ArrayList<>();
        List<Tensor> snapshots = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            titles.add("step " + 500 * s);
            double spread = 0.6 / (1 + 2 * s);
            double[][] rows = new double[800][];
            for (int i = 0; i < rows.length; i++) {
                double angle = 2 * Math.PI * (i % (2 * s + 1)) / 8;
                double scale = s / 3.0;
                rows[i] = new double[] {scale * Math.cos(angle) + spread * rng.nextGaussian(),
                    scale * Math.sin(angle) + spread * rng.nextGaussian()};
            }
            snapshots.add(Points.tensor(rows));
        }
        Path file = out("strip.png");
        SnapshotStrip.of(ring.sample(rng, 800), titles, snapshots).title("ring8: GAN samples during training")
                .writePng(file, 1200, 360);
        BufferedImage image = readBack(file, 1200, 360);
        assertThat(countNear(image, Palette.GENERATED, 60)).isGreaterThan(100);
        assertThatThrownBy(() -> SnapshotStrip.of(null, List.of("a"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 titles and 0 snapshots");
    }

    @Test
    void histogramOfGeneratedVersusRealWithTrueDensity() throws IOException {
        Rng rng = new Rng(7);
        Tensor real = DataSets.gaussian1d(0, 1).sample(rng, 2500);
        Tensor generated = DataSets.gaussian1d(0.3, 0.35).sample(rng, 2500);
        Path file = out("histogram.png");
        new HistogramPlot().title("1-D Gaussian: generator collapsing").real(real).generated(generated)
                .density("N(0, 1)", x -> Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI)).writePng(file, 640, 420);
        BufferedImage image = readBack(file, 640, 420);
        assertThat(countNear(image, Palette.GENERATED, 40)).isGreaterThan(200);
    }

    /** A 1-D mixture's histogram stacks each generator's share in its colour, where its samples are. */
    @Test
    void histogramStackedByComponent() throws IOException {
        Rng rng = new Rng(11);
        int n = 3000;
        double[] x = new double[n];
        int[] tags = new int[n];
        for (int i = 0; i < n; i++) {
            tags[i] = i % 2;
            x[i] = (tags[i] == 0 ? -1.5 : 1.5) + 0.3 * rng.nextGaussian();
        }
        Tensor generated = Tensor.of(x, n, 1);
        Path file = out("histogram-components.png");
        new HistogramPlot().title("1-D mixture of two generators").real(DataSets.gaussian1d(0, 1).sample(rng, n))
                .generated(generated).components(tags).writePng(file, 640, 420);
        BufferedImage image = readBack(file, 640, 420);
        double[] left = new double[2];
        for (int c = 0; c < 2; c++) {
            Color bar = blendedOnWhite(Palette.component(c), 0.55);
            assertThat(countNear(image, bar, 12)).as("component %d", c).isGreaterThan(1000);
            left[c] = fractionLeftOfCentre(image, bar, 12);
        }
        // Generator 0 drew around -1.5, generator 1 around +1.5: their bars sit on those sides.
        assertThat(left[0]).isGreaterThan(0.9);
        assertThat(left[1]).isLessThan(0.1);
        assertThatThrownBy(() -> new HistogramPlot().generated(generated).components(new int[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 tags for 3000 generated samples");
        assertThatThrownBy(() -> new HistogramPlot().components(new int[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 tags for no generated samples");
        int[] negative = tags.clone();
        negative[5] = -1;
        assertThatThrownBy(() -> new HistogramPlot().generated(generated).components(negative))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tag 5 is -1");
    }

    private static Color blendedOnWhite(Color c, double alpha) {
        return new Color((int) Math.round(alpha * c.getRed() + (1 - alpha) * 255),
                (int) Math.round(alpha * c.getGreen() + (1 - alpha) * 255),
                (int) Math.round(alpha * c.getBlue() + (1 - alpha) * 255));
    }

    private static double fractionLeftOfCentre(BufferedImage image, Color colour, int tolerance) {
        int left = 0;
        int all = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (near(image.getRGB(x, y), colour, tolerance)) {
                    all++;
                    left += x < image.getWidth() / 2 ? 1 : 0;
                }
            }
        }
        return all == 0 ? Double.NaN : (double) left / all;
    }

    @Test
    void histogramDensitiesIntegrateToOne() {
        double[] h = HistogramPlot.histogram(new double[] {0.1, 0.2, 0.6, 0.9}, new Range(0, 1), 4);
        // 0.1, 0.2 in bin 0; 0.6 in bin 2; 0.9 in bin 3; width 1/4: density = count / (4 · 1/4).
        assertThat(h).containsExactly(2.0, 0.0, 1.0, 1.0);
    }

    @Test
    void renderRejectsTinyOrHugeSizesAndWrongShapes() {
        assertThatThrownBy(() -> new LinePlot().render(10, 300)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Plot.render").hasMessageContaining("10x300");
        assertThatThrownBy(() -> new ScatterPlot().real(Tensor.zeros(5, 3))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ScatterPlot.real").hasMessageContaining("[5, 3]");
        assertThatThrownBy(() -> new HistogramPlot().real(Tensor.zeros(5, 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HistogramPlot.real");
    }

    @Test
    void ticksAreNiceAndLabelledWithoutRoundingNoise() {
        assertThat(Ticks.positions(new Range(-1.3, 1.3), 6)).containsExactly(-1.0, -0.5, 0.0, 0.5, 1.0);
        assertThat(Ticks.label(0.1 + 0.2, 0.1)).isEqualTo("0.3");
        assertThat(Ticks.positions(new Range(-1.3, 1.3), 5)).containsExactly(-1.0, 0.0, 1.0);
        assertThat(Ticks.label(-2, 1)).isEqualTo("\u22122");
        assertThat(Ticks.label(-1e-17, 0.5)).isEqualTo("0.0");
        assertThat(Ticks.label(250000, 50000)).isEqualTo("2.5e+05");
    }

    private static BufferedImage readBack(Path file, int width, int height) throws IOException {
        assertThat(file).exists();
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as("decodes as PNG").isNotNull();
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
        return image;
    }

    /** The number of pixels within {@code tolerance} (per channel) of {@code colour}. */
    private static int countNear(BufferedImage image, Color colour, int tolerance) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (near(image.getRGB(x, y), colour, tolerance)) {
                    count++;
                }
            }
        }
        return count;
    }

    private static boolean near(int rgb, Color colour, int tolerance) {
        return Math.abs(((rgb >> 16) & 0xFF) - colour.getRed()) <= tolerance
                && Math.abs(((rgb >> 8) & 0xFF) - colour.getGreen()) <= tolerance
                && Math.abs((rgb & 0xFF) - colour.getBlue()) <= tolerance;
    }
}
