package dev.tussle.gan.plot;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;

/**
 * The mapping between data coordinates and the pixels of a plotting rectangle, and the drawing
 * of what surrounds the data: light grid lines, the frame, ticks with labels and axis labels.
 * Plots draw their data between {@link #drawGrid} and {@link #drawFrame}, clipped by
 * {@link #clipTo}. The vertical axis may be logarithmic (for metrics that fall by decades).
 */
public final class Axes {
    /** Roughly one tick per this many pixels. */
    private static final int PIXELS_PER_TICK = 55;
    private static final int TICK_LENGTH = 4;

    private final Rectangle area;
    private final Range x;
    private final Range y;
    private final boolean logY;

    /**
     * Axes mapping the given data ranges onto {@code area}.
     *
     * @param area the plotting rectangle in pixels
     * @param x    the data range shown horizontally
     * @param y    the data range shown vertically
     */
    public Axes(Rectangle area, Range x, Range y) {
        this(area, x, y, false);
    }

    private Axes(Rectangle area, Range x, Range y, boolean logY) {
        this.area = new Rectangle(area);
        this.x = x;
        this.y = y;
        this.logY = logY;
    }

    /**
     * Axes with a base-10 logarithmic vertical axis over {@code y}.
     *
     * @throws IllegalArgumentException if {@code y.min()} is not &gt; 0
     */
    public static Axes logY(Rectangle area, Range x, Range y) {
        if (!(y.min() > 0)) {
            throw new IllegalArgumentException("Axes.logY: a logarithmic axis needs a range above 0, got [" + y.min()
                    + ", " + y.max() + "]");
        }
        return new Axes(area, x, y, true);
    }

    /**
     * Axes whose x and y units have the same length on screen (circles look round): the range
     * that is too short for its side is widened about its centre.
     */
    public static Axes equalAspect(Rectangle area, Range x, Range y) {
        double unitsPerPixel = Math.max(x.span() / area.width, y.span() / area.height);
        return new Axes(area, x.withSpan(unitsPerPixel * area.width), y.withSpan(unitsPerPixel * area.height));
    }

    /** The plotting rectangle. */
    public Rectangle area() {
        return new Rectangle(area);
    }

    /** The horizontal data range. */
    public Range xRange() {
        return x;
    }

    /** The vertical data range. */
    public Range yRange() {
        return y;
    }

    /** The horizontal pixel coordinate of data value {@code vx}. */
    public double px(double vx) {
        return area.x + (vx - x.min()) / x.span() * area.width;
    }

    /** The vertical pixel coordinate of data value {@code vy} (up is larger). */
    public double py(double vy) {
        double fraction = logY ? Math.log10(vy / y.min()) / Math.log10(y.max() / y.min()) : (vy - y.min()) / y.span();
        return area.y + area.height - fraction * area.height;
    }

    /** The data x at horizontal pixel coordinate {@code pxl}. */
    public double dataX(double pxl) {
        return x.min() + (pxl - area.x) / area.width * x.span();
    }

    /** The data y at vertical pixel coordinate {@code pxl}. */
    public double dataY(double pxl) {
        double fraction = (area.y + area.height - pxl) / area.height;
        return logY ? y.min() * Math.pow(y.max() / y.min(), fraction) : y.min() + fraction * y.span();
    }

    /** Restricts drawing to the plotting rectangle; returns the previous clip for {@link Graphics2D#setClip(Shape)}. */
    public Shape clipTo(Graphics2D g) {
        Shape previous = g.getClip();
        g.clip(area);
        return previous;
    }

    /** Light grid lines at the tick positions, drawn under the data. */
    public void drawGrid(Graphics2D g) {
        g.setColor(Palette.GRID);
        g.setStroke(Style.FRAME);
        for (double t : Ticks.positions(x, xTickTarget())) {
            g.draw(new Line2D.Double(px(t), area.y, px(t), area.y + area.height));
        }
        for (double t : yTicks()) {
            g.draw(new Line2D.Double(area.x, py(t), area.x + area.width, py(t)));
        }
    }

    /**
     * The frame, ticks, tick labels and axis labels, drawn over the data.
     *
     * @param xLabel the horizontal axis label, or null for none
     * @param yLabel the vertical axis label (drawn rotated), or null for none
     */
    public void drawFrame(Graphics2D g, String xLabel, String yLabel) {
        g.setColor(Palette.INK);
        g.setStroke(Style.FRAME);
        g.draw(new Rectangle(area.x, area.y, area.width, area.height));
        g.setFont(Style.TICK);
        FontMetrics fm = g.getFontMetrics();
        int bottom = area.y + area.height;
        double xStep = Ticks.step(x, xTickTarget());
        for (double t : Ticks.positions(x, xTickTarget())) {
            double p = px(t);
            g.draw(new Line2D.Double(p, bottom, p, bottom + TICK_LENGTH));
            String s = Ticks.label(t, xStep);
            g.drawString(s, (float) (p - fm.stringWidth(s) / 2.0), bottom + TICK_LENGTH + fm.getAscent() + 1);
        }
        double yStep = Ticks.step(y, yTickTarget());
        int widestYLabel = 0;
        for (double t : yTicks()) {
            double p = py(t);
            g.draw(new Line2D.Double(area.x - TICK_LENGTH, p, area.x, p));
            String s = Ticks.label(t, logY ? t : yStep);
            int w = fm.stringWidth(s);
            widestYLabel = Math.max(widestYLabel, w);
            g.drawString(s, area.x - TICK_LENGTH - 3 - w, (float) (p + fm.getAscent() / 2.0 - 1));
        }
        g.setFont(Style.LABEL);
        FontMetrics lm = g.getFontMetrics();
        if (xLabel != null) {
            g.drawString(xLabel, area.x + (area.width - lm.stringWidth(xLabel)) / 2f,
                    bottom + TICK_LENGTH + fm.getHeight() + lm.getAscent() + 2);
        }
        if (yLabel != null) {
            AffineTransform saved = g.getTransform();
            float cx = area.x - TICK_LENGTH - 8 - widestYLabel - lm.getDescent();
            float cy = area.y + (area.height + lm.stringWidth(yLabel)) / 2f;
            g.rotate(-Math.PI / 2, cx, cy);
            g.drawString(yLabel, cx, cy);
            g.setTransform(saved);
        }
        g.setColor(Color.BLACK);
    }

    /** Nice linear ticks, or the powers of ten in range on a log axis (linear ones if fewer than two fit). */
    private double[] yTicks() {
        if (logY) {
            int first = (int) Math.ceil(Math.log10(y.min()) - 1e-9);
            int last = (int) Math.floor(Math.log10(y.max()) + 1e-9);
            if (last > first) {
                int stride = Math.max(1, (last - first + 1) / Math.max(2, yTickTarget()) + 1);
                double[] out = new double[(last - first) / stride + 1];
                for (int i = 0; i < out.length; i++) {
                    out[i] = Math.pow(10, first + i * stride);
                }
                return out;
            }
        }
        return Ticks.positions(y, yTickTarget());
    }

    private int xTickTarget() {
        return Math.max(2, area.width / PIXELS_PER_TICK);
    }

    private int yTickTarget() {
        return Math.max(2, area.height / PIXELS_PER_TICK);
    }
}
