package dev.tussle.gan.plot;

import java.awt.Color;

/**
 * The colours of the laboratory's plots: blue for real data, orange for generated samples,
 * a categorical cycle (matplotlib's "tab10") for components and series, and the viridis colour
 * map for heat maps (perceptually uniform, readable in grey and by colour-blind readers).
 */
public final class Palette {
    /** Real data. */
    public static final Color REAL = new Color(0x1F77B4);
    /** Generated samples. */
    public static final Color GENERATED = new Color(0xFF7F0E);
    /** Text, frames and ticks. */
    public static final Color INK = new Color(0x222222);
    /** Grid lines. */
    public static final Color GRID = new Color(0xE6E6E6);

    private static final int[] TAB10 = {0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD,
        0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF};

    /** Viridis sampled at t = 0, 1/8, ..., 1; linear interpolation between them is close to the full map. */
    private static final int[] VIRIDIS = {0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C,
        0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725};

    private Palette() {
    }

    /** The i-th categorical colour (cycling after 10); i ≥ 0. */
    public static Color categorical(int i) {
        if (i < 0) {
            throw new IllegalArgumentException("Palette.categorical: index must be >= 0, got " + i);
        }
        return new Color(TAB10[i % TAB10.length]);
    }

    /**
     * The colour of component {@code i} of a generated mixture: the categorical cycle without
     * its first (blue) entry, so that no component is drawn in the colour of the real data.
     */
    public static Color component(int i) {
        if (i < 0) {
            throw new IllegalArgumentException("Palette.component: index must be >= 0, got " + i);
        }
        return new Color(TAB10[1 + i % (TAB10.length - 1)]);
    }

    /** {@code c} with the given opacity in [0, 1]. */
    public static Color withAlpha(Color c, double alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * Math.clamp(alpha, 0, 1)));
    }

    /** The viridis colour at {@code t} in [0, 1] (clamped; NaN gives grey), as packed RGB. */
    public static int viridisRgb(double t) {
        if (Double.isNaN(t)) {
            return 0x808080;
        }
        double x = Math.clamp(t, 0.0, 1.0) * (VIRIDIS.length - 1);
        int i = Math.min((int) x, VIRIDIS.length - 2);
        double f = x - i;
        int a = VIRIDIS[i];
        int b = VIRIDIS[i + 1];
        int r = (int) Math.round(((a >> 16) & 0xFF) * (1 - f) + ((b >> 16) & 0xFF) * f);
        int gr = (int) Math.round(((a >> 8) & 0xFF) * (1 - f) + ((b >> 8) & 0xFF) * f);
        int bl = (int) Math.round((a & 0xFF) * (1 - f) + (b & 0xFF) * f);
        return (r << 16) | (gr << 8) | bl;
    }
}
