package dev.tussle.engine.nn;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Mlp's fused forward (Tensor.linear per layer) against applying its layers one by one. */
class MlpFusedForwardTest {

    private static Tensor layerByLayer(Mlp mlp, Tensor x) {
        Tensor h = x;
        List<Linear> ls = mlp.linears();
        for (int i = 0; i < ls.size(); i++) {
            Activation act = i + 1 < ls.size() ? mlp.hiddenActivation() : mlp.outputActivation();
            h = act.forward(ls.get(i).forward(h));
        }
        return h;
    }

    /**
     * Runs the fused layers hot first: the Vector API computes some functions differently once
     * C2 has compiled a loop, and the comparison must hold for the compiled code a program runs.
     */
    @Test
    void fusedForwardMatchesTheLayersOneByOne() {
        Mlp warm = Mlp.of(7, 33, 17, 3).hidden(Activation.tanh()).output(Activation.sigmoid()).build(new Rng(1));
        Tensor wx = Tensor.randn(new Rng(2), DType.F32, 0, 1, 29, 7);
        try (var scope = dev.tussle.engine.GradMode.noGrad()) {
            for (int i = 0; i < 20_000; i++) {
                warm.forward(wx);
            }
        }
        for (Activation act : new Activation[] {Activation.relu(), Activation.leakyRelu(0.2), Activation.leakyRelu(0),
                Activation.tanh(), Activation.sigmoid(), Activation.softplus(), Activation.identity()}) {
            for (DType dtype : DType.values()) {
                Mlp mlp = Mlp.of(7, 33, 17, 3).hidden(act).output(Activation.tanh()).dtype(dtype).build(new Rng(5));
                Tensor x = Tensor.randn(new Rng(6), dtype, 0, 1, 29, 7);
                Tensor fused = mlp.forward(x);
                Tensor plain = layerByLayer(mlp, x);
                assertThat(fused.toDoubleArray()).as(act.describe() + " " + dtype).containsExactly(plain.toDoubleArray());
                fused.sum().backward();
                List<double[]> fusedGrads = mlp.parameters().values().stream().map(p -> p.grad().toDoubleArray()).toList();
                mlp.zeroGrad();
                plain.sum().backward();
                List<Tensor> params = List.copyOf(mlp.parameters().values());
                for (int i = 0; i < params.size(); i++) {
                    double[] expected = params.get(i).grad().toDoubleArray();
                    double[] actual = fusedGrads.get(i);
                    for (int j = 0; j < expected.length; j++) {
                        double tol = dtype == DType.F32 ? 1e-5 * (1 + Math.abs(expected[j])) : 1e-12 * (1 + Math.abs(expected[j]));
                        assertThat(actual[j]).as("%s %s grad %d[%d]", act.describe(), dtype, i, j)
                                .isCloseTo(expected[j], org.assertj.core.api.Assertions.within(tol));
                    }
                }
            }
        }
    }
}
