package dev.tussle.gan.plot;

import dev.tussle.engine.Tensor;
import java.util.function.DoubleBinaryOperator;
import java.util.function.UnaryOperator;

/**
 * A real function on the plane evaluated at many points at once, such as a discriminator's
 * output over a grid. Batched so that a network can be run once on the whole grid.
 */
@FunctionalInterface
public interface PlaneFunction {

    /**
     * The function's values at {@code points} (rows (x, y)), one value per point.
     */
    double[] evaluate(double[][] points);

    /** A plane function from a function of (x, y), called once per point. */
    static PlaneFunction pointwise(DoubleBinaryOperator f) {
        return points -> {
            double[] out = new double[points.length];
            for (int i = 0; i < points.length; i++) {
                out[i] = f.applyAsDouble(points[i][0], points[i][1]);
            }
            return out;
        };
    }

    /**
     * A plane function from a function of a float32 [m, 2] batch returning m values (shape [m]
     * or [m, 1]), for example {@code x -> discriminator.forward(x).sigmoid()}.
     *
     * @throws IllegalArgumentException (when evaluated) if the result does not have m values
     */
    static PlaneFunction batched(UnaryOperator<Tensor> f) {
        return points -> {
            float[] flat = new float[points.length * 2];
            for (int i = 0; i < points.length; i++) {
                flat[2 * i] = (float) points[i][0];
                flat[2 * i + 1] = (float) points[i][1];
            }
            Tensor result = f.apply(Tensor.of(flat, points.length, 2));
            if (result.size() != points.length) {
                throw new IllegalArgumentException("PlaneFunction.batched: the function returned shape " + result.shape()
                        + " for " + points.length + " points; expected [" + points.length + "] or [" + points.length + ", 1]");
            }
            return result.toDoubleArray();
        };
    }
}
