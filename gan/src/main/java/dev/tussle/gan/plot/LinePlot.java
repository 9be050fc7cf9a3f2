package dev.tussle.gan.plot;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.util.ArrayList;
import java.util.List;

/** Several series over training steps (losses, metrics), one colour each, with a legend. */
public final class LinePlot implements Plot {
    private String title;
    private String xLabel = "step";
    private String yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean logY;
    private boolean componentColours;

    /** The title above the plot, or null for none. */
    public LinePlot title(String title) {
        this.title = title;
        return this;
    }

    /** The axis labels (default "step" and none); null for none. */
    public LinePlot labels(String x, String y) {
        this.xLabel = x;
        this.yLabel = y;
        return this;
    }

    /**
     * Makes the vertical axis logarithmic (base 10), for metrics that fall by decades; values ≤ 0
     * then leave gaps.
     */
    public LinePlot logY() {
        this.logY = true;
        return this;
    }

    /**
     * Draws series i in {@link Palette#component(int)}'s colour instead of the categorical one,
     * so that a mixture's per-generator lines match the colours of its samples in scatter plots.
     */
    public LinePlot componentColours() {
        this.componentColours = true;
        return this;
    }

    /** Adds a series, drawn in the next categorical colour. */
    public LinePlot add(Series s) {
        series.add(s);
        return this;
    }

    @Override
    public void draw(Graphics2D g, Rectangle area) {
        Rectangle plotArea = Frame.layout(g, area, title, 0);
        List<double[]> xs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        for (Series s : series) {
            xs.add(s.steps());
            ys.add(logY ? positiveOnly(s.values()) : s.values());
        }
        Range x = Range.covering(new Range(0, 1), xs.toArray(new double[0][]));
        Axes axes = logY ? Axes.logY(plotArea, x, logRange(ys))
                : new Axes(plotArea, x, Range.covering(new Range(0, 1), ys.toArray(new double[0][])).padded(0.05));
        axes.drawGrid(g);
        Shape clip = axes.clipTo(g);
        Legend legend = new Legend();
        for (int i = 0; i < series.size(); i++) {
            java.awt.Color colour = componentColours ? Palette.component(i) : Palette.categorical(i);
            g.setColor(colour);
            g.setStroke(Style.DATA_LINE);
            drawLine(g, axes, xs.get(i), ys.get(i), legend);
            legend.add(series.get(i).name(), colour, Legend.Swatch.LINE);
        }
        g.setClip(clip);
        axes.drawFrame(g, xLabel, yLabel);
        legend.draw(g, plotArea);
    }

    /** The values with those ≤ 0 (which have no logarithm) replaced by NaN, i.e. gaps. */
    private static double[] positiveOnly(double[] values) {
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            if (!(out[i] > 0)) {
                out[i] = Double.NaN;
            }
        }
        return out;
    }

    /**
     * The range of the positive finite values, widened by 5% of its extent in decades on each side
     * (a single value gets half a decade either way; no value at all gives [0.1, 10]).
     */
    private static Range logRange(List<double[]> ys) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double[] values : ys) {
            for (double v : values) {
                if (v > 0 && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (hi == 0) {
            return new Range(0.1, 10);
        }
        double pad = lo == hi ? Math.sqrt(10) : Math.pow(10, 0.05 * Math.log10(hi / lo));
        return new Range(lo / pad, hi * pad);
    }

    /** Joins consecutive finite points; a non-finite value breaks the line, and a lone point is drawn as a dot. */
    private static void drawLine(Graphics2D g, Axes axes, double[] xs, double[] ys, Legend legend) {
        Path2D.Double path = new Path2D.Double();
        int run = 0;
        for (int i = 0; i < xs.length; i++) {
            boolean finite = Double.isFinite(xs[i]) && Double.isFinite(ys[i]);
            if (finite) {
                double px = axes.px(xs[i]);
                double py = axes.py(ys[i]);
                if (run == 0) {
                    path.moveTo(px, py);
                } else {
                    // Points along the segment, so that the legend avoids lines between sparse points.
                    Point2D from = path.getCurrentPoint();
                    for (int k = 1; k <= 8; k++) {
                        legend.occupy(from.getX() + (px - from.getX()) * k / 8, from.getY() + (py - from.getY()) * k / 8);
                    }
                    path.lineTo(px, py);
                }
                legend.occupy(px, py);
                run++;
            }
            boolean runEnds = !finite || i == xs.length - 1;
            if (runEnds && run == 1) {
                double px = path.getCurrentPoint().getX();
                double py = path.getCurrentPoint().getY();
                g.fill(new Ellipse2D.Double(px - 2.5, py - 2.5, 5, 5));
            }
            if (!finite) {
                run = 0;
            }
        }
        g.draw(path);
    }
}
