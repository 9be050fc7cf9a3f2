package dev.tussle.gan.plot;

import dev.tussle.engine.Tensor;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;

/**
 * A function over the plane as a colour map, typically the discriminator's D(x) ∈ [0, 1], with a
 * colour bar, optional contour lines (D = 0.5 is the decision boundary) and samples overlaid.
 *
 * <p>The function is evaluated once on a grid of {@link #resolution} × resolution points (in one
 * batch, see {@link PlaneFunction}), and each pixel is coloured by bilinear interpolation of the
 * grid, so the picture is smooth at any image size while the cost stays fixed.
 */
public final class HeatMapPlot implements Plot {
    private static final int COLOUR_BAR_RESERVE = 96;

    private final PlaneFunction function;
    private final Range xRange;
    private final Range yRange;
    private String title;
    private String valueLabel = "D(x)";
    private Range valueRange = new Range(0, 1);
    private boolean autoValueRange;
    private int resolution = 120;
    private double[] contourLevels = new double[0];
    private double[][] real;
    private double[][] generated;

    /**
     * A heat map of {@code function} over the given data ranges.
     *
     * @param function the function to show
     * @param x        the horizontal data range
     * @param y        the vertical data range
     */
    public HeatMapPlot(PlaneFunction function, Range x, Range y) {
        this.function = function;
        this.xRange = x;
        this.yRange = y;
    }

    /** The title above the plot, or null for none. */
    public HeatMapPlot title(String title) {
        this.title = title;
        return this;
    }

    /** The label of the colour bar (default "D(x)"). */
    public HeatMapPlot valueLabel(String label) {
        this.valueLabel = label;
        return this;
    }

    /** Maps values in [min, max] to the colour scale (default [0, 1]); values outside are clamped. */
    public HeatMapPlot valueRange(Range range) {
        this.valueRange = range;
        this.autoValueRange = false;
        return this;
    }

    /** Maps the function's own minimum and maximum over the grid to the colour scale (for raw, unbounded values). */
    public HeatMapPlot rawValues() {
        this.autoValueRange = true;
        return this;
    }

    /**
     * The number of grid points per side at which the function is evaluated (default 120).
     *
     * @throws IllegalArgumentException if not in [2, 2000]
     */
    public HeatMapPlot resolution(int pointsPerSide) {
        if (pointsPerSide < 2 || pointsPerSide > 2000) {
            throw new IllegalArgumentException("HeatMapPlot.resolution: must be in [2, 2000], got " + pointsPerSide);
        }
        this.resolution = pointsPerSide;
        return this;
    }

    /** Draws contour lines at these levels, for example 0.5 for the decision boundary. */
    public HeatMapPlot contours(double... levels) {
        this.contourLevels = levels.clone();
        return this;
    }

    /** Overlays real samples [n, 2]. */
    public HeatMapPlot real(Tensor points) {
        this.real = ScatterPlot.twoDimensional("HeatMapPlot.real", points);
        return this;
    }

    /** Overlays generated samples [m, 2]. */
    public HeatMapPlot generated(Tensor points) {
        this.generated = ScatterPlot.twoDimensional("HeatMapPlot.generated", points);
        return this;
    }

    @Override
    public void draw(Graphics2D g, Rectangle area) {
        Rectangle plotArea = Frame.layout(g, area, title, COLOUR_BAR_RESERVE);
        Axes axes = Axes.equalAspect(plotArea, xRange, yRange);
        Grid grid = evaluateGrid(axes.xRange(), axes.yRange());
        Range scale = autoValueRange ? Range.covering(new Range(0, 1), grid.flat()) : valueRange;
        g.drawImage(colourImage(grid, axes, scale), plotArea.x, plotArea.y, null);
        Shape clip = axes.clipTo(g);
        for (double level : contourLevels) {
            ContourStyle.draw(g, Contours.lines(grid.values, grid.xs, grid.ys, level, axes));
        }
        double r = Math.max(1.4, Math.min(plotArea.width, plotArea.height) / 220.0);
        Legend legend = new Legend();
        if (real != null) {
            Dots.draw(g, axes, real, null, new Color(255, 255, 255, 170), r, legend);
            legend.add("real", Color.WHITE, Legend.Swatch.DOT);
        }
        if (generated != null) {
            Dots.draw(g, axes, generated, null, Palette.withAlpha(Palette.GENERATED, 0.75), r, legend);
            legend.add("generated", Palette.GENERATED, Legend.Swatch.DOT);
        }
        if (contourLevels.length > 0) {
            legend.add(contourLabel(), Palette.INK, Legend.Swatch.CONTOUR);
        }
        g.setClip(clip);
        axes.drawFrame(g, "x\u2081", "x\u2082");
        legend.draw(g, plotArea);
        drawColourBar(g, plotArea, scale);
    }

    private String contourLabel() {
        StringBuilder sb = new StringBuilder(valueLabel).append(" = ");
        for (int i = 0; i < contourLevels.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(Ticks.label(contourLevels[i], 0.01).replaceAll("\\.?0+$", ""));
        }
        return sb.toString();
    }

    /** Values at grid points: values[r][c] at (xs[c], ys[r]). */
    private record Grid(double[] xs, double[] ys, double[][] values) {
        double[] flat() {
            double[] out = new double[xs.length * ys.length];
            for (int r = 0; r < ys.length; r++) {
                System.arraycopy(values[r], 0, out, r * xs.length, xs.length);
            }
            return out;
        }
    }

    private Grid evaluateGrid(Range x, Range y) {
        double[] xs = new double[resolution];
        double[] ys = new double[resolution];
        double[][] points = new double[resolution * resolution][];
        for (int i = 0; i < resolution; i++) {
            xs[i] = x.min() + x.span() * i / (resolution - 1);
            ys[i] = y.min() + y.span() * i / (resolution - 1);
        }
        for (int r = 0; r < resolution; r++) {
            for (int c = 0; c < resolution; c++) {
                points[r * resolution + c] = new double[] {xs[c], ys[r]};
            }
        }
        double[] flat = function.evaluate(points);
        if (flat.length != points.length) {
            throw new IllegalArgumentException("HeatMapPlot: the function returned " + flat.length + " values for "
                    + points.length + " grid points");
        }
        double[][] values = new double[resolution][resolution];
        for (int r = 0; r < resolution; r++) {
            System.arraycopy(flat, r * resolution, values[r], 0, resolution);
        }
        return new Grid(xs, ys, values);
    }

    private static BufferedImage colourImage(Grid grid, Axes axes, Range scale) {
        Rectangle a = axes.area();
        BufferedImage image = new BufferedImage(a.width, a.height, BufferedImage.TYPE_INT_RGB);
        int n = grid.xs.length;
        for (int py = 0; py < a.height; py++) {
            // Fractional grid coordinates of the pixel centre.
            double gy = (axes.dataY(a.y + py + 0.5) - grid.ys[0]) / (grid.ys[n - 1] - grid.ys[0]) * (n - 1);
            for (int px = 0; px < a.width; px++) {
                double gx = (axes.dataX(a.x + px + 0.5) - grid.xs[0]) / (grid.xs[n - 1] - grid.xs[0]) * (n - 1);
                double v = bilinear(grid.values, gx, gy);
                image.setRGB(px, py, Palette.viridisRgb((v - scale.min()) / scale.span()));
            }
        }
        return image;
    }

    private static double bilinear(double[][] v, double gx, double gy) {
        int n = v.length;
        double x = Math.clamp(gx, 0, n - 1);
        double y = Math.clamp(gy, 0, n - 1);
        int c = Math.min((int) x, n - 2);
        int r = Math.min((int) y, n - 2);
        double fx = x - c;
        double fy = y - r;
        double bottom = v[r][c] * (1 - fx) + v[r][c + 1] * fx;
        double top = v[r + 1][c] * (1 - fx) + v[r + 1][c + 1] * fx;
        return bottom * (1 - fy) + top * fy;
    }

    private void drawColourBar(Graphics2D g, Rectangle plotArea, Range scale) {
        int barX = plotArea.x + plotArea.width + 18;
        int barWidth = 14;
        int top = plotArea.y;
        int height = plotArea.height;
        for (int i = 0; i < height; i++) {
            g.setColor(new Color(Palette.viridisRgb(1.0 - (i + 0.5) / height)));
            g.fillRect(barX, top + i, barWidth, 1);
        }
        g.setColor(Palette.INK);
        g.setStroke(Style.FRAME);
        g.drawRect(barX, top, barWidth, height);
        g.setFont(Style.TICK);
        FontMetrics fm = g.getFontMetrics();
        Range barRange = scale;
        double step = Ticks.step(barRange, Math.max(2, height / 60));
        int widest = 0;
        for (double t : Ticks.positions(barRange, Math.max(2, height / 60))) {
            double y = top + height - (t - barRange.min()) / barRange.span() * height;
            g.draw(new Line2D.Double(barX + barWidth, y, barX + barWidth + 4, y));
            String s = Ticks.label(t, step);
            widest = Math.max(widest, fm.stringWidth(s));
            g.drawString(s, barX + barWidth + 7, (float) (y + fm.getAscent() / 2.0 - 1));
        }
        // The bar's label reads upwards beside the tick labels, like the y-axis label.
        g.setFont(Style.LABEL);
        FontMetrics lm = g.getFontMetrics();
        AffineTransform saved = g.getTransform();
        float cx = barX + barWidth + 7 + widest + 6 + lm.getAscent();
        float cy = top + (height + lm.stringWidth(valueLabel)) / 2f;
        g.rotate(-Math.PI / 2, cx, cy);
        g.drawString(valueLabel, cx, cy);
        g.setTransform(saved);
    }
}
