package dev.tussle.gan.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The data sets of the 2-D laboratory, built by factory method or by name (for the command
 * line). Defaults follow the sources: the point sets and the circle from the hands-on 2-D essay,
 * the ring of 8 and grid of 25 Gaussians with the PacGAN / VEEGAN constants, the 1-D Gaussian of
 * the stability essay.
 */
public final class DataSets {
    /** Ring of 8: PacGAN's radius. */
    public static final double RING_RADIUS = 1.0;
    /** Ring of 8: PacGAN's standard deviation of each Gaussian. */
    public static final double RING_SIGMA = 0.01;
    /** Grid of 25: distance between neighbouring means (means at {−4, −2, 0, 2, 4}²). */
    public static final double GRID_SPACING = 2.0;
    /** Grid of 25: PacGAN's standard deviation of each Gaussian. */
    public static final double GRID_SIGMA = 0.05;
    /**
     * The metric scale σ given to the point sets (two points, four points), whose samples have no
     * spread: a generated point within 3σ = 0.15 of a point counts as high quality.
     */
    public static final double POINT_TOLERANCE_SIGMA = 0.05;

    private static final List<String> NAMES = List.of(
            "two-points", "four-points", "circle", "ring8", "grid25", "swiss-roll", "gaussian1d");

    private DataSets() {
    }

    /** The names {@link #byName} accepts, in a stable order. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * The data set of the given name with its default parameters; names are case-insensitive.
     *
     * @throws IllegalArgumentException listing the allowed names if {@code name} is not one
     */
    public static DataSet byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "two-points" -> twoPoints();
            case "four-points" -> fourPoints();
            case "circle" -> circle(1.0);
            case "ring8" -> ring(8, RING_RADIUS, RING_SIGMA);
            case "grid25" -> grid(5, GRID_SPACING, GRID_SIGMA);
            case "swiss-roll" -> new SwissRoll();
            case "gaussian1d" -> gaussian1d(0.0, 1.0);
            default -> throw new IllegalArgumentException("DataSets.byName: unknown data set '" + name
                    + "'; allowed: " + String.join(", ", NAMES));
        };
    }

    /** The two points (−1, 0) and (1, 0) with probability 1/2 each. */
    public static GaussianMixture twoPoints() {
        return pointSet("two-points", new double[][] {{-1, 0}, {1, 0}});
    }

    /** The four points (±1, 0), (0, ±1) with probability 1/4 each. */
    public static GaussianMixture fourPoints() {
        return pointSet("four-points", new double[][] {{-1, 0}, {1, 0}, {0, 1}, {0, -1}});
    }

    private static GaussianMixture pointSet(String name, double[][] points) {
        return new GaussianMixture(name, Modes.uniform(points, POINT_TOLERANCE_SIGMA), 0.0);
    }

    /** The uniform distribution on the circle (circumference) of the given radius around 0. */
    public static Circle circle(double radius) {
        return new Circle(radius);
    }

    /**
     * {@code k} equally weighted Gaussians N(c_i, σ²I) with means c_i = radius·(cos 2πi/k, sin 2πi/k).
     *
     * @throws IllegalArgumentException if k &lt; 1, radius ≤ 0 or σ ≤ 0
     */
    public static GaussianMixture ring(int k, double radius, double sigma) {
        if (k < 1 || !(radius > 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("DataSets.ring: need k >= 1 and a finite radius > 0, got k=" + k
                    + ", radius=" + radius);
        }
        double[][] means = new double[k][];
        for (int i = 0; i < k; i++) {
            double angle = 2 * Math.PI * i / k;
            means[i] = new double[] {radius * StrictMath.cos(angle), radius * StrictMath.sin(angle)};
        }
        return new GaussianMixture(k == 8 ? "ring8" : "ring" + k, Modes.uniform(means, sigma), sigma);
    }

    /**
     * {@code side²} equally weighted Gaussians N(c, σ²I) on a square grid centred at 0 with the
     * given spacing: side 5 and spacing 2 give means {−4, −2, 0, 2, 4}².
     *
     * @throws IllegalArgumentException if side &lt; 1, spacing ≤ 0 or σ ≤ 0
     */
    public static GaussianMixture grid(int side, double spacing, double sigma) {
        if (side < 1 || !(spacing > 0) || Double.isInfinite(spacing)) {
            throw new IllegalArgumentException("DataSets.grid: need side >= 1 and a finite spacing > 0, got side=" + side
                    + ", spacing=" + spacing);
        }
        double[][] means = new double[side * side][];
        double offset = (side - 1) / 2.0;
        for (int i = 0; i < side; i++) {
            for (int j = 0; j < side; j++) {
                means[i * side + j] = new double[] {(i - offset) * spacing, (j - offset) * spacing};
            }
        }
        int count = side * side;
        return new GaussianMixture(count == 25 ? "grid25" : "grid" + count, Modes.uniform(means, sigma), sigma);
    }

    /** The swiss roll with the given scale and noise (see {@link SwissRoll}). */
    public static SwissRoll swissRoll(double scale, double noise) {
        return new SwissRoll(scale, noise);
    }

    /** The 1-D Gaussian N(mean, σ²) of the stability essay; one mode at the mean with scale σ. */
    public static GaussianMixture gaussian1d(double mean, double sigma) {
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("DataSets.gaussian1d: mean must be finite, got " + mean);
        }
        return new GaussianMixture("gaussian1d", new Modes(new double[][] {{mean}}, new double[] {1}, sigma), sigma);
    }

    /**
     * Points loaded from a file, resampled uniformly: {@code .npy} files are read by
     * {@link NpyPoints}, anything else as CSV by {@link CsvPoints}. The data set is named after
     * the file and has no modes.
     *
     * @throws DataFileException if the file is malformed
     * @throws IOException       if it cannot be read
     */
    public static FiniteDataSet fromFile(Path file) throws IOException {
        String fileName = file.getFileName().toString();
        boolean npy = fileName.toLowerCase(Locale.ROOT).endsWith(".npy");
        double[][] points = npy ? NpyPoints.read(file) : CsvPoints.read(file);
        for (int i = 0; i < points.length; i++) {
            for (double v : points[i]) {
                if (!Double.isFinite(v)) {
                    throw new DataFileException(file, "point " + i + " has a non-finite coordinate " + v);
                }
            }
        }
        return FiniteDataSet.of(fileName, points);
    }
}
