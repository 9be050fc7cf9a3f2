package dev.tussle.engine;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The seeded generator: exact sequences (hard-coded, and against an independent implementation of
 * xoshiro256** seeded by SplitMix64 written here from the published reference code), stream
 * independence, and distribution checks with stated statistical bounds. Every check is seeded,
 * so a bound that holds holds forever; the bounds are chosen so that a correct generator would
 * fail them with probability below about 1e-4 for a random seed.
 */
class RngTest {

    /** Reference SplitMix64 (Vigna, splitmix64.c). */
    static final class SplitMix64 {
        long x;

        SplitMix64(long seed) {
            x = seed;
        }

        long next() {
            long z = (x += 0x9e3779b97f4a7c15L);
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }
    }

    /** Reference xoshiro256** 1.0 (Blackman and Vigna, xoshiro256starstar.c). */
    static final class Xoshiro {
        final long[] s;

        Xoshiro(long[] state) {
            s = state.clone();
        }

        static Xoshiro seeded(long seed) {
            SplitMix64 sm = new SplitMix64(seed);
            return new Xoshiro(new long[] {sm.next(), sm.next(), sm.next(), sm.next()});
        }

        static long rotl(long x, int k) {
            return (x << k) | (x >>> (64 - k));
        }

        long next() {
            long result = rotl(s[1] * 5, 7) * 9;
            long t = s[1] << 17;
            s[2] ^= s[0];
            s[3] ^= s[1];
            s[1] ^= s[2];
            s[0] ^= s[3];
            s[2] ^= t;
            s[3] = rotl(s[3], 45);
            return result;
        }
    }

    @Test
    void referenceImplementationsMatchPublishedTestVectors() {
        // SplitMix64 from seed 0: first output, as published with the reference code.
        assertThat(new SplitMix64(0).next()).isEqualTo(0xe220a8397b1dcdafL);
        // xoshiro256** from state {1, 2, 3, 4}: the vector used by rand_xoshiro's tests.
        long[] want = {11520L, 0L, 1509978240L, 1215971899390074240L, 1216172134540287360L, 607988272756665600L,
                Long.parseUnsignedLong("16172922978634559625"), 8476171486693032832L,
                Long.parseUnsignedLong("10595114339597558777"), 2904607092377533576L};
        Xoshiro x = new Xoshiro(new long[] {1, 2, 3, 4});
        Rng rng = new Rng(0);
        rng.restore(new long[] {1, 2, 3, 4, 0, 0});
        for (long w : want) {
            assertThat(x.next()).isEqualTo(w);
            assertThat(rng.nextLong()).as("Rng from the same raw state").isEqualTo(w);
        }
    }

    @Test
    void sameSeedSameSequenceHardCoded() {
        Rng r = new Rng(42);
        assertThat(r.nextLong()).isEqualTo(1546998764402558742L);
        assertThat(r.nextLong()).isEqualTo(6990951692964543102L);
        assertThat(r.nextLong()).isEqualTo(-5902157311460992607L);
        assertThat(r.nextLong()).isEqualTo(-1389169964527427423L);
        Rng d = new Rng(42);
        assertThat(d.nextDouble()).isEqualTo(0.08386297105988216);
        assertThat(d.nextDouble()).isEqualTo(0.3789802506626686);
        assertThat(d.nextDouble()).isEqualTo(0.6800434110281394);
        // Normals go through StrictMath, so these bits are the same on every JVM and machine
        // (CPython's libm gives ...97 for the fourth: the reason Rng must not use Math here).
        Rng g = new Rng(42);
        assertThat(g.nextGaussian()).isEqualTo(-0.303263064678738);
        assertThat(g.nextGaussian()).isEqualTo(0.28846173882942383);
        assertThat(g.nextGaussian()).isEqualTo(1.3438117634372806);
        assertThat(g.nextGaussian()).isEqualTo(-0.6879751798977498);
        Rng i = new Rng(42);
        assertThat(new int[] {i.nextInt(10), i.nextInt(1000), i.nextInt(7)}).containsExactly(8, 782, 0);
        assertThat(new Rng(42).fork(3).nextLong()).isEqualTo(2128219685289554137L);
    }

    @Test
    void matchesTheIndependentImplementationForManySeeds() {
        for (long seed : new long[] {0, 1, -1, 42, Long.MIN_VALUE, Long.MAX_VALUE, 0x5EEDL, 123456789L}) {
            Rng r = new Rng(seed);
            Xoshiro x = Xoshiro.seeded(seed);
            for (int i = 0; i < 1000; i++) {
                assertThat(r.nextLong()).as("seed " + seed + " draw " + i).isEqualTo(x.next());
            }
            // Doubles are the top 53 bits scaled by 2^-53.
            Rng rd = new Rng(seed);
            Xoshiro xd = Xoshiro.seeded(seed);
            for (int i = 0; i < 100; i++) {
                assertThat(rd.nextDouble()).isEqualTo((xd.next() >>> 11) * 0x1.0p-53);
            }
            // Normals: Box–Muller with u1 = 1 - U in (0, 1], u2 = U, cos first then sin.
            Rng rg = new Rng(seed);
            Xoshiro xg = Xoshiro.seeded(seed);
            for (int i = 0; i < 50; i++) {
                double u1 = 1.0 - (xg.next() >>> 11) * 0x1.0p-53;
                double u2 = (xg.next() >>> 11) * 0x1.0p-53;
                double rad = StrictMath.sqrt(-2 * StrictMath.log(u1));
                assertThat(rg.nextGaussian()).isEqualTo(rad * StrictMath.cos(2 * Math.PI * u2));
                assertThat(rg.nextGaussian()).isEqualTo(rad * StrictMath.sin(2 * Math.PI * u2));
            }
        }
    }

    @Test
    void stateRestoreReproducesTheSequenceIncludingTheSpareNormal() {
        Rng r = new Rng(7);
        r.nextGaussian(); // leaves a spare
        long[] state = r.state();
        double[] a = {r.nextGaussian(), r.nextGaussian(), r.nextDouble(), r.nextLong()};
        Rng other = new Rng(99);
        other.restore(state);
        double[] b = {other.nextGaussian(), other.nextGaussian(), other.nextDouble(), other.nextLong()};
        assertThat(b).containsExactly(a);
    }

    @Test
    void forkIsPureAndStreamsDiffer() {
        Rng parent = new Rng(2024);
        long[] before = parent.state();
        Rng f1 = parent.fork(1);
        Rng f1again = parent.fork(1);
        Rng f2 = parent.fork(2);
        assertThat(parent.state()).as("fork does not advance the parent").containsExactly(before);
        long[] s1 = draw(f1, 64);
        assertThat(draw(f1again, 64)).as("fork is a function of (state, id)").containsExactly(s1);
        long[] s2 = draw(f2, 64);
        long[] sp = draw(parent, 64);
        assertThat(overlap(s1, s2)).isZero();
        assertThat(overlap(s1, sp)).isZero();
        // Different parents give different forks of the same id.
        assertThat(draw(new Rng(2025).fork(1), 64)).isNotEqualTo(s1);
    }

    @Test
    void splitConsumesOneDrawAndGivesADifferentStream() {
        Rng a = new Rng(5);
        Rng b = new Rng(5);
        Rng child = a.split();
        long seedDraw = b.nextLong();
        assertThat(a.state()).as("split advanced the parent by one draw").containsExactly(b.state());
        assertThat(draw(child, 16)).containsExactly(draw(new Rng(seedDraw), 16));
        assertThat(overlap(draw(child, 64), draw(a, 64))).isZero();
    }

    /**
     * Pearson correlation of paired uniforms from two streams: under independence it has standard
     * error 1/sqrt(n); we allow 5 standard errors (n = 100000: |r| &lt; 0.0158).
     */
    @Test
    void forkedAndSplitStreamsAreUncorrelated() {
        int n = 100_000;
        Rng parent = new Rng(31337);
        Rng[][] pairs = {{parent.fork(0), parent.fork(1)}, {parent.fork(7), parent.split()}, {new Rng(1), new Rng(2)}};
        for (Rng[] p : pairs) {
            double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
            for (int i = 0; i < n; i++) {
                double x = p[0].nextDouble();
                double y = p[1].nextDouble();
                sx += x;
                sy += y;
                sxx += x * x;
                syy += y * y;
                sxy += x * y;
            }
            double cov = sxy / n - (sx / n) * (sy / n);
            double r = cov / Math.sqrt((sxx / n - sx * sx / n / n) * (syy / n - sy * sy / n / n));
            assertThat(Math.abs(r)).isLessThan(5 / Math.sqrt(n));
        }
    }

    /**
     * n = 100000 standard normals. Standard errors: mean 1/sqrt(n) = 0.0032, variance sqrt(2/n) =
     * 0.0045, fourth moment sqrt(96/n) = 0.031 (E x^4 = 3, Var x^4 = 105 - 9). Bounds: 5 standard errors.
     */
    @Test
    void normalMomentsWithinFiveStandardErrors() {
        int n = 100_000;
        Rng r = new Rng(8);
        double s1 = 0, s2 = 0, s4 = 0;
        int beyond3 = 0;
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian();
            s1 += g;
            s2 += g * g;
            s4 += g * g * g * g;
            if (Math.abs(g) > 3) {
                beyond3++;
            }
        }
        double mean = s1 / n;
        double var = s2 / n - mean * mean;
        assertThat(mean).isCloseTo(0, within(5 / Math.sqrt(n)));
        assertThat(var).isCloseTo(1, within(5 * Math.sqrt(2.0 / n)));
        assertThat(s4 / n).isCloseTo(3, within(5 * Math.sqrt(96.0 / n)));
        // P(|g| > 3) = 0.0027: expected 270, binomial sd 16.4; 5 sd.
        assertThat((double) beyond3).isCloseTo(270, within(5 * 16.4));
        // randn scales and shifts.
        Tensor t = Tensor.randn(new Rng(9), DType.F64, 2.0, 3.0, n);
        assertThat(t.mean().item()).isCloseTo(2.0, within(5 * 3 / Math.sqrt(n)));
        assertThat(t.variance().item()).isCloseTo(9.0, within(5 * 9 * Math.sqrt(2.0 / n)));
    }

    /** Uniforms: mean 1/2 (se sqrt(1/12n)) and variance 1/12 (se sqrt(1/180n)); 5 standard errors. */
    @Test
    void uniformMomentsAndRange() {
        int n = 100_000;
        Rng r = new Rng(10);
        double s1 = 0, s2 = 0;
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble();
            assertThat(u).isGreaterThanOrEqualTo(0).isLessThan(1);
            s1 += u;
            s2 += u * u;
        }
        double mean = s1 / n;
        assertThat(mean).isCloseTo(0.5, within(5 * Math.sqrt(1 / 12.0 / n)));
        assertThat(s2 / n - mean * mean).isCloseTo(1 / 12.0, within(5 * Math.sqrt(1 / 180.0 / n)));
        Tensor t = Tensor.rand(new Rng(11), DType.F32, -2, 3, 1000);
        assertThat(t.min().item()).isGreaterThanOrEqualTo(-2);
        assertThat(t.max().item()).isLessThan(3);
    }

    /**
     * Pearson's chi-square of observed counts against n·p. The bounds are the 0.9999 quantiles of
     * chi-square: 21.11 for 3 degrees of freedom, 27.86 for 6.
     */
    @Test
    void categoricalAndNextIntFrequenciesPassChiSquare() {
        int n = 100_000;
        Rng r = new Rng(12);
        double[] w = {1, 2, 0, 3, 4};
        long[] counts = new long[w.length];
        for (int i = 0; i < n; i++) {
            counts[r.nextCategorical(w)]++;
        }
        assertThat(counts[2]).as("a zero weight is never drawn").isZero();
        double chi = 0;
        for (int i = 0; i < w.length; i++) {
            if (w[i] > 0) {
                double e = n * w[i] / 10.0;
                chi += (counts[i] - e) * (counts[i] - e) / e;
            }
        }
        assertThat(chi).as("chi-square, 3 dof, counts " + Arrays.toString(counts)).isLessThan(21.11);

        long[] ic = new long[7];
        for (int i = 0; i < n; i++) {
            ic[r.nextInt(7)]++;
        }
        double chi2 = 0;
        for (long c : ic) {
            double e = n / 7.0;
            chi2 += (c - e) * (c - e) / e;
        }
        assertThat(chi2).as("chi-square, 6 dof, counts " + Arrays.toString(ic)).isLessThan(27.86);
        assertThat(new Rng(1).nextInt(1)).isZero();
        assertThat(new Rng(1).nextCategorical(new double[] {0, 0, 5})).isEqualTo(2);
    }

    private static long[] draw(Rng r, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.nextLong();
        }
        return out;
    }

    private static int overlap(long[] a, long[] b) {
        int same = 0;
        for (long x : a) {
            for (long y : b) {
                if (x == y) {
                    same++;
                }
            }
        }
        return same;
    }

    /**
     * The bulk draw equals the one-at-a-time stream bit for bit — with a spare pending or not,
     * even and odd lengths, at an offset, and batches large enough to be transformed on several
     * threads (on 1 and 2 engine threads) — and leaves the generator in the same state.
     */
    @Test
    void bulkGaussiansEqualOneAtATimeDrawsOnAnyThreadCount() {
        int before = dev.tussle.engine.kernel.EnginePool.threads();
        try {
            for (int threads : new int[] {1, 2}) {
                dev.tussle.engine.kernel.EnginePool.setThreads(threads);
                for (int length : new int[] {0, 1, 2, 7, 2_049, 16_384, 16_385, 100_003}) {
                    for (boolean spare : new boolean[] {false, true}) {
                        Rng a = new Rng(length + 17);
                        Rng b = new Rng(length + 17);
                        if (spare) {
                            a.nextGaussian();
                            b.nextGaussian();
                        }
                        double[] bulk = new double[length + 5];
                        b.nextGaussians(bulk, 3, length);
                        for (int i = 0; i < length; i++) {
                            double want = a.nextGaussian();
                            if (Double.doubleToRawLongBits(want) != Double.doubleToRawLongBits(bulk[3 + i])) {
                                throw new AssertionError("length " + length + " spare " + spare + " threads " + threads
                                        + ": draw " + i + " is " + bulk[3 + i] + ", one at a time " + want);
                            }
                        }
                        assertThat(bulk[0]).isZero();
                        assertThat(bulk[length + 3]).isZero();
                        assertThat(b.state()).as("state after").containsExactly(a.state());
                        assertThat(b.nextGaussian()).as("next draw").isEqualTo(a.nextGaussian());
                    }
                }
            }
        } finally {
            dev.tussle.engine.kernel.EnginePool.setThreads(before);
        }
    }

    /**
     * Bulk point draws (uniforms, then a normal pair, per point) equal the one-at-a-time calls bit
     * for bit, with a spare normal pending or not, for 0, 1 and 3 uniforms a point, and leave the
     * same state; {@link Rng.Categorical} maps a uniform as {@link Rng#nextCategorical} does.
     */
    @Test
    void pointDrawsEqualOneAtATimeCalls() {
        double[] weights = {0.5, 0, 1.5, 2};
        for (int points : new int[] {0, 1, 2, 5, 500, 1_001}) {
            for (int perPoint : new int[] {0, 1, 3}) {
                for (boolean spare : new boolean[] {false, true}) {
                    Rng a = new Rng(31L * points + perPoint);
                    Rng b = new Rng(31L * points + perPoint);
                    if (spare) {
                        a.nextGaussian();
                        b.nextGaussian();
                    }
                    double[] uniforms = new double[points * perPoint];
                    double[] normals = new double[2 * points];
                    b.nextPointDraws(points, perPoint, uniforms, normals);
                    for (int p = 0; p < points; p++) {
                        for (int u = 0; u < perPoint; u++) {
                            assertThat(uniforms[p * perPoint + u]).isEqualTo(a.nextDouble());
                        }
                        assertThat(Double.doubleToRawLongBits(normals[2 * p]))
                                .as("points %d, %d uniforms, spare %s: normal %d", points, perPoint, spare, 2 * p)
                                .isEqualTo(Double.doubleToRawLongBits(a.nextGaussian()));
                        assertThat(Double.doubleToRawLongBits(normals[2 * p + 1]))
                                .isEqualTo(Double.doubleToRawLongBits(a.nextGaussian()));
                    }
                    assertThat(b.state()).as("state after %d points", points).containsExactly(a.state());
                }
            }
        }
        Rng a = new Rng(5);
        Rng b = new Rng(5);
        Rng.Categorical categorical = new Rng.Categorical(weights);
        weights[3] = 7; // a copy: changing the caller's array afterwards changes nothing
        double[] drawn = {0.5, 0, 1.5, 2};
        for (int i = 0; i < 1_000; i++) {
            assertThat(categorical.index(b.nextDouble())).isEqualTo(a.nextCategorical(drawn));
        }
        assertThatThrownBy(() -> new Rng(1).nextPointDraws(3, 2, new double[5], new double[6]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nextPointDraws: need points >= 0, uniformsPerPoint >= 0, uniforms of at least "
                        + "points*uniformsPerPoint and normals of at least 2*points, got points=3, uniformsPerPoint=2, "
                        + "uniforms.length=5, normals.length=6");
        assertThatThrownBy(() -> new Rng.Categorical(new double[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nextCategorical: weights [0.0, 0.0] sum to 0");
        assertThatThrownBy(() -> new Rng.Categorical(new double[] {1, -1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nextCategorical: weight 1 is -1.0; weights must be finite and >= 0");
    }

    /** Tensor.randn fills large tensors through the bulk path with the same values as small draws would give. */
    @Test
    void largeRandnEqualsTheSequentialStream() {
        for (DType dtype : DType.values()) {
            Tensor t = Tensor.randn(new Rng(5), dtype, 0.5, 2.0, 3, 70_001);
            Rng r = new Rng(5);
            double[] got = t.toDoubleArray();
            for (int i = 0; i < got.length; i++) {
                double want = 0.5 + 2.0 * r.nextGaussian();
                double w = dtype == DType.F32 ? (float) want : want;
                if (got[i] != w) {
                    throw new AssertionError(dtype + " element " + i + ": " + got[i] + " != " + w);
                }
            }
        }
    }
}
