package dev.tussle.engine;

import dev.tussle.engine.kernel.Activation;
import dev.tussle.engine.kernel.BinaryOp;
import dev.tussle.engine.kernel.KernelProvider;
import dev.tussle.engine.kernel.Kernels;
import dev.tussle.engine.kernel.UnaryOp;
import java.util.Arrays;

/**
 * Elementwise ops, each forward beside its backward rule. Backward rules are written with these
 * same differentiable ops (masks from comparisons are constants), so every op here has gradients
 * of any order.
 */
final class Elementwise {
    private static final Kernels K = KernelProvider.get();

    private Elementwise() {
    }

    // ------------------------------------------------------------ evaluation (no autodiff)

    /** {@code op} applied to every element of {@code x}, without recording. */
    static Tensor map(UnaryOp op, double alpha, Tensor x) {
        Tensor out = Tensor.allocateOverwritten(x.dtype, x.shape);
        if (x.dtype == DType.F32) {
            K.map(op, alpha, x.f, 0, out.f, 0, x.size());
        } else {
            K.map(op, alpha, x.d, 0, out.d, 0, x.size());
        }
        return out;
    }

    /** {@code op} on broadcast {@code a} and {@code b}, without recording. */
    static Tensor zip(String name, BinaryOp op, Tensor a, Tensor b) {
        checkDtypes(name, a, b);
        // Equal shapes, or one side a single element of no higher rank: the one run the strided
        // loop would make, without its stride arrays (a training step makes ~40 such calls).
        boolean bOne = b.size() == 1 && b.rank() <= a.rank();
        boolean aOne = a.size() == 1 && a.rank() <= b.rank();
        if (a.shape.equals(b.shape) || aOne || bOne) {
            Tensor out = Tensor.allocateOverwritten(a.dtype, bOne ? a.shape : b.shape);
            int as = aOne ? 0 : 1;
            int bs = bOne ? 0 : 1;
            if (a.dtype == DType.F32) {
                K.zip(op, a.f, 0, as, b.f, 0, bs, out.f, 0, out.size());
            } else {
                K.zip(op, a.d, 0, as, b.d, 0, bs, out.d, 0, out.size());
            }
            return out;
        }
        Shape shape = Shape.broadcast(name, a.shape, b.shape);
        Tensor out = Tensor.allocateOverwritten(a.dtype, shape); // the loop visits every output element
        StridedLoop.forEach(out, a, b, op, a.dtype == DType.F32 ? ZIP_FLOATS : ZIP_DOUBLES);
        return out;
    }

    /** The broadcast loops' runs: constants, the operands coming from the loop (see StridedLoop.Operands). */
    private static final StridedLoop.Run ZIP_FLOATS = (t, o, s, oo, n) ->
            K.zip((BinaryOp) t.op, t.a.f, o[0], s[0], t.b.f, o[1], s[1], t.out.f, oo, n);
    private static final StridedLoop.Run ZIP_DOUBLES = (t, o, s, oo, n) ->
            K.zip((BinaryOp) t.op, t.a.d, o[0], s[0], t.b.d, o[1], s[1], t.out.d, oo, n);
    private static final StridedLoop.Run SELECT_FLOATS = (t, o, s, oo, n) ->
            K.select(t.a.f, o[0], s[0], t.b.f, o[1], s[1], t.c.f, o[2], s[2], t.out.f, oo, n);
    private static final StridedLoop.Run SELECT_DOUBLES = (t, o, s, oo, n) ->
            K.select(t.a.d, o[0], s[0], t.b.d, o[1], s[1], t.c.d, o[2], s[2], t.out.d, oo, n);

    static void checkDtypes(String name, Tensor a, Tensor b) {
        if (a.dtype != b.dtype) {
            throw new IllegalArgumentException(name + ": dtype mismatch, " + a.dtype + " " + a.shape + " vs "
                    + b.dtype + " " + b.shape + " (Tussle does not promote; convert one with to(DType))");
        }
    }

    // ------------------------------------------------------------ binary arithmetic

    static Tensor add(Tensor a, Tensor b) {
        Tensor out = zip("add", BinaryOp.ADD, a, b);
        return Autodiff.record("add", out, (node, i, g) -> g, a, b);
    }

    static Tensor sub(Tensor a, Tensor b) {
        Tensor out = zip("sub", BinaryOp.SUB, a, b);
        return Autodiff.record("sub", out, (node, i, g) -> i == 0 ? g : g.neg(), a, b);
    }

    static Tensor mul(Tensor a, Tensor b) {
        Tensor out = zip("mul", BinaryOp.MUL, a, b);
        return Autodiff.record("mul", out, (node, i, g) -> g.mul(node.input(1 - i)), a, b);
    }

    static Tensor div(Tensor a, Tensor b) {
        Tensor out = zip("div", BinaryOp.DIV, a, b);
        return Autodiff.record("div", out, (node, i, g) -> i == 0 ? g.div(node.input(1))
                : g.neg().mul(node.input(0)).div(node.input(1).square()), a, b);
    }

    /**
     * a^b. The gradient for b uses log(a), so it is defined for a &gt; 0; where a = 0 it is taken
     * as 0 (the limit from above when b &gt; 0), and the gradient for a where b = 0 is 0 (a^0 is
     * constant), rather than the NaN that 0·∞ would give.
     */
    static Tensor pow(Tensor a, Tensor b) {
        Tensor out = zip("pow", BinaryOp.POW, a, b);
        Tensor zero = a.constant(0);
        return Autodiff.record("pow", out, (node, i, g) -> i == 0
                ? where(compare(b, zero, BinaryOp.EQ), zero, g.mul(b).mul(a.pow(b.sub(1.0))))
                : where(compare(a, zero, BinaryOp.EQ), zero, g.mul(out).mul(a.log())), a, b);
    }

    static Tensor pow(Tensor x, double p) {
        if (!Double.isFinite(p)) {
            throw new IllegalArgumentException("pow: exponent must be finite, got " + p);
        }
        if (p == 1) {
            return identityOf(x);
        }
        if (p == 0) {
            // x^0 = 1 everywhere (0^0 too): its gradient is 0, where the general rule would give 0·x^-1 = NaN at 0.
            return Autodiff.record("pow", map(UnaryOp.POW_SCALAR, 0, x), (node, i, g) -> Tensor.allocate(g.dtype, g.shape), x);
        }
        Tensor out = map(UnaryOp.POW_SCALAR, p, x);
        return Autodiff.record("pow", out, (node, i, g) -> g.mul(x.pow(p - 1).mul(p)), x);
    }

    /** The same values as a new node, so that pow(x, 1) still has a distinct output. */
    private static Tensor identityOf(Tensor x) {
        return Autodiff.record("identity", x.view(x.shape), (node, i, g) -> g, x);
    }

    /** Where a == b the gradient is split evenly, as PyTorch does. */
    static Tensor maximum(Tensor a, Tensor b) {
        Tensor out = zip("maximum", BinaryOp.MAX, a, b);
        return Autodiff.record("maximum", out, (node, i, g) -> g.mul(tieShare(node.input(0), node.input(1),
                i == 0 ? BinaryOp.GT : BinaryOp.LT)), a, b);
    }

    static Tensor minimum(Tensor a, Tensor b) {
        Tensor out = zip("minimum", BinaryOp.MIN, a, b);
        return Autodiff.record("minimum", out, (node, i, g) -> g.mul(tieShare(node.input(0), node.input(1),
                i == 0 ? BinaryOp.LT : BinaryOp.GT)), a, b);
    }

    /** 1 where the input wins, 0.5 at ties, 0 where it loses (a constant mask). */
    private static Tensor tieShare(Tensor a, Tensor b, BinaryOp wins) {
        Tensor win = zip("maximum", wins, a, b);
        Tensor tie = zip("maximum", BinaryOp.EQ, a, b);
        return zip("maximum", BinaryOp.ADD, win, zip("maximum", BinaryOp.MUL, tie, a.constant(0.5)));
    }

    static Tensor compare(Tensor a, Tensor b, BinaryOp op) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        return zip(name, op, a, b); // a mask is a constant: never recorded
    }

    static Tensor where(Tensor mask, Tensor a, Tensor b) {
        checkDtypes("where", a, b);
        checkDtypes("where", mask, a);
        Shape shape;
        try {
            shape = Shape.broadcast("where", Shape.broadcast("where", mask.shape, a.shape), b.shape);
        } catch (IllegalArgumentException e) {
            // The nested broadcast would name an intermediate shape; name the three operands instead.
            throw new IllegalArgumentException("where: mask " + mask.shape + ", a " + a.shape + " and b " + b.shape
                    + " cannot be broadcast together", e);
        }
        Tensor out = Tensor.allocate(a.dtype, shape);
        StridedLoop.forEach(out, mask, a, b, a.dtype == DType.F32 ? SELECT_FLOATS : SELECT_DOUBLES);
        WhereRule rule = TensorArena.recycled(WhereRule.class, WhereRule::new);
        rule.mask = mask;
        return Autodiff.record("where", out, rule, a, b);
    }

    /**
     * The backward rule of {@link #where}: the gradient where the mask picked the input, 0
     * elsewhere. An object a {@link TensorArena} recycles (it remembers the mask, which is not an
     * input of the node): a lambda capturing the mask was an allocation per call, even without
     * gradients.
     */
    private static final class WhereRule implements BackwardRule {
        Tensor mask;

        @Override
        public Tensor vjp(Node node, int input, Tensor g) {
            Tensor zero = g.constant(0);
            return input == 0 ? where(mask, g, zero) : where(mask, zero, g);
        }
    }

    static Tensor cast(Tensor x, DType target) {
        if (x.dtype == target) {
            return x;
        }
        Tensor out = Tensor.allocate(target, x.shape);
        for (int i = 0; i < x.size(); i++) {
            out.setFlat(i, x.getFlat(i));
        }
        return Autodiff.record(CAST_NAMES[target.ordinal()], out, (node, i, g) -> g.to(node.input(0).dtype), x);
    }

    /** The cast ops' names by target dtype ("to_F64"), made once: a name built per call was a step's only garbage. */
    private static final String[] CAST_NAMES = Arrays.stream(DType.values()).map(t -> "to_" + t).toArray(String[]::new);

    // ------------------------------------------------------------ unary

    static Tensor neg(Tensor x) {
        return Autodiff.record("neg", map(UnaryOp.NEG, 0, x), (node, i, g) -> g.neg(), x);
    }

    static Tensor exp(Tensor x) {
        Tensor out = map(UnaryOp.EXP, 0, x);
        return Autodiff.record("exp", out, (node, i, g) -> g.mul(node.output()), x);
    }

    static Tensor log(Tensor x) {
        return Autodiff.record("log", map(UnaryOp.LOG, 0, x), (node, i, g) -> g.div(node.input(0)), x);
    }

    static Tensor log1p(Tensor x) {
        return Autodiff.record("log1p", map(UnaryOp.LOG1P, 0, x), (node, i, g) -> g.div(node.input(0).add(1.0)), x);
    }

    static Tensor expm1(Tensor x) {
        Tensor out = map(UnaryOp.EXPM1, 0, x);
        return Autodiff.record("expm1", out, (node, i, g) -> g.mul(node.output().add(1.0)), x);
    }

    static Tensor sqrt(Tensor x) {
        Tensor out = map(UnaryOp.SQRT, 0, x);
        return Autodiff.record("sqrt", out, (node, i, g) -> g.mul(0.5).div(node.output()), x);
    }

    /** The gradient at 0 is 0 (the subgradient PyTorch picks). */
    static Tensor abs(Tensor x) {
        return Autodiff.record("abs", map(UnaryOp.ABS, 0, x), (node, i, g) -> g.mul(map(UnaryOp.SIGN, 0, node.input(0))), x);
    }

    static Tensor square(Tensor x) {
        return Autodiff.record("square", map(UnaryOp.SQUARE, 0, x), (node, i, g) -> g.mul(node.input(0)).mul(2.0), x);
    }

    static Tensor reciprocal(Tensor x) {
        Tensor out = map(UnaryOp.RECIPROCAL, 0, x);
        return Autodiff.record("reciprocal", out, (node, i, g) -> g.neg().mul(node.output().square()), x);
    }

    static Tensor sin(Tensor x) {
        return Autodiff.record("sin", map(UnaryOp.SIN, 0, x), (node, i, g) -> g.mul(node.input(0).cos()), x);
    }

    static Tensor cos(Tensor x) {
        return Autodiff.record("cos", map(UnaryOp.COS, 0, x), (node, i, g) -> g.mul(node.input(0).sin()).neg(), x);
    }

    static Tensor tanh(Tensor x) {
        Tensor out = map(UnaryOp.TANH, 0, x);
        return Autodiff.record("tanh", out, (node, i, g) -> g.mul(node.output().square().neg().add(1.0)), x);
    }

    static Tensor sigmoid(Tensor x) {
        Tensor out = map(UnaryOp.SIGMOID, 0, x);
        return Autodiff.record("sigmoid", out, (node, i, g) -> g.mul(node.output()).mul(node.output().neg().add(1.0)), x);
    }

    /**
     * {@code g ⊙ step(s)} for the leaky rectifier by the fused kernel, without recording: {@code g}
     * where {@code s > 0}, else {@code alpha·g}, where {@code s} is the op's input or output (they
     * have the same sign). The same products as {@code g.mul(map(STEP, alpha, s))}, so the same
     * bits, with one pass and one allocation instead of two. {@code s} and {@code g} have the same shape.
     * (Not for plain ReLU: its kernel gives +0 where {@code g·0} gives −0 for negative g.) Written
     * into {@code g} itself, and {@code g} returned, when the backward pass allows it
     * ({@link Autodiff#mayOverwrite}).
     */
    static Tensor rectifierBackward(Activation activation, double alpha, Tensor s, Tensor g) {
        checkDtypes("rectifier backward", s, g);
        Tensor out = Autodiff.mayOverwrite(g) ? g : Tensor.allocateOverwritten(g.dtype, g.shape);
        if (g.dtype == DType.F32) {
            K.activationBackward(activation, alpha, s.f, 0, g.f, 0, out.f, 0, g.size());
        } else {
            K.activationBackward(activation, alpha, s.d, 0, g.d, 0, out.d, 0, g.size());
        }
        return out;
    }

    /**
     * {@link #rectifierBackward(Activation, double, Tensor, Tensor)} and, in the same pass over
     * memory, the result's sums over its rows (axis −2) into {@code rowSums} ([n], or [s, n] for
     * [s, m, n]): a dense layer's bias gradient, with the bits of {@code result.sum(rank − 2)}.
     */
    static Tensor rectifierBackward(Activation activation, double alpha, Tensor s, Tensor g, Tensor rowSums) {
        checkDtypes("rectifier backward", s, g);
        Tensor out = Autodiff.mayOverwrite(g) ? g : Tensor.allocateOverwritten(g.dtype, g.shape);
        int m = g.shape.dim(-2);
        int n = g.shape.dim(-1);
        // From the sums' shape: with m = 0 each layer's n sums are still written (zeros).
        int layers = n == 0 ? 0 : rowSums.size() / n;
        for (int t = 0; t < layers; t++) {
            int at = t * m * n;
            if (g.dtype == DType.F32) {
                K.activationBackwardColumnSum(activation, alpha, m, n, s.f, at, g.f, at, out.f, at, rowSums.f, t * n);
            } else {
                K.activationBackwardColumnSum(activation, alpha, m, n, s.d, at, g.d, at, out.d, at, rowSums.d, t * n);
            }
        }
        return out;
    }

    /** The leaky rectifier's input gradient: fused when nothing is recorded (no createGraph), else differentiable ops. */
    private static Tensor rectifierGradient(Activation activation, double alpha, Tensor x, Tensor g) {
        if (!GradMode.isEnabled() && g.shape.equals(x.shape)) {
            return rectifierBackward(activation, alpha, x, g);
        }
        return g.mul(map(UnaryOp.STEP, alpha, x));
    }

    /** The gradient at 0 is 0. */
    static Tensor relu(Tensor x) {
        return Autodiff.record("relu", map(UnaryOp.RELU, 0, x), (node, i, g) -> g.mul(map(UnaryOp.STEP, 0, node.input(0))), x);
    }

    static Tensor leakyRelu(Tensor x, double slope) {
        if (!Double.isFinite(slope)) {
            throw new IllegalArgumentException("leakyRelu: slope must be finite, got " + slope);
        }
        return Autodiff.record("leaky_relu", map(UnaryOp.LEAKY_RELU, slope, x),
                (node, i, g) -> rectifierGradient(Activation.LEAKY_RELU, slope, x, g), x);
    }

    static Tensor softplus(Tensor x) {
        return Autodiff.record("softplus", map(UnaryOp.SOFTPLUS, 0, x), (node, i, g) -> g.mul(node.input(0).sigmoid()), x);
    }

    static Tensor logSigmoid(Tensor x) {
        return Autodiff.record("log_sigmoid", map(UnaryOp.LOG_SIGMOID, 0, x), (node, i, g) -> g.mul(node.input(0).neg().sigmoid()), x);
    }

    /** Piecewise constant: not differentiable, returns a constant. */
    static Tensor sign(Tensor x) {
        return map(UnaryOp.SIGN, 0, x);
    }

    static Tensor clamp(Tensor x, double min, double max) {
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new IllegalArgumentException("clamp: need min <= max, got min=" + min + ", max=" + max);
        }
        Tensor lo = x.constant(min);
        Tensor hi = x.constant(max);
        Tensor out = zip("clamp", BinaryOp.MIN, zip("clamp", BinaryOp.MAX, x, lo), hi);
        // Gradient 1 on the closed interval, bounds included (PyTorch's convention), 0 outside.
        return Autodiff.record("clamp", out, (node, i, g) -> g.mul(zip("clamp", BinaryOp.MUL,
                compare(x, lo, BinaryOp.GE), compare(x, hi, BinaryOp.LE))), x);
    }
}
