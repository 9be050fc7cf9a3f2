package dev.tussle.gan.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tussle.engine.DType;
import dev.tussle.engine.Tensor;
import dev.tussle.engine.autodiff.GradCheck;
import org.junit.jupiter.api.Test;

/** The stability essay's d(x) = exp(−(W·x + b)²), against its formula worked by hand. */
class GaussianDiscriminatorTest {
    /** W = (0.5, −1), b = 0.25. */
    private static final double[] WEIGHT = {0.5, -1};
    private static final double BIAS = 0.25;
    /** Dyadic, so that W·x + b and its square are exact in float32 too. */
    private static final double[][] INPUTS = {{1, 2}, {0, 0}, {0.5, 0.515625}, {-8, 0}};
    /**
     * (W·x + b)² for each input: u = 0.5 − 2 + 0.25 = −1.25, u = 0.25, u = 0.25 − 0.515625 + 0.25
     * = −2⁻⁶ (d close to 1), u = −4 + 0.25 = −3.75 (d close to 0).
     */
    private static final double[] SQUARES = {1.5625, 0.0625, 0x1p-12, 14.0625};

    private static GaussianDiscriminator discriminator(DType dtype) {
        return new GaussianDiscriminator(Tensor.of(WEIGHT, 2, 1).to(dtype), Tensor.of(new double[] {BIAS}, 1).to(dtype));
    }

    @Test
    void probabilityAndLogitMatchTheFormulaInBothDtypes() {
        for (DType dtype : new DType[] {DType.F32, DType.F64}) {
            GaussianDiscriminator d = discriminator(dtype);
            Tensor x = Tensor.of(INPUTS).to(dtype);
            Tensor probability = d.probability(x);
            Tensor logit = d.forward(x);
            assertThat(probability.shape().dims()).containsExactly(4, 1);
            assertThat(logit.shape().dims()).containsExactly(4, 1);
            assertThat(logit.dtype()).isEqualTo(dtype);
            double tolerance = dtype == DType.F32 ? 1e-6 : 1e-12;
            for (int i = 0; i < INPUTS.length; i++) {
                double p = Math.exp(-SQUARES[i]);
                double expectedLogit = Math.log(p / (1 - p));
                assertThat(probability.getFlat(i)).as("%s d(x%d)", dtype, i).isCloseTo(p, within(tolerance * p));
                assertThat(logit.getFlat(i)).as("%s logit d(x%d)", dtype, i)
                        .isCloseTo(expectedLogit, within(tolerance * (1 + Math.abs(expectedLogit))));
            }
        }
    }

    @Test
    void gradientsWithRespectToInputsAndParametersMatchFiniteDifferences() {
        Tensor x = Tensor.of(new double[][] {{1, 2}, {0, 0}, {0.3, -0.7}, {-1.5, 0.4}}).requiresGrad(true);
        Tensor w = Tensor.of(WEIGHT, 2, 1).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {BIAS}, 1).requiresGrad(true);
        GradCheck.check(in -> new GaussianDiscriminator(in[1], in[2]).forward(in[0]), x, w, b);
        GradCheck.check(in -> new GaussianDiscriminator(in[1], in[2]).probability(in[0]), x, w, b);
    }

    @Test
    void rejectsParametersOfTheWrongShapeOrMixedDtypes() {
        assertThatThrownBy(() -> new GaussianDiscriminator(Tensor.zeros(DType.F32, 2, 2), Tensor.zeros(DType.F32, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GaussianDiscriminator: weight must be [dim, 1] and bias [1] of one dtype, got "
                        + DType.F32 + " [2, 2] and " + DType.F32 + " [1]");
        assertThatThrownBy(() -> new GaussianDiscriminator(Tensor.zeros(DType.F64, 2, 1), Tensor.zeros(DType.F32, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(DType.F64 + " [2, 1] and " + DType.F32 + " [1]");
    }
}
