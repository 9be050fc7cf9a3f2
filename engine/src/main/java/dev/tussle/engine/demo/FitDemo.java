package dev.tussle.engine.demo;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;

import java.util.List;
import java.util.Locale;

/**
 * The engine's main demo: fits y = sin(x) on [-3, 3] with a 1 → 32 → 32 → 1 tanh network,
 * written with raw tensors and plain gradient descent, and prints the loss going down.
 *
 * <p>Run: {@code mvn -q -DskipTests package exec:exec} (see the README).
 */
public final class FitDemo {
    private FitDemo() {
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        Rng rng = new Rng(42);
        Tensor x = Tensor.linspace(-3, 3, 256, DType.F32).reshape(256, 1);
        Tensor y = x.sin();
        List<Tensor> params = List.of(
                Tensor.randn(rng, DType.F32, 0, 1.0, 1, 32).requiresGrad(true),
                Tensor.zeros(32).requiresGrad(true),
                Tensor.randn(rng, DType.F32, 0, 1 / Math.sqrt(32), 32, 32).requiresGrad(true),
                Tensor.zeros(32).requiresGrad(true),
                Tensor.randn(rng, DType.F32, 0, 1 / Math.sqrt(32), 32, 1).requiresGrad(true),
                Tensor.zeros(1).requiresGrad(true));
        double lr = 0.02;
        System.out.println("Fitting sin(x) on [-3, 3] with a 1-32-32-1 tanh MLP, full-batch gradient descent");
        for (int step = 0; step <= steps; step++) {
            Tensor h1 = x.matmul(params.get(0)).add(params.get(1)).tanh();
            Tensor h2 = h1.matmul(params.get(2)).add(params.get(3)).tanh();
            Tensor pred = h2.matmul(params.get(4)).add(params.get(5));
            Tensor loss = pred.sub(y).square().mean();
            loss.backward();
            if (step % Math.max(1, steps / 10) == 0) {
                System.out.printf(Locale.ROOT, "step %5d  mse %.6f%n", step, loss.item());
            }
            for (Tensor p : params) {
                float[] w = p.storageF32();
                float[] g = p.grad().storageF32();
                for (int i = 0; i < w.length; i++) {
                    w[i] -= (float) (lr * g[i]);
                }
                p.zeroGrad();
            }
        }
    }
}
