package dev.tussle.gan.plot;

/**
 * A closed interval [min, max] of data values along one axis.
 *
 * @param min the lower end, finite
 * @param max the upper end, finite and &gt; min
 */
public record Range(double min, double max) {

    /** Checks that the interval is finite and non-empty. */
    public Range {
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(max > min)) {
            throw new IllegalArgumentException("Range: need finite min < max, got [" + min + ", " + max + "]");
        }
    }

    /**
     * The smallest range holding every finite value of the arrays, or {@code fallback} when there
     * is none; a single value v becomes [v − 0.5, v + 0.5] so that it sits in the middle.
     */
    public static Range covering(Range fallback, double[]... arrays) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] values : arrays) {
            for (double v : values) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            return fallback;
        }
        if (lo == hi) {
            double half = Math.max(0.5, Math.abs(lo) * 0.05);
            return new Range(lo - half, hi + half);
        }
        return new Range(lo, hi);
    }

    /** The length max − min. */
    public double span() {
        return max - min;
    }

    /** This range widened by {@code fraction} of its span on each side. */
    public Range padded(double fraction) {
        double pad = span() * fraction;
        return new Range(min - pad, max + pad);
    }

    /** The range with the same centre and the given span. */
    public Range withSpan(double span) {
        double centre = (min + max) / 2;
        return new Range(centre - span / 2, centre + span / 2);
    }

    /** Whether v lies in [min, max]. */
    public boolean contains(double v) {
        return v >= min && v <= max;
    }
}
