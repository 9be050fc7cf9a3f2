package dev.tussle.gan.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;

/**
 * How contour lines look: white over a thin dark halo, so that they stay visible on every colour
 * of the viridis map, from dark purple to yellow (and in the legend, on white).
 */
final class ContourStyle {
    private static final BasicStroke HALO = new BasicStroke(3.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);

    private ContourStyle() {
    }

    static void draw(Graphics2D g, Shape lines) {
        g.setColor(new Color(0, 0, 0, 110));
        g.setStroke(HALO);
        g.draw(lines);
        g.setColor(Color.WHITE);
        g.setStroke(Style.CONTOUR);
        g.draw(lines);
    }
}
