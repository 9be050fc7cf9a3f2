package dev.tussle.engine.autodiff;

/** A gradient check found an analytic gradient that disagrees with finite differences. */
public final class GradCheckException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GradCheckException(String message) {
        super(message);
    }
}
