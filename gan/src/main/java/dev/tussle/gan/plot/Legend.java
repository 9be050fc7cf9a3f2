package dev.tussle.gan.plot;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A legend box: one swatch and label per entry, placed in the corner of the plotting rectangle
 * that hides the least data. Plots report where they drew data with {@link #occupy}; the corner
 * whose box would cover the fewest of those points wins (top-right on ties).
 */
final class Legend {
    /** How an entry's swatch looks: a dot (scatter), a ring (mode circles), a line (series, contours) or a box (bars). */
    enum Swatch { DOT, RING, LINE, CONTOUR, BOX }

    record Entry(String label, Color colour, Swatch swatch) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private double[] occupiedX = new double[256];
    private double[] occupiedY = new double[256];
    private int occupiedCount;

    Legend add(String label, Color colour, Swatch swatch) {
        entries.add(new Entry(label, colour, swatch));
        return this;
    }

    /** Records that data was drawn at pixel (px, py). */
    void occupy(double px, double py) {
        if (occupiedCount == occupiedX.length) {
            occupiedX = Arrays.copyOf(occupiedX, 2 * occupiedCount);
            occupiedY = Arrays.copyOf(occupiedY, 2 * occupiedCount);
        }
        occupiedX[occupiedCount] = px;
        occupiedY[occupiedCount] = py;
        occupiedCount++;
    }

    private static final int SWATCH_WIDTH = 22;

    /** The size of the legend box in pixels (zero without entries). */
    Dimension size(Graphics2D g) {
        if (entries.isEmpty()) {
            return new Dimension(0, 0);
        }
        g.setFont(Style.LABEL);
        FontMetrics fm = g.getFontMetrics();
        int textWidth = 0;
        for (Entry e : entries) {
            textWidth = Math.max(textWidth, fm.stringWidth(e.label()));
        }
        return new Dimension(10 + SWATCH_WIDTH + 6 + textWidth + 10, 8 + rowHeight(fm) * entries.size() + 4);
    }

    private static int rowHeight(FontMetrics fm) {
        return fm.getHeight() + 2;
    }

    /** Draws the legend inside the emptiest corner of {@code area}; nothing if it has no entries. */
    void draw(Graphics2D g, Rectangle area) {
        if (entries.isEmpty()) {
            return;
        }
        Dimension box = size(g);
        double[] corner = emptiestCorner(area, box.width, box.height);
        drawAt(g, corner[0], corner[1]);
    }

    /** Draws the legend box with its top-left corner at (left, top); nothing if it has no entries. */
    void drawAt(Graphics2D g, double left, double top) {
        if (entries.isEmpty()) {
            return;
        }
        Dimension size = size(g);
        int boxWidth = size.width;
        int boxHeight = size.height;
        FontMetrics fm = g.getFontMetrics();
        int swatchWidth = SWATCH_WIDTH;
        int rowHeight = rowHeight(fm);
        g.setColor(new Color(255, 255, 255, 215));
        RoundRectangle2D box = new RoundRectangle2D.Double(left, top, boxWidth, boxHeight, 8, 8);
        g.fill(box);
        g.setColor(new Color(0xBBBBBB));
        g.setStroke(Style.FRAME);
        g.draw(box);
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            double cy = top + 8 + rowHeight * i + rowHeight / 2.0;
            double sx = left + 10;
            g.setColor(e.colour());
            switch (e.swatch()) {
                case DOT -> {
                    Ellipse2D.Double dot = new Ellipse2D.Double(sx + swatchWidth / 2.0 - 4, cy - 4, 8, 8);
                    g.fill(dot);
                    // An edge keeps light swatches (white real samples on a heat map) visible.
                    g.setColor(new Color(0x888888));
                    g.setStroke(Style.FRAME);
                    g.draw(dot);
                }
                case RING -> {
                    g.setStroke(Style.FRAME);
                    g.draw(new Ellipse2D.Double(sx + swatchWidth / 2.0 - 5, cy - 5, 10, 10));
                }
                case LINE -> {
                    g.setStroke(Style.DATA_LINE);
                    g.draw(new Line2D.Double(sx, cy, sx + swatchWidth, cy));
                }
                case CONTOUR -> ContourStyle.draw(g, new Line2D.Double(sx, cy, sx + swatchWidth, cy));
                case BOX -> g.fill(new Rectangle((int) sx + 3, (int) cy - 6, swatchWidth - 6, 12));
            }
            g.setColor(Palette.INK);
            g.drawString(e.label(), (float) (sx + swatchWidth + 6), (float) (cy + fm.getAscent() / 2.0 - 2));
        }
    }

    private double[] emptiestCorner(Rectangle area, int boxWidth, int boxHeight) {
        double margin = 8;
        double right = area.x + area.width - boxWidth - margin;
        double leftEdge = area.x + margin;
        double top = area.y + margin;
        double bottom = area.y + area.height - boxHeight - margin;
        double[][] corners = {{right, top}, {leftEdge, top}, {right, bottom}, {leftEdge, bottom}};
        double[] best = corners[0];
        int fewest = Integer.MAX_VALUE;
        for (double[] c : corners) {
            int covered = 0;
            for (int i = 0; i < occupiedCount; i++) {
                if (occupiedX[i] >= c[0] && occupiedX[i] <= c[0] + boxWidth
                        && occupiedY[i] >= c[1] && occupiedY[i] <= c[1] + boxHeight) {
                    covered++;
                }
            }
            if (covered < fewest) {
                fewest = covered;
                best = c;
            }
        }
        return best;
    }
}
