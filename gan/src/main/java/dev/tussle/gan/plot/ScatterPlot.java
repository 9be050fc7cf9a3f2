package dev.tussle.gan.plot;

import dev.tussle.engine.Tensor;
import dev.tussle.gan.data.Modes;
import dev.tussle.gan.data.Points;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;

/**
 * Generated samples drawn over real ones in the plane, with equal x and y scales. Optionally the
 * generated samples carry a component tag each (for a mixture of generators) and are coloured by
 * component, and the true modes are marked by circles of radius 3σ, the "high quality" region of
 * the mode metrics.
 *
 * <p>Configure with the fluent setters, then {@link #render} or {@link #writePng}.
 */
public final class ScatterPlot implements Plot {
    private String title;
    private double[][] real;
    private double[][] generated;
    private int[] components;
    private Modes modes;
    private Range xRange;
    private Range yRange;
    private boolean legend = true;

    /** The title above the plot, or null for none. */
    public ScatterPlot title(String title) {
        this.title = title;
        return this;
    }

    /** The real samples, [n, 2]. */
    public ScatterPlot real(Tensor points) {
        this.real = twoDimensional("ScatterPlot.real", points);
        return this;
    }

    /** The generated samples, [m, 2]. */
    public ScatterPlot generated(Tensor points) {
        this.generated = twoDimensional("ScatterPlot.generated", points);
        checkComponents();
        return this;
    }

    /**
     * A component index ≥ 0 for each generated sample (same order): samples are then coloured by
     * component, and the legend names "component 0", "component 1", ...
     */
    public ScatterPlot components(int[] tags) {
        for (int i = 0; i < tags.length; i++) {
            if (tags[i] < 0) {
                throw new IllegalArgumentException("ScatterPlot.components: tag " + i + " is " + tags[i] + "; tags must be >= 0");
            }
        }
        this.components = tags.clone();
        checkComponents();
        return this;
    }

    /** Marks each mode centre with a circle of radius 3σ. */
    public ScatterPlot modes(Modes modes) {
        if (modes.dim() != 2) {
            throw new IllegalArgumentException("ScatterPlot.modes: modes must be 2-D, got dimension " + modes.dim());
        }
        this.modes = modes;
        return this;
    }

    /** Fixes the data ranges shown (widened if needed to keep equal scales); by default they cover all points. */
    public ScatterPlot range(Range x, Range y) {
        this.xRange = x;
        this.yRange = y;
        return this;
    }

    /** Whether to draw the legend (default true). */
    public ScatterPlot legend(boolean show) {
        this.legend = show;
        return this;
    }

    /** The data ranges this plot would show by default: all points and modes, padded by 8%. */
    Range[] autoRanges() {
        double[][] xs = {column(real, 0), column(generated, 0), modeColumn(0)};
        double[][] ys = {column(real, 1), column(generated, 1), modeColumn(1)};
        return new Range[] {Range.covering(new Range(-1, 1), xs).padded(0.08), Range.covering(new Range(-1, 1), ys).padded(0.08)};
    }

    @Override
    public void draw(Graphics2D g, Rectangle area) {
        Rectangle plotArea = Frame.layout(g, area, title, 0);
        Range[] auto = autoRanges();
        Axes axes = Axes.equalAspect(plotArea, xRange != null ? xRange : auto[0], yRange != null ? yRange : auto[1]);
        axes.drawGrid(g);
        Shape clip = axes.clipTo(g);
        double radius = Math.max(1.4, Math.min(plotArea.width, plotArea.height) / 200.0);
        Legend entries = legendEntries();
        if (real != null) {
            Dots.draw(g, axes, real, null, Palette.withAlpha(Palette.REAL, 0.35), radius, entries);
        }
        if (generated != null) {
            Dots.draw(g, axes, generated, components, Palette.withAlpha(Palette.GENERATED, 0.55), radius, entries);
        }
        if (modes != null) {
            drawModes(g, axes, entries);
        }
        g.setClip(clip);
        axes.drawFrame(g, "x\u2081", "x\u2082");
        if (legend) {
            entries.draw(g, plotArea);
        }
    }

    /** The legend's entries for what this plot shows (a strip draws them beside its panels). */
    Legend legendEntries() {
        Legend entries = new Legend();
        if (real != null) {
            entries.add("real", Palette.REAL, Legend.Swatch.DOT);
        }
        if (generated != null) {
            if (components == null) {
                entries.add("generated", Palette.GENERATED, Legend.Swatch.DOT);
            } else {
                int k = 0;
                for (int c : components) {
                    k = Math.max(k, c + 1);
                }
                for (int c = 0; c < Math.min(k, 8); c++) {
                    entries.add("component " + c, Palette.component(c), Legend.Swatch.DOT);
                }
            }
        }
        if (modes != null) {
            entries.add("3\u03c3 around modes", Palette.INK, Legend.Swatch.RING);
        }
        return entries;
    }

    private void drawModes(Graphics2D g, Axes axes, Legend legend) {
        g.setColor(Palette.withAlpha(Palette.INK, 0.8));
        g.setStroke(Style.FRAME);
        double pixelsPerUnit = axes.area().width / axes.xRange().span();
        // Never smaller than 3 px, so that very tight modes (ring: 3σ = 0.03) stay visible.
        double r = Math.max(3.0, 3 * modes.sigma() * pixelsPerUnit);
        for (int k = 0; k < modes.count(); k++) {
            double[] c = modes.centre(k);
            g.draw(new Ellipse2D.Double(axes.px(c[0]) - r, axes.py(c[1]) - r, 2 * r, 2 * r));
            legend.occupy(axes.px(c[0]), axes.py(c[1]));
        }
    }

    private double[] modeColumn(int axis) {
        return modes == null ? new double[0] : column(modes.centres(), axis);
    }

    private static double[] column(double[][] rows, int axis) {
        if (rows == null) {
            return new double[0];
        }
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][axis];
        }
        return out;
    }

    private void checkComponents() {
        if (components != null && generated != null && components.length != generated.length) {
            throw new IllegalArgumentException("ScatterPlot.components: " + components.length + " tags for "
                    + generated.length + " generated samples");
        }
    }

    static double[][] twoDimensional(String op, Tensor points) {
        if (points.rank() != 2 || points.shape().dim(1) != 2) {
            throw new IllegalArgumentException(op + ": expected 2-D points as a [n, 2] tensor, got shape " + points.shape());
        }
        return Points.rows(op, points);
    }
}
