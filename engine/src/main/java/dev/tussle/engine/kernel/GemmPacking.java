package dev.tussle.engine.kernel;

/**
 * Copies blocks of A and B into the contiguous, zero-padded panels the micro-kernel streams
 * through, for both element types and every layout. Transposed operands are read through their
 * strides here, so a transpose is never materialized.
 *
 * <p>Layouts: a packed A block is a sequence of MR-row micro-panels, each stored k-major
 * ({@code panel[p*MR + r]}); a packed B block is a sequence of NR-column micro-panels, each
 * stored k-major ({@code panel[p*NR + j]}). Rows or columns past the edge of the matrix are
 * zero, so the micro-kernel always runs on a full tile.
 */
final class GemmPacking {
    private GemmPacking() {
    }

    /**
     * Packs rows {@code [i0, i0+rows)} × depth {@code [p0, p0+kc)} of op(A) into
     * {@code dst[dOff ..]} as MR-row micro-panels. A is m×k row-major, or k×m row-major when
     * {@code transA} (then op(A) = Aᵀ).
     */
    static <A> void packA(GemmElementOps<A> ops, A a, int ao, boolean transA, int m, int k,
                          int i0, int rows, int p0, int kc, A dst, int dOff) {
        int mr = ops.mr;
        for (int ir = 0; ir < rows; ir += mr) {
            int panelRows = Math.min(mr, rows - ir);
            int panel = dOff + ir * kc;
            if (panelRows < mr) {
                ops.zero(dst, panel, panel + mr * kc);
            }
            if (transA) {
                // op(A)(i,p) = A[p][i]: the MR values of one k-step are contiguous in memory.
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(a, ao + (p0 + p) * m + i0 + ir, dst, panel + p * mr, panelRows);
                }
            } else {
                for (int r = 0; r < panelRows; r++) {
                    ops.copyStrided(a, ao + (i0 + ir + r) * k + p0, 1, dst, panel + r, mr, kc);
                }
            }
        }
    }

    /**
     * Packs depth {@code [p0, p0+kc)} × columns {@code [j0, j0+cols)} of op(B) into
     * {@code dst[dOff ..]} as NR-column micro-panels. B is k×n row-major, or n×k row-major when
     * {@code transB}.
     */
    static <A> void packB(GemmElementOps<A> ops, A b, int bo, boolean transB, int n, int k,
                          int p0, int kc, int j0, int cols, A dst, int dOff) {
        int nr = ops.nr;
        for (int jr = 0; jr < cols; jr += nr) {
            int panelCols = Math.min(nr, cols - jr);
            int panel = dOff + jr * kc;
            if (transB) {
                if (panelCols < nr) {
                    ops.zero(dst, panel, panel + nr * kc);
                }
                // op(B)(p,j) = B[j][p]: each column of the panel is a contiguous run of B.
                for (int j = 0; j < panelCols; j++) {
                    ops.copyStrided(b, bo + (j0 + jr + j) * k + p0, 1, dst, panel + j, nr, kc);
                }
            } else {
                ops.copyPanelRows(b, bo + p0 * n + j0 + jr, n, dst, panel, kc, panelCols);
            }
        }
    }
}
