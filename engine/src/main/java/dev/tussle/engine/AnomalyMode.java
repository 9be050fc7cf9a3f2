package dev.tussle.engine;

/**
 * Anomaly detection. While enabled on a thread, every op checks its output, and every backward
 * rule its gradient, for NaN and infinity; the first one found throws an
 * {@link AnomalyException} naming the op, its input shapes and where the op was called from.
 * It costs a scan of each result and a stack walk per op: turn it on to find a fault, not to
 * train.
 *
 * <pre>{@code
 * try (var scope = AnomalyMode.detect()) {
 *     loss.backward();
 * }
 * }</pre>
 */
public final class AnomalyMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {false});
    private static final ThreadLocal<boolean[]> IN_BACKWARD_RULE = ThreadLocal.withInitial(() -> new boolean[] {false});

    private AnomalyMode() {
    }

    /** Whether anomaly detection is on for this thread. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Turns detection on until the returned scope is closed. */
    public static GradMode.Scope detect() {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = true;
        return () -> flag[0] = previous;
    }

    /** The first caller frame outside the engine's own op plumbing. */
    static String callSite() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !f.getClassName().startsWith("dev.tussle.engine.")
                        || f.getClassName().contains("Test"))
                .findFirst()
                .map(f -> f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")")
                .orElse("<unknown>"));
    }

    /**
     * Marks the evaluation of a backward rule: the ops it runs are not checked one by one (the
     * first non-finite value would otherwise be blamed on the forward of, say, the 'div' inside
     * sqrt's rule); {@link #checkBackward} judges the rule's result and names the op.
     */
    static GradMode.Scope backwardRule() {
        boolean[] flag = IN_BACKWARD_RULE.get();
        boolean previous = flag[0];
        flag[0] = true;
        return () -> flag[0] = previous;
    }

    static void checkForward(String op, Tensor out, Tensor[] inputs, String site) {
        if (IN_BACKWARD_RULE.get()[0]) {
            return;
        }
        if (!out.allFinite()) {
            StringBuilder shapes = new StringBuilder();
            for (int i = 0; i < inputs.length; i++) {
                shapes.append(i == 0 ? "" : ", ").append(inputs[i].shape());
            }
            throw new AnomalyException("anomaly: forward of '" + op + "' produced NaN or Inf (output shape "
                    + out.shape() + ", input shapes " + shapes + "), called at " + site);
        }
    }

    static void checkBackward(Node node, int input, Tensor grad) {
        if (!grad.allFinite()) {
            throw new AnomalyException("anomaly: backward of '" + node.op() + "' produced NaN or Inf in the gradient "
                    + "for input " + input + " (input shapes " + node.inputShapes() + "), op called at "
                    + (node.createdAt() != null ? node.createdAt()
                            : "<unknown: enable anomaly mode during the forward pass to record it>"));
        }
    }
}
