package dev.tussle.engine;

/** Thrown in {@link AnomalyMode} when an op's forward or backward produces NaN or infinity. */
public final class AnomalyException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    public AnomalyException(String message) {
        super(message);
    }
}
