package dev.tussle.engine.optim;

import dev.tussle.engine.Tensor;

/**
 * A projection applied to every parameter, in place, after each optimizer step, for example
 * WGAN's weight clipping ({@link #clip(double)}).
 */
@FunctionalInterface
public interface ParamConstraint {

    /** Projects {@code param}'s values in place. */
    void apply(Tensor param);

    /**
     * Clamps every element to {@code [−c, c]} (the weight clipping of Arjovsky et al., 2017).
     *
     * @throws IllegalArgumentException for a negative or non-finite {@code c}
     */
    static ParamConstraint clip(double c) {
        if (!(c >= 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("ParamConstraint.clip: c must be finite and >= 0, got " + c);
        }
        return new Clip(c);
    }

    /**
     * Weight clipping to {@code [−c, c]}; a record, so that a device path can recognize it.
     *
     * @param c the bound
     */
    record Clip(double c) implements ParamConstraint {
        @Override
        public void apply(Tensor param) {
            FlatView view = new FlatView();
            view.bind(param);
            for (int i = 0; i < view.size(); i++) {
                view.set(i, Math.max(-c, Math.min(c, view.get(i))));
            }
        }
    }
}
