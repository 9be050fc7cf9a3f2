package dev.tussle.engine.kernel;

import java.util.Optional;

/**
 * Vectorized optimizer updates, in place over whole parameter arrays. The plain-Java update
 * rules in {@code dev.tussle.engine.optim} are the reference and the fallback; these run when
 * the Vector API is present. Optional state arrays ({@code vmax}, {@code buf}, {@code avg}) are
 * null when the option is off.
 */
public interface OptimizerKernels {

    /** The Vector API implementation, when {@code jdk.incubator.vector} is present and the kernels are not forced scalar. */
    static Optional<OptimizerKernels> vector() {
        return KernelProvider.get() instanceof ParallelKernels p && p.inner() instanceof VectorKernels ? Optional.of(VectorOptimizerKernels.INSTANCE)
                : Optional.empty();
    }

    void adam(OptimizerSteps.Adam c, float[] p, float[] g, float[] m, float[] v, float[] vmax, int n);

    void adam(OptimizerSteps.Adam c, double[] p, double[] g, double[] m, double[] v, double[] vmax, int n);

    void sgd(OptimizerSteps.Sgd c, float[] p, float[] g, float[] buf, int n);

    void sgd(OptimizerSteps.Sgd c, double[] p, double[] g, double[] buf, int n);

    void rmsProp(OptimizerSteps.RmsProp c, float[] p, float[] g, float[] sq, float[] buf, float[] avg, int n);

    void rmsProp(OptimizerSteps.RmsProp c, double[] p, double[] g, double[] sq, double[] buf, double[] avg, int n);
}
