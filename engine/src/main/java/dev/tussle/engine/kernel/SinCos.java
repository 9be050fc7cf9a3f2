package dev.tussle.engine.kernel;

/**
 * Sine and cosine of one angle in [0, 2π) with exactly the bits of {@link StrictMath#sin} and
 * {@link StrictMath#cos}, from one argument reduction and without allocating.
 *
 * <p>Why: the Box–Muller draws of {@code Rng.nextGaussian()} take the sine and the cosine of the
 * same angle, and StrictMath (the JDK's port of fdlibm) reduces the argument twice and allocates a
 * {@code double[2]} per call for angles beyond π/4 — 32 bytes per Gaussian draw, most of what a
 * training step allocated once its tensors were recycled. This is the same algorithm (fdlibm 5.3:
 * Cody–Waite reduction by π/2 in up to three steps for medium arguments, then the degree-13 and
 * degree-14 kernel polynomials on [−π/4, π/4]) restricted to the range Box–Muller uses, so the
 * random streams do not change; a test compares it with StrictMath on millions of angles and
 * at every branch boundary.
 *
 * <p>Not thread-safe: one instance per {@link Rng}. After {@link #set(double)}, {@link #sin()}
 * and {@link #cos()} read the reduced argument.
 */
public final class SinCos {
    private static final int ABS_MASK = 0x7fff_ffff;
    /** High word of π/4: below it no reduction is needed. */
    static final int PI_4_HI = 0x3fe9_21fb;
    /** High word of 3π/4: below it the quotient is 1. */
    static final int PI3_4_HI = 0x4002_d97c;
    /** High word of π/2. */
    static final int PI_2_HI = 0x3ff9_21fb;
    /** High word of 2^19·π/2: the end of the medium range (the angles here stay below 2π). */
    static final int MEDIUM_HI = 0x4139_21fb;
    /** High words of n·π/2 for n = 1..4, where the first reduction step may cancel. */
    static final int[] N_PI_2_HI = {0x3ff9_21fb, 0x4009_21fb, 0x4012_d97c, 0x4019_21fb};

    // π/2 split into 33-bit pieces and their tails; 2/π to 53 bits.
    static final double INV_PI_2 = 0x1.45f306dc9c883p-1;
    static final double PI_2_1 = 0x1.921fb544p0;
    static final double PI_2_1T = 0x1.0b4611a626331p-34;
    static final double PI_2_2 = 0x1.0b4611a6p-34;
    static final double PI_2_2T = 0x1.3198a2e037073p-69;
    static final double PI_2_3 = 0x1.3198a2ep-69;
    static final double PI_2_3T = 0x1.b839a252049c1p-104;

    // sin(x)/x − 1 ≈ S1·x² + … + S6·x¹² on [−π/4, π/4] (error below 2^−58).
    static final double S1 = -0x1.5555555555549p-3;
    static final double S2 = 0x1.111111110f8a6p-7;
    static final double S3 = -0x1.a01a019c161d5p-13;
    static final double S4 = 0x1.71de357b1fe7dp-19;
    static final double S5 = -0x1.ae5e68a2b9cebp-26;
    static final double S6 = 0x1.5d93a5acfd57cp-33;

    // cos(x) − 1 + x²/2 ≈ C1·x⁴ + … + C6·x¹⁴ on [−π/4, π/4].
    static final double C1 = 0x1.555555555554cp-5;
    static final double C2 = -0x1.6c16c16c15177p-10;
    static final double C3 = 0x1.a01a019cb159p-16;
    static final double C4 = -0x1.27e4f809c52adp-22;
    static final double C5 = 0x1.1ee9ebdb4b1c4p-29;
    static final double C6 = -0x1.8fae9be8838d4p-37;

    /** The reduced argument y = head + tail in [−π/4, π/4] and the quadrant n mod 4. */
    private double head;
    private double tail;
    private int quadrant;
    private boolean reduced;
    private boolean outside;

    /**
     * Reduces {@code x}. Angles outside [0, 2π), which need reduction paths this class leaves
     * out, are passed to StrictMath as they are.
     */
    public void set(double x) {
        outside = !(x >= 0 && x < 2 * Math.PI);
        if (outside) {
            head = x;
            return;
        }
        int ix = high(x) & ABS_MASK;
        if (ix <= PI_4_HI) {
            head = x;
            tail = 0;
            quadrant = 0;
            reduced = false;
            return;
        }
        reduced = true;
        if (ix < PI3_4_HI) {
            // One subtraction of π/2, with 33 + 53 bits of it, or 33 + 33 + 53 right at π/2.
            double z = x - PI_2_1;
            if (ix != PI_2_HI) {
                head = z - PI_2_1T;
                tail = (z - head) - PI_2_1T;
            } else {
                z -= PI_2_2;
                head = z - PI_2_2T;
                tail = (z - head) - PI_2_2T;
            }
            quadrant = 1;
            return;
        }
        if (ix > MEDIUM_HI) {
            throw new AssertionError("unreachable for x < 2π");
        }
        int n = (int) (x * INV_PI_2 + 0.5);
        double fn = n;
        double r = x - fn * PI_2_1;
        double w = fn * PI_2_1T;
        double y0;
        if (n < 32 && ix != N_PI_2_HI[n - 1]) {
            y0 = r - w;
        } else {
            // Cancellation possible: refine with further pieces of π/2 while bits were lost.
            int j = ix >> 20;
            y0 = r - w;
            int lost = j - ((high(y0) >> 20) & 0x7ff);
            if (lost > 16) {
                double t = r;
                w = fn * PI_2_2;
                r = t - w;
                w = fn * PI_2_2T - ((t - r) - w);
                y0 = r - w;
                lost = j - ((high(y0) >> 20) & 0x7ff);
                if (lost > 49) {
                    t = r;
                    w = fn * PI_2_3;
                    r = t - w;
                    w = fn * PI_2_3T - ((t - r) - w);
                    y0 = r - w;
                }
            }
        }
        head = y0;
        tail = (r - y0) - w;
        quadrant = n & 3;
    }

    private static final ThreadLocal<SinCos> PER_THREAD = ThreadLocal.withInitial(SinCos::new);

    /**
     * One Box–Muller pair with StrictMath's bits: {@code out[cosAt] = r·cos θ} and
     * {@code out[sinAt] = r·sin θ} for {@code r = sqrt(−2 ln u1)}, {@code θ = 2π·u2}.
     */
    public void boxMuller(double u1, double u2, double[] out, int cosAt, int sinAt) {
        double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        set(2.0 * Math.PI * u2);
        out[cosAt] = r * cos();
        out[sinAt] = r * sin();
    }

    /** {@link Kernels#boxMuller} pair by pair on this thread's instance: the reference the vector form must match. */
    static void boxMullers(int n, double[] u, int u1, int u2, double[] out, int cosOut, int sinOut) {
        SinCos sc = PER_THREAD.get();
        for (int p = 0; p < n; p++) {
            sc.boxMuller(u[u1 + p], u[u2 + p], out, cosOut + p, sinOut + p);
        }
    }

    /** StrictMath.sin of the angle last {@link #set}. */
    public double sin() {
        if (outside) {
            return StrictMath.sin(head);
        }
        if (!reduced) {
            return kernelSin(head, 0, false);
        }
        return switch (quadrant) {
            case 0 -> kernelSin(head, tail, true);
            case 1 -> kernelCos(head, tail);
            case 2 -> -kernelSin(head, tail, true);
            default -> -kernelCos(head, tail);
        };
    }

    /** StrictMath.cos of the angle last {@link #set}. */
    public double cos() {
        if (outside) {
            return StrictMath.cos(head);
        }
        if (!reduced) {
            return kernelCos(head, 0);
        }
        return switch (quadrant) {
            case 0 -> kernelCos(head, tail);
            case 1 -> -kernelSin(head, tail, true);
            case 2 -> -kernelCos(head, tail);
            default -> kernelSin(head, tail, true);
        };
    }

    /** sin(x + y) for |x| ≤ π/4, y the tail of x (used only when {@code hasTail}). */
    private static double kernelSin(double x, double y, boolean hasTail) {
        if ((high(x) & ABS_MASK) < 0x3e40_0000 && (int) x == 0) { // |x| < 2^−27: sin x = x
            return x;
        }
        double z = x * x;
        double v = z * x;
        double r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
        if (!hasTail) {
            return x + v * (S1 + z * r);
        }
        return x - ((z * (0.5 * y - v * r) - y) - v * S1);
    }

    /** cos(x + y) for |x| ≤ π/4, y the tail of x. */
    private static double kernelCos(double x, double y) {
        int ix = high(x) & ABS_MASK;
        if (ix < 0x3e40_0000 && (int) x == 0) { // |x| < 2^−27: cos x = 1
            return 1.0;
        }
        double z = x * x;
        double r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
        if (ix < 0x3fd3_3333) { // |x| < 0.3
            return 1.0 - (0.5 * z - (z * r - x * y));
        }
        // 1 − x²/2 split as (1 − q) − (x²/2 − q), q ≈ x²/4 with few bits, to keep the subtraction exact.
        double q = ix > 0x3fe9_0000 ? 0.28125 : Double.longBitsToDouble((long) (ix - 0x0020_0000) << 32);
        double hz = 0.5 * z - q;
        double a = 1.0 - q;
        return a - (hz - (z * r - x * y));
    }

    private static int high(double x) {
        return (int) (Double.doubleToRawLongBits(x) >>> 32);
    }
}
