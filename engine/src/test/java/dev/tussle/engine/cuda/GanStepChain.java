package dev.tussle.engine.cuda;

import dev.tussle.engine.kernel.Activation;
import dev.tussle.engine.kernel.BinaryOp;
import dev.tussle.engine.kernel.Kernels;
import dev.tussle.engine.kernel.UnaryOp;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One GAN training step (a discriminator step, then a generator step; non-saturating loss, BCE
 * on logits; SGD with momentum) on dense MLPs, written once against a handful of kernel ops and
 * run either on the CPU {@link Kernels} or on a {@link CudaBackend}: the GPU test compares the
 * two, and {@link CudaBenchmarkMain} times them. The default shapes are the essay GAN's (generator
 * 15 → 50 → 50 → 2, discriminator 2 → 100 → 50 → 1, leaky ReLU 0.2), the shapes of the fused
 * linear benchmark.
 *
 * @param <T> the matrix type of the backend
 */
abstract class GanStepChain<T> {
    static final int[] GEN = {15, 50, 50, 2};
    static final int[] DISC = {2, 100, 50, 1};
    static final double SLOPE = 0.2;

    final int batch;
    final int[] gen;
    final int[] disc;
    final List<T> gw = new ArrayList<>(), gb = new ArrayList<>(), dw = new ArrayList<>(), db = new ArrayList<>();
    final List<T> gwBuf = new ArrayList<>(), gbBuf = new ArrayList<>(), dwBuf = new ArrayList<>(), dbBuf = new ArrayList<>();
    T real;
    T noise;

    GanStepChain(int batch, int[] gen, int[] disc) {
        this.batch = batch;
        this.gen = gen;
        this.disc = disc;
    }

    // ---- the ops a backend provides (row-major float32 matrices) ----
    abstract T matrix(float[] data, int rows, int cols);
    abstract T zeros(int rows, int cols);
    abstract float[] read(T t);
    abstract T linear(Activation act, double alpha, T x, T w, T b);
    abstract T activationBackward(Activation act, double alpha, T y, T g);
    /** c (+)= op(a)·op(b); c is allocated when null. */
    abstract T gemm(boolean ta, boolean tb, T a, T b, T c, boolean accumulate);
    abstract void columnSum(T x, T out, boolean accumulate);
    abstract T map(UnaryOp op, double alpha, T x);
    /** op(x, scalar) elementwise. */
    abstract T zipScalar(BinaryOp op, T x, float scalar);
    abstract void sgd(T p, T g, T buf, double lr, double momentum);
    /** Frees temporaries made since the last call (GPU) or nothing (CPU). */
    abstract void endStep();

    /** Deterministic parameters and data from {@code seed}. */
    void init(long seed) {
        Random r = new Random(seed);
        for (int[] sizes : new int[][] {gen, disc}) {
            boolean isGen = sizes == gen;
            for (int i = 0; i + 1 < sizes.length; i++) {
                int in = sizes[i], out = sizes[i + 1];
                float[] w = new float[in * out];
                double s = Math.sqrt(2.0 / in);
                for (int j = 0; j < w.length; j++) {
                    w[j] = (float) (r.nextGaussian() * s);
                }
                float[] b = new float[out];
                for (int j = 0; j < b.length; j++) {
                    b[j] = (float) (0.01 * r.nextGaussian());
                }
                (isGen ? gw : dw).add(matrix(w, in, out));
                (isGen ? gb : db).add(matrix(b, 1, out));
                (isGen ? gwBuf : dwBuf).add(zeros(in, out));
                (isGen ? gbBuf : dbBuf).add(zeros(1, out));
            }
        }
        float[] x = new float[batch * disc[0]];
        for (int i = 0; i < batch; i++) {   // four points on a circle, with noise
            double a = Math.PI / 2 * (i % 4);
            x[2 * i] = (float) (Math.cos(a) + 0.05 * r.nextGaussian());
            x[2 * i + 1] = (float) (Math.sin(a) + 0.05 * r.nextGaussian());
        }
        real = matrix(x, batch, disc[0]);
        float[] z = new float[batch * gen[0]];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) r.nextGaussian();
        }
        noise = matrix(z, batch, gen[0]);
    }

    private static Activation act(int layer, int layers) {
        return layer == layers - 1 ? Activation.IDENTITY : Activation.LEAKY_RELU;
    }

    /** Activations a[0] = input, a[i+1] = act(a[i]·W_i + b_i). */
    private List<T> forward(T input, List<T> w, List<T> b) {
        List<T> a = new ArrayList<>();
        a.add(input);
        for (int i = 0; i < w.size(); i++) {
            a.add(linear(act(i, w.size()), SLOPE, a.get(i), w.get(i), b.get(i)));
        }
        return a;
    }

    /**
     * Back-propagates {@code gOut} (gradient at the last activation) through the MLP; adds the
     * parameter gradients into {@code dW}, {@code dB} when they are non-null and returns the
     * gradient at the input.
     */
    private T backward(List<T> a, List<T> w, T gOut, List<T> dW, List<T> dB, boolean needInputGrad) {
        T g = gOut;
        for (int i = w.size() - 1; i >= 0; i--) {
            T pre = activationBackward(act(i, w.size()), SLOPE, a.get(i + 1), g);
            if (dW != null) {
                gemm(true, false, a.get(i), pre, dW.get(i), true);
                columnSum(pre, dB.get(i), true);
            }
            if (i > 0 || needInputGrad) {
                g = gemm(false, true, pre, w.get(i), null, false);
            }
        }
        return g;
    }

    /** dBCE/dlogit for target t, averaged over the batch: (sigmoid(logit) − t) / batch. */
    private T logitGrad(T logit, float target) {
        T p = map(UnaryOp.SIGMOID, 0, logit);
        return zipScalar(BinaryOp.MUL, zipScalar(BinaryOp.SUB, p, target), 1f / batch);
    }

    /** One discriminator step and one generator step. */
    void step(double lr, double momentum) {
        // Discriminator: real → 1, fake → 0.
        List<T> dGradW = new ArrayList<>(), dGradB = new ArrayList<>();
        for (int i = 0; i + 1 < disc.length; i++) {
            dGradW.add(zeros(disc[i], disc[i + 1]));
            dGradB.add(zeros(1, disc[i + 1]));
        }
        List<T> fakeAct = forward(noise, gw, gb);
        T fake = fakeAct.get(fakeAct.size() - 1);
        List<T> dr = forward(real, dw, db);
        backward(dr, dw, logitGrad(dr.get(dr.size() - 1), 1f), dGradW, dGradB, false);
        List<T> df = forward(fake, dw, db);
        backward(df, dw, logitGrad(df.get(df.size() - 1), 0f), dGradW, dGradB, false);
        for (int i = 0; i < dw.size(); i++) {
            sgd(dw.get(i), dGradW.get(i), dwBuf.get(i), lr, momentum);
            sgd(db.get(i), dGradB.get(i), dbBuf.get(i), lr, momentum);
        }
        // Generator: non-saturating, fake → 1 through the updated discriminator.
        List<T> gGradW = new ArrayList<>(), gGradB = new ArrayList<>();
        for (int i = 0; i + 1 < gen.length; i++) {
            gGradW.add(zeros(gen[i], gen[i + 1]));
            gGradB.add(zeros(1, gen[i + 1]));
        }
        List<T> ga = forward(noise, gw, gb);
        List<T> gd = forward(ga.get(ga.size() - 1), dw, db);
        T gFake = backward(gd, dw, logitGrad(gd.get(gd.size() - 1), 1f), null, null, true);
        backward(ga, gw, gFake, gGradW, gGradB, false);
        for (int i = 0; i < gw.size(); i++) {
            sgd(gw.get(i), gGradW.get(i), gwBuf.get(i), lr, momentum);
            sgd(gb.get(i), gGradB.get(i), gbBuf.get(i), lr, momentum);
        }
        endStep();
    }

    /** All parameters, generator then discriminator, weights then biases per layer. */
    List<float[]> parameters() {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < gw.size(); i++) {
            out.add(read(gw.get(i)));
            out.add(read(gb.get(i)));
        }
        for (int i = 0; i < dw.size(); i++) {
            out.add(read(dw.get(i)));
            out.add(read(db.get(i)));
        }
        return out;
    }

    // ---- CPU -------------------------------------------------------------------------------

    /** A row-major matrix on the heap. */
    record Mat(float[] data, int rows, int cols) {
    }

    /** The chain on the CPU kernels. */
    static final class Cpu extends GanStepChain<Mat> {
        private final Kernels k;

        Cpu(Kernels k, int batch, int[] gen, int[] disc) {
            super(batch, gen, disc);
            this.k = k;
        }

        @Override Mat matrix(float[] data, int rows, int cols) { return new Mat(data.clone(), rows, cols); }
        @Override Mat zeros(int rows, int cols) { return new Mat(new float[rows * cols], rows, cols); }
        @Override float[] read(Mat t) { return t.data().clone(); }

        @Override
        Mat linear(Activation act, double alpha, Mat x, Mat w, Mat b) {
            Mat out = zeros(x.rows(), w.cols());
            k.linearForward(act, alpha, x.rows(), w.cols(), x.cols(), x.data(), 0, w.data(), 0, b.data(), 0, out.data(), 0);
            return out;
        }

        @Override
        Mat activationBackward(Activation act, double alpha, Mat y, Mat g) {
            Mat out = zeros(y.rows(), y.cols());
            k.activationBackward(act, alpha, y.data(), 0, g.data(), 0, out.data(), 0, y.data().length);
            return out;
        }

        @Override
        Mat gemm(boolean ta, boolean tb, Mat a, Mat b, Mat c, boolean accumulate) {
            int m = ta ? a.cols() : a.rows(), kk = ta ? a.rows() : a.cols(), n = tb ? b.rows() : b.cols();
            Mat out = c != null ? c : zeros(m, n);
            k.gemm(ta, tb, m, n, kk, a.data(), 0, b.data(), 0, out.data(), 0, accumulate);
            return out;
        }

        @Override
        void columnSum(Mat x, Mat out, boolean accumulate) {
            k.columnSum(x.rows(), x.cols(), x.data(), 0, out.data(), 0, accumulate);
        }

        @Override
        Mat map(UnaryOp op, double alpha, Mat x) {
            Mat out = zeros(x.rows(), x.cols());
            k.map(op, alpha, x.data(), 0, out.data(), 0, x.data().length);
            return out;
        }

        @Override
        Mat zipScalar(BinaryOp op, Mat x, float scalar) {
            Mat out = zeros(x.rows(), x.cols());
            k.zip(op, x.data(), 0, 1, new float[] {scalar}, 0, 0, out.data(), 0, x.data().length);
            return out;
        }

        @Override
        void sgd(Mat p, Mat g, Mat buf, double lr, double momentum) {
            CudaGpuTest.sgdReference(p.data(), g.data(), buf.data(), lr, momentum, false, 0, 1);
        }

        @Override
        void endStep() {
        }
    }

    // ---- GPU -------------------------------------------------------------------------------

    /** The chain on a CUDA device; temporaries go back to the pool at the end of each step. */
    static final class Gpu extends GanStepChain<DeviceTensor> {
        private final CudaDevice d;
        private final CudaBackend be;
        private final List<DeviceTensor> temps = new ArrayList<>();
        private boolean initializing = true;

        Gpu(CudaDevice d, int batch, int[] gen, int[] disc) {
            super(batch, gen, disc);
            this.d = d;
            this.be = d.backend();
        }

        @Override
        void init(long seed) {
            super.init(seed);
            initializing = false;
        }

        private DeviceTensor temp(DeviceTensor t) {
            if (!initializing) {
                temps.add(t);
            }
            return t;
        }

        @Override
        DeviceTensor matrix(float[] data, int rows, int cols) {
            return temp(d.to(dev.tussle.engine.Tensor.of(data, rows, cols)));
        }

        @Override DeviceTensor zeros(int rows, int cols) { return temp(d.zeros(rows, cols)); }
        @Override float[] read(DeviceTensor t) { return t.toCpu().toFloatArray(); }

        @Override
        DeviceTensor linear(Activation act, double alpha, DeviceTensor x, DeviceTensor w, DeviceTensor b) {
            return temp(be.linearForward(act, alpha, x, w, b));
        }

        @Override
        DeviceTensor activationBackward(Activation act, double alpha, DeviceTensor y, DeviceTensor g) {
            return temp(be.activationBackward(act, alpha, y, g));
        }

        @Override
        DeviceTensor gemm(boolean ta, boolean tb, DeviceTensor a, DeviceTensor b, DeviceTensor c, boolean accumulate) {
            if (c == null) {
                int m = ta ? a.dim(1) : a.dim(0), n = tb ? b.dim(0) : b.dim(1);
                c = temp(d.empty(m, n));
            }
            be.gemm(ta, tb, a, b, c, accumulate);
            return c;
        }

        @Override
        void columnSum(DeviceTensor x, DeviceTensor out, boolean accumulate) {
            be.columnSum(x, out, accumulate);
        }

        @Override
        DeviceTensor map(UnaryOp op, double alpha, DeviceTensor x) {
            return temp(be.map(op, alpha, x));
        }

        private final java.util.Map<Float, DeviceTensor> scalars = new java.util.HashMap<>();

        @Override
        DeviceTensor zipScalar(BinaryOp op, DeviceTensor x, float scalar) {
            DeviceTensor s = scalars.computeIfAbsent(scalar, v -> d.to(dev.tussle.engine.Tensor.of(new float[] {v}, 1)));
            return temp(be.zip(op, x, s));
        }

        @Override
        void sgd(DeviceTensor p, DeviceTensor g, DeviceTensor buf, double lr, double momentum) {
            be.sgdStep(p, g, buf, lr, momentum, false, 0, 1);
        }

        @Override
        void endStep() {
            temps.forEach(DeviceTensor::close);
            temps.clear();
        }
    }
}
