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
 * {@link #clipTo}.
 */
public final class Axes {
    /** Roughly one tick per this many pixels. */
    private static final int PIXELS_PER_TICK = 55;
    private static final int TICK_LENGTH = 4;

    private final Rectangle area;
    private final Range x;
    private final Range y;

    /**
     * Axes mapping the given data ranges onto {@code area}.
     *
     * @param area the plotting rectangle in pixels
     * @param x    the data range shown horizontally
     * @param y    the data range shown vertically
     */
    public Axes(Rectangle area, Range x, Range y) {
        this.area = new Rectangle(area);
        this.x = x;
        this.y = y;
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
        return area.y + area.height - (vy - y.min()) / y.span() * area.height;
    }

    /** The data x at horizontal pixel coordinate {@code pxl}. */
    public double dataX(double pxl) {
        return x.min() + (pxl - area.x) / area.width * x.span();
    }

    /** The data y at vertical pixel coordinate {@code pxl}. */
    public double dataY(double pxl) {
        return y.min() + (area.y + area.height - pxl) / area.height * y.span();
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
        for (double t : Ticks.positions(y, yTickTarget())) {
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
        for (double t : Ticks.positions(y, yTickTarget())) {
            double p = py(t);
            g.draw(new Line2D.Double(area.x - TICK_LENGTH, p, area.x, p));
            String s = Ticks.label(t, yStep);
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

    private int xTickTarget() {
        return Math.max(2, area.width / PIXELS_PER_TICK);
    }

    private int yTickTarget() {
        return Math.max(2, area.height / PIXELS_PER_TICK);
    }
}
