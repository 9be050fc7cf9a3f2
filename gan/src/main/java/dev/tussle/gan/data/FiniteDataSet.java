package dev.tussle.gan.data;

import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import java.util.Optional;

/**
 * A finite data set: N points held in memory, resampled uniformly with replacement. This is the
 * "data scarcity" setting of the stability essay (N = 2500, 100, 5 points drawn once from the
 * true distribution), and also the form that points loaded from a file take.
 *
 * <p>When the points were drawn from a data set with modes, the modes are those of the source:
 * the metrics then ask how well a GAN trained on few points recovers the true distribution.
 */
public final class FiniteDataSet implements DataSet {
    private final String name;
    private final double[][] points;
    private final Modes modes;

    private FiniteDataSet(String name, double[][] points, Modes modes) {
        if (points.length == 0) {
            throw new IllegalArgumentException("FiniteDataSet(" + name + "): needs at least one point");
        }
        int d = points[0].length;
        if (d == 0) {
            throw new IllegalArgumentException("FiniteDataSet(" + name + "): points must have at least one coordinate");
        }
        this.points = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            if (points[i].length != d) {
                throw new IllegalArgumentException("FiniteDataSet(" + name + "): point " + i + " has "
                        + points[i].length + " coordinates but point 0 has " + d);
            }
            for (double v : points[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("FiniteDataSet(" + name + "): point " + i + " has a non-finite coordinate " + v);
                }
            }
            this.points[i] = points[i].clone();
        }
        if (modes != null && modes.dim() != d) {
            throw new IllegalArgumentException("FiniteDataSet(" + name + "): modes live in dimension " + modes.dim()
                    + " but the points have " + d + " coordinates");
        }
        this.name = name;
        this.modes = modes;
    }

    /**
     * Draws {@code n} points once from {@code source} and keeps them; the result is named
     * {@code <source>-n<N>} and carries the source's modes.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static FiniteDataSet drawnFrom(DataSet source, int n, Rng rng) {
        if (n < 1) {
            throw new IllegalArgumentException("FiniteDataSet.drawnFrom(" + source.name() + "): N must be >= 1, got " + n);
        }
        double[][] pts = new double[n][source.dim()];
        for (double[] p : pts) {
            source.drawPoint(rng, p);
        }
        return new FiniteDataSet(source.name() + "-n" + n, pts, source.modes().orElse(null));
    }

    /** A finite data set over the given points (rows of equal length), without modes. */
    public static FiniteDataSet of(String name, double[][] points) {
        return new FiniteDataSet(name, points, null);
    }

    /** A finite data set over the given points with the given modes (for example a file of ring samples). */
    public static FiniteDataSet of(String name, double[][] points, Modes modes) {
        return new FiniteDataSet(name, points, modes);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dim() {
        return points[0].length;
    }

    /** The number N of points held. */
    public int size() {
        return points.length;
    }

    /** All N points as a float32 tensor [N, d], in their stored order. */
    public Tensor points() {
        return Points.tensor(points);
    }

    @Override
    public Optional<Modes> modes() {
        return Optional.ofNullable(modes);
    }

    @Override
    public void drawPoint(Rng rng, double[] out) {
        System.arraycopy(points[rng.nextInt(points.length)], 0, out, 0, out.length);
    }
}
