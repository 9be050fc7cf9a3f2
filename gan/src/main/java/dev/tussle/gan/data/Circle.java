package dev.tussle.gan.data;

import dev.tussle.engine.Rng;

/**
 * The uniform distribution on a circle of the given radius centred at the origin: the
 * circumference, not the disc. The hands-on essay's "A is a circle centered on 0, with radius 1,
 * π the uniform distribution on A" is a curve, and its generator is shown spreading its points
 * along that curve; a one-dimensional support is also what makes the essay's point about
 * low-dimensional manifolds.
 */
public final class Circle implements DataSet {
    private final double radius;

    /**
     * The uniform distribution on the circle of the given radius.
     *
     * @param radius the circle's radius, finite and &gt; 0
     */
    public Circle(double radius) {
        if (!(radius > 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("Circle: radius must be finite and > 0, got " + radius);
        }
        this.radius = radius;
    }

    /** The radius. */
    public double radius() {
        return radius;
    }

    @Override
    public String name() {
        return "circle";
    }

    @Override
    public int dim() {
        return 2;
    }

    @Override
    public void drawPoint(Rng rng, double[] out) {
        double angle = 2 * Math.PI * rng.nextDouble();
        out[0] = radius * StrictMath.cos(angle);
        out[1] = radius * StrictMath.sin(angle);
    }
}
