package dev.tussle.engine;

/**
 * Prints tensors the way NumPy and PyTorch do: nested brackets, one row per line, columns
 * aligned, and "..." in place of the middle of any dimension longer than 6 when the tensor has
 * more than 1000 elements.
 */
final class TensorFormat {
    static final int THRESHOLD = 1000;
    static final int EDGE = 3;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        boolean summarize = t.size() > THRESHOLD;
        boolean integral = true;
        double maxAbs = 0;
        double minAbs = Double.POSITIVE_INFINITY;
        for (int i = 0; i < t.size(); i++) {
            double v = t.getFlat(i);
            if (Double.isFinite(v)) {
                integral &= v == Math.rint(v) && Math.abs(v) < 1e15;
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
                return String.format(java.util.Locale.ROOT, "%.0f.", v);
            }
            return scientific ? String.format(java.util.Locale.ROOT, "%.4e", v)
                    : String.format(java.util.Locale.ROOT, "%.4f", v);
        };
        int width = 0;
        for (int i = 0; i < t.size(); i++) {
            width = Math.max(width, fmt.apply(t.getFlat(i)).length());
        }
        StringBuilder sb = new StringBuilder("tensor(");
        String indent = " ".repeat("tensor(".length());
        if (t.rank() == 0) {
            sb.append(fmt.apply(t.getFlat(0)));
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

    private static void appendDim(StringBuilder sb, Tensor t, int dim, int offset, int width, Formatter fmt,
                                  boolean summarize, String indent) {
        int len = t.shape().dim(dim);
        int stride = 1;
        for (int i = dim + 1; i < t.rank(); i++) {
            stride *= t.shape().dim(i);
        }
        sb.append('[');
        boolean last = dim == t.rank() - 1;
        for (int i = 0; i < len; i++) {
            if (summarize && len > 2 * EDGE && i == EDGE) {
                sb.append(last ? "..., " : "...,\n" + indent + " ".repeat(dim + 1));
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
                sb.append(last ? ", " : "," + "\n".repeat(t.rank() - dim - 1) + indent + " ".repeat(dim + 1));
            }
        }
        sb.append(']');
    }
}
