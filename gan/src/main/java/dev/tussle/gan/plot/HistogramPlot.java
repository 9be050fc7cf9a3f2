package dev.tussle.gan.plot;

import dev.tussle.engine.Tensor;
import dev.tussle.gan.data.Points;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.function.DoubleUnaryOperator;

/**
 * Histograms of 1-D samples, generated over real, as densities on shared bins (so that sets of
 * different sizes compare), with an optional true density curve: the picture for the stability
 * essay's 1-D Gaussian GAN, where a collapsing generator shows as a spike inside the real bell.
 */
public final class HistogramPlot implements Plot {
    private String title;
    private String xLabel = "x";
    private double[] real;
    private double[] generated;
    private int[] components;
    private int bins;
    private DoubleUnaryOperator density;
    private String densityLabel;
    private Range range;

    /** The title above the plot, or null for none. */
    public HistogramPlot title(String title) {
        this.title = title;
        return this;
    }

    /** The horizontal axis label (default "x"). */
    public HistogramPlot xLabel(String label) {
        this.xLabel = label;
        return this;
    }

    /** The real samples, [n, 1] or [n]. */
    public HistogramPlot real(Tensor samples) {
        this.real = oneDimensional("HistogramPlot.real", samples);
        return this;
    }

    /** The generated samples, [m, 1] or [m] (clears {@link #components}). */
    public HistogramPlot generated(Tensor samples) {
        this.generated = oneDimensional("HistogramPlot.generated", samples);
        this.components = null;
        return this;
    }

    /**
     * A component index ≥ 0 for each generated sample (same order, set after {@link
     * #generated}): the generated histogram is then stacked by component, each bin's bar split
     * into the components' shares in their colours, under the outline of the whole, and the
     * legend names "component 0", "component 1", ... (as {@link ScatterPlot#components}).
     *
     * @throws IllegalArgumentException if there are no generated samples yet, the count differs
     *         from theirs, or a tag is negative
     */
    public HistogramPlot components(int[] tags) {
        if (generated == null || tags.length != generated.length) {
            throw new IllegalArgumentException("HistogramPlot.components: " + tags.length + " tags for "
                    + (generated == null ? "no" : Integer.toString(generated.length)) + " generated samples");
        }
        for (int i = 0; i < tags.length; i++) {
            if (tags[i] < 0) {
                throw new IllegalArgumentException("HistogramPlot.components: tag " + i + " is " + tags[i]
                        + "; tags must be >= 0");
            }
        }
        this.components = tags.clone();
        return this;
    }

    /**
     * The number of bins; by default about √n between 10 and 80.
     *
     * @throws IllegalArgumentException if not in [1, 1000]
     */
    public HistogramPlot bins(int count) {
        if (count < 1 || count > 1000) {
            throw new IllegalArgumentException("HistogramPlot.bins: must be in [1, 1000], got " + count);
        }
        this.bins = count;
        return this;
    }

    /** Fixes the horizontal range; by default it covers all samples. */
    public HistogramPlot range(Range x) {
        this.range = x;
        return this;
    }

    /** Draws a density curve, for example the true N(0, 1) density. */
    public HistogramPlot density(String label, DoubleUnaryOperator pdf) {
        this.densityLabel = label;
        this.density = pdf;
        return this;
    }

    @Override
    public void draw(Graphics2D g, Rectangle area) {
        Rectangle plotArea = Frame.layout(g, area, title, 0);
        double[] none = new double[0];
        Range x = range != null ? range
                : Range.covering(new Range(-1, 1), real == null ? none : real, generated == null ? none : generated).padded(0.05);
        int binCount = bins > 0 ? bins : defaultBins();
        double[] realDensity = real == null ? null : histogram(real, x, binCount);
        double[] generatedDensity = generated == null ? null : histogram(generated, x, binCount);
        double[] curve = density == null ? null : sampleCurve(x, plotArea.width);
        Range y = new Range(0, Math.max(1e-9, Range.covering(new Range(0, 1),
                realDensity == null ? none : realDensity, generatedDensity == null ? none : generatedDensity,
                curve == null ? none : curve).max()) * 1.08);
        Axes axes = new Axes(plotArea, x, y);
        axes.drawGrid(g);
        Shape clip = axes.clipTo(g);
        Legend legend = new Legend();
        if (realDensity != null) {
            g.setColor(Palette.withAlpha(Palette.REAL, 0.45));
            fillBars(g, axes, realDensity, x, legend);
            legend.add("real", Palette.withAlpha(Palette.REAL, 0.45), Legend.Swatch.BOX);
        }
        if (generatedDensity != null && components != null) {
            drawComponents(g, axes, x, binCount, legend);
            g.setColor(Palette.INK);
            g.setStroke(Style.DATA_LINE);
            g.draw(outline(axes, generatedDensity, x));
        } else if (generatedDensity != null) {
            g.setColor(Palette.withAlpha(Palette.GENERATED, 0.25));
            fillBars(g, axes, generatedDensity, x, legend);
            g.setColor(Palette.GENERATED);
            g.setStroke(Style.DATA_LINE);
            g.draw(outline(axes, generatedDensity, x));
            legend.add("generated", Palette.GENERATED, Legend.Swatch.LINE);
        }
        if (curve != null) {
            g.setColor(Palette.INK);
            g.setStroke(Style.DATA_LINE);
            Path2D.Double path = new Path2D.Double();
            for (int i = 0; i < curve.length; i++) {
                double vx = x.min() + x.span() * i / (curve.length - 1);
                if (i == 0) {
                    path.moveTo(axes.px(vx), axes.py(curve[i]));
                } else {
                    path.lineTo(axes.px(vx), axes.py(curve[i]));
                }
                legend.occupy(axes.px(vx), axes.py(curve[i]));
            }
            g.draw(path);
            legend.add(densityLabel, Palette.INK, Legend.Swatch.LINE);
        }
        g.setClip(clip);
        axes.drawFrame(g, xLabel, "density");
        legend.draw(g, plotArea);
    }

    /**
     * The generated density stacked by component: component c's bar in a bin starts where the
     * components below it end, its height its samples' share of the whole set's density there.
     */
    private void drawComponents(Graphics2D g, Axes axes, Range x, int binCount, Legend legend) {
        int k = 0;
        for (int c : components) {
            k = Math.max(k, c + 1);
        }
        double width = x.span() / binCount;
        int[][] counts = new int[k][binCount];
        for (int i = 0; i < generated.length; i++) {
            if (x.contains(generated[i])) {
                counts[components[i]][Math.min(binCount - 1, (int) ((generated[i] - x.min()) / width))]++;
            }
        }
        double[] base = new double[binCount];
        for (int c = 0; c < k; c++) {
            double[] mine = new double[binCount];
            for (int b = 0; b < binCount; b++) {
                mine[b] = counts[c][b] / (generated.length * width);
            }
            g.setColor(Palette.withAlpha(Palette.component(c), 0.55));
            for (int b = 0; b < binCount; b++) {
                if (mine[b] > 0) {
                    double left = axes.px(x.min() + b * width);
                    double right = axes.px(x.min() + (b + 1) * width);
                    double top = axes.py(base[b] + mine[b]);
                    g.fill(new Rectangle2D.Double(left, top, right - left, axes.py(base[b]) - top));
                    legend.occupy((left + right) / 2, top);
                    base[b] += mine[b];
                }
            }
            if (c < 8) {
                legend.add("component " + c, Palette.component(c), Legend.Swatch.BOX);
            }
        }
    }

    private int defaultBins() {
        int n = Math.max(real == null ? 0 : real.length, generated == null ? 0 : generated.length);
        return Math.clamp((int) Math.round(Math.sqrt(n)), 10, 80);
    }

    /** Densities on {@code bins} equal bins over {@code x}: count / (n · width); samples outside are dropped. */
    static double[] histogram(double[] values, Range x, int bins) {
        double[] out = new double[bins];
        double width = x.span() / bins;
        for (double v : values) {
            if (x.contains(v)) {
                out[Math.min(bins - 1, (int) ((v - x.min()) / width))]++;
            }
        }
        for (int i = 0; i < bins; i++) {
            out[i] /= values.length * width;
        }
        return out;
    }

    private double[] sampleCurve(Range x, int points) {
        double[] out = new double[Math.max(2, points)];
        for (int i = 0; i < out.length; i++) {
            out[i] = density.applyAsDouble(x.min() + x.span() * i / (out.length - 1));
        }
        return out;
    }

    private static void fillBars(Graphics2D g, Axes axes, double[] heights, Range x, Legend legend) {
        double width = x.span() / heights.length;
        for (int i = 0; i < heights.length; i++) {
            double left = axes.px(x.min() + i * width);
            double right = axes.px(x.min() + (i + 1) * width);
            double top = axes.py(heights[i]);
            g.fill(new Rectangle2D.Double(left, top, right - left, axes.py(0) - top));
            for (double py = top; py < axes.py(0); py += 6) {
                legend.occupy((left + right) / 2, py);
            }
        }
    }

    /** The step outline of a histogram, from the baseline up and back down. */
    private static Path2D.Double outline(Axes axes, double[] heights, Range x) {
        double width = x.span() / heights.length;
        Path2D.Double path = new Path2D.Double();
        path.moveTo(axes.px(x.min()), axes.py(0));
        for (int i = 0; i < heights.length; i++) {
            path.lineTo(axes.px(x.min() + i * width), axes.py(heights[i]));
            path.lineTo(axes.px(x.min() + (i + 1) * width), axes.py(heights[i]));
        }
        path.lineTo(axes.px(x.max()), axes.py(0));
        return path;
    }

    private static double[] oneDimensional(String op, Tensor samples) {
        if (samples.rank() == 2 && samples.shape().dim(1) != 1 || samples.rank() > 2 || samples.rank() == 0) {
            throw new IllegalArgumentException(op + ": expected 1-D samples as a [n, 1] or [n] tensor, got shape " + samples.shape());
        }
        return Points.column(op, samples, 0);
    }
}
