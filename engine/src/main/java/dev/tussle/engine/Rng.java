package dev.tussle.engine;

import dev.tussle.engine.kernel.KernelProvider;
import dev.tussle.engine.kernel.Kernels;
import dev.tussle.engine.kernel.SinCos;

import java.util.Arrays;

/**
 * The engine's seeded random number generator: xoshiro256** (Blackman and Vigna) seeded through
 * SplitMix64. Its output depends only on the seed, never on the machine, the JDK or the number
 * of threads: normals use {@link StrictMath}, whose results are specified bit for bit.
 *
 * <p>Independent streams are derived with {@link #split()} (consumes one draw) or
 * {@link #fork(long)} (a pure function of this generator's current state and a stream id, for
 * example one stream per mixture component or per thread).
 *
 * <p>Normals use the Box–Muller transform: for u1 uniform in (0, 1] and u2 in [0, 1),
 * {@code sqrt(-2 ln u1)·cos(2π u2)} and {@code sqrt(-2 ln u1)·sin(2π u2)} are two independent
 * N(0, 1) draws; the second is kept for the next call (and is part of {@link #state()}). Bulk
 * fills transform their pairs with {@link Kernels#boxMuller} (lane-wise on the vector kernels,
 * split over the engine's threads) and get the same bits as one draw at a time.
 */
public final class Rng {
    private long s0;
    private long s1;
    private long s2;
    private long s3;
    private boolean hasSpare;
    private double spare;
    private final SinCos sinCos = new SinCos();
    /** nextGaussian's cosine and sine draws. */
    private final double[] pair = new double[2];
    private static final Kernels K = KernelProvider.get();

    /** A generator seeded with {@code seed}. */
    public Rng(long seed) {
        long x = seed;
        long[] s = new long[4];
        for (int i = 0; i < 4; i++) {
            x += 0x9E3779B97F4A7C15L;
            s[i] = mix(x);
        }
        s0 = s[0];
        s1 = s[1];
        s2 = s[2];
        s3 = s[3];
        if ((s0 | s1 | s2 | s3) == 0) {
            s0 = 1; // xoshiro's only forbidden state; SplitMix64 practically never yields it
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound), without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("nextInt: bound must be positive, got " + bound);
        }
        long limit = (1L << 32) - ((1L << 32) % bound);
        long r;
        do {
            r = nextLong() >>> 32;
        } while (r >= limit);
        return (int) (r % bound);
    }

    /** A standard normal draw (Box–Muller, see the class comment). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        // StrictMath's bits, the angle reduced once, nothing allocated: the transform the bulk
        // fills' kernels reproduce.
        sinCos.boxMuller(u1, u2, pair, 0, 1);
        spare = pair[1];
        hasSpare = true;
        return pair[0];
    }

    /** Pairs whose uniforms are drawn, then transformed, at a time (bounds the scratch to 4 MB). */
    private static final int PAIRS_PER_CHUNK = 1 << 17;

    /** The uniforms of the chunk being transformed (u1 then u2), grown on first use, reused after. */
    private double[] uniforms;
    /** The chunk's cosine draws, then its sine draws. */
    private double[] normals;

    /**
     * Where {@link #fill} writes draw i: {@code out[offset + i]}, as is or as {@code mean + std·g}.
     * One per generator, refilled by each bulk draw (a lambda per draw was all a draw allocated).
     */
    private static final class Target {
        float[] floats;
        double[] doubles;
        int offset;
        boolean affine;
        double mean;
        double std;

        void put(int i, double g) {
            double v = affine ? mean + std * g : g;
            if (floats != null) {
                floats[offset + i] = (float) v;
            } else {
                doubles[offset + i] = v;
            }
        }

        Target set(float[] floats, double[] doubles, int offset, boolean affine, double mean, double std) {
            this.floats = floats;
            this.doubles = doubles;
            this.offset = offset;
            this.affine = affine;
            this.mean = mean;
            this.std = std;
            return this;
        }
    }

    private final Target target = new Target();

    /**
     * Fills {@code out[offset, offset + length)} with the next {@code length} standard normal draws:
     * exactly what as many calls of {@link #nextGaussian()} return, leaving the same state. The
     * uniforms are drawn in order on the calling thread; the Box–Muller transforms of a large
     * batch run on the engine's threads ({@link EnginePool}): each pair's transform is a pure
     * function of its two uniforms, so the values do not depend on the number of threads.
     */
    public void nextGaussians(double[] out, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, out.length);
        fill(length, target.set(null, out, offset, false, 0, 1));
    }

    /**
     * {@code out[offset + i] = (float) (mean + std·g_i)} for the next {@code length} normal draws
     * g_i, as {@link #nextGaussians(double[], int, int)} draws them ({@link Tensor#randn}'s float32 values).
     */
    public void nextGaussians(float[] out, int offset, int length, double mean, double std) {
        java.util.Objects.checkFromIndexSize(offset, length, out.length);
        fill(length, target.set(out, null, offset, true, mean, std));
    }

    /** {@code out[offset + i] = mean + std·g_i}: {@link #nextGaussians(float[], int, int, double, double)} in float64. */
    public void nextGaussians(double[] out, int offset, int length, double mean, double std) {
        java.util.Objects.checkFromIndexSize(offset, length, out.length);
        fill(length, target.set(null, out, offset, true, mean, std));
    }

    private void fill(int length, Target sink) {
        int i = 0;
        if (length > 0 && hasSpare) {
            hasSpare = false;
            sink.put(i++, spare);
        }
        int pairs = (length - i) / 2;
        for (int c0 = 0; c0 < pairs; c0 += PAIRS_PER_CHUNK) {
            int n = Math.min(PAIRS_PER_CHUNK, pairs - c0);
            double[] g = transformedPairs(n, Math.min(PAIRS_PER_CHUNK, pairs), 0, null, 0);
            int first = i + 2 * c0;
            for (int p = 0; p < n; p++) {
                sink.put(first + 2 * p, g[p]);
                sink.put(first + 2 * p + 1, g[n + p]);
            }
        }
        if (i + 2 * pairs < length) {
            sink.put(length - 1, nextGaussian());   // an odd count: the last draw keeps its pair's spare
        }
        sink.set(null, null, 0, false, 0, 1); // keeps no caller's array alive
    }

    /**
     * Draws the uniforms of {@code n} normal pairs as {@link #nextGaussian()} would, each pair's
     * after {@code extra} uniforms for the caller ({@code extras[extrasFrom + p·extra ..]}, as
     * {@link #nextDouble()} calls before it), and transforms them in bulk; returns the scratch
     * holding the pairs' cosine draws at [0, n) and sine draws at [n, 2n). Leaves the last
     * pair's sine in the (consumed) spare slot, as nextGaussian does, which state() shows.
     * {@code capacity}: the most pairs a chunk of the caller's draw needs (sizes the scratch once).
     */
    private double[] transformedPairs(int n, int capacity, int extra, double[] extras, int extrasFrom) {
        if (uniforms == null || uniforms.length < 2 * n) {
            uniforms = new double[2 * capacity];
            normals = new double[uniforms.length];
        }
        double[] u = uniforms;
        for (int p = 0; p < n; p++) {
            for (int j = 0; j < extra; j++) {
                extras[extrasFrom + p * extra + j] = nextDouble();
            }
            u[p] = 1.0 - nextDouble();
            u[n + p] = nextDouble();
        }
        // The transforms run on the engine's kernels (lane-wise, split over its threads), with
        // the bits of nextGaussian's StrictMath: each pair is a pure function of its uniforms.
        K.boxMuller(n, u, 0, n, normals, 0, n);
        spare = normals[2 * n - 1];
        return normals;
    }

    /**
     * For each of {@code points} points, {@code uniformsPerPoint} uniforms in [0, 1) and then two
     * standard normals: the values, order and final state of {@code uniformsPerPoint} calls of
     * {@link #nextDouble()} followed by two of {@link #nextGaussian()} per point. Uniform u of
     * point p goes to {@code uniforms[p * uniformsPerPoint + u]}, its normals to {@code normals[2p]}
     * and {@code normals[2p + 1]}. The normals' transforms run in bulk on the engine's kernels,
     * as in {@link #nextGaussians(double[], int, int)} (one at a time when a spare normal is
     * pending, which shifts the pairs): a batch of a 2-D Gaussian mixture, a component then a
     * point, drawn without a scalar logarithm per point.
     *
     * @throws IllegalArgumentException if a count is negative or an array is too short
     */
    public void nextPointDraws(int points, int uniformsPerPoint, double[] uniforms, double[] normals) {
        if (points < 0 || uniformsPerPoint < 0 || uniforms.length < (long) points * uniformsPerPoint
                || normals.length < 2L * points) {
            throw new IllegalArgumentException("nextPointDraws: need points >= 0, uniformsPerPoint >= 0, uniforms of at least "
                    + "points*uniformsPerPoint and normals of at least 2*points, got points=" + points
                    + ", uniformsPerPoint=" + uniformsPerPoint + ", uniforms.length=" + uniforms.length
                    + ", normals.length=" + normals.length);
        }
        if (hasSpare) {
            for (int p = 0; p < points; p++) {
                for (int u = 0; u < uniformsPerPoint; u++) {
                    uniforms[p * uniformsPerPoint + u] = nextDouble();
                }
                normals[2 * p] = nextGaussian();
                normals[2 * p + 1] = nextGaussian();
            }
            return;
        }
        for (int c0 = 0; c0 < points; c0 += PAIRS_PER_CHUNK) {
            int n = Math.min(PAIRS_PER_CHUNK, points - c0);
            double[] g = transformedPairs(n, Math.min(PAIRS_PER_CHUNK, points), uniformsPerPoint, uniforms,
                    c0 * uniformsPerPoint);
            for (int p = 0; p < n; p++) {
                normals[2 * (c0 + p)] = g[p];
                normals[2 * (c0 + p) + 1] = g[n + p];
            }
        }
    }

    /** An index drawn with probability proportional to {@code weights[i]} (non-negative, not all 0). */
    public int nextCategorical(double[] weights) {
        double total = categoricalTotal(weights);
        return categorical(weights, total, nextDouble());
    }

    /**
     * The map from a uniform draw to an index that {@link #nextCategorical} applies, for weights
     * checked and summed once: for uniforms drawn apart, as by {@link #nextPointDraws} (a data
     * batch of 500 points had checked and summed its mixture's weights once per point).
     */
    public static final class Categorical {
        private final double[] weights;
        private final double total;

        /**
         * @param weights non-negative, finite, not all 0 (copied)
         * @throws IllegalArgumentException if a weight is negative or not finite, or all are 0
         */
        public Categorical(double[] weights) {
            this.weights = weights.clone();
            this.total = categoricalTotal(this.weights);
        }

        /** The index {@link #nextCategorical} returns when its uniform draw is {@code u} (in [0, 1)). */
        public int index(double u) {
            return categorical(weights, total, u);
        }
    }

    private static double categoricalTotal(double[] weights) {
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("nextCategorical: weight " + i + " is " + weights[i]
                        + "; weights must be finite and >= 0");
            }
            total += weights[i];
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("nextCategorical: weights " + Arrays.toString(weights) + " sum to 0");
        }
        return total;
    }

    private static int categorical(double[] weights, double total, double uniform) {
        double u = uniform * total;
        double c = 0;
        for (int i = 0; i < weights.length; i++) {
            c += weights[i];
            if (u < c) {
                return i;
            }
        }
        for (int i = weights.length - 1; i >= 0; i--) {
            if (weights[i] > 0) {
                return i; // u landed on the rounding gap at the top
            }
        }
        throw new AssertionError("unreachable");
    }

    /** A new generator seeded from this one's next draw. */
    public Rng split() {
        return new Rng(nextLong());
    }

    /** An independent generator for stream {@code id}, derived without advancing this one. */
    public Rng fork(long id) {
        return new Rng(mix(s0 ^ mix(id + 0x9E3779B97F4A7C15L)) ^ s2);
    }

    /** The complete state (for checkpoints): four words, the spare-normal flag and its bits. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3, hasSpare ? 1 : 0, Double.doubleToRawLongBits(spare)};
    }

    /** Restores a state from {@link #state()}. */
    public void restore(long[] state) {
        if (state.length != 6) {
            throw new IllegalArgumentException("restore: Rng state has 6 words, got " + state.length);
        }
        if ((state[0] | state[1] | state[2] | state[3]) == 0) {
            // xoshiro's one fixed point: every later draw would be 0.
            throw new IllegalArgumentException("restore: the generator words are all 0, a state xoshiro256** never reaches");
        }
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
        hasSpare = state[4] != 0;
        spare = Double.longBitsToDouble(state[5]);
    }
}
