package dev.tussle.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every elementwise kernel that {@link ParallelKernels} splits over the threads gives, through
 * {@link SplitCall}, the bits of one unsplit call of the inner kernels, in float32 and float64,
 * with unit and broadcasting (0) strides, the two the kernels take, and non-zero offsets. (That a split call allocates
 * nothing is checked in the bench module's {@code SplitAllocationTest}: the engine's module does not
 * read java.management.)
 */
class SplitCallTest {
    /**
     * Long enough to wake parked helpers ({@link EnginePool#WAKE_SHARES} minimal shares; a shorter
     * loop runs whole on the caller unless a helper is still polling), so every call below is
     * really split; not a multiple of the grain.
     */
    private static final int N = EnginePool.WAKE_SHARES * EnginePool.MIN_ELEMENTS_PER_TASK + 5;
    private static final int DEFAULT_THREADS = EnginePool.threads();

    private final Kernels inner = ((ParallelKernels) KernelProvider.get()).inner();
    private final Kernels split = new ParallelKernels(inner);

    @AfterEach
    void restoreThreads() {
        EnginePool.setThreads(DEFAULT_THREADS);
    }

    private static float[] floats(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble(-2, 2);
        }
        return x;
    }

    private static double[] doubles(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble(-2, 2);
        }
        return x;
    }

    @Test
    void splitCallsGiveTheBitsOfOneCall() {
        for (int threads : new int[] {2, 3}) {
            EnginePool.setThreads(threads);
            assertThat(EnginePool.splits(N, EnginePool.MIN_ELEMENTS_PER_TASK)).isTrue();
            float[] xf = floats(2 * N + 7, 1);
            float[] yf = floats(2 * N + 7, 2);
            float[] mf = floats(2 * N + 7, 3);
            double[] xd = doubles(2 * N + 7, 1);
            double[] yd = doubles(2 * N + 7, 2);
            double[] md = doubles(2 * N + 7, 3);
            float[] expectedF = new float[2 * N];
            float[] actualF = new float[2 * N];
            double[] expectedD = new double[2 * N];
            double[] actualD = new double[2 * N];
            String at = " on " + threads + " threads";

            inner.map(UnaryOp.TANH, 0, xf, 5, expectedF, 3, N);
            split.map(UnaryOp.TANH, 0, xf, 5, actualF, 3, N);
            assertThat(actualF).as("map float" + at).isEqualTo(expectedF);
            inner.map(UnaryOp.LEAKY_RELU, 0.2, xd, 5, expectedD, 3, N);
            split.map(UnaryOp.LEAKY_RELU, 0.2, xd, 5, actualD, 3, N);
            assertThat(actualD).as("map double" + at).isEqualTo(expectedD);

            for (int[] strides : new int[][] {{1, 1}, {0, 1}, {1, 0}}) {
                int as = strides[0];
                int bs = strides[1];
                inner.zip(BinaryOp.SUB, xf, 1, as, yf, 2, bs, expectedF, 3, N);
                split.zip(BinaryOp.SUB, xf, 1, as, yf, 2, bs, actualF, 3, N);
                assertThat(actualF).as("zip float, strides %d %d%s", as, bs, at).isEqualTo(expectedF);
                inner.zip(BinaryOp.MUL, xd, 1, as, yd, 2, bs, expectedD, 3, N);
                split.zip(BinaryOp.MUL, xd, 1, as, yd, 2, bs, actualD, 3, N);
                assertThat(actualD).as("zip double, strides %d %d%s", as, bs, at).isEqualTo(expectedD);
                inner.select(mf, 4, bs, xf, 1, as, yf, 2, 1, expectedF, 3, N);
                split.select(mf, 4, bs, xf, 1, as, yf, 2, 1, actualF, 3, N);
                assertThat(actualF).as("select float, strides %d %d%s", as, bs, at).isEqualTo(expectedF);
                inner.select(md, 4, bs, xd, 1, as, yd, 2, 1, expectedD, 3, N);
                split.select(md, 4, bs, xd, 1, as, yd, 2, 1, actualD, 3, N);
                assertThat(actualD).as("select double, strides %d %d%s", as, bs, at).isEqualTo(expectedD);
            }

            inner.activationBackward(Activation.TANH, 0, xf, 2, yf, 4, expectedF, 3, N);
            split.activationBackward(Activation.TANH, 0, xf, 2, yf, 4, actualF, 3, N);
            assertThat(actualF).as("activationBackward float" + at).isEqualTo(expectedF);
            inner.activationBackward(Activation.LEAKY_RELU, 0.2, xd, 2, yd, 4, expectedD, 3, N);
            split.activationBackward(Activation.LEAKY_RELU, 0.2, xd, 2, yd, 4, actualD, 3, N);
            assertThat(actualD).as("activationBackward double" + at).isEqualTo(expectedD);

            // 1025 rows of 131 columns: the backward pass (134,275 elements) and the column sums (16 columns a share) both split.
            int m = 1025;
            int n = 131;
            float[] sumsF = new float[n + 2];
            float[] expectedSumsF = new float[n + 2];
            inner.activationBackwardColumnSum(Activation.SIGMOID, 0, m, n, xf, 1, yf, 2, expectedF, 3, expectedSumsF, 2);
            split.activationBackwardColumnSum(Activation.SIGMOID, 0, m, n, xf, 1, yf, 2, actualF, 3, sumsF, 2);
            assertThat(actualF).as("activationBackwardColumnSum float, gradient" + at).isEqualTo(expectedF);
            assertThat(sumsF).as("activationBackwardColumnSum float, sums" + at).isEqualTo(expectedSumsF);
            double[] sumsD = new double[n + 2];
            double[] expectedSumsD = new double[n + 2];
            inner.activationBackwardColumnSum(Activation.RELU, 0, m, n, xd, 1, yd, 2, expectedD, 3, expectedSumsD, 2);
            split.activationBackwardColumnSum(Activation.RELU, 0, m, n, xd, 1, yd, 2, actualD, 3, sumsD, 2);
            assertThat(actualD).as("activationBackwardColumnSum double, gradient" + at).isEqualTo(expectedD);
            assertThat(sumsD).as("activationBackwardColumnSum double, sums" + at).isEqualTo(expectedSumsD);

            int pairs = 8 * 512 + 3;
            double[] u = new double[2 * pairs + 1];
            SplittableRandom r = new SplittableRandom(9);
            for (int i = 0; i < u.length; i++) {
                u[i] = 1 - r.nextDouble();
            }
            double[] expectedDraws = new double[2 * pairs + 4];
            double[] draws = new double[2 * pairs + 4];
            inner.boxMuller(pairs, u, 1, pairs + 1, expectedDraws, 2, pairs + 3);
            split.boxMuller(pairs, u, 1, pairs + 1, draws, 2, pairs + 3);
            assertThat(draws).as("boxMuller" + at).isEqualTo(expectedDraws);
        }
    }
}
