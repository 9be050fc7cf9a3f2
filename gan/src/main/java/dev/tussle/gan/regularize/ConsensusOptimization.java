package dev.tussle.gan.regularize;

import dev.tussle.engine.Autodiff;
import dev.tussle.engine.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Consensus optimization (Mescheder, Nowozin and Geiger, "The Numerics of GANs"): each player
 * descends its own loss plus γ·L with L = ½‖v‖², where v = (∇_θD L_D, ∇_θG L_G) is the
 * simultaneous gradient of the game. ∇L is a Hessian-vector product, computed by differentiating
 * v, which is itself taken with {@code createGraph}.
 *
 * @param gamma the weight of the consensus term (&gt;= 0)
 */
public record ConsensusOptimization(double gamma) {

    public ConsensusOptimization {
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("consensus optimization: gamma must be finite and >= 0, got " + gamma);
        }
    }

    /** Both players' regularized gradients, in the order of their parameter lists. */
    public record PlayerGradients(List<Tensor> discriminator, List<Tensor> generator, double consensusValue) {
    }

    /**
     * The gradients ∇_θD(L_D + γL) and ∇_θG(L_G + γL). Both losses must come from graphs that
     * reach their player's parameters; the graphs are consumed.
     */
    public PlayerGradients gradients(Tensor lossD, List<Tensor> paramsD, Tensor lossG, List<Tensor> paramsG) {
        List<Tensor> vD = Autodiff.grad(List.of(lossD), paramsD, null, true, true);
        List<Tensor> vG = Autodiff.grad(List.of(lossG), paramsG, null, true, true);
        Tensor half = null;
        for (Tensor v : concat(vD, vG)) {
            Tensor s = v.square().sum();
            half = half == null ? s : half.add(s);
        }
        Tensor consensus = half.mul(0.5);
        List<Tensor> all = concat(paramsD, paramsG);
        List<Tensor> dL = consensus.requiresGrad()
                ? Autodiff.grad(List.of(consensus), all, null, false, false)
                : all.stream().map(p -> Tensor.zeros(p.dtype(), p.shape().dims())).toList();
        List<Tensor> gD = new ArrayList<>();
        List<Tensor> gG = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            boolean isD = i < paramsD.size();
            Tensor v = (isD ? vD.get(i) : vG.get(i - paramsD.size())).detach();
            (isD ? gD : gG).add(v.add(dL.get(i).mul(gamma)));
        }
        return new PlayerGradients(gD, gG, consensus.item());
    }

    private static List<Tensor> concat(List<Tensor> a, List<Tensor> b) {
        List<Tensor> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
