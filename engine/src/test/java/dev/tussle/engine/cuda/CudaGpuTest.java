package dev.tussle.engine.cuda;

import dev.tussle.engine.Tensor;
import dev.tussle.engine.Rng;
import dev.tussle.engine.nn.Mlp;
import dev.tussle.engine.nn.Module;
import dev.tussle.engine.nn.StackedMlp;
import dev.tussle.engine.optim.Adam;
import dev.tussle.engine.optim.LrSchedule;
import dev.tussle.engine.optim.Optimizer;
import dev.tussle.engine.optim.ParamConstraint;
import dev.tussle.engine.optim.RmsProp;
import dev.tussle.engine.optim.Sgd;
import java.util.LinkedHashMap;
import java.util.Map;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;
import dev.tussle.engine.kernel.Activation;
import dev.tussle.engine.kernel.BinaryOp;
import dev.tussle.engine.kernel.KernelProvider;
import dev.tussle.engine.kernel.Kernels;
import dev.tussle.engine.kernel.ReduceOp;
import dev.tussle.engine.kernel.UnaryOp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every CUDA op against the CPU kernels. Needs a CUDA device: without one (JCuda absent,
 * {@code libcuda.so.1} absent, no device) the whole class is skipped through an assumption, so
 * it is reported as skipped, never as passed. Tagged {@code gpu} so a GPU run can select it
 * ({@code -Dgroups=gpu}).
 *
 * <p>Tolerances, for operands drawn uniformly from [−1, 1] unless stated:
 * <ul>
 *   <li>GEMM, batched GEMM, fused linear: {@code |gpu − cpu| ≤ 2e-6·k + 1e-6} (both sum k float32
 *       products, in different orders);</li>
 *   <li>map / zip / activation backward: {@code |gpu − cpu| ≤ 1e-5·|cpu| + 1e-6} (CUDA's float
 *       functions are within 2 ulp; the CPU rounds StrictMath's double result); comparisons,
 *       select, min, max exactly;</li>
 *   <li>sum: within {@code 1e-12·Σ|x|} of a double-precision reference (the GPU accumulates in double;
 *       the CPU's float lanes do not, so it is not the reference); max, min exactly as the CPU;
 *       column sums as GEMM with k = rows;</li>
 *   <li>Adam, SGD (both compute in double and store float): {@code 1e-6·|cpu| + 1e-7};</li>
 *   <li>the GAN step chain after 3 steps: every parameter within {@code 1e-4·|cpu| + 1e-5}.</li>
 * </ul>
 */
@Tag("gpu")
class CudaGpuTest {
    private static CudaDevice gpu;
    /**
     * Set ({@code -Dtussle.cuda.small=true}) when the "device" is the CPU emulation of
     * {@link CudaEmulatedDeviceTest}: products above 4·10⁶ multiply-adds and the batch-4096 chain are left out.
     */
    static final boolean SMALL = Boolean.getBoolean("tussle.cuda.small");
    private static final Kernels CPU = KernelProvider.get();

    private static String unavailable;

    @BeforeAll
    static void open() {
        Optional<String> why = Cuda.probe();
        if (why.isPresent()) {
            unavailable = why.get();
            return;
        }
        try {
            gpu = Cuda.open();
            System.out.println("CudaGpuTest on " + gpu.describe());
        } catch (CudaUnavailableException e) {
            unavailable = e.getMessage();
        }
    }

    /** Skips each test (reported as skipped, with the reason) where there is no device. */
    @BeforeEach
    void requireDevice() {
        Assumptions.assumeTrue(gpu != null, () -> "no CUDA device here: " + unavailable);
    }

    @AfterAll
    static void close() {
        if (gpu != null) {
            gpu.close();
        }
    }

    private static List<CudaBackend.GemmImpl> impls() {
        List<CudaBackend.GemmImpl> l = new ArrayList<>(List.of(CudaBackend.GemmImpl.TUSSLE));
        if (gpu.cublasLibrary().isPresent()) {
            l.add(CudaBackend.GemmImpl.CUBLAS);
        }
        return l;
    }

    @Test
    void roundTripIsExact() {
        float[] x = rand(1000, 1, -1, 1);
        try (DeviceTensor d = up(x, 10, 100)) {
            assertThat(d.toCpu().toFloatArray()).containsExactly(x);
            assertThat(d.toCpu().shape().dims()).containsExactly(10, 100);
        }
    }

    @Test
    void poolReusesFreedBlocks() {
        gpu.empty(1000).close();
        long before = gpu.driverAllocations();
        for (int i = 0; i < 10; i++) {
            gpu.empty(1000).close();
        }
        assertThat(gpu.driverAllocations()).isEqualTo(before);
    }

    @Test
    void gemmEqualsCpuForEveryLayoutAndEdgeSizes() {
        int[][] sizes = {{1, 1, 1}, {7, 13, 5}, {5, 3, 0}, {64, 64, 64}, {127, 129, 65}, {300, 200, 17},
                         {500, 2, 100}, {500, 50, 1}, {33, 1025, 3}, {1024, 1024, 1024}};
        CudaBackend be = gpu.backend();
        CudaBackend.GemmImpl saved = be.gemmImplementation();
        try {
            for (CudaBackend.GemmImpl impl : impls()) {
                be.useGemm(impl);
                for (int[] s : sizes) {
                    if (SMALL && (long) s[0] * s[1] * s[2] > 4_000_000) {
                        continue;
                    }
                    for (int t = 0; t < 8; t++) {
                        boolean ta = (t & 1) != 0, tb = (t & 2) != 0, acc = (t & 4) != 0;
                        int m = s[0], n = s[1], k = s[2];
                        float[] a = rand(m * k, 11 + t, -1, 1), b = rand(k * n, 12 + t, -1, 1), c = rand(m * n, 13, -1, 1);
                        float[] want = c.clone();
                        CPU.gemm(ta, tb, m, n, k, a, 0, b, 0, want, 0, acc);
                        try (DeviceTensor da = up(a, ta ? k : m, ta ? m : k); DeviceTensor db = up(b, tb ? n : k, tb ? k : n);
                             DeviceTensor dc = up(c, m, n)) {
                            be.gemm(ta, tb, da, db, dc, acc);
                            close(impl + " gemm " + m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb + " acc=" + acc,
                                    down(dc), want, 0, 2e-6 * k + 1e-6);
                        }
                    }
                }
            }
        } finally {
            be.useGemm(saved);
        }
    }

    @Test
    void batchedGemmWithBroadcastEqualsCpu() {
        int batch = 5, m = 37, n = 70, k = 129;
        CudaBackend be = gpu.backend();
        for (CudaBackend.GemmImpl impl : impls()) {
            be.useGemm(impl);
            for (boolean broadcastB : new boolean[] {false, true}) {
                float[] a = rand(batch * m * k, 21, -1, 1);
                float[] b = rand((broadcastB ? 1 : batch) * k * n, 22, -1, 1);
                float[] want = new float[batch * m * n];
                CPU.gemmBatched(batch, false, true, m, n, k, a, 0, m * k, b, 0, broadcastB ? 0 : k * n, want, 0, m * n, false);
                try (DeviceTensor da = up(a, batch, m, k); DeviceTensor db = up(b, b.length);
                     DeviceTensor dc = gpu.empty(batch, m, n)) {
                    be.gemmBatched(batch, false, true, m, n, k, da, (long) m * k, db, broadcastB ? 0 : (long) k * n,
                            dc, (long) m * n, false);
                    close(impl + " batched broadcastB=" + broadcastB, down(dc), want, 0, 2e-6 * k + 1e-6);
                }
            }
        }
        be.useGemm(impls().get(impls().size() - 1));
    }

    @Test
    void matmulShapes() {
        float[] a = rand(4 * 6 * 5, 31, -1, 1), b = rand(5 * 3, 32, -1, 1);
        try (DeviceTensor da = up(a, 4, 6, 5); DeviceTensor db = up(b, 5, 3); DeviceTensor c = gpu.backend().matmul(da, db)) {
            assertThat(c.shape().dims()).containsExactly(4, 6, 3);
            Tensor want = Tensor.of(a, 4, 6, 5).matmul(Tensor.of(b, 5, 3));
            close("matmul 3d x 2d", down(c), want.toFloatArray(), 0, 2e-5);
        }
    }

    @Test
    void fusedLinearEqualsCpuForEveryActivation() {
        int[][] shapes = {{500, 50, 15}, {500, 1, 50}, {500, 100, 2}, {1, 7, 3}, {257, 129, 784}, {4096, 256, 256}};
        for (Activation act : Activation.values()) {
            for (int[] s : shapes) {
                if (SMALL && (long) s[0] * s[1] * s[2] > 4_000_000) {
                    continue;
                }
                int m = s[0], n = s[1], k = s[2];
                float[] x = rand(m * k, 41, -1, 1), w = rand(k * n, 42, -1, 1), bias = rand(n, 43, -1, 1);
                for (boolean withBias : new boolean[] {true, false}) {
                    float[] want = new float[m * n];
                    CPU.linearForward(act, 0.2, m, n, k, x, 0, w, 0, withBias ? bias : null, 0, want, 0);
                    try (DeviceTensor dx = up(x, m, k); DeviceTensor dw = up(w, k, n); DeviceTensor db = up(bias, n)) {
                        DeviceTensor out = gpu.backend().linearForward(act, 0.2, dx, dw, withBias ? db : null);
                        close("linear " + act + " " + m + "x" + k + "x" + n + " bias=" + withBias, down(out), want, 1e-5,
                                2e-6 * k + 1e-6);
                        out.close();
                    }
                }
            }
        }
    }

    @Test
    void stackedFusedLinearEqualsCpuPerCopy() {
        int copies = 3, m = 50, k = 15, n = 50;
        for (Activation act : Activation.values()) {
            for (boolean sharedX : new boolean[] {false, true}) {
                float[] x = rand((sharedX ? 1 : copies) * m * k, 141, -1, 1), w = rand(copies * k * n, 142, -1, 1);
                float[] bias = rand(copies * n, 143, -1, 1);
                float[] want = new float[copies * m * n];
                for (int t = 0; t < copies; t++) {
                    CPU.linearForward(act, 0.2, m, n, k, x, sharedX ? 0 : t * m * k, w, t * k * n, bias, t * n, want, t * m * n);
                }
                try (DeviceTensor dx = sharedX ? up(x, m, k) : up(x, copies, m, k); DeviceTensor dw = up(w, copies, k, n);
                     DeviceTensor db = up(bias, copies, n);
                     DeviceTensor out = gpu.backend().linearForwardBatched(act, 0.2, dx, dw, db)) {
                    assertThat(out.shape().dims()).containsExactly(copies, m, n);
                    close("stacked linear " + act + " sharedX=" + sharedX, down(out), want, 1e-5, 2e-6 * k + 1e-6);
                }
            }
        }
    }

    @Test
    void activationBackwardEqualsCpu() {
        int n = 10_007;
        for (Activation act : Activation.values()) {
            float[] pre = rand(n, 51, -3, 3);
            float[] y = new float[n];
            CPU.map(act.op() == null ? UnaryOp.SQUARE : act.op(), 0.2, pre, 0, y, 0, n);
            if (act == Activation.IDENTITY) {
                y = pre;
            }
            float[] g = rand(n, 52, -1, 1);
            float[] want = new float[n];
            CPU.activationBackward(act, 0.2, y, 0, g, 0, want, 0, n);
            try (DeviceTensor dy = up(y, n); DeviceTensor dg = up(g, n); DeviceTensor out = gpu.backend().activationBackward(act, 0.2, dy, dg)) {
                close("activationBackward " + act, down(out), want, 1e-5, 1e-6);
            }
        }
    }

    @Test
    void mapEqualsCpuForEveryUnaryOp() {
        int n = 100_003;
        for (UnaryOp op : UnaryOp.values()) {
            boolean positive = switch (op) {
                case LOG, LOG1P, SQRT, RECIPROCAL, POW_SCALAR -> true;
                default -> false;
            };
            float[] x = positive ? rand(n, 61, 0.05f, 4) : rand(n, 61, -4, 4);
            double alpha = op == UnaryOp.POW_SCALAR ? 1.7 : 0.2;
            float[] want = new float[n];
            CPU.map(op, alpha, x, 0, want, 0, n);
            try (DeviceTensor dx = up(x, n); DeviceTensor out = gpu.backend().map(op, alpha, dx)) {
                close("map " + op, down(out), want, 1e-5, 1e-6);
            }
        }
    }

    @Test
    void zipEqualsCpuForEveryBinaryOpAndScalarBroadcast() {
        int n = 70_001;
        for (BinaryOp op : BinaryOp.values()) {
            float[] a = op == BinaryOp.POW ? rand(n, 71, 0.1f, 3) : rand(n, 71, -2, 2);
            float[] b = rand(n, 72, -2, 2);
            for (int i = 0; i < n; i += 10) {
                b[i] = a[i];    // ties for the comparisons
            }
            float[] s = {0.5f};
            float[] want = new float[n], wantS = new float[n];
            CPU.zip(op, a, 0, 1, b, 0, 1, want, 0, n);
            CPU.zip(op, a, 0, 1, s, 0, 0, wantS, 0, n);
            try (DeviceTensor da = up(a, n); DeviceTensor db = up(b, n); DeviceTensor ds = up(s, 1);
                 DeviceTensor out = gpu.backend().zip(op, da, db); DeviceTensor outS = gpu.backend().zip(op, da, ds)) {
                double rtol = op == BinaryOp.POW || op == BinaryOp.DIV ? 1e-5 : 0;
                close("zip " + op, down(out), want, rtol, rtol == 0 ? 0 : 1e-6);
                close("zip " + op + " scalar", down(outS), wantS, rtol, rtol == 0 ? 0 : 1e-6);
            }
        }
    }

    @Test
    void selectEqualsCpu() {
        int n = 5000;
        float[] m = rand(n, 81, -1, 1), a = rand(n, 82, -1, 1), b = {7f};
        for (int i = 0; i < n; i++) {
            m[i] = m[i] > 0 ? 1 : 0;
        }
        float[] want = new float[n];
        CPU.select(m, 0, 1, a, 0, 1, b, 0, 0, want, 0, n);
        try (DeviceTensor dm = up(m, n); DeviceTensor da = up(a, n); DeviceTensor db = up(b, 1);
             DeviceTensor out = gpu.backend().select(dm, da, db)) {
            close("select", down(out), want, 0, 0);
        }
    }

    @Test
    void reductionsEqualADoubleReferenceAndCpuMaxMin() {
        for (int n : new int[] {1, 255, 256, 257, 1_000_003}) {
            float[] x = rand(n, 91, -1, 1);
            double sum = 0, abs = 0;
            for (float v : x) {
                sum += v;
                abs += Math.abs(v);
            }
            try (DeviceTensor dx = up(x, n)) {
                double got = gpu.backend().reduce(ReduceOp.SUM, dx);
                assertThat(Math.abs(got - sum)).as("SUM n=" + n + " gpu " + got + " reference " + sum)
                        .isLessThanOrEqualTo(1e-12 * abs + 1e-300);
                for (ReduceOp op : new ReduceOp[] {ReduceOp.MAX, ReduceOp.MIN}) {
                    assertThat(gpu.backend().reduce(op, dx)).as(op + " n=" + n).isEqualTo(CPU.reduce(op, x, 0, n));
                }
            }
        }
    }

    @Test
    void columnSumsEqualCpu() {
        int[][] shapes = {{500, 1}, {500, 50}, {65536, 2}, {3, 1000}, {1, 1}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1];
            float[] x = rand(m * n, 101, -1, 1), acc = rand(n, 102, -1, 1);
            float[] want = acc.clone();
            CPU.columnSum(m, n, x, 0, want, 0, true);
            try (DeviceTensor dx = up(x, m, n); DeviceTensor out = up(acc, n)) {
                gpu.backend().columnSum(dx, out, true);
                close("columnSum " + m + "x" + n, down(out), want, 0, 2e-6 * m + 1e-6);
            }
        }
    }

    @Test
    void stackedColumnSumsEqualCpuPerCopy() {
        int copies = 3, m = 700, n = 50;
        float[] x = rand(copies * m * n, 151, -1, 1), acc = rand(copies * n, 152, -1, 1);
        float[] want = acc.clone();
        for (int t = 0; t < copies; t++) {
            CPU.columnSum(m, n, x, t * m * n, want, t * n, true);
        }
        try (DeviceTensor dx = up(x, copies, m, n); DeviceTensor out = up(acc, copies, n)) {
            gpu.backend().columnSumBatched(dx, out, true);
            close("stacked columnSum", down(out), want, 0, 2e-6 * m + 1e-6);
        }
    }

    @Test
    void adamSgdAndRmsPropEqualTheReferenceFormulas() {
        int n = 12_345;
        float[] p = rand(n, 111, -1, 1), m = new float[n], v = new float[n], vmax = new float[n], buf = new float[n];
        try (DeviceTensor dp = up(p, n); DeviceTensor dm = up(m, n); DeviceTensor dv = up(v, n);
             DeviceTensor dvmax = up(vmax, n); DeviceTensor dbuf = up(buf, n)) {
            for (int t = 1; t <= 3; t++) {
                float[] g = rand(n, 120 + t, -1, 1);
                try (DeviceTensor dg = up(g, n)) {
                    adamReference(p, g, m, v, vmax, 1e-3, 0.9, 0.999, 1e-8, t, 0.01, t % 2 == 0, 0.5);
                    gpu.backend().adamStep(dp, dg, dm, dv, dvmax, 1e-3, 0.9, 0.999, 1e-8, t, 0.01, t % 2 == 0, 0.5);
                }
            }
            close("adam p", down(dp), p, 1e-6, 1e-7);
            close("adam m", down(dm), m, 1e-6, 1e-7);
            close("adam v", down(dv), v, 1e-6, 1e-7);
            close("adam vmax", down(dvmax), vmax, 1e-6, 1e-7);
            for (int t = 1; t <= 3; t++) {
                float[] g = rand(n, 130 + t, -1, 1);
                try (DeviceTensor dg = up(g, n)) {
                    sgdReference(p, g, buf, 0.01, 0.9, t == 2, 1e-4, 1);
                    gpu.backend().sgdStep(dp, dg, dbuf, 0.01, 0.9, t == 2, 1e-4, 1);
                }
            }
            close("sgd p", down(dp), p, 1e-6, 1e-7);
            close("sgd buf", down(dbuf), buf, 1e-6, 1e-7);
            float[] sq = new float[n], avg = new float[n];
            java.util.Arrays.fill(buf, 0);
            try (DeviceTensor dsq = up(sq, n); DeviceTensor davg = up(avg, n); DeviceTensor dbuf2 = up(buf, n)) {
                for (int t = 1; t <= 3; t++) {
                    float[] g = rand(n, 140 + t, -1, 1);
                    try (DeviceTensor dg = up(g, n)) {
                        rmsPropReference(p, g, sq, buf, avg, 0.01, 0.9, 1e-8, 0.5, 1e-4, 0.5);
                        gpu.backend().rmsPropStep(dp, dg, dsq, dbuf2, davg, 0.01, 0.9, 1e-8, 0.5, 1e-4, 0.5);
                    }
                }
                close("rmsprop p", down(dp), p, 1e-6, 1e-7);
                close("rmsprop square_avg", down(dsq), sq, 1e-6, 1e-7);
                close("rmsprop momentum_buffer", down(dbuf2), buf, 1e-6, 1e-7);
                close("rmsprop grad_avg", down(davg), avg, 1e-6, 1e-7);
            }
        }
    }

    /** {@link dev.tussle.engine.optim.RmsProp}'s update (centered, with momentum), element for element. */
    static void rmsPropReference(float[] p, float[] g, float[] sq, float[] buf, float[] avg, double lr, double alpha,
                                 double eps, double momentum, double weightDecay, double gradScale) {
        for (int i = 0; i < p.length; i++) {
            double pi = p[i];
            double gi = g[i] * gradScale + weightDecay * pi;
            double si = alpha * sq[i] + (1 - alpha) * gi * gi;
            sq[i] = (float) si;
            double ai = alpha * avg[i] + (1 - alpha) * gi;
            avg[i] = (float) ai;
            si -= ai * ai;
            double d = gi / (Math.sqrt(si) + eps);
            d = momentum * buf[i] + d;
            buf[i] = (float) d;
            p[i] = (float) (pi - lr * d);
        }
    }

    @Test
    void ganStepChainMatchesCpu() {
        for (int batch : SMALL ? new int[] {500} : new int[] {500, 4096}) {
            GanStepChain.Cpu cpu = new GanStepChain.Cpu(CPU, batch, GanStepChain.GEN, GanStepChain.DISC);
            GanStepChain.Gpu dev = new GanStepChain.Gpu(gpu, batch, GanStepChain.GEN, GanStepChain.DISC);
            cpu.init(7);
            dev.init(7);
            for (int s = 0; s < 3; s++) {
                cpu.step(0.05, 0.9);
                dev.step(0.05, 0.9);
            }
            List<float[]> want = cpu.parameters(), got = dev.parameters();
            for (int i = 0; i < want.size(); i++) {
                close("GAN step batch " + batch + " parameter " + i, got.get(i), want.get(i), 1e-4, 1e-5);
            }
        }
    }

    /**
     * {@link DeviceMlp}'s forward and backward against CPU autodiff on the same parameters: a
     * plain MLP, and a stack of 3 with a shared and with a per-copy input; loss Σ out·R (so the
     * output gradient is R); outputs, every parameter gradient and the input gradient compared.
     */
    @Test
    void deviceMlpMatchesCpuAutodiff() {
        int m = 37;
        Rng rng = new Rng(5);
        Mlp.Builder shape = Mlp.of(7, 13, 5, 3)
                .hidden(dev.tussle.engine.nn.Activation.leakyRelu(0.2)).output(dev.tussle.engine.nn.Activation.tanh());
        Mlp plain = shape.build(rng);
        StackedMlp stack = shape.buildStacked(3, rng);
        Tensor x2 = Tensor.of(rand(m * 7, 41, -1, 1), m, 7);
        Tensor x3 = Tensor.of(rand(3 * m * 7, 42, -1, 1), 3, m, 7);
        checkDeviceMlp("plain", plain, DeviceMlp.of(gpu, plain), x2, 43);
        checkDeviceMlp("stack, shared input", stack, DeviceMlp.of(gpu, stack), x2, 44);
        checkDeviceMlp("stack, per-copy input", stack, DeviceMlp.of(gpu, stack), x3, 45);
    }

    private static void checkDeviceMlp(String what, Module cpu, DeviceMlp onDevice, Tensor x, long seed) {
        cpu.zeroGrad();
        Tensor xc = x.copy().requiresGrad(true);
        Tensor out = cpu.forward(xc);
        Tensor r = Tensor.of(rand(out.size(), seed, -1, 1), out.shape().dims());
        out.mul(r).sum().backward();
        try (onDevice; DeviceTensor dx = gpu.to(x); DeviceMlp.Pass pass = onDevice.forward(dx);
             DeviceTensor dr = gpu.to(r)) {
            assertThat(pass.output().shape()).as(what).isEqualTo(out.shape());
            close(what + " output", down(pass.output()), out.toFloatArray(), 1e-5, 1e-5);
            onDevice.zeroGrad();
            try (DeviceTensor dIn = onDevice.backward(pass, dr, true, true)) {
                Map<String, Tensor> grads = onDevice.unflatten(onDevice.gradients());
                cpu.parameters().forEach((name, p) -> close(what + " gradient of " + name,
                        grads.get(name).toFloatArray(), p.grad().toFloatArray(), 1e-4, 1e-5));
                assertThat(dIn.shape()).as(what).isEqualTo(x.shape());
                close(what + " input gradient", down(dIn), xc.grad().toFloatArray(), 1e-4, 1e-5);
            }
            assertThat(onDevice.backward(pass, dr, true, false)).as("no input gradient asked").isNull();
        }
    }

    /**
     * {@link DeviceOptimizer} against the CPU optimizer it mirrors, fed the same gradients for 3
     * steps: Adam with AMSGrad, weight clipping, a decaying schedule and global-norm clipping;
     * SGD with Nesterov momentum. Parameters after each step, then the downloaded state and step count.
     */
    @Test
    void deviceOptimizerMatchesCpu() {
        Rng rng = new Rng(9);
        for (int variant = 0; variant < 3; variant++) {
            Mlp net = Mlp.of(6, 11, 2).build(rng);
            Optimizer opt = switch (variant) {
                case 0 -> Adam.builder(0.05).amsgrad(true).weightDecay(0.01).build(net.parameters())
                        .constrain(ParamConstraint.clip(0.3))
                        .schedule(LrSchedule.step(1, 0.5)).clipGradNorm(2.0);
                case 1 -> Sgd.builder(0.1).momentum(0.9).nesterov(true).build(net.parameters());
                default -> RmsProp.builder(0.01).momentum(0.5).centered(true).weightDecay(1e-3).build(net.parameters())
                        .constrain(ParamConstraint.clip(0.05));
            };
            try (DeviceMlp onDevice = DeviceMlp.of(gpu, net); DeviceOptimizer dopt = new DeviceOptimizer(opt, onDevice)) {
                for (int t = 0; t < 3; t++) {
                    Map<String, Tensor> g = new LinkedHashMap<>();
                    int i = 0;
                    for (var e : net.parameters().entrySet()) {
                        Tensor grad = Tensor.of(rand(e.getValue().size(), 300 + 10 * t + i++, -1, 1),
                                e.getValue().shape().dims());
                        e.getValue().setGrad(grad);
                        g.put(e.getKey() + ".grad", grad);
                    }
                    onDevice.gradients().copyFrom(onDevice.flatten(g, ".grad"));
                    assertThat(dopt.gradNorm()).as("gradient norm").isCloseTo(opt.gradNorm(),
                            offset(1e-5 * opt.gradNorm()));
                    opt.step();
                    dopt.step();
                    Map<String, Tensor> got = onDevice.unflatten(onDevice.parameters());
                    int step = t;
                    net.parameters().forEach((name, p) -> close("variant " + step + " " + name,
                            got.get(name).toFloatArray(), p.toFloatArray(), 1e-5, 1e-6));
                }
                Map<String, Tensor> cpuState = new LinkedHashMap<>();
                opt.stateTensors().forEach((n, t) -> cpuState.put(n, t.copy()));
                dopt.download();
                assertThat(opt.stepCount()).isEqualTo(3);
                opt.stateTensors().forEach((n, t) -> close("state " + n, t.toFloatArray(), cpuState.get(n).toFloatArray(),
                        1e-5, 1e-6));
            }
        }
    }

    /**
     * The GAN head kernels against the formulas in double: every measuring function and term,
     * values, reported D and the gradient with a scale per block of 7 (sizes 0, 1 and 700).
     */
    @Test
    void ganHeadTermsAndGradientsEqualTheFormulas() {
        for (int n : new int[] {0, 1, 700}) {
            float[] x = rand(n, 77, -6, 6);
            int blocks = Math.max(1, n / 7);
            int blockLen = n == 0 ? 1 : n / blocks;
            float[] scale = rand(n == 0 ? 0 : blocks, 78, -2, 2);
            for (int f = 0; f < 4; f++) {
                for (int term = 0; term < 3; term++) {
                    float[] wantV = new float[n], wantP = new float[n], wantG = new float[n];
                    for (int i = 0; i < n; i++) {
                        double[] vd = headReference(f, term, x[i]);
                        wantV[i] = (float) vd[0];
                        wantG[i] = (float) (scale[i / blockLen] * vd[1]);
                        wantP[i] = (float) (f == 0 ? 1 / (1 + Math.exp(-x[i])) : x[i]);
                    }
                    try (DeviceTensor dx = up(x, n); DeviceTensor v = gpu.empty(n); DeviceTensor p = gpu.empty(n);
                         DeviceTensor g = gpu.empty(n); DeviceTensor ds = up(scale, scale.length)) {
                        gpu.backend().ganHeadTerms(f, term, dx, v, p);
                        String what = "f " + f + " term " + term + " n " + n;
                        close(what + " value", down(v), wantV, 1e-5, 1e-6);
                        close(what + " D", down(p), wantP, 1e-5, 1e-6);
                        if (n > 0) {
                            gpu.backend().ganHeadGradient(f, term, dx, blockLen, ds, g);
                            close(what + " gradient", down(g), wantG, 1e-5, 1e-6);
                        }
                    }
                }
            }
        }
        try (DeviceTensor x = gpu.zeros(10); DeviceTensor s = gpu.zeros(3); DeviceTensor g = gpu.zeros(10)) {
            assertThatThrownBy(() -> gpu.backend().ganHeadGradient(0, 0, x, 4, s, g))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("CudaBackend.ganHeadGradient: 10 outputs in blocks of 4 need 2 scales, got 3");
            assertThatThrownBy(() -> gpu.backend().ganHeadTerms(4, 0, x, g, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("CudaBackend.ganHeadTerms: measuring function 4 (0..3) and term 0 (0..2)");
        }
    }

    /** {value, derivative} of a head term in double: see gan_head_terms. */
    private static double[] headReference(int f, int term, double x) {
        if (term == 2) {
            return new double[] {x, 1};
        }
        double s = term == 0 ? 1 : -1;
        return switch (f) {
            case 0 -> new double[] {Math.min(s * x, 0) - Math.log1p(Math.exp(-Math.abs(s * x))), s / (1 + Math.exp(s * x))};
            case 1 -> new double[] {s * x, s};
            case 2 -> {
                double u = term == 0 ? x - 1 : x;
                yield new double[] {-u * u, -2 * u};
            }
            default -> {
                double u = s * x - 1;
                yield new double[] {Math.min(u, 0), u > 0 ? 0 : s};
            }
        };
    }

    /** A device network or optimizer that cannot be built says why, naming the piece. */
    @Test
    void deviceNetworkAndOptimizerRejectWhatHasNoKernel() {
        Rng rng = new Rng(1);
        Mlp soft = Mlp.of(2, 3, 1)
                .hidden(dev.tussle.engine.nn.Activation.softplus()).build(rng);
        assertThatThrownBy(() -> DeviceMlp.of(gpu, soft))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DeviceMlp: activation").hasMessageContaining("has no CUDA kernel");
        Mlp net = Mlp.of(2, 3, 1).build(rng);
        try (DeviceMlp onDevice = DeviceMlp.of(gpu, net)) {
            Optimizer projected = Sgd.builder(0.1).build(net.parameters()).constrain(param -> { });
            assertThatThrownBy(() -> new DeviceOptimizer(projected, onDevice))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("DeviceOptimizer: constraint ")
                    .hasMessageEndingWith(" has no CUDA form (one weight clipping, ParamConstraint.clip, does)");
            try (DeviceTensor x = gpu.zeros(4, 5)) {
                assertThatThrownBy(() -> onDevice.forward(x))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("DeviceMlp.forward: input [4, 5] for a network of input [m, 2]");
            }
        }
    }

    // ---- references and helpers ---------------------------------------------------------

    /** {@link Adam}'s update, element for element. */
    static void adamReference(float[] p, float[] g, float[] m, float[] v, float[] vmax, double lr, double beta1,
                              double beta2, double eps, long t, double weightDecay, boolean decoupled, double gradScale) {
        double bc1 = 1 - Math.pow(beta1, t);
        double sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, t));
        double l2 = decoupled ? 0 : weightDecay;
        double shrink = decoupled ? 1 - lr * weightDecay : 1;
        for (int i = 0; i < p.length; i++) {
            double pi = p[i];
            double gi = g[i] * gradScale + l2 * pi;
            pi *= shrink;
            double mi = beta1 * m[i] + (1 - beta1) * gi;
            double vi = beta2 * v[i] + (1 - beta2) * gi * gi;
            m[i] = (float) mi;
            v[i] = (float) vi;
            if (vmax != null) {
                vi = Math.max(vmax[i], vi);
                vmax[i] = (float) vi;
            }
            p[i] = (float) (pi - lr * (mi / bc1) / (Math.sqrt(vi) / sqrtBc2 + eps));
        }
    }

    /** {@link Sgd}'s update, element for element. */
    static void sgdReference(float[] p, float[] g, float[] buf, double lr, double momentum, boolean nesterov,
                             double weightDecay, double gradScale) {
        for (int i = 0; i < p.length; i++) {
            double pi = p[i];
            double gi = g[i] * gradScale + weightDecay * pi;
            if (buf != null) {
                double b = momentum * buf[i] + gi;
                buf[i] = (float) b;
                gi = nesterov ? gi + momentum * b : b;
            }
            p[i] = (float) (pi - lr * gi);
        }
    }

    static float[] rand(int n, long seed, float lo, float hi) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * r.nextFloat();
        }
        return x;
    }

    private static DeviceTensor up(float[] data, int... dims) {
        return gpu.to(Tensor.of(data, dims));
    }

    private static float[] down(DeviceTensor t) {
        return t.toCpu().toFloatArray();
    }

    /** Fails naming the first element with |got − want| > rtol·|want| + atol (NaN must match NaN). */
    static void close(String what, float[] got, float[] want, double rtol, double atol) {
        assertThat(got.length).as(what + " length").isEqualTo(want.length);
        for (int i = 0; i < got.length; i++) {
            float g = got[i], w = want[i];
            if (Float.isNaN(w) || Float.isNaN(g)) {
                if (Float.isNaN(w) != Float.isNaN(g)) {
                    fail(what + ": element " + i + " gpu " + g + " cpu " + w);
                }
                continue;
            }
            if (g == w) {
                continue;
            }
            if (!(Math.abs(g - w) <= rtol * Math.abs(w) + atol)) {
                fail(what + ": element " + i + " gpu " + g + " cpu " + w + " (|diff| " + Math.abs(g - w)
                        + " > " + (rtol * Math.abs(w) + atol) + ")");
            }
        }
    }
}
