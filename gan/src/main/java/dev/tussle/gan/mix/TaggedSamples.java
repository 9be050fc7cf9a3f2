package dev.tussle.gan.mix;

import dev.tussle.engine.Tensor;

/**
 * Samples drawn from a trained mixture, each tagged with the generator that made it — what a
 * plot needs to colour samples by component.
 *
 * @param points     the samples {@code [n, dim]}
 * @param components {@code components[i]} is the index of the generator that produced row i
 */
public record TaggedSamples(Tensor points, int[] components) {

    public TaggedSamples {
        if (points.rank() != 2 || points.shape().dim(0) != components.length) {
            throw new IllegalArgumentException("TaggedSamples: points must be [n, dim] with one tag per row, got "
                    + points.shape() + " and " + components.length + " tags");
        }
        components = components.clone();
    }

    @Override
    public int[] components() {
        return components.clone();
    }

    /** How many samples each of {@code k} components produced. */
    public int[] counts(int k) {
        int[] c = new int[k];
        for (int t : components) {
            if (t < 0 || t >= k) {
                throw new IllegalArgumentException("TaggedSamples.counts: tag " + t + " outside [0, " + k + ")");
            }
            c[t]++;
        }
        return c;
    }
}
