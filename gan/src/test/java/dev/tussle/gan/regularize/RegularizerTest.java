package dev.tussle.gan.regularize;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Each regularizer against a direct computation. */
class RegularizerTest {

    private static Tensor vec(double... v) {
        return Tensor.of(v);
    }

    @Test
    void gradientPenaltyOfALinearCriticIsItsWeightNormMinusOne() {
        // c(x) = x·w + b has input gradient w everywhere, so GP = λ(‖w‖ − 1)².
        Tensor w = vec(1.5, -2.0).reshape(2, 1).requiresGrad(true);
        UnaryOperator<Tensor> critic = x -> x.matmul(w).add(0.3);
        Rng rng = new Rng(5);
        Tensor real = Tensor.randn(rng, DType.F64, 0, 1, 6, 2);
        Tensor fake = Tensor.randn(rng, DType.F64, 3, 1, 6, 2);
        double norm = Math.hypot(1.5, 2.0);
        Tensor gp = GradientPenalties.wganGp(critic, real, fake, rng, 10.0, false);
        assertThat(gp.item()).isCloseTo(10 * (norm - 1) * (norm - 1), within(1e-12));
        // Its gradient with respect to w needs the second derivative: d/dw λ(‖w‖−1)² = 2λ(‖w‖−1)·w/‖w‖.
        gp.backward();
        assertThat(w.grad().getFlat(0)).isCloseTo(2 * 10 * (norm - 1) * 1.5 / norm, within(1e-12));
        assertThat(w.grad().getFlat(1)).isCloseTo(2 * 10 * (norm - 1) * -2.0 / norm, within(1e-12));
    }

    @Test
    void oneSidedPenaltyIgnoresNormsBelowOne() {
        Tensor w = vec(0.3, 0.4).reshape(2, 1);
        UnaryOperator<Tensor> critic = x -> x.matmul(w);
        Tensor x = Tensor.ones(DType.F64, 4, 2);
        assertThat(GradientPenalties.wganGp(critic, x, x, new Rng(1), 10, true).item()).isZero();
        assertThat(GradientPenalties.wganGp(critic, x, x, new Rng(1), 10, false).item())
                .isCloseTo(10 * 0.25, within(1e-12));
    }

    @Test
    void r1OfAQuadraticDiscriminator() {
        // D(x) = Σ_j a_j x_j² per sample: ∇D = 2 a ⊙ x, so R1 = γ/2 · mean_i Σ_j (2 a_j x_ij)².
        Tensor a = vec(0.5, -1.0, 2.0);
        UnaryOperator<Tensor> d = x -> x.square().mul(a).sum(1, false);
        Tensor x = Tensor.randn(new Rng(9), DType.F64, 0, 1, 5, 3);
        double expected = 0;
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 3; j++) {
                double g = 2 * a.getFlat(j) * x.get(i, j);
                expected += g * g;
            }
        }
        expected = 0.7 / 2 * expected / 5;
        assertThat(GradientPenalties.r1(d, x, 0.7).item()).isCloseTo(expected, within(1e-12));
        assertThat(GradientPenalties.r2(d, x, 0.7).item()).isCloseTo(expected, within(1e-12));
    }

    @Test
    void penaltiesRejectMismatchedBatches() {
        assertThatThrownBy(() -> GradientPenalties.wganGp(x -> x, Tensor.zeros(4, 2), Tensor.zeros(3, 2),
                new Rng(1), 1, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gradient penalty").hasMessageContaining("[4, 2]").hasMessageContaining("[3, 2]");
        assertThatThrownBy(() -> GradientPenalties.r1(x -> x, Tensor.zeros(4), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4]");
    }

    @Test
    void instanceNoiseAnnealsLinearlyAndHasTheRequestedSpread() {
        InstanceNoise noise = new InstanceNoise(0.4, 1000);
        assertThat(noise.sigmaAt(0)).isEqualTo(0.4);
        assertThat(noise.sigmaAt(250)).isCloseTo(0.3, within(1e-15));
        assertThat(noise.sigmaAt(5000)).isZero();
        Tensor x = Tensor.zeros(DType.F64, 20000, 1);
        Tensor noisy = noise.apply(x, 0, new Rng(2));
        double n = noisy.size();
        double mean = noisy.mean().item();
        double sd = Math.sqrt(noisy.square().mean().item() - mean * mean);
        // Standard errors: of the mean σ/√n ≈ 0.0028, of the sd σ/√(2n) ≈ 0.002; allow 5 of each.
        assertThat(mean).isCloseTo(0, within(5 * 0.4 / Math.sqrt(n)));
        assertThat(sd).isCloseTo(0.4, within(5 * 0.4 / Math.sqrt(2 * n)));
        assertThat(noise.apply(x, 1000, new Rng(2))).isSameAs(x);
        assertThatThrownBy(() -> new InstanceNoise(-1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sigma").hasMessageContaining("-1.0");
    }

    @Test
    void l2Penalty() {
        Tensor p = vec(1, -2).requiresGrad(true);
        Tensor q = vec(3).requiresGrad(true);
        assertThat(ParameterPenalties.l2(List.of(p, q), 0.1).item()).isCloseTo(1.4, within(1e-12));
        assertThatThrownBy(() -> ParameterPenalties.l2(List.of(), 0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("l2 penalty");
    }

    @Test
    void parameterNoiseAveragesTheGradientOverPerturbedCopies() {
        // f(θ) = Σθ³: E[∇f(θ + ε)] = 3θ² + 3σ², the smoothing bias the essay's local average has.
        Tensor theta = vec(0.5, -1.0).requiresGrad(true);
        double[] before = theta.toDoubleArray();
        int copies = 4000;
        double sigma = 0.2;
        List<Tensor> g = new ParameterNoiseSmoothing(copies, sigma)
                .averageGradient(List.of(theta), () -> theta.pow(3.0).sum(), new Rng(3));
        assertThat(theta.toDoubleArray()).as("parameters restored exactly").containsExactly(before);
        for (int i = 0; i < 2; i++) {
            double t = before[i];
            double expected = 3 * t * t + 3 * sigma * sigma;
            // One copy's gradient 3(θ+ε)² has sd ≈ 6|θ|σ (plus a small σ² term); 5 standard errors.
            double se = (6 * Math.abs(t) * sigma + 3 * Math.sqrt(2) * sigma * sigma) / Math.sqrt(copies);
            assertThat(g.get(0).getFlat(i)).isCloseTo(expected, within(5 * se));
        }
        List<Tensor> exact = new ParameterNoiseSmoothing(3, 0).averageGradient(List.of(theta),
                () -> theta.pow(3.0).sum(), new Rng(3));
        assertThat(exact.get(0).toDoubleArray()).containsExactly(0.75, 3.0);
    }

    @Test
    void consensusTermOfTheBilinearGame() {
        // L_D = θd·θg, L_G = −θd·θg: v = (θg, −θd), L = ½(‖θg‖² + ‖θd‖²), ∇_θd L = θd, ∇_θg L = θg.
        Tensor d = vec(1.0, 2.0).requiresGrad(true);
        Tensor g = vec(-0.5, 3.0).requiresGrad(true);
        ConsensusOptimization.PlayerGradients pg = new ConsensusOptimization(0.1)
                .gradients(d.mul(g).sum(), List.of(d), d.mul(g).sum().neg(), List.of(g));
        assertThat(pg.discriminator().get(0).toDoubleArray()).containsExactly(-0.5 + 0.1 * 1.0, 3.0 + 0.1 * 2.0);
        assertThat(pg.generator().get(0).toDoubleArray()).containsExactly(-1.0 + 0.1 * -0.5, -2.0 + 0.1 * 3.0);
        assertThat(pg.consensusValue()).isCloseTo(0.5 * (0.25 + 9 + 1 + 4), within(1e-12));
    }
}
