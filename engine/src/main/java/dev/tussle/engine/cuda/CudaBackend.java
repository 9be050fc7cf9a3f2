package dev.tussle.engine.cuda;

import dev.tussle.engine.kernel.Activation;
import dev.tussle.engine.kernel.BinaryOp;
import dev.tussle.engine.kernel.ReduceOp;
import dev.tussle.engine.kernel.UnaryOp;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

import java.util.Arrays;

/**
 * The operations of the CPU {@link dev.tussle.engine.kernel.Kernels} interface, on device
 * tensors of one {@link CudaDevice}: GEMM (plain, transposed, batched), the fused linear layer
 * and its activation backward, elementwise map / zip / select, reductions, column sums, and the
 * Adam and SGD updates. Same op enums, same formulas; results match the CPU within float32
 * rounding (the GPU tests state the tolerances). It does not implement {@code Kernels} itself:
 * that interface addresses host arrays, and honouring it would mean a host↔device copy per call.
 *
 * <p>Every op is queued on the device's stream and returns without waiting, except
 * {@link #reduce}, which returns a host value. GEMMs use cuBLAS when it loaded and
 * {@link #gemmImplementation()} says so, Tussle's SGEMM kernel otherwise; the fused linear layer
 * always uses Tussle's kernel (its bias and activation run in the GEMM's epilogue).
 */
public final class CudaBackend {
    /** Which SGEMM runs plain products. */
    public enum GemmImpl {
        /** Tussle's tiled, register-blocked kernel ({@code engine/src/main/cuda/tussle_kernels.cu}). */
        TUSSLE,
        /** cuBLAS's {@code cublasSgemm_v2} / {@code cublasSgemmStridedBatched} (FP32, no TF32). */
        CUBLAS
    }

    private static final int BLOCK = 256;
    /**
     * Batch entries per GEMM launch (the grid's z limit, 65,535); larger batches are launched in
     * chunks at byte offsets. The property {@code tussle.cuda.maxGridZ} lowers it so tests can
     * cover the chunking with small batches.
     */
    private static final int MAX_GRID_Z = Math.clamp(Integer.getInteger("tussle.cuda.maxGridZ", 65535), 1, 65535);

    static {
        // The kernels switch on these ordinals (see the header of tussle_kernels.cu).
        if (Activation.values().length != 5 || UnaryOp.values().length != 20 || BinaryOp.values().length != 13
                || ReduceOp.values().length != 3) {
            throw new ExceptionInInitializerError("CudaBackend: an op enum changed; update tussle_kernels.cu "
                    + "and its PTX (build-ptx.sh)");
        }
    }

    private final CudaDevice device;
    private GemmImpl gemmImpl;

    CudaBackend(CudaDevice device) {
        this.device = device;
        this.gemmImpl = device.cublas() != null ? GemmImpl.CUBLAS : GemmImpl.TUSSLE;
    }

    /** The SGEMM plain products use now. */
    public GemmImpl gemmImplementation() {
        return gemmImpl;
    }

    /**
     * Chooses the SGEMM for plain products (benchmarks compare the two).
     *
     * @throws IllegalStateException if {@code CUBLAS} is asked for and cuBLAS did not load
     */
    public void useGemm(GemmImpl impl) {
        if (impl == GemmImpl.CUBLAS && device.cublas() == null) {
            throw new IllegalStateException("CudaBackend: cuBLAS is not loaded on this device (" + device.describe() + ")");
        }
        gemmImpl = impl;
    }

    // ---- GEMM -------------------------------------------------------------------------------

    /** A new tensor {@code a·b}: 2-d × 2-d, or batched 3-d × 3-d / 3-d × 2-d / 2-d × 3-d. */
    public DeviceTensor matmul(DeviceTensor a, DeviceTensor b) {
        check(a, b);
        if (a.shape().rank() == 2 && b.shape().rank() == 2) {
            int m = a.dim(0), k = a.dim(1), n = b.dim(1);
            requireInner("matmul", a, b, k, b.dim(0));
            DeviceTensor c = device.empty(m, n);
            gemmBatched(1, false, false, m, n, k, a, 0, b, 0, c, 0, false);
            return c;
        }
        if (a.shape().rank() < 2 || a.shape().rank() > 3 || b.shape().rank() < 2 || b.shape().rank() > 3) {
            throw new IllegalArgumentException("CudaBackend.matmul: needs 2-d or 3-d operands, got " + a.shape()
                    + " and " + b.shape());
        }
        int batch = a.shape().rank() == 3 ? a.dim(0) : b.dim(0);
        if (a.shape().rank() == 3 && b.shape().rank() == 3 && a.dim(0) != b.dim(0)) {
            throw new IllegalArgumentException("CudaBackend.matmul: batch sizes differ, " + a.shape() + " and " + b.shape());
        }
        int m = a.dim(-2), k = a.dim(-1), n = b.dim(-1);
        requireInner("matmul", a, b, k, b.dim(-2));
        DeviceTensor c = device.empty(batch, m, n);
        gemmBatched(batch, false, false, m, n, k, a, a.shape().rank() == 3 ? (long) m * k : 0,
                b, b.shape().rank() == 3 ? (long) k * n : 0, c, (long) m * n, false);
        return c;
    }

    /**
     * {@code c (m×n) = op(a)·op(b)}, or {@code c += op(a)·op(b)} when {@code accumulate}, with the
     * layouts of {@link dev.tussle.engine.kernel.Kernels#gemm(boolean, boolean, int, int, int,
     * float[], int, float[], int, float[], int, boolean)}: {@code a} is m×k, or k×m when
     * {@code transA}; {@code b} is k×n, or n×k when {@code transB}.
     */
    public void gemm(boolean transA, boolean transB, DeviceTensor a, DeviceTensor b, DeviceTensor c, boolean accumulate) {
        check(a, b);
        check(c, c);
        if (a.shape().rank() != 2 || b.shape().rank() != 2 || c.shape().rank() != 2) {
            throw new IllegalArgumentException("CudaBackend.gemm: needs 2-d tensors, got " + a.shape() + ", "
                    + b.shape() + ", " + c.shape());
        }
        int m = transA ? a.dim(1) : a.dim(0);
        int k = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        requireInner("gemm", a, b, k, kb);
        if (c.dim(0) != m || c.dim(1) != n) {
            throw new IllegalArgumentException("CudaBackend.gemm: output " + c.shape() + " but the product is ["
                    + m + ", " + n + "]");
        }
        gemmBatched(1, transA, transB, m, n, k, a, 0, b, 0, c, 0, accumulate);
    }

    /**
     * Batched {@code C_t = op(A_t)·op(B_t)} (or {@code +=}) for {@code t < batch}, with
     * {@code X_t} starting {@code t·strideX} elements into {@code x}; a stride of 0 for A or B
     * broadcasts one matrix. Layouts as in {@link #gemm}.
     *
     * @throws IllegalArgumentException if a size or stride is negative, a tensor is too small,
     *         or C's stride would make outputs overlap
     */
    public void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k,
                            DeviceTensor a, long strideA, DeviceTensor b, long strideB,
                            DeviceTensor c, long strideC, boolean accumulate) {
        check(a, b);
        check(c, c);
        validateBatched("gemmBatched", batch, m, n, k, a, strideA, b, strideB, c, strideC);
        if (batch == 0 || m == 0 || n == 0) {
            return;
        }
        device.makeCurrent();
        if (gemmImpl == GemmImpl.CUBLAS && k > 0) {   // k = 0 is an invalid leading dimension for cuBLAS
            Cublas cb = device.cublas();
            long pa = JCudaAddresses.address(a.ptr());
            long pb = JCudaAddresses.address(b.ptr());
            long pc = JCudaAddresses.address(c.ptr());
            if (batch == 1) {
                cb.sgemm(transA, transB, m, n, k, pa, pb, pc, accumulate);
            } else {
                cb.sgemmStridedBatched(batch, transA, transB, m, n, k, pa, strideA, pb, strideB, pc, strideC, accumulate);
            }
            return;
        }
        launchGemm(batch, transA, transB, m, n, k, a.ptr(), strideA, b.ptr(), strideB, c.ptr(), strideC,
                KernelModule.NULL, 0, Activation.IDENTITY, 0, accumulate);
    }

    // ---- fused linear layer -----------------------------------------------------------------

    /**
     * The fused dense layer {@code act(x·w + bias)}: x is m×k, w is k×n, bias has n elements (or
     * is null). Bias and activation run in the GEMM kernel's epilogue. {@code alpha} is leaky
     * ReLU's slope.
     */
    public DeviceTensor linearForward(Activation act, double alpha, DeviceTensor x, DeviceTensor w, DeviceTensor bias) {
        check(x, w);
        if (x.shape().rank() != 2 || w.shape().rank() != 2) {
            throw new IllegalArgumentException("CudaBackend.linearForward: needs 2-d x and w, got " + x.shape()
                    + " and " + w.shape());
        }
        int m = x.dim(0), k = x.dim(1), n = w.dim(1);
        requireInner("linearForward", x, w, k, w.dim(0));
        if (bias != null) {
            check(bias, bias);
            if (bias.size() != n) {
                throw new IllegalArgumentException("CudaBackend.linearForward: bias " + bias.shape() + " for " + n
                        + " outputs");
            }
        }
        DeviceTensor out = device.empty(m, n);
        if (m == 0 || n == 0) {
            return out;
        }
        device.makeCurrent();
        launchGemm(1, false, false, m, n, k, x.ptr(), 0, w.ptr(), 0, out.ptr(), 0,
                bias == null ? KernelModule.NULL : bias.ptr(), 0, act, alpha, false);
        return out;
    }

    /**
     * The fused dense layer of a stacked network (k independent copies, as MIX+GAN holds its
     * generators and discriminators): {@code out_t = act(x_t·w_t + bias_t)} for {@code t < k}, in
     * one launch. {@code w} is [k, in, out]; {@code x} is [k, m, in], or [m, in] shared by all
     * copies; {@code bias} is [k, out] or null. Returns [k, m, out].
     */
    public DeviceTensor linearForwardBatched(Activation act, double alpha, DeviceTensor x, DeviceTensor w,
                                             DeviceTensor bias) {
        check(x, w);
        if (w.shape().rank() != 3 || (x.shape().rank() != 2 && x.shape().rank() != 3)
                || (x.shape().rank() == 3 && x.dim(0) != w.dim(0))) {
            throw new IllegalArgumentException("CudaBackend.linearForwardBatched: needs w [k, in, out] and x [k, m, in] "
                    + "or [m, in], got x " + x.shape() + " and w " + w.shape());
        }
        int copies = w.dim(0), m = x.dim(-2), k = x.dim(-1), n = w.dim(2);
        requireInner("linearForwardBatched", x, w, k, w.dim(1));
        if (bias != null) {
            check(bias, bias);
            if (bias.size() != copies * n) {
                throw new IllegalArgumentException("CudaBackend.linearForwardBatched: bias " + bias.shape() + " for "
                        + copies + " copies of " + n + " outputs");
            }
        }
        DeviceTensor out = device.empty(copies, m, n);
        if (copies == 0 || m == 0 || n == 0) {
            return out;
        }
        device.makeCurrent();
        launchGemm(copies, false, false, m, n, k, x.ptr(), x.shape().rank() == 3 ? (long) m * k : 0,
                w.ptr(), (long) k * n, out.ptr(), (long) m * n,
                bias == null ? KernelModule.NULL : bias.ptr(), n, act, alpha, false);
        return out;
    }

    /** {@code g · act'(y)} elementwise, the derivative taken from the activation's output y. */
    public DeviceTensor activationBackward(Activation act, double alpha, DeviceTensor y, DeviceTensor g) {
        check(y, g);
        requireSameSize("activationBackward", y, g);
        DeviceTensor out = device.empty(y.shape().dims());
        launch1d("activation_backward", out.size(), act.ordinal(), (float) alpha, y.ptr(), g.ptr(), out.ptr(),
                (long) out.size());
        return out;
    }

    // ---- elementwise ------------------------------------------------------------------------

    /** {@code op(x, alpha)} elementwise. */
    public DeviceTensor map(UnaryOp op, double alpha, DeviceTensor x) {
        check(x, x);
        DeviceTensor out = device.empty(x.shape().dims());
        launch1d("map_f32", out.size(), op.ordinal(), (float) alpha, x.ptr(), out.ptr(), (long) out.size());
        return out;
    }

    /** {@code op(a, b)} elementwise; a and b have the same size, or one of them has one element (broadcast). */
    public DeviceTensor zip(BinaryOp op, DeviceTensor a, DeviceTensor b) {
        check(a, b);
        DeviceTensor shapeOf = broadcastShape("zip", a, b);
        DeviceTensor out = device.empty(shapeOf.shape().dims());
        launch1d("zip_f32", out.size(), op.ordinal(), a.ptr(), a.size() == out.size() ? 1 : 0,
                b.ptr(), b.size() == out.size() ? 1 : 0, out.ptr(), (long) out.size());
        return out;
    }

    /** {@code mask != 0 ? a : b} elementwise; each operand the output's size or one element. */
    public DeviceTensor select(DeviceTensor mask, DeviceTensor a, DeviceTensor b) {
        check(mask, a);
        check(a, b);
        DeviceTensor big = broadcastShape("select", broadcastShape("select", mask, a), b);
        int n = big.size();
        DeviceTensor out = device.empty(big.shape().dims());
        launch1d("select_f32", n, mask.ptr(), mask.size() == n ? 1 : 0, a.ptr(), a.size() == n ? 1 : 0,
                b.ptr(), b.size() == n ? 1 : 0, out.ptr(), (long) n);
        return out;
    }

    // ---- reductions -------------------------------------------------------------------------

    /**
     * The reduction of all elements, accumulated in double in a fixed order (so repeatable), returned to
     * the host: this waits for the stream. {@link ReduceOp#identity()} for an empty tensor.
     */
    public double reduce(ReduceOp op, DeviceTensor x) {
        check(x, x);
        int n = x.size();
        if (n == 0) {
            return op.identity();
        }
        int blocks = Math.min(1024, (n + BLOCK - 1) / BLOCK);
        device.makeCurrent();
        DeviceTensor result = null;
        try {
            result = device.empty(2);   // one double
            DeviceTensor partials = device.empty(2 * blocks);
            device.kernels().launch("reduce_f32", device.stream(), blocks, 1, 1, BLOCK, op.ordinal(), x.ptr(), (long) n,
                    partials.ptr());
            device.kernels().launch("reduce_f64_final", device.stream(), 1, 1, 1, BLOCK, op.ordinal(), partials.ptr(),
                    blocks, result.ptr());
            partials.close();
            double[] host = new double[1];
            JCudaDriver.cuMemcpyDtoH(Pointer.to(host), result.ptr(), Double.BYTES);
            return host[0];
        } finally {
            if (result != null) {
                result.close();
            }
        }
    }

    /** The column sums of a 2-d tensor (a bias gradient), as a new 1-d tensor. */
    public DeviceTensor columnSum(DeviceTensor x) {
        check(x, x);
        if (x.shape().rank() != 2) {
            throw new IllegalArgumentException("CudaBackend.columnSum: needs a 2-d tensor, got " + x.shape());
        }
        DeviceTensor out = device.empty(x.dim(1));
        columnSum(x, out, false);
        return out;
    }

    /** {@code out[j] (+)= Σ_i x[i, j]} for a 2-d x and an out of x's column count. */
    public void columnSum(DeviceTensor x, DeviceTensor out, boolean accumulate) {
        check(x, out);
        if (x.shape().rank() != 2 || out.size() != x.dim(1)) {
            throw new IllegalArgumentException("CudaBackend.columnSum: x " + x.shape() + " and out " + out.shape());
        }
        columnSums(1, x.dim(0), x.dim(1), x, out, accumulate);
    }

    /**
     * Per-copy column sums of a stack [k, m, n] (the bias gradients of a stacked layer):
     * {@code out[t, j] (+)= Σ_i x[t, i, j]}, out holding k·n elements.
     */
    public void columnSumBatched(DeviceTensor x, DeviceTensor out, boolean accumulate) {
        check(x, out);
        if (x.shape().rank() != 3 || out.size() != x.dim(0) * x.dim(2)) {
            throw new IllegalArgumentException("CudaBackend.columnSumBatched: x " + x.shape() + " and out " + out.shape());
        }
        int copies = x.dim(0);
        if (copies > 65535) {
            throw new IllegalArgumentException("CudaBackend.columnSumBatched: " + copies + " copies, at most 65535");
        }
        columnSums(copies, x.dim(1), x.dim(2), x, out, accumulate);
    }

    private void columnSums(int copies, int m, int n, DeviceTensor x, DeviceTensor out, boolean accumulate) {
        if (n == 0 || copies == 0) {
            return;
        }
        device.makeCurrent();
        // Enough row chunks to fill the device even when n is small (a bias of 2..512).
        // Chunks of at least 64 rows, few enough for the grid's y limit (65,535).
        int rowsPerChunk = Math.max(64, (int) Math.min(m, (long) m * n / (1 << 18) + 1));
        rowsPerChunk = Math.max(rowsPerChunk, (m + 65534) / 65535);
        int chunks = Math.max(1, (m + rowsPerChunk - 1) / rowsPerChunk);
        int gx = (n + BLOCK - 1) / BLOCK;
        try (DeviceTensor partial = device.empty(copies, chunks, n)) {
            device.kernels().launch("column_sum_partial", device.stream(), gx, chunks, copies, BLOCK, m, n, x.ptr(),
                    rowsPerChunk, partial.ptr());
            device.kernels().launch("column_sum_final", device.stream(), gx, 1, copies, BLOCK, chunks, n, partial.ptr(),
                    out.ptr(), accumulate ? 1 : 0);
        }
    }

    // ---- GAN objective heads ----------------------------------------------------------------

    /**
     * The elementwise part of a GAN objective on the discriminator's raw outputs {@code x}:
     * {@code value[i]} = the term at {@code x[i]} and, when {@code prob} is not null,
     * {@code prob[i]} = D as reported (σ(x) for f = log, x otherwise). {@code f}: 0 log on
     * logits, 1 identity, 2 least squares, 3 hinge (the measuring functions of
     * {@code dev.tussle.gan.objective.MeasuringFunction}); {@code term}: 0 f(D(x)), 1 f(1 − D(x)),
     * 2 x itself.
     *
     * @throws IllegalArgumentException for an unknown code or sizes that differ
     */
    public void ganHeadTerms(int f, int term, DeviceTensor x, DeviceTensor value, DeviceTensor prob) {
        checkHead("ganHeadTerms", f, term);
        check(x, value);
        requireSameSize("ganHeadTerms", x, value);
        if (prob != null) {
            check(x, prob);
            requireSameSize("ganHeadTerms", x, prob);
        }
        launch1d("gan_head_terms", x.size(), f, term, x.ptr(), (long) x.size(), value.ptr(),
                prob == null ? KernelModule.NULL : prob.ptr());
    }

    /**
     * {@code grad[i] = scale[i / blockLen] · d term/dx} at {@code x[i]} ({@code f} and
     * {@code term} as in {@link #ganHeadTerms}): the gradient of a loss made of per-block means
     * of the term, given d loss / d mean divided by the block length in {@code scale}.
     *
     * @throws IllegalArgumentException for an unknown code, or sizes that do not fit
     */
    public void ganHeadGradient(int f, int term, DeviceTensor x, int blockLen, DeviceTensor scale, DeviceTensor grad) {
        checkHead("ganHeadGradient", f, term);
        check(x, grad);
        check(scale, scale);
        requireSameSize("ganHeadGradient", x, grad);
        if (blockLen <= 0 || x.size() % blockLen != 0 || scale.size() != x.size() / blockLen) {
            throw new IllegalArgumentException("CudaBackend.ganHeadGradient: " + x.size() + " outputs in blocks of "
                    + blockLen + " need " + (blockLen > 0 ? x.size() / blockLen : "?") + " scales, got " + scale.size());
        }
        launch1d("gan_head_grad", x.size(), f, term, x.ptr(), (long) x.size(), (long) blockLen, scale.ptr(), grad.ptr());
    }

    private static void checkHead(String op, int f, int term) {
        if (f < 0 || f > 3 || term < 0 || term > 2) {
            throw new IllegalArgumentException("CudaBackend." + op + ": measuring function " + f + " (0..3) and term "
                    + term + " (0..2)");
        }
    }

    // ---- optimizer updates ------------------------------------------------------------------

    /**
     * One Adam step on a parameter in place, with the formulas of
     * {@link dev.tussle.engine.optim.Adam} (PyTorch's): {@code t} is the 1-based step count,
     * {@code weightDecay} is L2 (added to the gradient) or, when {@code decoupled}, AdamW's;
     * {@code vmax} is the AMSGrad state or null; {@code gradScale} multiplies the gradient (clipping).
     */
    public void adamStep(DeviceTensor p, DeviceTensor g, DeviceTensor m, DeviceTensor v, DeviceTensor vmax,
                         double lr, double beta1, double beta2, double eps, long t,
                         double weightDecay, boolean decoupled, double gradScale) {
        check(p, g);
        check(m, v);
        requireSameSize("adamStep", p, g);
        requireSameSize("adamStep", p, m);
        requireSameSize("adamStep", p, v);
        if (vmax != null) {
            requireSameSize("adamStep", p, vmax);
        }
        if (t < 1) {
            throw new IllegalArgumentException("CudaBackend.adamStep: step count t = " + t + " must be >= 1");
        }
        double bc1 = 1 - Math.pow(beta1, t);
        double sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, t));
        double l2 = decoupled ? 0 : weightDecay;
        double shrink = decoupled ? 1 - lr * weightDecay : 1;
        launch1d("adam_f32", p.size(), (long) p.size(), p.ptr(), g.ptr(), m.ptr(), v.ptr(),
                vmax == null ? KernelModule.NULL : vmax.ptr(), lr, beta1, beta2, eps, bc1, sqrtBc2, l2, shrink, gradScale);
    }

    /**
     * One SGD step on a parameter in place, with the formulas of {@link dev.tussle.engine.optim.Sgd}:
     * {@code buf} is the momentum buffer (null without momentum).
     */
    public void sgdStep(DeviceTensor p, DeviceTensor g, DeviceTensor buf, double lr, double momentum,
                        boolean nesterov, double weightDecay, double gradScale) {
        check(p, g);
        requireSameSize("sgdStep", p, g);
        if (buf != null) {
            requireSameSize("sgdStep", p, buf);
        }
        launch1d("sgd_f32", p.size(), (long) p.size(), p.ptr(), g.ptr(), buf == null ? KernelModule.NULL : buf.ptr(),
                lr, momentum, nesterov ? 1 : 0, weightDecay, gradScale);
    }

    /**
     * One RMSProp step on a parameter in place, with the formulas of
     * {@link dev.tussle.engine.optim.RmsProp} (PyTorch's): {@code sq} is the running mean of squared
     * gradients, {@code buf} the momentum buffer (null without momentum), {@code avg} the running
     * mean of gradients (null unless centered).
     */
    public void rmsPropStep(DeviceTensor p, DeviceTensor g, DeviceTensor sq, DeviceTensor buf, DeviceTensor avg,
                            double lr, double alpha, double eps, double momentum, double weightDecay, double gradScale) {
        check(p, g);
        check(sq, sq);
        requireSameSize("rmsPropStep", p, g);
        requireSameSize("rmsPropStep", p, sq);
        for (DeviceTensor opt : new DeviceTensor[] {buf, avg}) {
            if (opt != null) {
                check(opt, opt);
                requireSameSize("rmsPropStep", p, opt);
            }
        }
        launch1d("rmsprop_f32", p.size(), (long) p.size(), p.ptr(), g.ptr(), sq.ptr(),
                buf == null ? KernelModule.NULL : buf.ptr(), avg == null ? KernelModule.NULL : avg.ptr(),
                lr, alpha, eps, momentum, weightDecay, gradScale);
    }

    // ---- launch helpers ---------------------------------------------------------------------

    /**
     * The SGEMM kernels of tussle_kernels.cu: tile rows and columns, the least k they are chosen
     * for, and the relative time of one wave of their tiles (one tile per SM) for a given k: tile
     * area / the kernel's throughput on large products on an H100 (45, 37 and 32 TFLOPS).
     */
    enum GemmKernel {
        SGEMM_128X128("sgemm_128x128", 128, 128, 128, 364),
        SGEMM_128X64("sgemm_128x64", 128, 64, 64, 221),
        SGEMM_64X64("sgemm_64x64", 64, 64, 0, 128);

        final String entry;
        final int tileM;
        final int tileN;
        final int minK;
        final int waveCost;

        GemmKernel(String entry, int tileM, int tileN, int minK, int waveCost) {
            this.entry = entry;
            this.tileM = tileM;
            this.tileN = tileN;
            this.minK = minK;
            this.waveCost = waveCost;
        }

        long tiles(int batch, int m, int n) {
            return (long) batch * ((m + tileM - 1) / tileM) * ((n + tileN - 1) / tileN);
        }
    }

    /**
     * Tile choice: the kernel whose tiles take the fewest waves × wave cost on {@code sms} SMs.
     * Large tiles make the most of each SM, small ones keep more SMs busy: 1024³ takes 128×64
     * (128 tiles), 1536³ 64×64 (576 tiles rather than 144 large ones, which leave SMs with one
     * tile and SMs with two), 2048³ and larger 128×128. Products with k below a kernel's minK are
     * bound by memory and run faster in more, smaller blocks (the GAN shapes, batch × 2..100 with
     * k of 2..100, take 128×64 or 64×64). Measured on an H100: see tussle_kernels.cu.
     */
    static GemmKernel gemmKernel(int sms, int batch, int m, int n, int k) {
        int s = sms > 0 ? sms : 132;
        GemmKernel best = GemmKernel.SGEMM_64X64;
        long bestCost = Long.MAX_VALUE;
        for (GemmKernel g : GemmKernel.values()) {
            if (k < g.minK) {
                continue;
            }
            long cost = (g.tiles(batch, m, n) + s - 1) / s * g.waveCost;
            if (cost < bestCost) {
                best = g;
                bestCost = cost;
            }
        }
        return best;
    }

    private void launchGemm(int batch, boolean transA, boolean transB, int m, int n, int k,
                            CUdeviceptr a, long strideA, CUdeviceptr b, long strideB, CUdeviceptr c, long strideC,
                            CUdeviceptr bias, long strideBias, Activation act, double alpha, boolean accumulate) {
        GemmKernel g = gemmKernel(device.multiprocessors(), batch, m, n, k);
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        // float4 loads need every row start 16-byte aligned: pool blocks are, so the leading
        // dimension and the batch stride must be multiples of 4 elements.
        int vecA = lda % 4 == 0 && strideA % 4 == 0 ? 1 : 0;
        int vecB = ldb % 4 == 0 && strideB % 4 == 0 ? 1 : 0;
        for (int t0 = 0; t0 < batch; t0 += MAX_GRID_Z) {
            int nb = Math.min(MAX_GRID_Z, batch - t0);
            device.kernels().launch(g.entry, device.stream(), (n + g.tileN - 1) / g.tileN, (m + g.tileM - 1) / g.tileM,
                    nb, 256,
                    transA ? 1 : 0, transB ? 1 : 0, m, n, k,
                    a.withByteOffset(4L * t0 * strideA), strideA, b.withByteOffset(4L * t0 * strideB), strideB,
                    c.withByteOffset(4L * t0 * strideC), strideC,
                    bias == KernelModule.NULL ? bias : bias.withByteOffset(4L * t0 * strideBias), strideBias,
                    act.ordinal(), (float) alpha,
                    accumulate ? 1 : 0, vecA, vecB);
        }
    }

    private void launch1d(String kernel, int n, Object... args) {
        if (n == 0) {
            return;
        }
        device.makeCurrent();
        int grid = (int) Math.min((n + (long) BLOCK - 1) / BLOCK, 1 << 16);
        device.kernels().launch(kernel, device.stream(), grid, 1, 1, BLOCK, args);
    }

    private void check(DeviceTensor a, DeviceTensor b) {
        if (a.device() != device || b.device() != device) {
            throw new IllegalArgumentException("CudaBackend: tensors on " + a.device().name() + " / "
                    + b.device().name() + " used with the backend of device " + device.ordinal());
        }
        a.ptr();   // throws if closed
        b.ptr();
    }

    private static void requireInner(String op, DeviceTensor a, DeviceTensor b, int ka, int kb) {
        if (ka != kb) {
            throw new IllegalArgumentException("CudaBackend." + op + ": inner dimensions differ, " + a.shape()
                    + " and " + b.shape());
        }
    }

    private static void requireSameSize(String op, DeviceTensor a, DeviceTensor b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("CudaBackend." + op + ": sizes differ, " + a.shape() + " and " + b.shape());
        }
    }

    private static DeviceTensor broadcastShape(String op, DeviceTensor a, DeviceTensor b) {
        if (a.size() == b.size()) {
            return a.shape().rank() >= b.shape().rank() ? a : b;
        }
        if (a.size() == 1) {
            return b;
        }
        if (b.size() == 1) {
            return a;
        }
        throw new IllegalArgumentException("CudaBackend." + op + ": shapes " + a.shape() + " and " + b.shape()
                + " neither match nor broadcast a single element");
    }

    private static void validateBatched(String op, int batch, int m, int n, int k, DeviceTensor a, long strideA,
                                        DeviceTensor b, long strideB, DeviceTensor c, long strideC) {
        if (batch < 0 || m < 0 || n < 0 || k < 0 || strideA < 0 || strideB < 0 || strideC < 0) {
            throw new IllegalArgumentException("CudaBackend." + op + ": negative size or stride in "
                    + Arrays.toString(new long[] {batch, m, n, k, strideA, strideB, strideC}));
        }
        if (batch == 0) {
            return;
        }
        if (batch > 1 && strideC < (long) m * n) {
            throw new IllegalArgumentException("CudaBackend." + op + ": C's stride " + strideC + " < m·n = "
                    + (long) m * n + " would make outputs overlap");
        }
        need(op, "A", a, (batch - 1) * strideA + (long) m * k);
        need(op, "B", b, (batch - 1) * strideB + (long) k * n);
        need(op, "C", c, (batch - 1) * strideC + (long) m * n);
    }

    private static void need(String op, String which, DeviceTensor t, long elements) {
        if (t.size() < elements) {
            throw new IllegalArgumentException("CudaBackend." + op + ": " + which + " " + t.shape() + " has "
                    + t.size() + " elements, needs " + elements);
        }
    }
}
