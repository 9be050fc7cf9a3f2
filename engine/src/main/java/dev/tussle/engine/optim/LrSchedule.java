package dev.tussle.engine.optim;

/**
 * A factor applied to every group's base learning rate at each step: step {@code t} (0 for the
 * first step) uses {@code lr · factor(t)}. A pure function of the step, so a resumed run follows
 * the same schedule.
 */
@FunctionalInterface
public interface LrSchedule {

    /** The factor for the step with 0-based index {@code step}. */
    double factor(long step);

    /** Always 1. */
    static LrSchedule constant() {
        return step -> 1.0;
    }

    /**
     * Linear from 1 at step 0 to {@code endFactor} at step {@code totalSteps}, then constant.
     *
     * @throws IllegalArgumentException for {@code totalSteps <= 0} or a negative end factor
     */
    static LrSchedule linearDecay(long totalSteps, double endFactor) {
        if (totalSteps <= 0 || !(endFactor >= 0) || Double.isInfinite(endFactor)) {
            throw new IllegalArgumentException("LrSchedule.linearDecay: needs totalSteps > 0 and a finite endFactor >= 0, got "
                    + "totalSteps=" + totalSteps + ", endFactor=" + endFactor);
        }
        return step -> {
            double progress = Math.min(step, totalSteps) / (double) totalSteps;
            return 1.0 + (endFactor - 1.0) * progress;
        };
    }

    /**
     * {@code gamma^(step / stepSize)} (integer division): multiplied by {@code gamma} every {@code stepSize} steps.
     *
     * @throws IllegalArgumentException for {@code stepSize <= 0} or a negative gamma
     */
    static LrSchedule step(long stepSize, double gamma) {
        if (stepSize <= 0 || !(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("LrSchedule.step: needs stepSize > 0 and a finite gamma >= 0, got stepSize="
                    + stepSize + ", gamma=" + gamma);
        }
        return step -> Math.pow(gamma, (double) (step / stepSize));
    }
}
