package dev.tussle.engine.kernel;

/**
 * Plain-Java kernels: the reference every other implementation is tested against, and the
 * fallback when the Vector API module is absent. Each element is computed in double precision
 * by the op's reference formula and rounded once to the output type.
 */
public final class ScalarKernels implements Kernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void map(UnaryOp op, double alpha, float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = (float) op.apply(x[xo + i], alpha);
        }
    }

    @Override
    public void map(UnaryOp op, double alpha, double[] x, int xo, double[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = op.apply(x[xo + i], alpha);
        }
    }

    @Override
    public void zip(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = (float) op.apply(a[ao + i * as], b[bo + i * bs]);
        }
    }

    @Override
    public void zip(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = op.apply(a[ao + i * as], b[bo + i * bs]);
        }
    }

    @Override
    public void select(float[] m, int mo, int ms, float[] a, int ao, int as, float[] b, int bo, int bs,
                       float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = m[mo + i * ms] != 0 ? a[ao + i * as] : b[bo + i * bs];
        }
    }

    @Override
    public void select(double[] m, int mo, int ms, double[] a, int ao, int as, double[] b, int bo, int bs,
                       double[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = m[mo + i * ms] != 0 ? a[ao + i * as] : b[bo + i * bs];
        }
    }

    @Override
    public double reduce(ReduceOp op, float[] x, int off, int n) {
        BinaryOp combine = op.combine();
        double acc = op.identity();
        for (int i = 0; i < n; i++) {
            acc = combine.apply(acc, x[off + i]);
        }
        return acc;
    }

    @Override
    public double reduce(ReduceOp op, double[] x, int off, int n) {
        BinaryOp combine = op.combine();
        double acc = op.identity();
        for (int i = 0; i < n; i++) {
            acc = combine.apply(acc, x[off + i]);
        }
        return acc;
    }

    @Override
    public void gemm(int m, int n, int k, float[] a, int ao, float[] b, int bo, float[] c, int co, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? c[co + i * n + j] : 0.0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[ao + i * k + p] * b[bo + p * n + j];
                }
                c[co + i * n + j] = (float) s;
            }
        }
    }

    @Override
    public void gemm(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? c[co + i * n + j] : 0.0;
                for (int p = 0; p < k; p++) {
                    s += a[ao + i * k + p] * b[bo + p * n + j];
                }
                c[co + i * n + j] = s;
            }
        }
    }
}
