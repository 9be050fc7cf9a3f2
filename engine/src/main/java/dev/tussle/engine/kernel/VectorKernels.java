package dev.tussle.engine.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels. The formula of each op is written once, generically over the lane type
 * ({@link #unary} and {@link #binary}); the float and double loops around them differ only in
 * the array type they load from. Tails shorter than a vector are finished by the scalar
 * reference formula, so results agree with {@link ScalarKernels} to within a few ulps.
 *
 * <p>Only {@link KernelProvider} instantiates this class, and only after it has checked that
 * {@code jdk.incubator.vector} is in the boot layer.
 */
final class VectorKernels implements Kernels {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Shared by the GEMM's epilogue; the class holds no state. */
    static final VectorKernels INSTANCE = new VectorKernels();

    @Override
    public String name() {
        return "vector(" + F.vectorBitSize() + "-bit, " + F.length() + " float lanes)";
    }

    /** The op's formula on one vector; {@code alpha}, {@code zero} and {@code one} are broadcasts. */
    private static <E> Vector<E> unary(UnaryOp op, Vector<E> x, Vector<E> alpha, Vector<E> zero, Vector<E> one) {
        return switch (op) {
            case NEG -> x.neg();
            case EXP -> x.lanewise(VectorOperators.EXP);
            case LOG -> x.lanewise(VectorOperators.LOG);
            case LOG1P -> x.lanewise(VectorOperators.LOG1P);
            case SQRT -> x.lanewise(VectorOperators.SQRT);
            case ABS -> x.abs();
            case SQUARE -> x.mul(x);
            case RECIPROCAL -> one.div(x);
            case SIN -> x.lanewise(VectorOperators.SIN);
            case COS -> x.lanewise(VectorOperators.COS);
            case TANH -> x.lanewise(VectorOperators.TANH);
            case SIGMOID -> one.div(one.add(x.neg().lanewise(VectorOperators.EXP)));
            case RELU -> zero.blend(x, x.compare(VectorOperators.GT, zero));
            case LEAKY_RELU -> x.mul(alpha).blend(x, x.compare(VectorOperators.GT, zero));
            case SOFTPLUS -> x.max(zero).add(x.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P));
            case LOG_SIGMOID -> x.min(zero).sub(x.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P));
            case SIGN -> zero.blend(one, x.compare(VectorOperators.GT, zero))
                    .blend(one.neg(), x.compare(VectorOperators.LT, zero))
                    .blend(x, x.test(VectorOperators.IS_NAN));
            case POW_SCALAR -> x.lanewise(VectorOperators.POW, alpha);
            case STEP -> alpha.blend(one, x.compare(VectorOperators.GT, zero));
        };
    }

    /** The op's formula on two vectors. */
    private static <E> Vector<E> binary(BinaryOp op, Vector<E> a, Vector<E> b, Vector<E> zero, Vector<E> one) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case POW -> a.lanewise(VectorOperators.POW, b);
            case MAX -> a.max(b).blend(a.add(b), a.test(VectorOperators.IS_NAN).or(b.test(VectorOperators.IS_NAN)));
            case MIN -> a.min(b).blend(a.add(b), a.test(VectorOperators.IS_NAN).or(b.test(VectorOperators.IS_NAN)));
            case GT -> zero.blend(one, a.compare(VectorOperators.GT, b));
            case GE -> zero.blend(one, a.compare(VectorOperators.GE, b));
            case LT -> zero.blend(one, a.compare(VectorOperators.LT, b));
            case LE -> zero.blend(one, a.compare(VectorOperators.LE, b));
            case EQ -> zero.blend(one, a.compare(VectorOperators.EQ, b));
            case NE -> zero.blend(one, a.compare(VectorOperators.NE, b));
        };
    }

    @Override
    public void map(UnaryOp op, double alpha, float[] x, int xo, float[] out, int oo, int n) {
        FloatVector av = FloatVector.broadcast(F, (float) alpha);
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            ((FloatVector) unary(op, v, av, zero, one)).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = (float) op.apply(x[xo + i], alpha);
        }
    }

    @Override
    public void map(UnaryOp op, double alpha, double[] x, int xo, double[] out, int oo, int n) {
        DoubleVector av = DoubleVector.broadcast(D, alpha);
        DoubleVector zero = DoubleVector.zero(D);
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
            ((DoubleVector) unary(op, v, av, zero, one)).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = op.apply(x[xo + i], alpha);
        }
    }

    @Override
    public void zip(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector ca = FloatVector.broadcast(F, n > 0 && as == 0 ? a[ao] : 0f);
        FloatVector cb = FloatVector.broadcast(F, n > 0 && bs == 0 ? b[bo] : 0f);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector va = as == 0 ? ca : FloatVector.fromArray(F, a, ao + i);
            FloatVector vb = bs == 0 ? cb : FloatVector.fromArray(F, b, bo + i);
            ((FloatVector) binary(op, va, vb, zero, one)).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = (float) op.apply(a[ao + i * as], b[bo + i * bs]);
        }
    }

    @Override
    public void zip(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
        DoubleVector zero = DoubleVector.zero(D);
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        DoubleVector ca = DoubleVector.broadcast(D, n > 0 && as == 0 ? a[ao] : 0.0);
        DoubleVector cb = DoubleVector.broadcast(D, n > 0 && bs == 0 ? b[bo] : 0.0);
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            DoubleVector va = as == 0 ? ca : DoubleVector.fromArray(D, a, ao + i);
            DoubleVector vb = bs == 0 ? cb : DoubleVector.fromArray(D, b, bo + i);
            ((DoubleVector) binary(op, va, vb, zero, one)).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = op.apply(a[ao + i * as], b[bo + i * bs]);
        }
    }

    @Override
    public void select(float[] m, int mo, int ms, float[] a, int ao, int as, float[] b, int bo, int bs,
                       float[] out, int oo, int n) {
        if (ms == 0 || as == 0 || bs == 0) {
            // Broadcast selects are rare (a scalar branch of where); the reference loop serves them.
            for (int i = 0; i < n; i++) {
                out[oo + i] = m[mo + i * ms] != 0 ? a[ao + i * as] : b[bo + i * bs];
            }
            return;
        }
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            VectorMask<Float> take = FloatVector.fromArray(F, m, mo + i).compare(VectorOperators.NE, 0f);
            FloatVector.fromArray(F, b, bo + i).blend(FloatVector.fromArray(F, a, ao + i), take).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = m[mo + i] != 0 ? a[ao + i] : b[bo + i];
        }
    }

    @Override
    public void select(double[] m, int mo, int ms, double[] a, int ao, int as, double[] b, int bo, int bs,
                       double[] out, int oo, int n) {
        if (ms == 0 || as == 0 || bs == 0) {
            for (int i = 0; i < n; i++) {
                out[oo + i] = m[mo + i * ms] != 0 ? a[ao + i * as] : b[bo + i * bs];
            }
            return;
        }
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            VectorMask<Double> take = DoubleVector.fromArray(D, m, mo + i).compare(VectorOperators.NE, 0.0);
            DoubleVector.fromArray(D, b, bo + i).blend(DoubleVector.fromArray(D, a, ao + i), take).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = m[mo + i] != 0 ? a[ao + i] : b[bo + i];
        }
    }

    private static VectorOperators.Associative lanes(ReduceOp op) {
        return switch (op) {
            case SUM -> VectorOperators.ADD;
            case MAX -> VectorOperators.MAX;
            case MIN -> VectorOperators.MIN;
        };
    }

    @Override
    public double reduce(ReduceOp op, float[] x, int off, int n) {
        BinaryOp combine = op.combine();
        double acc = op.identity();
        int i = 0;
        int bound = F.loopBound(n);
        if (bound > 0) {
            VectorOperators.Associative lane = lanes(op);
            FloatVector v = FloatVector.fromArray(F, x, off);
            boolean nan = false;
            for (i = F.length(); i < bound; i += F.length()) {
                FloatVector w = FloatVector.fromArray(F, x, off + i);
                v = v.lanewise(lane, w);
            }
            // max/min lanes drop NaN inconsistently across hardware; detect it explicitly.
            if (op != ReduceOp.SUM) {
                for (int j = 0; j < bound && !nan; j += F.length()) {
                    nan = FloatVector.fromArray(F, x, off + j).test(VectorOperators.IS_NAN).anyTrue();
                }
            }
            acc = nan ? Double.NaN : v.reduceLanes(lane);
        }
        for (; i < n; i++) {
            acc = combine.apply(acc, x[off + i]);
        }
        return acc;
    }

    @Override
    public double reduce(ReduceOp op, double[] x, int off, int n) {
        BinaryOp combine = op.combine();
        double acc = op.identity();
        int i = 0;
        int bound = D.loopBound(n);
        if (bound > 0) {
            VectorOperators.Associative lane = lanes(op);
            DoubleVector v = DoubleVector.fromArray(D, x, off);
            boolean nan = false;
            for (i = D.length(); i < bound; i += D.length()) {
                v = v.lanewise(lane, DoubleVector.fromArray(D, x, off + i));
            }
            if (op != ReduceOp.SUM) {
                for (int j = 0; j < bound && !nan; j += D.length()) {
                    nan = DoubleVector.fromArray(D, x, off + j).test(VectorOperators.IS_NAN).anyTrue();
                }
            }
            acc = nan ? Double.NaN : v.reduceLanes(lane);
        }
        for (; i < n; i++) {
            acc = combine.apply(acc, x[off + i]);
        }
        return acc;
    }

    private static final Gemm<float[]> GEMM_F32 = new Gemm<>(FloatGemmOps.INSTANCE);
    private static final Gemm<double[]> GEMM_F64 = new Gemm<>(DoubleGemmOps.INSTANCE);

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int ao, float[] b, int bo,
                     float[] c, int co, boolean accumulate) {
        KernelChecks.gemm("gemm", 1, transA, transB, m, n, k, a.length, ao, 0, b.length, bo, 0, c.length, co, 0);
        GEMM_F32.multiply(1, transA, transB, m, n, k, a, ao, 0, b, bo, 0, c, co, 0, accumulate, null);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int ao, double[] b, int bo,
                     double[] c, int co, boolean accumulate) {
        KernelChecks.gemm("gemm", 1, transA, transB, m, n, k, a.length, ao, 0, b.length, bo, 0, c.length, co, 0);
        GEMM_F64.multiply(1, transA, transB, m, n, k, a, ao, 0, b, bo, 0, c, co, 0, accumulate, null);
    }

    @Override
    public void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int ao, int strideA, float[] b, int bo, int strideB,
                            float[] c, int co, int strideC, boolean accumulate) {
        KernelChecks.gemm("gemmBatched", batch, transA, transB, m, n, k,
                a.length, ao, strideA, b.length, bo, strideB, c.length, co, strideC);
        GEMM_F32.multiply(batch, transA, transB, m, n, k, a, ao, strideA, b, bo, strideB, c, co, strideC,
                accumulate, null);
    }

    @Override
    public void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k,
                            double[] a, int ao, int strideA, double[] b, int bo, int strideB,
                            double[] c, int co, int strideC, boolean accumulate) {
        KernelChecks.gemm("gemmBatched", batch, transA, transB, m, n, k,
                a.length, ao, strideA, b.length, bo, strideB, c.length, co, strideC);
        GEMM_F64.multiply(batch, transA, transB, m, n, k, a, ao, strideA, b, bo, strideB, c, co, strideC,
                accumulate, null);
    }

    @Override
    public void linearForward(Activation act, double alpha, int m, int n, int k, float[] x, int xo, float[] w, int wo,
                              float[] bias, int biasOffset, float[] out, int oo) {
        KernelChecks.linear("linearForward", m, n, k, x.length, xo, w.length, wo,
                bias == null ? 0 : bias.length, biasOffset, bias != null, out.length, oo);
        GEMM_F32.multiply(1, false, false, m, n, k, x, xo, 0, w, wo, 0, out, oo, 0, false,
                new Gemm.Epilogue<>(act, alpha, bias, biasOffset));
    }

    @Override
    public void linearForward(Activation act, double alpha, int m, int n, int k, double[] x, int xo, double[] w, int wo,
                              double[] bias, int biasOffset, double[] out, int oo) {
        KernelChecks.linear("linearForward", m, n, k, x.length, xo, w.length, wo,
                bias == null ? 0 : bias.length, biasOffset, bias != null, out.length, oo);
        GEMM_F64.multiply(1, false, false, m, n, k, x, xo, 0, w, wo, 0, out, oo, 0, false,
                new Gemm.Epilogue<>(act, alpha, bias, biasOffset));
    }

    /** {@code g · act'(y)} on one vector, the derivative written in terms of the output y. */
    private static <E> Vector<E> activationGrad(Activation act, Vector<E> y, Vector<E> g, Vector<E> alpha,
                                                Vector<E> zero, Vector<E> one) {
        return switch (act) {
            case IDENTITY -> g;
            case RELU -> zero.blend(g, y.compare(VectorOperators.GT, zero));
            case LEAKY_RELU -> g.mul(alpha).blend(g, y.compare(VectorOperators.GT, zero));
            case TANH -> g.mul(one.sub(y.mul(y)));
            case SIGMOID -> g.mul(y.mul(one.sub(y)));
        };
    }

    @Override
    public void activationBackward(Activation act, double alpha, float[] y, int yo, float[] g, int go,
                                   float[] out, int oo, int n) {
        KernelChecks.elements("activationBackward", n, y.length, yo, g.length, go, out.length, oo);
        FloatVector av = FloatVector.broadcast(F, (float) alpha);
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            ((FloatVector) activationGrad(act, FloatVector.fromArray(F, y, yo + i), FloatVector.fromArray(F, g, go + i),
                    av, zero, one)).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = (float) (g[go + i] * act.derivativeFromOutput(y[yo + i], alpha));
        }
    }

    @Override
    public void activationBackward(Activation act, double alpha, double[] y, int yo, double[] g, int go,
                                   double[] out, int oo, int n) {
        KernelChecks.elements("activationBackward", n, y.length, yo, g.length, go, out.length, oo);
        DoubleVector av = DoubleVector.broadcast(D, alpha);
        DoubleVector zero = DoubleVector.zero(D);
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            ((DoubleVector) activationGrad(act, DoubleVector.fromArray(D, y, yo + i), DoubleVector.fromArray(D, g, go + i),
                    av, zero, one)).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = g[go + i] * act.derivativeFromOutput(y[yo + i], alpha);
        }
    }

    /** Column sums by adding whole rows into {@code out}: contiguous vector adds, in row order. */
    @Override
    public void columnSum(int m, int n, float[] x, int xo, float[] out, int oo, boolean accumulate) {
        ScalarKernels.checkColumnSum(m, n, x.length, xo, out.length, oo);
        if (!accumulate) {
            java.util.Arrays.fill(out, oo, oo + n, 0f);
        }
        // Typed vectors rather than zip(ADD): the lane-type-generic formulas behind zip are not
        // intrinsified well. Each column is still summed in row order, as in the scalar tail.
        int bound = F.loopBound(n);
        for (int i = 0; i < m; i++) {
            int row = xo + i * n;
            int j = 0;
            for (; j < bound; j += F.length()) {
                FloatVector.fromArray(F, out, oo + j).add(FloatVector.fromArray(F, x, row + j)).intoArray(out, oo + j);
            }
            for (; j < n; j++) {
                out[oo + j] += x[row + j];
            }
        }
    }

    /** Double-precision column sums, same order as the float ones. */
    @Override
    public void columnSum(int m, int n, double[] x, int xo, double[] out, int oo, boolean accumulate) {
        ScalarKernels.checkColumnSum(m, n, x.length, xo, out.length, oo);
        if (!accumulate) {
            java.util.Arrays.fill(out, oo, oo + n, 0.0);
        }
        // Typed vectors rather than zip(ADD): the lane-type-generic formulas behind zip are not
        // intrinsified well. Each column is still summed in row order, as in the scalar tail.
        int bound = D.loopBound(n);
        for (int i = 0; i < m; i++) {
            int row = xo + i * n;
            int j = 0;
            for (; j < bound; j += D.length()) {
                DoubleVector.fromArray(D, out, oo + j).add(DoubleVector.fromArray(D, x, row + j)).intoArray(out, oo + j);
            }
            for (; j < n; j++) {
                out[oo + j] += x[row + j];
            }
        }
    }
}
