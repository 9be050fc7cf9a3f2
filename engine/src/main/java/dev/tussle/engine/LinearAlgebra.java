package dev.tussle.engine;

import dev.tussle.engine.kernel.KernelProvider;
import dev.tussle.engine.kernel.Kernels;

/**
 * Matrix products. {@code matmul} follows NumPy: 1-d operands are promoted to matrices and the
 * added dimension removed afterwards; leading (batch) dimensions broadcast. The batched product
 * is one primitive whose backward is two more matmuls.
 */
final class LinearAlgebra {
    private static final Kernels K = KernelProvider.get();

    private LinearAlgebra() {
    }

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("matmul: operands must have at least 1 dimension, got shapes "
                    + a.shape + " and " + b.shape);
        }
        Elementwise.checkDtypes("matmul", a, b);
        // Checked here, before 1-d operands are promoted, so that the message shows the caller's shapes.
        checkInner(a, b, a.shape.dim(-1), b.rank() == 1 ? b.shape.dim(0) : b.shape.dim(-2));
        if (a.rank() == 1 && b.rank() == 1) {
            return batched(a.unsqueeze(0), b.unsqueeze(1)).reshape();
        }
        if (a.rank() == 1) {
            return batched(a.unsqueeze(0), b).squeeze(-2);
        }
        if (b.rank() == 1) {
            return batched(a, b.unsqueeze(1)).squeeze(-1);
        }
        return batched(a, b);
    }

    private static void checkInner(Tensor a, Tensor b, int ka, int kb) {
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: shapes " + a.shape + " and " + b.shape
                    + " are not aligned: " + ka + " (last dim of the first) != " + kb + " (first dim of the second"
                    + (b.rank() > 1 ? ", dim -2" : "") + ")");
        }
    }

    /** {@code [..., m, k] @ [..., k, n]} with broadcast batch dimensions. */
    private static Tensor batched(Tensor a, Tensor b) {
        int m = a.shape.dim(-2);
        int k = a.shape.dim(-1);
        int n = b.shape.dim(-1);
        checkInner(a, b, k, b.shape.dim(-2));
        Shape batchA = Shape.of(java.util.Arrays.copyOf(a.shape.dims(), a.rank() - 2));
        Shape batchB = Shape.of(java.util.Arrays.copyOf(b.shape.dims(), b.rank() - 2));
        Shape batch;
        try {
            batch = Shape.broadcast("matmul", batchA, batchB);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: the batch dimensions " + batchA + " and " + batchB
                    + " of shapes " + a.shape + " and " + b.shape + " cannot be broadcast", e);
        }
        int[] outDims = java.util.Arrays.copyOf(batch.dims(), batch.rank() + 2);
        outDims[batch.rank()] = m;
        outDims[batch.rank() + 1] = n;
        Tensor out = Tensor.allocate(a.dtype, Shape.of(outDims));
        if (out.size() > 0) {
            int sa = m * k;
            int sb = k * n;
            int sc = m * n;
            // Each batch index is a run of length 1 in the broadcast loop over the batch shape.
            StridedLoop.forEach(batch.rank() == 0 ? Shape.of(1) : batch,
                    new Shape[] {batch.rank() == 0 ? Shape.of(1) : batchA, batch.rank() == 0 ? Shape.of(1) : batchB},
                    (o, s, oo, len) -> {
                        for (int t = 0; t < len; t++) {
                            int ia = (o[0] + t * s[0]) * sa;
                            int ib = (o[1] + t * s[1]) * sb;
                            int ic = (oo + t) * sc;
                            if (a.dtype == DType.F32) {
                                K.gemm(m, n, k, a.f, ia, b.f, ib, out.f, ic, false);
                            } else {
                                K.gemm(m, n, k, a.d, ia, b.d, ib, out.d, ic, false);
                            }
                        }
                    });
        }
        return Autodiff.record("matmul", out, (i, g) -> i == 0 ? g.matmul(b.mT()) : a.mT().matmul(g), a, b);
    }
}
