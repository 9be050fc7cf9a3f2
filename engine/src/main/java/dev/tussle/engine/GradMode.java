package dev.tussle.engine;

/**
 * Whether ops record the graph on the current thread. Recording is on by default; open a
 * {@link #noGrad()} scope to evaluate without building a graph:
 *
 * <pre>{@code
 * try (var scope = GradMode.noGrad()) {
 *     Tensor y = model.forward(x);   // no nodes recorded
 * }
 * }</pre>
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {
    }

    /** Whether ops on this thread record nodes for backward. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** A scope in which nothing is recorded; closing it restores the previous mode. */
    public static Scope noGrad() {
        return set(false);
    }

    /** A scope in which recording is on (for example inside a {@link #noGrad()} scope). */
    public static Scope enableGrad() {
        return set(true);
    }

    static Scope set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return previous ? RESTORE_ON : RESTORE_OFF;
    }

    // The two ways a scope can end, shared: opening a scope allocates nothing.
    private static final Scope RESTORE_ON = () -> ENABLED.get()[0] = true;
    private static final Scope RESTORE_OFF = () -> ENABLED.get()[0] = false;

    /** A try-with-resources scope whose {@code close} cannot fail. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
