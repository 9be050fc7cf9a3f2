package dev.tussle.engine;

import dev.tussle.engine.autodiff.GradCheck;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * First- and second-order float64 gradient checks for every differentiable op, on seeded random
 * inputs with broadcasting and edge shapes (size-0 and size-1 dimensions, scalars). Inputs are
 * drawn from each op's smooth domain (positive for log, away from kinks for relu/abs/clamp, no
 * ties for max/min), since finite differences are meaningless across a kink.
 */
class GradientCheckTest {

    /** One op applied to inputs of given shapes, with the range the inputs are drawn from. */
    record Case(Function<Tensor[], Tensor> f, Domain domain, int[][] shapes) {
    }

    /**
     * Where inputs come from. Uniform draws are distinct with probability 1 (and further apart
     * than 2·eps with overwhelming probability), so max/min and maximum/minimum see no ties.
     */
    enum Domain {
        ANY(-2, 2), POSITIVE(0.5, 2.5), AWAY_FROM_ZERO(0.2, 2.0), ABOVE_MINUS_ONE(-0.7, 2), DISTINCT(-2, 2),
        /** Either sign, magnitude in [0.1, 0.4] or [0.6, 2]: clear of the kinks at 0 and ±0.5. */
        AWAY_FROM_ZERO_SIGNED(0, 0);

        final double lo;
        final double hi;

        Domain(double lo, double hi) {
            this.lo = lo;
            this.hi = hi;
        }

        double sample(Rng rng) {
            if (this == AWAY_FROM_ZERO_SIGNED) {
                double u = rng.nextDouble();
                double magnitude = u < 0.3 ? 0.1 + u : 0.6 + (u - 0.3) * 2;
                return rng.nextDouble() < 0.5 ? -magnitude : magnitude;
            }
            return lo + (hi - lo) * rng.nextDouble();
        }
    }

    private static int[][] shapes(int[]... s) {
        return s;
    }

    private static int[] s(int... d) {
        return d;
    }

    private static Arguments unary(String name, Function<Tensor, Tensor> f, Domain domain) {
        return Arguments.of(Named.of(name, new Case(xs -> f.apply(xs[0]), domain, shapes(s(3, 4)))));
    }

    private static Arguments op(String name, Function<Tensor[], Tensor> f, Domain domain, int[]... shapes) {
        return Arguments.of(Named.of(name + shapesText(shapes), new Case(f, domain, shapes)));
    }

    private static String shapesText(int[][] shapes) {
        StringBuilder sb = new StringBuilder(" ");
        for (int[] sh : shapes) {
            sb.append(java.util.Arrays.toString(sh));
        }
        return sb.toString();
    }

    static Stream<Arguments> cases() {
        List<Arguments> c = new ArrayList<>();
        // Binary arithmetic, with broadcasting, scalars and empty dimensions.
        for (int[][] sh : new int[][][] {
                shapes(s(3, 4), s(3, 4)), shapes(s(3, 4), s(4)), shapes(s(2, 1, 4), s(3, 1)),
                shapes(s(), s(2, 3)), shapes(s(5), s()), shapes(s(0, 3), s(3)), shapes(s(1), s(1, 1))}) {
            c.add(op("add", xs -> xs[0].add(xs[1]), Domain.ANY, sh));
            c.add(op("sub", xs -> xs[0].sub(xs[1]), Domain.ANY, sh));
            c.add(op("mul", xs -> xs[0].mul(xs[1]), Domain.ANY, sh));
            c.add(op("div", xs -> xs[0].div(xs[1]), Domain.AWAY_FROM_ZERO, sh));
            c.add(op("pow", xs -> xs[0].pow(xs[1]), Domain.POSITIVE, sh));
            c.add(op("maximum", xs -> xs[0].maximum(xs[1]), Domain.DISTINCT, sh));
            c.add(op("minimum", xs -> xs[0].minimum(xs[1]), Domain.DISTINCT, sh));
        }
        c.add(op("add same tensor twice", xs -> xs[0].add(xs[0]).mul(xs[0]), Domain.ANY, s(3)));
        c.add(op("mul by constant", xs -> xs[0].mul(2.5).add(1.0).sub(0.5).div(3.0), Domain.ANY, s(2, 3)));
        c.add(op("where", xs -> Tensor.where(xs[0].gt(0.0), xs[0].square(), xs[1].exp()), Domain.AWAY_FROM_ZERO_SIGNED, s(3, 4), s(4)));
        // Unary.
        c.add(unary("neg", Tensor::neg, Domain.ANY));
        c.add(unary("exp", Tensor::exp, Domain.ANY));
        c.add(unary("log", Tensor::log, Domain.POSITIVE));
        c.add(unary("log1p", Tensor::log1p, Domain.ABOVE_MINUS_ONE));
        c.add(unary("expm1", Tensor::expm1, Domain.ANY));
        c.add(unary("sqrt", Tensor::sqrt, Domain.POSITIVE));
        c.add(unary("abs", Tensor::abs, Domain.AWAY_FROM_ZERO_SIGNED));
        c.add(unary("square", Tensor::square, Domain.ANY));
        c.add(unary("reciprocal", Tensor::reciprocal, Domain.AWAY_FROM_ZERO_SIGNED));
        c.add(unary("sin", Tensor::sin, Domain.ANY));
        c.add(unary("cos", Tensor::cos, Domain.ANY));
        c.add(unary("tanh", Tensor::tanh, Domain.ANY));
        c.add(unary("sigmoid", Tensor::sigmoid, Domain.ANY));
        c.add(unary("relu", Tensor::relu, Domain.AWAY_FROM_ZERO_SIGNED));
        c.add(unary("leakyRelu", x -> x.leakyRelu(0.2), Domain.AWAY_FROM_ZERO_SIGNED));
        c.add(unary("softplus", Tensor::softplus, Domain.ANY));
        c.add(unary("logSigmoid", Tensor::logSigmoid, Domain.ANY));
        c.add(unary("pow scalar 3", x -> x.pow(3.0), Domain.ANY));
        c.add(unary("pow scalar -1.5", x -> x.pow(-1.5), Domain.POSITIVE));
        c.add(unary("clamp", x -> x.clamp(-0.5, 0.5), Domain.AWAY_FROM_ZERO_SIGNED));
        // Reductions.
        c.add(op("sum all", xs -> xs[0].sum(), Domain.ANY, s(3, 4)));
        c.add(op("sum axis keepdim", xs -> xs[0].sum(1, true), Domain.ANY, s(3, 4)));
        c.add(op("sum axes", xs -> xs[0].sum(new int[] {0, 2}, false), Domain.ANY, s(2, 3, 4)));
        c.add(op("sum of scalar", xs -> xs[0].sum(), Domain.ANY, s()));
        c.add(op("sum over empty", xs -> xs[0].sum(0, false), Domain.ANY, s(0, 3)));
        c.add(op("mean", xs -> xs[0].mean(-1, false), Domain.ANY, s(3, 4)));
        c.add(op("max all", xs -> xs[0].max(), Domain.DISTINCT, s(3, 4)));
        c.add(op("max axis", xs -> xs[0].max(0, false), Domain.DISTINCT, s(3, 4)));
        c.add(op("min axes keepdim", xs -> xs[0].min(new int[] {1, 2}, true), Domain.DISTINCT, s(2, 3, 4)));
        c.add(op("logSumExp", xs -> xs[0].logSumExp(1, false), Domain.ANY, s(3, 5)));
        c.add(op("logSumExp all", xs -> xs[0].logSumExp(), Domain.ANY, s(2, 3)));
        c.add(op("variance", xs -> xs[0].variance(new int[] {0}, false, 1), Domain.ANY, s(5, 3)));
        c.add(op("softmax", xs -> xs[0].softmax(-1), Domain.ANY, s(3, 4)));
        c.add(op("logSoftmax", xs -> xs[0].logSoftmax(0), Domain.ANY, s(3, 4)));
        c.add(op("norm per row", xs -> xs[0].norm(1, false), Domain.ANY, s(4, 3)));
        c.add(op("norm keepdim", xs -> xs[0].norm(0, true), Domain.ANY, s(4, 3)));
        // Shape.
        c.add(op("reshape", xs -> xs[0].reshape(4, -1).mul(xs[0].reshape(4, 3)), Domain.ANY, s(2, 6)));
        c.add(op("permute", xs -> xs[0].permute(2, 0, 1).square(), Domain.ANY, s(2, 3, 4)));
        c.add(op("transpose", xs -> xs[0].mT().mul(xs[1]), Domain.ANY, s(3, 4), s(4, 3)));
        c.add(op("expand", xs -> xs[0].expand(2, 3, 4).square(), Domain.ANY, s(3, 1)));
        c.add(op("slice step", xs -> xs[0].slice(1, 1, 7, 2).square(), Domain.ANY, s(3, 8)));
        c.add(op("slice negative", xs -> xs[0].slice(0, -3, -1).square(), Domain.ANY, s(5, 2)));
        c.add(op("concat", xs -> Tensor.concat(1, xs[0], xs[1].square(), xs[0]), Domain.ANY, s(2, 3), s(2, 1)));
        c.add(op("stack", xs -> Tensor.stack(0, xs[0], xs[1].exp()), Domain.ANY, s(2, 3), s(2, 3)));
        c.add(op("squeeze/unsqueeze", xs -> xs[0].squeeze().unsqueeze(0).square(), Domain.ANY, s(3, 1, 2)));
        c.add(op("indexSelect repeated", xs -> xs[0].indexSelect(0, 2, 0, 2).square(), Domain.ANY, s(3, 4)));
        c.add(op("gather", xs -> xs[0].gather(1, Indices.of(new int[] {2, 0, 1, 1, 0, 2}, 3, 2)).square(),
                Domain.ANY, s(3, 3)));
        // Linear algebra.
        c.add(op("matmul 2d", xs -> xs[0].matmul(xs[1]), Domain.ANY, s(3, 4), s(4, 2)));
        c.add(op("matmul vector·vector", xs -> xs[0].matmul(xs[1]), Domain.ANY, s(4), s(4)));
        c.add(op("matmul vector·matrix", xs -> xs[0].matmul(xs[1]), Domain.ANY, s(4), s(4, 3)));
        c.add(op("matmul matrix·vector", xs -> xs[0].matmul(xs[1]), Domain.ANY, s(3, 4), s(4)));
        c.add(op("matmul batched broadcast", xs -> xs[0].matmul(xs[1]), Domain.ANY, s(2, 3, 4), s(4, 2)));
        c.add(op("matmul stacked weights", xs -> xs[0].matmul(xs[1]), Domain.ANY, s(3, 2), s(2, 2, 4)));
        c.add(op("matmul empty inner", xs -> xs[0].matmul(xs[1]), Domain.ANY, s(2, 0), s(0, 3)));
        // Compositions a network uses.
        c.add(op("mlp layer", xs -> xs[0].matmul(xs[1]).add(xs[2]).tanh().sum(1, false), Domain.ANY,
                s(4, 3), s(3, 2), s(2)));
        c.add(op("cast round trip", xs -> xs[0].to(DType.F64).mul(xs[0]), Domain.ANY, s(3)));
        return c.stream();
    }

    private static Tensor[] inputs(Case c, long seed) {
        Rng rng = new Rng(seed);
        Tensor[] xs = new Tensor[c.shapes().length];
        for (int i = 0; i < xs.length; i++) {
            Tensor t = Tensor.zeros(DType.F64, c.shapes()[i]);
            double[] d = t.storageF64();
            for (int e = 0; e < d.length; e++) {
                d[e] = c.domain().sample(rng);
            }
            xs[i] = t.requiresGrad(true);
        }
        return xs;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void firstOrder(Case c) {
        GradCheck.Report r = GradCheck.check(c.f(), inputs(c, 7));
        assertThat(r.maxAbsError()).isLessThan(1e-4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void secondOrder(Case c) {
        GradCheck.Report r = GradCheck.checkSecondOrder(c.f(), inputs(c, 11));
        assertThat(r.maxAbsError()).isLessThan(1e-4);
    }
}
