package dev.tussle.gan.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;

/** Draws sample points as small filled dots, the mark shared by scatter plots and heat-map overlays. */
final class Dots {
    private Dots() {
    }

    /**
     * Draws each finite point of {@code points} (rows (x, y)) as a dot of radius {@code r} pixels
     * and records it in {@code legend} for placement.
     *
     * @param tags   per point a component index choosing its colour, or null for {@code colour}
     * @param colour the colour of all dots when {@code tags} is null
     */
    static void draw(Graphics2D g, Axes axes, double[][] points, int[] tags, Color colour, double r, Legend legend) {
        g.setColor(colour);
        Ellipse2D.Double dot = new Ellipse2D.Double();
        for (int i = 0; i < points.length; i++) {
            if (!Double.isFinite(points[i][0]) || !Double.isFinite(points[i][1])) {
                continue;
            }
            if (tags != null) {
                g.setColor(Palette.withAlpha(Palette.component(tags[i]), 0.6));
            }
            double px = axes.px(points[i][0]);
            double py = axes.py(points[i][1]);
            dot.setFrame(px - r, py - r, 2 * r, 2 * r);
            g.fill(dot);
            legend.occupy(px, py);
        }
    }
}
