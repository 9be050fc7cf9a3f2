package dev.tussle.gan.plot;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;

/** Fonts, strokes and rendering hints shared by every plot, so that all figures look alike. */
public final class Style {
    /** Plot titles. */
    public static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    /** Axis labels and legend entries. */
    public static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    /** Tick labels. */
    public static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    /** Data lines in line plots and histogram outlines. */
    static final BasicStroke DATA_LINE = new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    /** The frame around the plotting area, and ticks. */
    static final BasicStroke FRAME = new BasicStroke(1.0f);
    /** Contour lines. */
    static final BasicStroke CONTOUR = new BasicStroke(1.4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);

    private Style() {
    }

    /** Turns on antialiasing of shapes and text and pure stroke geometry (sub-pixel lines). */
    public static void configure(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    }
}
