package dev.tussle.gan.plot;

/**
 * One named line of a {@link LinePlot}: values over steps (losses, metrics). Non-finite values
 * leave a gap in the line.
 *
 * @param name   the legend label
 * @param steps  the x values, one per point
 * @param values the y values, one per point
 */
public record Series(String name, double[] steps, double[] values) {

    /** Checks the lengths and copies the arrays. */
    public Series {
        if (steps.length != values.length) {
            throw new IllegalArgumentException("Series(" + name + "): " + steps.length + " steps but " + values.length + " values");
        }
        steps = steps.clone();
        values = values.clone();
    }

    /** A series over steps 0, 1, 2, ... */
    public static Series of(String name, double[] values) {
        double[] steps = new double[values.length];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = i;
        }
        return new Series(name, steps, values);
    }

    /** The x values (a copy). */
    @Override
    public double[] steps() {
        return steps.clone();
    }

    /** The y values (a copy). */
    @Override
    public double[] values() {
        return values.clone();
    }
}
