package dev.tussle.gan.metrics;

import dev.tussle.engine.Tensor;
import dev.tussle.gan.data.Points;

/**
 * Mean and standard deviation of a 1-D sample: the two numbers the stability essay's 1-D
 * Gaussian GAN is judged by (a collapsed generator keeps the mean and loses the spread). The
 * standard deviation is the population one (divide by n), the spread of the sample itself.
 *
 * @param mean the sample mean
 * @param std  the population standard deviation
 */
public record Moments(double mean, double std) {

    /**
     * The moments of {@code values}.
     *
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public static Moments of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("Moments.of: no values");
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double sq = 0;
        for (double v : values) {
            sq += (v - mean) * (v - mean);
        }
        return new Moments(mean, Math.sqrt(sq / values.length));
    }

    /**
     * The moments of 1-D points given as a [n, 1] or [n] tensor.
     *
     * @throws IllegalArgumentException if the points are not 1-D or there are none
     */
    public static Moments of(Tensor points) {
        if (points.rank() == 2 && points.shape().dim(1) != 1) {
            throw new IllegalArgumentException("Moments.of: needs 1-D points ([n, 1] or [n]), got shape " + points.shape());
        }
        return of(Points.column("Moments.of", points, 0));
    }

    /** These moments as a JSON object. */
    public String toJson() {
        return new Json.ObjectWriter().field("mean", mean).field("std", std).toString();
    }
}
