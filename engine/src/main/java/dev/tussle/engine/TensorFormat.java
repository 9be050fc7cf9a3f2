package dev.tussle.engine;

import java.util.Locale;

/**
 * Prints tensors the way NumPy and PyTorch do: nested brackets, one row per line, columns
 * aligned, and "..." in place of the middle of any dimension longer than 6 when the tensor has
 * more than 1000 elements. The notation and the column width are chosen from the printed
 * elements only (as PyTorch does), so printing a large tensor formats a few dozen numbers, not all.
 *
 * <p>Notation: all-integral values print as {@code 3.} unless some |v| &gt;= 1e8; others with four
 * decimals ({@code 0.5000}), switching to {@code 1.0000e-05} for |v| &gt;= 1e8, non-zero |v| &lt; 1e-4,
 * or a max/min magnitude ratio of at least 1e3 when the largest is at least 1e3. NaN and
 * infinities print as {@code nan}, {@code inf}, {@code -inf}; an empty tensor as {@code []}.
 */
final class TensorFormat {
    static final int THRESHOLD = 1000;
    static final int EDGE = 3;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        boolean summarize = t.size() > THRESHOLD;
        int[] shown = shownIndices(t, summarize);
        boolean integral = true;
        double maxAbs = 0;
        double minAbs = Double.POSITIVE_INFINITY;
        for (int i : shown) {
            double v = t.getFlat(i);
            if (Double.isFinite(v)) {
                integral &= v == Math.rint(v) && Math.abs(v) < 1e8;
                maxAbs = Math.max(maxAbs, Math.abs(v));
                if (v != 0) {
                    minAbs = Math.min(minAbs, Math.abs(v));
                }
            }
        }
        boolean allIntegral = integral;
        boolean scientific = !integral && (maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs != Double.POSITIVE_INFINITY)
                || (maxAbs > 0 && minAbs != Double.POSITIVE_INFINITY && maxAbs / minAbs >= 1e3 && maxAbs >= 1e3));
        Formatter fmt = v -> {
            if (Double.isNaN(v)) {
                return "nan";
            }
            if (Double.isInfinite(v)) {
                return v > 0 ? "inf" : "-inf";
            }
            if (allIntegral) {
                return String.format(Locale.ROOT, "%.0f.", v);
            }
            return scientific ? String.format(Locale.ROOT, "%.4e", v) : String.format(Locale.ROOT, "%.4f", v);
        };
        int width = 0;
        for (int i : shown) {
            width = Math.max(width, fmt.apply(t.getFlat(i)).length());
        }
        StringBuilder sb = new StringBuilder("tensor(");
        String indent = " ".repeat("tensor(".length());
        if (t.rank() == 0) {
            sb.append(fmt.apply(t.getFlat(0)));
        } else if (t.size() == 0) {
            sb.append("[]");
        } else {
            appendDim(sb, t, 0, 0, width, fmt, summarize, indent);
        }
        sb.append(", shape=").append(t.shape()).append(", dtype=").append(t.dtype());
        if (t.gradFn() != null) {
            sb.append(", grad_fn=").append(t.gradFn().op());
        } else if (t.requiresGrad()) {
            sb.append(", requires_grad=true");
        }
        return sb.append(')').toString();
    }

    private interface Formatter {
        String apply(double v);
    }

    /** Whether position {@code i} of a dimension of length {@code len} is printed. */
    private static boolean isShown(int i, int len, boolean summarize) {
        return !summarize || len <= 2 * EDGE || i < EDGE || i >= len - EDGE;
    }

    /** The flat indices of the elements that will be printed, in row-major order. */
    private static int[] shownIndices(Tensor t, boolean summarize) {
        int[] dims = t.shape().dims();
        int count = 1;
        for (int d : dims) {
            count *= summarize && d > 2 * EDGE ? 2 * EDGE : d;
        }
        int[] out = new int[count];
        int[] strides = t.shape().strides();
        int[] counter = new int[dims.length];
        for (int k = 0; k < count; k++) {
            int flat = 0;
            for (int d = 0; d < dims.length; d++) {
                int i = counter[d];
                // The k-th shown position along d: the first EDGE, then the last EDGE.
                int pos = summarize && dims[d] > 2 * EDGE && i >= EDGE ? dims[d] - 2 * EDGE + i : i;
                flat += pos * strides[d];
            }
            out[k] = flat;
            for (int d = dims.length - 1; d >= 0; d--) {
                int shownLen = summarize && dims[d] > 2 * EDGE ? 2 * EDGE : dims[d];
                if (++counter[d] < shownLen) {
                    break;
                }
                counter[d] = 0;
            }
        }
        return out;
    }

    private static void appendDim(StringBuilder sb, Tensor t, int dim, int offset, int width, Formatter fmt,
                                  boolean summarize, String indent) {
        int len = t.shape().dim(dim);
        int stride = 1;
        for (int i = dim + 1; i < t.rank(); i++) {
            stride *= t.shape().dim(i);
        }
        boolean last = dim == t.rank() - 1;
        // Between rows: one newline per remaining dimension, then align under the opening bracket.
        String separator = last ? ", " : "," + "\n".repeat(t.rank() - dim - 1) + indent + " ".repeat(dim + 1);
        sb.append('[');
        for (int i = 0; i < len; i++) {
            if (!isShown(i, len, summarize)) {
                sb.append("...").append(separator);
                i = len - EDGE - 1;
                continue;
            }
            if (last) {
                String s = fmt.apply(t.getFlat(offset + i));
                sb.append(" ".repeat(width - s.length())).append(s);
            } else {
                appendDim(sb, t, dim + 1, offset + i * stride, width, fmt, summarize, indent);
            }
            if (i < len - 1) {
                sb.append(separator);
            }
        }
        sb.append(']');
    }
}
