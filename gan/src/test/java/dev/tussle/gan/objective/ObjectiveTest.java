package dev.tussle.gan.objective;

import dev.tussle.engine.DType;
import dev.tussle.engine.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Objective values and gradients against the formulas of the GAN papers, computed by hand. */
class ObjectiveTest {
    private static final double[] REAL = {0.5, -1.0, 3.0};
    private static final double[] FAKE = {2.0, -0.3};

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double mean(double[] v, java.util.function.DoubleUnaryOperator f) {
        double s = 0;
        for (double x : v) {
            s += f.applyAsDouble(x);
        }
        return s / v.length;
    }

    private static Tensor t(double[] v) {
        return Tensor.of(v);
    }

    @Test
    void minimaxAndNonSaturatingValues() {
        double value = mean(REAL, x -> Math.log(sigmoid(x))) + mean(FAKE, x -> Math.log(1 - sigmoid(x)));
        assertThat(Objective.minimax().value(t(REAL), t(FAKE)).item()).isCloseTo(value, within(1e-12));
        assertThat(Objective.minimax().discriminatorLoss(t(REAL), t(FAKE)).item()).isCloseTo(-value, within(1e-12));
        assertThat(Objective.minimax().generatorLoss(t(FAKE)).item())
                .isCloseTo(mean(FAKE, x -> Math.log(1 - sigmoid(x))), within(1e-12));
        assertThat(Objective.nonSaturating().generatorLoss(t(FAKE)).item())
                .isCloseTo(-mean(FAKE, x -> Math.log(sigmoid(x))), within(1e-12));
    }

    @Test
    void generatorGradientsSaturateOnlyInTheMinimaxForm() {
        // d/dl log(1 - sigmoid(l)) = -sigmoid(l); d/dl -log sigmoid(l) = -(1 - sigmoid(l)).
        Tensor l = Tensor.of(new double[] {-8.0, 0.0}).requiresGrad(true);
        Objective.minimax().generatorLoss(l).backward();
        assertThat(l.grad().getFlat(0)).isCloseTo(-sigmoid(-8) / 2, within(1e-15));
        assertThat(l.grad().getFlat(1)).isCloseTo(-0.5 / 2, within(1e-15));
        l.zeroGrad();
        Objective.nonSaturating().generatorLoss(l).backward();
        assertThat(l.grad().getFlat(0)).isCloseTo(-(1 - sigmoid(-8)) / 2, within(1e-15));
    }

    @Test
    void logFormsStayFiniteForHugeLogitsInFloat32() {
        Tensor l = Tensor.of(new float[] {-100f, 100f, -1e4f, 1e4f}).requiresGrad(true);
        for (Objective o : new Objective[] {Objective.minimax(), Objective.nonSaturating()}) {
            Tensor loss = o.discriminatorLoss(l, l).add(o.generatorLoss(l));
            assertThat(loss.allFinite()).as(o.name()).isTrue();
            loss.backward();
            assertThat(l.grad().allFinite()).as(o.name()).isTrue();
            l.zeroGrad();
        }
        // The discriminator loss of a confident wrong answer is large but exact: -log sigmoid(-100) = 100.
        assertThat(Objective.nonSaturating().generatorLoss(Tensor.of(new float[] {-100f})).item())
                .isCloseTo(100.0, within(1e-4));
    }

    @Test
    void wassersteinLeastSquaresAndHinge() {
        Tensor r = t(REAL);
        Tensor f = t(FAKE);
        assertThat(Objective.wasserstein().discriminatorLoss(r, f).item())
                .isCloseTo(-(mean(REAL, x -> x) - mean(FAKE, x -> x)), within(1e-12));
        assertThat(Objective.wasserstein().generatorLoss(f).item()).isCloseTo(-mean(FAKE, x -> x), within(1e-12));
        assertThat(Objective.leastSquares().discriminatorLoss(r, f).item())
                .isCloseTo(mean(REAL, x -> (x - 1) * (x - 1)) + mean(FAKE, x -> x * x), within(1e-12));
        assertThat(Objective.leastSquares().generatorLoss(f).item())
                .isCloseTo(mean(FAKE, x -> (x - 1) * (x - 1)), within(1e-12));
        assertThat(Objective.hinge().discriminatorLoss(r, f).item())
                .isCloseTo(mean(REAL, x -> Math.max(0, 1 - x)) + mean(FAKE, x -> Math.max(0, 1 + x)), within(1e-12));
        assertThat(Objective.hinge().generatorLoss(f).item()).isCloseTo(-mean(FAKE, x -> x), within(1e-12));
    }

    @Test
    void customMeasuringFunctionOnProbabilities() {
        Objective viaLog = Objective.custom("log", Tensor::log, GeneratorLoss.NON_SATURATING);
        assertThat(viaLog.value(t(REAL), t(FAKE)).item())
                .isCloseTo(Objective.nonSaturating().value(t(REAL), t(FAKE)).item(), within(1e-12));
        // f(x) = x: E[D(x)] + E[1 - D(G(z))].
        Objective linear = Objective.custom("linear", x -> x, GeneratorLoss.SATURATING);
        assertThat(linear.value(t(REAL), t(FAKE)).item())
                .isCloseTo(mean(REAL, ObjectiveTest::sigmoid) + mean(FAKE, x -> 1 - sigmoid(x)), within(1e-12));
    }

    @Test
    void byNameKnowsEveryBuiltInAndRejectsOthers() {
        for (String n : new String[] {"minimax", "nonsaturating", "wasserstein", "leastsquares", "hinge"}) {
            assertThat(Objective.byName(n).name()).isEqualTo(n);
        }
        assertThatThrownBy(() -> Objective.byName("wgan-gpx")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("objective").hasMessageContaining("'wgan-gpx'").hasMessageContaining("hinge");
    }

    @Test
    void objectivesWorkInFloat32AndFloat64Alike() {
        Tensor r32 = t(REAL).to(DType.F32);
        Tensor f32 = t(FAKE).to(DType.F32);
        for (String n : new String[] {"minimax", "nonsaturating", "wasserstein", "leastsquares", "hinge"}) {
            Objective o = Objective.byName(n);
            assertThat(o.discriminatorLoss(r32, f32).item()).as(n)
                    .isCloseTo(o.discriminatorLoss(t(REAL), t(FAKE)).item(), within(1e-5));
        }
    }
}
