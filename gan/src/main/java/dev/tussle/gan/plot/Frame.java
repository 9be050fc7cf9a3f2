package dev.tussle.gan.plot;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;

/**
 * The layout every plot shares: a title centred at the top of its area, and inside the area a
 * plotting rectangle with room on the left and below for tick labels and axis labels (and on the
 * right for whatever a plot puts there, such as a colour bar).
 */
final class Frame {
    private static final int LEFT = 62;
    private static final int BOTTOM = 46;
    private static final int TOP_WITHOUT_TITLE = 12;
    private static final int RIGHT = 16;

    private Frame() {
    }

    /**
     * Draws {@code title} (if not null) and returns the plotting rectangle for the rest of
     * {@code area}, leaving {@code rightReserve} extra pixels on the right.
     */
    static Rectangle layout(Graphics2D g, Rectangle area, String title, int rightReserve) {
        int top = title == null ? TOP_WITHOUT_TITLE : drawTitle(g, area, title);
        int w = Math.max(8, area.width - LEFT - RIGHT - rightReserve);
        int h = Math.max(8, area.height - top - BOTTOM);
        return new Rectangle(area.x + LEFT, area.y + top, w, h);
    }

    /** Draws {@code title} centred at the top of {@code area}; returns the height it takes. */
    static int drawTitle(Graphics2D g, Rectangle area, String title) {
        g.setFont(Style.TITLE);
        g.setColor(Palette.INK);
        FontMetrics fm = g.getFontMetrics();
        int width = fm.stringWidth(title);
        g.drawString(title, area.x + Math.max(4, (area.width - width) / 2f), area.y + 6 + fm.getAscent());
        return 14 + fm.getHeight();
    }
}
