package dev.tussle.engine;

import dev.tussle.engine.kernel.Activation;
import dev.tussle.engine.kernel.EnginePool;
import dev.tussle.engine.kernel.KernelProvider;
import dev.tussle.engine.kernel.Kernels;
import dev.tussle.engine.kernel.UnaryOp;

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
        return matmulTransposed(a, b, false, false);
    }

    /**
     * {@code op(a) @ op(b)} for operands of rank at least 2 with broadcast batch dimensions, where
     * {@code op(x)} is {@code x.mT()} when its flag is set and {@code x} otherwise. The kernel
     * reads transposed operands in place, so backward passes never materialize a transpose. Its
     * backward rule is written with this same op, so gradients of gradients work:
     * with {@code G} the output gradient, {@code d op(a) = G·op(b)ᵀ} and {@code d op(b) = op(a)ᵀ·G},
     * each transposed back when the operand itself was used transposed.
     */
    static Tensor matmulTransposed(Tensor a, Tensor b, boolean transA, boolean transB) {
        int m = a.shape.dim(transA ? -1 : -2);
        int k = a.shape.dim(transA ? -2 : -1);
        int kb = b.shape.dim(transB ? -1 : -2);
        int n = b.shape.dim(transB ? -2 : -1);
        checkInner(a, b, k, kb);
        Shape batchA = batchShape(a);
        Shape batchB = batchShape(b);
        Shape batch;
        try {
            batch = Shape.broadcast("matmul", batchA, batchB);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: the batch dimensions " + batchA + " and " + batchB
                    + " of shapes " + a.shape + " and " + b.shape + " cannot be broadcast", e);
        }
        Shape outShape;
        if (batch.rank() == 0) {
            outShape = Shape.of(m, n);
        } else if (batch.rank() == 1) {
            outShape = Shape.of(batch.dim(0), m, n);
        } else {
            int[] outDims = new int[batch.rank() + 2];
            for (int i = 0; i < batch.rank(); i++) {
                outDims[i] = batch.dim(i);
            }
            outDims[batch.rank()] = m;
            outDims[batch.rank() + 1] = n;
            outShape = Shape.owning(outDims);
        }
        Tensor out = Tensor.allocateOverwritten(a.dtype, outShape); // the product writes all of C
        if (out.size() > 0) {
            int sa = m * k;
            int sb = k * n;
            int sc = m * n;
            int count = out.size() / sc;
            boolean uniformA = batchA.equals(batch) || batchA.size() == 1;
            boolean uniformB = batchB.equals(batch) || batchB.size() == 1;
            if (uniformA && uniformB) {
                // Each operand is either one matrix per output batch element or one matrix for all of
                // them (stride 0): a single batched call, parallel over batch elements and tiles.
                int strideA = batchA.size() == 1 ? 0 : sa;
                int strideB = batchB.size() == 1 ? 0 : sb;
                if (a.dtype == DType.F32) {
                    K.gemmBatched(count, transA, transB, m, n, k, a.f, 0, strideA, b.f, 0, strideB, out.f, 0, sc, false);
                } else {
                    K.gemmBatched(count, transA, transB, m, n, k, a.d, 0, strideA, b.d, 0, strideB, out.d, 0, sc, false);
                }
            } else {
                // Each batch index is a run of length 1 in the broadcast loop over the batch shape.
                StridedLoop.forEach(batch.rank() == 0 ? Shape.of(1) : batch,
                        batch.rank() == 0 ? Shape.of(1) : batchA, batch.rank() == 0 ? Shape.of(1) : batchB,
                        (ignored, o, s, oo, len) -> {
                            for (int t = 0; t < len; t++) {
                                int ia = (o[0] + t * s[0]) * sa;
                                int ib = (o[1] + t * s[1]) * sb;
                                int ic = (oo + t) * sc;
                                if (a.dtype == DType.F32) {
                                    K.gemm(transA, transB, m, n, k, a.f, ia, b.f, ib, out.f, ic, false);
                                } else {
                                    K.gemm(transA, transB, m, n, k, a.d, ia, b.d, ib, out.d, ic, false);
                                }
                            }
                        });
            }
        }
        String op = transA || transB ? "matmulTransposed" : "matmul";
        return Autodiff.record(op, out, MATMUL_RULES[(transA ? 2 : 0) + (transB ? 1 : 0)], a, b);
    }

    /** The backward rules of op(A)·op(B) by (transA, transB): shared objects, nothing captured. */
    private static final BackwardRule[] MATMUL_RULES = {
            (node, i, g) -> matmulVjp(false, false, node, i, g),
            (node, i, g) -> matmulVjp(false, true, node, i, g),
            (node, i, g) -> matmulVjp(true, false, node, i, g),
            (node, i, g) -> matmulVjp(true, true, node, i, g),
    };

    private static Tensor matmulVjp(boolean transA, boolean transB, Node node, int i, Tensor g) {
        Tensor a = node.input(0);
        Tensor b = node.input(1);
        if (i == 0) {
            return transA ? matmulTransposed(b, g, transB, true) : matmulTransposed(g, b, false, !transB);
        }
        return transB ? matmulTransposed(g, a, true, transA) : matmulTransposed(a, g, !transA, false);
    }

    /** The dimensions of {@code x} before its last two (a scalar shape for a matrix, without copying). */
    private static Shape batchShape(Tensor x) {
        return switch (x.rank()) {
            case 2 -> Shape.scalar();
            case 3 -> Shape.of(x.shape.dim(0));
            default -> Shape.owning(java.util.Arrays.copyOf(x.shape.dims(), x.rank() - 2));
        };
    }

    /**
     * {@code c[(t·m + i)·n + j] += bias[t·n + j]} for each of {@code s} dense row-major m×n
     * blocks of {@code c} and its own bias row ({@link Kernels#addToRows}: the bias stays in
     * registers; one vector add call per row cost 7 % of a GAN step), rows split over the
     * engine's threads.
     */
    private static void addRowBias(int s, int m, int n, Tensor c, Tensor bias) {
        int rowsPerTask = Math.max(1, EnginePool.MIN_ELEMENTS_PER_TASK / Math.max(1, n));
        if (EnginePool.splits(s * m, rowsPerTask)) {
            EnginePool.forRange(s * m, 1, rowsPerTask, (from, to) -> addRowBias(from, to, m, n, c, bias));
        } else {
            addRowBias(0, s * m, m, n, c, bias);
        }
    }

    /** Rows [from, to) of the stacked blocks, each run of rows of one block with its bias row. */
    private static void addRowBias(int from, int to, int m, int n, Tensor c, Tensor bias) {
        for (int r = from, end; r < to; r = end) {
            int layer = r / m;
            end = Math.min(to, (layer + 1) * m);
            if (c.dtype == DType.F32) {
                K.addToRows(end - r, n, bias.f, layer * n, c.f, r * n, n);
            } else {
                K.addToRows(end - r, n, bias.d, layer * n, c.d, r * n, n);
            }
        }
    }

    /**
     * Whether the layer takes bias and activation in the product's epilogue rather than as two
     * more passes over the output. Always for identity and (leaky) ReLU, which the kernels apply
     * in registers before the store (Kernels.linearForward; 500×50 @ 50×50 with bias and leaky
     * ReLU 31 -> 25 µs, 1000×100 @ 100×50 104 -> 89 µs, thread CPU time). For tanh and sigmoid,
     * applied to each finished tile by the reference loops, at sizes where the output leaves L2
     * (MIX+GAN's stacked layers: 29.7–31.8 -> 26.8–27.3 ms per k = 5 step at commit 249420d+)
     * and for products of depth at most {@link #FUSED_MAX_DEPTH}, which run row by row.
     */
    static boolean fusesEpilogue(Activation activation, long elements, int depth) {
        UnaryOp op = activation.op();
        return op == null || !op.transcendental() || elements >= FUSED_MIN_ELEMENTS || depth <= FUSED_MAX_DEPTH;
    }

    /** Outputs of at least this many elements (all layers of a stack together; 256 KB of floats): see {@link #fusesEpilogue}. */
    static final long FUSED_MIN_ELEMENTS = 1L << 16;

    /** Products at most this deep (the discriminator's first layer, k = 2): see {@link #fusesEpilogue}. */
    static final int FUSED_MAX_DEPTH = 4;

    /**
     * The dense layer {@code act(x·w + bias)}, one layer or a stack of {@code s} independent
     * layers: {@code x} [m, k], {@code w} [k, n], {@code bias} [n] (or null), out [m, n]; or
     * {@code w} [s, k, n], {@code bias} [s, n], {@code x} [s, m, k] or shared [m, k], out
     * [s, m, n] (MIX+GAN's k networks, one batched product). The backward rule is written with
     * differentiable ops, the activation's derivative taken from the output {@code y}:
     * {@code G' = G ⊙ act'(y)}, {@code dx = G'·wᵀ}, {@code dw = xᵀ·G'}, {@code dbias = Σ_rows G'}
     * (a shared x gets the sum over the stack, by the engine's reduction to the input's shape).
     */
    static Tensor linear(Tensor x, Tensor w, Tensor bias, Activation activation, double alpha) {
        String op = "linear";
        if (activation == null) {
            throw new IllegalArgumentException(op + ": activation is null (Activation.IDENTITY for none), shapes "
                    + x.shape + " and " + w.shape);
        }
        boolean stacked = w.rank() == 3;
        int s = stacked ? w.shape.dim(0) : 1;
        boolean aligned;
        if (stacked) {
            aligned = (x.rank() == 2 || (x.rank() == 3 && x.shape.dim(0) == s))
                    && x.shape.dim(-1) == w.shape.dim(1)
                    && (bias == null || (bias.rank() == 2 && bias.shape.dim(0) == s && bias.shape.dim(1) == w.shape.dim(2)));
        } else {
            aligned = w.rank() == 2 && x.rank() == 2 && x.shape.dim(1) == w.shape.dim(0)
                    && (bias == null || (bias.rank() == 1 && bias.shape.dim(0) == w.shape.dim(1)));
        }
        if (!aligned) {
            throw new IllegalArgumentException(op + ": shapes " + x.shape + ", " + w.shape + " and "
                    + (bias == null ? "no bias" : bias.shape.toString()) + " are not aligned: x [m, k] needs w [k, n]"
                    + " and bias [n]; a stack needs w [s, k, n], bias [s, n] and x [s, m, k] or [m, k]");
        }
        Elementwise.checkDtypes(op, x, w);
        if (bias != null) {
            Elementwise.checkDtypes(op, x, bias);
        }
        int m = x.shape.dim(-2);
        int k = x.shape.dim(-1);
        int n = w.shape.dim(-1);
        if (activation == Activation.LEAKY_RELU && !(alpha > 0)) {
            throw new IllegalArgumentException(op + ": leaky ReLU slope must be > 0 (the backward pass reads the "
                    + "sign of the input from the output), got " + alpha);
        }
        Tensor out = Tensor.allocateOverwritten(x.dtype, stacked ? Shape.of(s, m, n) : Shape.of(m, n));
        // Bias and activation in the product's epilogue (Kernels.linearForward), or, where a
        // per-tile epilogue call would cost more, the product, then the bias in one plain loop
        // and the activation in one kernel call over all values (see fusesEpilogue). The same
        // additions and the same activation either way, so the same bits.
        int strideX = x.rank() == 3 ? m * k : 0;
        if (fusesEpilogue(activation, (long) s * m * n, k)) {
            for (int t = 0; t < s; t++) {
                if (x.dtype == DType.F32) {
                    K.linearForward(activation, alpha, m, n, k, x.f, t * strideX, w.f, t * k * n,
                            bias == null ? null : bias.f, t * n, out.f, t * m * n);
                } else {
                    K.linearForward(activation, alpha, m, n, k, x.d, t * strideX, w.d, t * k * n,
                            bias == null ? null : bias.d, t * n, out.d, t * m * n);
                }
            }
        } else if (x.dtype == DType.F32) {
            K.gemmBatched(s, false, false, m, n, k, x.f, 0, strideX, w.f, 0, k * n, out.f, 0, m * n, false);
            if (bias != null) {
                addRowBias(s, m, n, out, bias);
            }
            if (activation.op() != null) {
                K.map(activation.op(), alpha, out.f, 0, out.f, 0, out.size());
            }
        } else {
            K.gemmBatched(s, false, false, m, n, k, x.d, 0, strideX, w.d, 0, k * n, out.d, 0, m * n, false);
            if (bias != null) {
                addRowBias(s, m, n, out, bias);
            }
            if (activation.op() != null) {
                K.map(activation.op(), alpha, out.d, 0, out.d, 0, out.size());
            }
        }
        LinearRule rule = TensorArena.recycled(LinearRule.class, LinearRule::new);
        rule.activation = activation;
        rule.alpha = alpha;
        rule.incoming = null;
        return bias == null ? Autodiff.record(op, out, rule, x, w) : Autodiff.record(op, out, rule, x, w, bias);
    }

    /**
     * The backward rule of {@link #linear}: the activation to differentiate and the values the
     * three input gradients share, computed once from the first input's call. An object a
     * {@link TensorArena} recycles, so recording a layer allocates nothing in a training step.
     */
    private static final class LinearRule implements BackwardRule {
        Activation activation;
        double alpha;
        /** The incoming gradient that {@link #gradPre} and {@link #biasGrad} were computed from, and in which pass. */
        Tensor incoming;
        long incomingPass;
        /** G', the gradient before the activation. */
        Tensor gradPre;
        /** The bias gradient when it was made in the same pass as G', else null. */
        Tensor biasGrad;

        @Override
        public Tensor vjp(Node node, int i, Tensor g) {
            Tensor x = node.input(0);
            Tensor w = node.input(1);
            Tensor bias = node.arity() > 2 ? node.input(2) : null;
            if (incoming != g || incomingPass != Autodiff.currentPass()) {
                prepare(g, node.output(), bias, w.shape.dim(-1));
            }
            return switch (i) {
                case 0 -> matmulTransposed(gradPre, w, false, true);
                case 1 -> matmulTransposed(x, gradPre, true, false);
                default -> biasGrad != null ? biasGrad : gradPre.sum(gradPre.rank() - 2, false);
            };
        }

        private void prepare(Tensor g, Tensor y, Tensor bias, int n) {
            incoming = g;
            incomingPass = Autodiff.currentPass();
            // Without createGraph nothing is recorded, so G' need not be built from
            // differentiable ops: one fused pass (G where y > 0, else alpha·G) instead of a
            // mask tensor and a product, one [m, n] allocation instead of two. The same
            // products as g·mask, so the same bits (checked by LinearOpTest); leaky only,
            // since plain ReLU's kernel differs from g·0 in the sign of zero.
            boolean fused = activation == Activation.LEAKY_RELU && !GradMode.isEnabled() && g.shape.equals(y.shape);
            // The bias gradient (the column sums of G') in the same pass, read from cache (5
            // MB of G' per MIX+GAN discriminator layer not read again); not for one column,
            // which Reductions sums by another kernel (other bits).
            biasGrad = null;
            if (fused && bias != null && bias.requiresGrad() && n > 1) {
                biasGrad = Tensor.allocateOverwritten(g.dtype, bias.shape);
                gradPre = Elementwise.rectifierBackward(activation, alpha, y, g, biasGrad);
            } else if (fused) {
                gradPre = Elementwise.rectifierBackward(activation, alpha, y, g);
            } else {
                gradPre = switch (activation) {
                    case IDENTITY -> g;
                    // The step of y is piecewise constant: a mask, not part of the graph.
                    case RELU, LEAKY_RELU -> g.mul(Elementwise.map(UnaryOp.STEP,
                            activation == Activation.RELU ? 0 : alpha, y.detach()));
                    case TANH -> g.mul(y.square().neg().add(1));
                    case SIGMOID -> g.mul(y.mul(y.neg().add(1)));
                };
            }
        }
    }
}
