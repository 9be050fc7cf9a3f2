package dev.tussle.gan.train;

/**
 * Training produced a NaN or infinite loss, gradient or output. The message names the step and
 * the quantity and, when the failing step could be replayed in anomaly mode, the op that first
 * produced the non-finite value.
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long step;

    public TrainingDivergedException(long step, String message) {
        super(message);
        this.step = step;
    }

    /** The step at which the non-finite value appeared. */
    public long step() {
        return step;
    }
}
