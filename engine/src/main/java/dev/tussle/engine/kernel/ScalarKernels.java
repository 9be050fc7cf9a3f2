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
    public void boxMuller(int n, double[] u, int u1, int u2, double[] out, int cosOut, int sinOut) {
        KernelChecks.boxMuller(n, u, u1, u2, out, cosOut, sinOut);
        SinCos.boxMullers(n, u, u1, u2, out, cosOut, sinOut);
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
        KernelChecks.strides("zip", as, bs);
        for (int i = 0; i < n; i++) {
            out[oo + i] = (float) op.apply(a[ao + i * as], b[bo + i * bs]);
        }
    }

    @Override
    public void zip(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
        KernelChecks.strides("zip", as, bs);
        for (int i = 0; i < n; i++) {
            out[oo + i] = op.apply(a[ao + i * as], b[bo + i * bs]);
        }
    }

    @Override
    public void select(float[] m, int mo, int ms, float[] a, int ao, int as, float[] b, int bo, int bs,
                       float[] out, int oo, int n) {
        KernelChecks.strides("select", ms, as, bs);
        for (int i = 0; i < n; i++) {
            out[oo + i] = m[mo + i * ms] != 0 ? a[ao + i * as] : b[bo + i * bs];
        }
    }

    @Override
    public void select(double[] m, int mo, int ms, double[] a, int ao, int as, double[] b, int bo, int bs,
                       double[] out, int oo, int n) {
        KernelChecks.strides("select", ms, as, bs);
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

    /** Where op(X)(i, j) lives in a dense row-major X that is rows×cols, or cols×rows when transposed. */
    private static int at(boolean trans, int rows, int cols, int i, int j) {
        return trans ? j * rows + i : i * cols + j;
    }

    /**
     * The reference product: a triple loop accumulating in double and rounding once per element.
     */
    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int ao, float[] b, int bo,
                     float[] c, int co, boolean accumulate) {
        gemmBatched(1, transA, transB, m, n, k, a, ao, 0, b, bo, 0, c, co, 0, accumulate);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int ao, double[] b, int bo,
                     double[] c, int co, boolean accumulate) {
        gemmBatched(1, transA, transB, m, n, k, a, ao, 0, b, bo, 0, c, co, 0, accumulate);
    }

    @Override
    public void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int ao, int strideA, float[] b, int bo, int strideB,
                            float[] c, int co, int strideC, boolean accumulate) {
        KernelChecks.gemm(batch == 1 ? "gemm" : "gemmBatched", batch, transA, transB, m, n, k,
                a.length, ao, strideA, b.length, bo, strideB, c.length, co, strideC);
        for (int t = 0; t < batch; t++) {
            int at = ao + t * strideA;
            int bt = bo + t * strideB;
            int ct = co + t * strideC;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = accumulate ? c[ct + i * n + j] : 0.0;
                    for (int p = 0; p < k; p++) {
                        s += (double) a[at + at(transA, m, k, i, p)] * b[bt + at(transB, k, n, p, j)];
                    }
                    c[ct + i * n + j] = (float) s;
                }
            }
        }
    }

    @Override
    public void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k,
                            double[] a, int ao, int strideA, double[] b, int bo, int strideB,
                            double[] c, int co, int strideC, boolean accumulate) {
        KernelChecks.gemm(batch == 1 ? "gemm" : "gemmBatched", batch, transA, transB, m, n, k,
                a.length, ao, strideA, b.length, bo, strideB, c.length, co, strideC);
        for (int t = 0; t < batch; t++) {
            int at = ao + t * strideA;
            int bt = bo + t * strideB;
            int ct = co + t * strideC;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = accumulate ? c[ct + i * n + j] : 0.0;
                    for (int p = 0; p < k; p++) {
                        s += a[at + at(transA, m, k, i, p)] * b[bt + at(transB, k, n, p, j)];
                    }
                    c[ct + i * n + j] = s;
                }
            }
        }
    }

    @Override
    public void linearForward(Activation act, double alpha, int m, int n, int k, float[] x, int xo, float[] w, int wo,
                              float[] bias, int biasOffset, float[] out, int oo) {
        KernelChecks.linear("linearForward", m, n, k, x.length, xo, w.length, wo,
                bias == null ? 0 : bias.length, biasOffset, bias != null, out.length, oo);
        // Rounded exactly where the unfused product, bias add and activation round, so that the
        // fused layer gives the same bits as the layers one by one (Mlp relies on it).
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    s += (double) x[xo + i * k + p] * w[wo + p * n + j];
                }
                float v = (float) s;
                if (bias != null) {
                    v += bias[biasOffset + j];
                }
                out[oo + i * n + j] = act.op() == null ? v : (float) act.op().apply(v, alpha);
            }
        }
    }

    @Override
    public void linearForward(Activation act, double alpha, int m, int n, int k, double[] x, int xo, double[] w, int wo,
                              double[] bias, int biasOffset, double[] out, int oo) {
        KernelChecks.linear("linearForward", m, n, k, x.length, xo, w.length, wo,
                bias == null ? 0 : bias.length, biasOffset, bias != null, out.length, oo);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    s += x[xo + i * k + p] * w[wo + p * n + j];
                }
                if (bias != null) {
                    s += bias[biasOffset + j];
                }
                out[oo + i * n + j] = act.op() == null ? s : act.op().apply(s, alpha);
            }
        }
    }

    @Override
    public void activationBackward(Activation act, double alpha, float[] y, int yo, float[] g, int go,
                                   float[] out, int oo, int n) {
        KernelChecks.elements("activationBackward", n, y.length, yo, g.length, go, out.length, oo);
        for (int i = 0; i < n; i++) {
            out[oo + i] = (float) (g[go + i] * act.derivativeFromOutput(y[yo + i], alpha));
        }
    }

    @Override
    public void activationBackward(Activation act, double alpha, double[] y, int yo, double[] g, int go,
                                   double[] out, int oo, int n) {
        KernelChecks.elements("activationBackward", n, y.length, yo, g.length, go, out.length, oo);
        for (int i = 0; i < n; i++) {
            out[oo + i] = g[go + i] * act.derivativeFromOutput(y[yo + i], alpha);
        }
    }

    @Override
    public void columnSum(int m, int n, float[] x, int xo, int ldx, float[] out, int oo, boolean accumulate) {
        KernelChecks.columnSum(m, n, x.length, xo, ldx, out.length, oo);
        for (int j = 0; j < n; j++) {
            double s = accumulate ? out[oo + j] : 0.0;
            for (int i = 0; i < m; i++) {
                s += x[xo + i * ldx + j];
            }
            out[oo + j] = (float) s;
        }
    }

    @Override
    public void columnSum(int m, int n, double[] x, int xo, int ldx, double[] out, int oo, boolean accumulate) {
        KernelChecks.columnSum(m, n, x.length, xo, ldx, out.length, oo);
        for (int j = 0; j < n; j++) {
            double s = accumulate ? out[oo + j] : 0.0;
            for (int i = 0; i < m; i++) {
                s += x[xo + i * ldx + j];
            }
            out[oo + j] = s;
        }
    }

    @Override
    public void addToRows(int m, int n, float[] bias, int bo, float[] c, int co, int ldc) {
        KernelChecks.addToRows(m, n, bias.length, bo, c.length, co, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[co + i * ldc + j] += bias[bo + j];
            }
        }
    }

    @Override
    public void addToRows(int m, int n, double[] bias, int bo, double[] c, int co, int ldc) {
        KernelChecks.addToRows(m, n, bias.length, bo, c.length, co, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[co + i * ldc + j] += bias[bo + j];
            }
        }
    }
}
