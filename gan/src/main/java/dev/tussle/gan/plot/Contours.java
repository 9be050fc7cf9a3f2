package dev.tussle.gan.plot;

import java.awt.geom.Path2D;

/**
 * Contour lines of a function sampled on a regular grid, by marching squares: each grid cell is
 * classified by which of its four corners lie above the level, and the level's crossing points on
 * the cell's edges (found by linear interpolation) are joined by one or two segments. Saddle
 * cells (opposite corners above) are split using the value at the cell's centre.
 */
final class Contours {
    private Contours() {
    }

    /**
     * The segments of the {@code level} contour of {@code values[row][col]}, where row r and column
     * c stand for the point (xs[c], ys[r]); segment ends are mapped to pixels by {@code axes}.
     * Cells with a NaN corner are skipped.
     */
    static Path2D.Double lines(double[][] values, double[] xs, double[] ys, double level, Axes axes) {
        Path2D.Double path = new Path2D.Double();
        for (int r = 0; r + 1 < ys.length; r++) {
            for (int c = 0; c + 1 < xs.length; c++) {
                double v00 = values[r][c];
                double v01 = values[r][c + 1];
                double v11 = values[r + 1][c + 1];
                double v10 = values[r + 1][c];
                if (Double.isNaN(v00) || Double.isNaN(v01) || Double.isNaN(v11) || Double.isNaN(v10)) {
                    continue;
                }
                // Corners counter-clockwise from the bottom-left: bit set when above the level.
                int index = (v00 > level ? 1 : 0) | (v01 > level ? 2 : 0) | (v11 > level ? 4 : 0) | (v10 > level ? 8 : 0);
                if (index == 0 || index == 15) {
                    continue;
                }
                // Crossing points on the bottom, right, top and left edges.
                double[] bottom = {lerp(xs[c], xs[c + 1], v00, v01, level), ys[r]};
                double[] right = {xs[c + 1], lerp(ys[r], ys[r + 1], v01, v11, level)};
                double[] top = {lerp(xs[c], xs[c + 1], v10, v11, level), ys[r + 1]};
                double[] left = {xs[c], lerp(ys[r], ys[r + 1], v00, v10, level)};
                boolean centreAbove = (v00 + v01 + v11 + v10) / 4 > level;
                switch (index) {
                    case 1, 14 -> segment(path, axes, left, bottom);
                    case 2, 13 -> segment(path, axes, bottom, right);
                    case 3, 12 -> segment(path, axes, left, right);
                    case 4, 11 -> segment(path, axes, right, top);
                    case 6, 9 -> segment(path, axes, bottom, top);
                    case 7, 8 -> segment(path, axes, left, top);
                    case 5 -> { // bottom-left and top-right above
                        if (centreAbove) {
                            segment(path, axes, left, top);
                            segment(path, axes, bottom, right);
                        } else {
                            segment(path, axes, left, bottom);
                            segment(path, axes, right, top);
                        }
                    }
                    case 10 -> { // bottom-right and top-left above
                        if (centreAbove) {
                            segment(path, axes, left, bottom);
                            segment(path, axes, right, top);
                        } else {
                            segment(path, axes, left, top);
                            segment(path, axes, bottom, right);
                        }
                    }
                    default -> throw new AssertionError("marching squares index " + index);
                }
            }
        }
        return path;
    }

    private static double lerp(double a, double b, double va, double vb, double level) {
        return a + (level - va) / (vb - va) * (b - a);
    }

    private static void segment(Path2D.Double path, Axes axes, double[] p, double[] q) {
        path.moveTo(axes.px(p[0]), axes.py(p[1]));
        path.lineTo(axes.px(q[0]), axes.py(q[1]));
    }
}
