package dev.tussle.engine.kernel;

/**
 * The Vector API optimizer updates; the loops are generated per lane type into
 * {@link VectorLoops} (see {@code engine/src/codegen/GenerateVectorLoops.java}).
 */
final class VectorOptimizerKernels implements OptimizerKernels {
    static final VectorOptimizerKernels INSTANCE = new VectorOptimizerKernels();

    private VectorOptimizerKernels() {
    }

    @Override
    public void adam(OptimizerSteps.Adam c, float[] p, float[] g, float[] m, float[] v, float[] vmax, int n) {
        VectorLoops.adam(c, p, g, m, v, vmax, n);
    }

    @Override
    public void adam(OptimizerSteps.Adam c, double[] p, double[] g, double[] m, double[] v, double[] vmax, int n) {
        VectorLoops.adam(c, p, g, m, v, vmax, n);
    }

    @Override
    public void sgd(OptimizerSteps.Sgd c, float[] p, float[] g, float[] buf, int n) {
        VectorLoops.sgd(c, p, g, buf, n);
    }

    @Override
    public void sgd(OptimizerSteps.Sgd c, double[] p, double[] g, double[] buf, int n) {
        VectorLoops.sgd(c, p, g, buf, n);
    }

    @Override
    public void rmsProp(OptimizerSteps.RmsProp c, float[] p, float[] g, float[] sq, float[] buf, float[] avg, int n) {
        VectorLoops.rmsProp(c, p, g, sq, buf, avg, n);
    }

    @Override
    public void rmsProp(OptimizerSteps.RmsProp c, double[] p, double[] g, double[] sq, double[] buf, double[] avg, int n) {
        VectorLoops.rmsProp(c, p, g, sq, buf, avg, n);
    }
}
