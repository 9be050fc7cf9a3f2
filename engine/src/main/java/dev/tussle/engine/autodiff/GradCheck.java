package dev.tussle.engine.autodiff;

import dev.tussle.engine.Autodiff;
import dev.tussle.engine.DType;
import dev.tussle.engine.GradMode;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Gradient checks against central finite differences in float64, with PyTorch's defaults
 * ({@code eps = 1e-6}, {@code atol = 1e-5}, {@code rtol = 1e-3}): the full Jacobian computed by
 * backward passes (one per output element) is compared with
 * {@code (f(x + eps·e_i) − f(x − eps·e_i)) / 2eps}, element by element, requiring
 * {@code |analytic − numeric| <= atol + rtol·|numeric|}.
 *
 * <p>The inputs that {@code requiresGrad()} are checked; others are held constant. The function
 * is called on copies, so the caller's tensors are never modified.
 */
public final class GradCheck {
    public static final double EPS = 1e-6;
    public static final double ATOL = 1e-5;
    public static final double RTOL = 1e-3;

    private GradCheck() {
    }

    /** What a passing check compared. */
    public record Report(int comparisons, double maxAbsError) {
    }

    /** First-order check with the default tolerances. */
    public static Report check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return check(f, EPS, ATOL, RTOL, inputs);
    }

    /**
     * First-order check.
     *
     * @throws GradCheckException naming the worst element when any comparison fails
     * @throws IllegalArgumentException when an input is not float64 or none requires grad
     */
    public static Report check(Function<Tensor[], Tensor> f, double eps, double atol, double rtol, Tensor... inputs) {
        Tensor[] xs = prepare("gradcheck", inputs);
        Tensor y;
        try (var scope = GradMode.enableGrad()) {
            y = f.apply(xs);
        }
        if (y.dtype() != DType.F64) {
            throw new IllegalArgumentException("gradcheck: the function returned " + y.dtype() + "; it must return float64");
        }
        List<Integer> diff = new ArrayList<>();
        List<Tensor> diffInputs = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            if (xs[i].requiresGrad()) {
                diff.add(i);
                diffInputs.add(xs[i]);
            }
        }
        int m = y.size();
        // analytic[input][outElem][inElem]
        double[][][] analytic = new double[diff.size()][m][];
        for (int j = 0; j < m; j++) {
            List<Tensor> g;
            if (y.requiresGrad()) {
                double[] onehot = new double[m];
                onehot[j] = 1;
                g = Autodiff.grad(List.of(y), diffInputs, List.of(Tensor.of(onehot, y.shape().dims())), false, true);
            } else {
                g = diffInputs.stream().map(t -> Tensor.zeros(DType.F64, t.shape().dims())).toList();
            }
            for (int k = 0; k < diff.size(); k++) {
                analytic[k][j] = g.get(k).toDoubleArray();
            }
        }
        Worst worst = new Worst();
        int comparisons = 0;
        for (int k = 0; k < diff.size(); k++) {
            Tensor x = xs[diff.get(k)];
            double[] data = x.storageF64();
            for (int e = 0; e < data.length; e++) {
                double saved = data[e];
                double[] plus;
                double[] minus;
                try (var scope = GradMode.noGrad()) {
                    data[e] = saved + eps;
                    plus = f.apply(xs).toDoubleArray();
                    data[e] = saved - eps;
                    minus = f.apply(xs).toDoubleArray();
                } finally {
                    data[e] = saved;
                }
                for (int j = 0; j < m; j++) {
                    double numeric = (plus[j] - minus[j]) / (2 * eps);
                    double a = analytic[k][j][e];
                    worst.consider(diff.get(k), x, e, j, a, numeric, atol, rtol);
                    comparisons++;
                }
            }
        }
        if (worst.excess > 0 || Double.isNaN(worst.excess)) {
            throw new GradCheckException(worst.describe(y));
        }
        return new Report(comparisons, worst.maxAbs);
    }

    /**
     * Second-order check (PyTorch's gradgradcheck): the gradient of {@code f}, contracted with a
     * random seeded {@code gradOutput} v and computed with {@code createGraph}, is itself checked
     * against finite differences with respect to the inputs and v.
     */
    public static Report checkSecondOrder(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return checkSecondOrder(f, EPS, ATOL, RTOL, inputs);
    }

    /** Second-order check with explicit tolerances. */
    public static Report checkSecondOrder(Function<Tensor[], Tensor> f, double eps, double atol, double rtol,
                                          Tensor... inputs) {
        Tensor[] xs = prepare("gradgradcheck", inputs);
        Tensor y0;
        try (var scope = GradMode.noGrad()) {
            y0 = f.apply(xs);
        }
        Tensor v = Tensor.randn(new Rng(0x5EED), DType.F64, 0, 1, y0.shape().dims()).requiresGrad(true);
        int n = xs.length;
        Tensor[] all = Arrays.copyOf(xs, n + 1);
        all[n] = v;
        Function<Tensor[], Tensor> gradOfF = args -> {
            Tensor[] in = Arrays.copyOf(args, n);
            List<Tensor> diffInputs = new ArrayList<>();
            for (Tensor t : in) {
                if (t.requiresGrad()) {
                    diffInputs.add(t);
                }
            }
            Tensor y;
            // The finite-difference side of check() evaluates this function under noGrad; the inner
            // gradient must still be recorded, or every numeric second derivative comes out 0.
            try (var scope = GradMode.enableGrad()) {
                y = f.apply(in);
            }
            List<Tensor> parts = new ArrayList<>();
            if (y.requiresGrad()) {
                List<Tensor> grads;
                try (var scope = GradMode.enableGrad()) {
                    grads = Autodiff.grad(List.of(y), diffInputs, List.of(args[n]), true, true);
                }
                for (Tensor g : grads) {
                    parts.add(g.reshape(-1));
                }
            } else {
                for (Tensor t : diffInputs) {
                    parts.add(Tensor.zeros(DType.F64, t.size()));
                }
            }
            return Tensor.concat(0, parts);
        };
        return check(gradOfF, eps, atol, rtol, all);
    }

    private static Tensor[] prepare(String op, Tensor[] inputs) {
        Tensor[] xs = new Tensor[inputs.length];
        boolean any = false;
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].dtype() != DType.F64) {
                throw new IllegalArgumentException(op + ": input " + i + " is " + inputs[i].dtype() + " "
                        + inputs[i].shape() + "; gradient checks need float64 inputs (use to(DType.F64))");
            }
            xs[i] = inputs[i].copy().requiresGrad(inputs[i].requiresGrad());
            any |= inputs[i].requiresGrad();
        }
        if (!any) {
            throw new IllegalArgumentException(op + ": no input requires grad; mark the inputs to check with "
                    + "requiresGrad(true)");
        }
        return xs;
    }

    private static final class Worst {
        double excess = Double.NEGATIVE_INFINITY;
        double maxAbs;
        int input;
        Tensor x;
        int element;
        int output;
        double analytic;
        double numeric;

        void consider(int input, Tensor x, int element, int output, double a, double num, double atol, double rtol) {
            double err = Math.abs(a - num);
            double e = Double.isNaN(err) ? Double.NaN : err - (atol + rtol * Math.abs(num));
            maxAbs = Double.isNaN(err) ? Double.NaN : Math.max(maxAbs, err);
            if (Double.isNaN(e) && !Double.isNaN(excess) || e > excess) {
                excess = e;
                this.input = input;
                this.x = x;
                this.element = element;
                this.output = output;
                this.analytic = a;
                this.numeric = num;
            }
        }

        String describe(Tensor y) {
            return String.format(Locale.ROOT, "gradcheck failed: d output%s / d input %d%s: analytic %.10g vs numeric "
                            + "%.10g (|diff| = %.3g; input %d has shape %s, output has shape %s)",
                    Arrays.toString(unravel(output, y.shape().dims())), input,
                    Arrays.toString(unravel(element, x.shape().dims())), analytic, numeric,
                    Math.abs(analytic - numeric), input, x.shape(), y.shape());
        }

        private static int[] unravel(int flat, int[] dims) {
            int[] idx = new int[dims.length];
            for (int i = dims.length - 1; i >= 0; i--) {
                idx[i] = dims[i] == 0 ? 0 : flat % dims[i];
                flat = dims[i] == 0 ? 0 : flat / dims[i];
            }
            return idx;
        }
    }
}
