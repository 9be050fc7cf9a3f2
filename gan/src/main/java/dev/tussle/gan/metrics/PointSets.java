package dev.tussle.gan.metrics;

/** Checks and distances shared by the sample-set metrics. */
final class PointSets {
    private PointSets() {
    }

    /** Both sets non-empty, all rows of one common dimension. */
    static int requireComparable(String op, double[][] a, double[][] b) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException(op + ": both point sets must be non-empty, got " + a.length
                    + " and " + b.length + " points");
        }
        int d = a[0].length;
        requireDimension(op, "first", a, d);
        requireDimension(op, "second", b, d);
        return d;
    }

    private static void requireDimension(String op, String which, double[][] set, int d) {
        for (int i = 0; i < set.length; i++) {
            if (set[i].length != d) {
                throw new IllegalArgumentException(op + ": point " + i + " of the " + which + " set has "
                        + set[i].length + " coordinates, expected " + d);
            }
        }
    }

    /** Euclidean distance. */
    static double distance(double[] p, double[] q) {
        double s = 0;
        for (int j = 0; j < p.length; j++) {
            double t = p[j] - q[j];
            s += t * t;
        }
        return Math.sqrt(s);
    }
}
