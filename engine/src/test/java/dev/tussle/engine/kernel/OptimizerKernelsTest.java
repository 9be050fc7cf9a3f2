package dev.tussle.engine.kernel;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The vectorized optimizer updates against the update rules written out in double precision,
 * on lengths around the vector width, in f64 (agreement to rounding) and f32 (to float
 * precision: the kernels compute in the lane type).
 */
class OptimizerKernelsTest {
    private static final OptimizerKernels V = OptimizerKernels.vector().orElseThrow();
    private static final int[] LENGTHS = {0, 1, 7, 15, 16, 17, 33, 100};

    private static double[] random(SplittableRandom r, int n, double lo, double hi) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextDouble(lo, hi);
        }
        return a;
    }

    private static float[] f(double[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) a[i];
        }
        return out;
    }

    private static void close(float[] actual, double[] expected, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("%s[%d]", what, i).isCloseTo(expected[i], within(2e-6 * (1 + Math.abs(expected[i]))));
        }
    }

    private static void close(double[] actual, double[] expected, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("%s[%d]", what, i).isCloseTo(expected[i], within(1e-13 * (1 + Math.abs(expected[i]))));
        }
    }

    @Test
    void adamMatchesItsRule() {
        SplittableRandom r = new SplittableRandom(1);
        for (int n : LENGTHS) {
            for (boolean amsgrad : new boolean[] {false, true}) {
                OptimizerSteps.Adam c = new OptimizerSteps.Adam(1e-2, 0.9, 0.999, 1 - 0.9 * 0.9, Math.sqrt(1 - 0.999 * 0.999),
                        1e-8, 0.7, 0.01, 0.995);
                double[] p = random(r, n, -1, 1), g = random(r, n, -1, 1), m = random(r, n, -0.1, 0.1),
                        v = random(r, n, 0, 0.1), vmax = random(r, n, 0, 0.2);
                double[] ep = p.clone(), em = m.clone(), ev = v.clone(), evmax = vmax.clone();
                for (int i = 0; i < n; i++) {
                    double gi = g[i] * c.gradScale() + c.l2() * ep[i];
                    double pi = ep[i] * c.shrink();
                    em[i] = c.beta1() * em[i] + (1 - c.beta1()) * gi;
                    ev[i] = c.beta2() * ev[i] + (1 - c.beta2()) * gi * gi;
                    double vi = ev[i];
                    if (amsgrad) {
                        vi = Math.max(evmax[i], vi);
                        evmax[i] = vi;
                    }
                    ep[i] = pi - c.lr() * (em[i] / c.bc1()) / (Math.sqrt(vi) / c.sqrtBc2() + c.eps());
                }
                float[] fp = f(p), fm = f(m), fv = f(v), fvmax = f(vmax);
                V.adam(c, fp, f(g), fm, fv, amsgrad ? fvmax : null, n);
                close(fp, ep, "f32 p");
                close(fm, em, "f32 m");
                double[] dp = p.clone(), dm = m.clone(), dv = v.clone(), dvmax = vmax.clone();
                V.adam(c, dp, g, dm, dv, amsgrad ? dvmax : null, n);
                close(dp, ep, "f64 p");
                close(dv, ev, "f64 v");
                if (amsgrad) {
                    close(dvmax, evmax, "f64 vmax");
                }
            }
        }
    }

    @Test
    void sgdMatchesItsRule() {
        SplittableRandom r = new SplittableRandom(2);
        for (int n : LENGTHS) {
            for (int variant = 0; variant < 3; variant++) {
                boolean momentum = variant > 0;
                OptimizerSteps.Sgd c = new OptimizerSteps.Sgd(0.1, momentum ? 0.9 : 0, variant == 2, 0.5, 0.01);
                double[] p = random(r, n, -1, 1), g = random(r, n, -1, 1), buf = random(r, n, -1, 1);
                double[] ep = p.clone(), ebuf = buf.clone();
                for (int i = 0; i < n; i++) {
                    double gi = g[i] * c.gradScale() + c.weightDecay() * ep[i];
                    if (momentum) {
                        ebuf[i] = c.momentum() * ebuf[i] + gi;
                        gi = c.nesterov() ? gi + c.momentum() * ebuf[i] : ebuf[i];
                    }
                    ep[i] -= c.lr() * gi;
                }
                double[] dp = p.clone(), dbuf = buf.clone();
                V.sgd(c, dp, g, momentum ? dbuf : null, n);
                close(dp, ep, "f64 p");
                float[] fp = f(p);
                V.sgd(c, fp, f(g), momentum ? f(buf) : null, n);
                close(fp, ep, "f32 p");
            }
        }
    }

    @Test
    void rmsPropMatchesItsRule() {
        SplittableRandom r = new SplittableRandom(3);
        for (int n : LENGTHS) {
            for (int variant = 0; variant < 4; variant++) {
                boolean momentum = (variant & 1) != 0;
                boolean centered = (variant & 2) != 0;
                OptimizerSteps.RmsProp c = new OptimizerSteps.RmsProp(0.01, 0.99, 1e-8, momentum ? 0.9 : 0, 1.0, 0.001);
                double[] p = random(r, n, -1, 1), g = random(r, n, -1, 1), sq = random(r, n, 0.5, 1),
                        buf = random(r, n, -1, 1), avg = random(r, n, -0.1, 0.1);
                double[] ep = p.clone(), esq = sq.clone(), ebuf = buf.clone(), eavg = avg.clone();
                for (int i = 0; i < n; i++) {
                    double gi = g[i] * c.gradScale() + c.weightDecay() * ep[i];
                    esq[i] = c.alpha() * esq[i] + (1 - c.alpha()) * gi * gi;
                    double si = esq[i];
                    if (centered) {
                        eavg[i] = c.alpha() * eavg[i] + (1 - c.alpha()) * gi;
                        si -= eavg[i] * eavg[i];
                    }
                    double d = gi / (Math.sqrt(si) + c.eps());
                    if (momentum) {
                        ebuf[i] = c.momentum() * ebuf[i] + d;
                        d = ebuf[i];
                    }
                    ep[i] -= c.lr() * d;
                }
                double[] dp = p.clone(), dsq = sq.clone(), dbuf = buf.clone(), davg = avg.clone();
                V.rmsProp(c, dp, g, dsq, momentum ? dbuf : null, centered ? davg : null, n);
                close(dp, ep, "f64 p");
                close(dsq, esq, "f64 sq");
                float[] fp = f(p);
                V.rmsProp(c, fp, f(g), f(sq), momentum ? f(buf) : null, centered ? f(avg) : null, n);
                close(fp, ep, "f32 p");
            }
        }
    }
}
