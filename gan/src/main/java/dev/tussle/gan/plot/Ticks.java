package dev.tussle.gan.plot;

import java.util.Locale;

/**
 * "Nice" tick positions (multiples of 1, 2 or 5 times a power of ten) and their labels, so that
 * axes read 0, 0.5, 1, 1.5 rather than 0.13, 0.61, ...
 */
public final class Ticks {
    private Ticks() {
    }

    /** The step between ticks: the nice number nearest above span / target. */
    public static double step(Range range, int target) {
        double raw = range.span() / Math.max(1, target);
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double residual = raw / magnitude;
        double nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    /** About {@code target} nice tick positions inside {@code range}, in increasing order. */
    public static double[] positions(Range range, int target) {
        double step = step(range, target);
        long first = (long) Math.ceil(range.min() / step - 1e-9);
        long last = (long) Math.floor(range.max() / step + 1e-9);
        int count = (int) Math.max(0, last - first + 1);
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = (first + i) * step;
        }
        return out;
    }

    /**
     * A label for tick {@code value} on an axis with tick spacing {@code step}: as many decimals as
     * the step needs, scientific notation for very large or small magnitudes, and a true minus
     * sign.
     */
    public static String label(double value, double step) {
        if (Math.abs(value) < step * 1e-9) {
            value = 0; // avoids "-0" and rounding residue such as 1e-17
        }
        String text;
        double magnitude = Math.max(Math.abs(value), step);
        if (magnitude >= 1e5 || step < 1e-4) {
            text = String.format(Locale.ROOT, "%.1e", value);
        } else {
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
            text = String.format(Locale.ROOT, "%." + decimals + "f", value);
        }
        return text.replace('-', '\u2212');
    }
}
