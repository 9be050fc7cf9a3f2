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
            case POW_SCALAR -> javaPow(x, alpha, zero, one);
            case STEP -> alpha.blend(one, x.compare(VectorOperators.GT, zero));
        };
    }

    /**
     * {@code a^b} with {@link Math#pow}'s special cases. The POW intrinsic C2 compiles to follows
     * C's pow, where pow(1, NaN) and pow(±1, ±Inf) are 1, while the Vector API's interpreted
     * fallback (and the scalar kernels) give NaN: without this, those results changed once the
     * loop got hot.
     */
    private static <E> Vector<E> javaPow(Vector<E> a, Vector<E> b, Vector<E> zero, Vector<E> one) {
        VectorMask<E> nan = b.test(VectorOperators.IS_NAN)
                .or(b.test(VectorOperators.IS_INFINITE).and(a.abs().compare(VectorOperators.EQ, one)));
        return a.lanewise(VectorOperators.POW, b).blend(zero.div(zero), nan);
    }

    /** The op's formula on two vectors. */
    private static <E> Vector<E> binary(BinaryOp op, Vector<E> a, Vector<E> b, Vector<E> zero, Vector<E> one) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case POW -> javaPow(a, b, zero, one);
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

    @Override
    public void gemm(int m, int n, int k, float[] a, int ao, float[] b, int bo, float[] c, int co, boolean accumulate) {
        int bound = F.loopBound(n);
        for (int i = 0; i < m; i++) {
            int crow = co + i * n;
            if (!accumulate) {
                java.util.Arrays.fill(c, crow, crow + n, 0f);
            }
            for (int p = 0; p < k; p++) {
                float aip = a[ao + i * k + p];
                FloatVector va = FloatVector.broadcast(F, aip);
                int brow = bo + p * n;
                int j = 0;
                for (; j < bound; j += F.length()) {
                    va.fma(FloatVector.fromArray(F, b, brow + j), FloatVector.fromArray(F, c, crow + j))
                            .intoArray(c, crow + j);
                }
                for (; j < n; j++) {
                    c[crow + j] = Math.fma(aip, b[brow + j], c[crow + j]);
                }
            }
        }
    }

    @Override
    public void gemm(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co, boolean accumulate) {
        int bound = D.loopBound(n);
        for (int i = 0; i < m; i++) {
            int crow = co + i * n;
            if (!accumulate) {
                java.util.Arrays.fill(c, crow, crow + n, 0.0);
            }
            for (int p = 0; p < k; p++) {
                double aip = a[ao + i * k + p];
                DoubleVector va = DoubleVector.broadcast(D, aip);
                int brow = bo + p * n;
                int j = 0;
                for (; j < bound; j += D.length()) {
                    va.fma(DoubleVector.fromArray(D, b, brow + j), DoubleVector.fromArray(D, c, crow + j))
                            .intoArray(c, crow + j);
                }
                for (; j < n; j++) {
                    c[crow + j] = Math.fma(aip, b[brow + j], c[crow + j]);
                }
            }
        }
    }
}
