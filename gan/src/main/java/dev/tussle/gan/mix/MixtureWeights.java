package dev.tussle.gan.mix;

import dev.tussle.engine.DType;
import dev.tussle.engine.GradMode;
import dev.tussle.engine.Tensor;
import dev.tussle.engine.optim.Optimizer;
import dev.tussle.engine.optim.OptimizerState;
import dev.tussle.gan.train.TrainConfig;
import dev.tussle.gan.train.TrainerSupport;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One player's mixture weights w = softmax(α), stored as log-weights α ({@code [k]}, in the training dtype,
 * uniform at the start), and their update rule.
 *
 * <p>Each update goes through a fresh leaf holding the current w ({@link #leaf()}): the loss is
 * built on it, backward leaves ∂L/∂w in its gradient, and {@link #update(Tensor)} turns that into a
 * step on α by the chosen {@link WeightUpdate}. Working on ∂L/∂w serves both rules: exponentiated
 * gradient needs it as such, and the optimizer rule maps it through the softmax Jacobian.
 *
 * <p>With k = 1 the weight is 1 and nothing is updated: the softmax has no free direction, and
 * leaving the leaf out of the graph keeps the single-component mixture bit-identical to a GAN.
 */
public final class MixtureWeights {
    private final int k;
    private final WeightUpdate rule;
    private final double lr;
    private final Tensor logWeights;
    private final Optimizer optimizer;
    /** Per-step buffers of k values (the update runs every step; it allocates nothing). */
    private final double[] gradW;
    private final double[] weights;
    private final double[] next;
    /** ∂L/∂α handed to the optimizer, in the training dtype; rewritten every step. */
    private final Tensor logitGrad;

    /**
     * Uniform weights over {@code k} components.
     *
     * @param config gives the optimizer (kind, betas, momentum) for the {@link WeightUpdate#OPTIMIZER} rule
     * @throws IllegalArgumentException when k &lt; 1 or lr is not positive and finite
     */
    public MixtureWeights(int k, WeightUpdate rule, double lr, TrainConfig config) {
        if (k < 1) {
            throw new IllegalArgumentException("MixtureWeights: k must be >= 1, got " + k);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("MixtureWeights: --mix-lr must be positive and finite, got " + lr);
        }
        this.k = k;
        this.rule = rule;
        this.lr = lr;
        this.logWeights = Tensor.zeros(config.dtype(), k).requiresGrad(true);
        this.gradW = new double[k];
        this.weights = new double[k];
        this.next = new double[k];
        this.logitGrad = Tensor.zeros(config.dtype(), k);
        this.optimizer = rule == WeightUpdate.OPTIMIZER
                ? TrainerSupport.optimizer(config, lr, Map.of("log_weights", logWeights)) : null;
    }

    /** The number of components. */
    public int k() {
        return k;
    }

    /** The update rule. */
    public WeightUpdate rule() {
        return rule;
    }

    /** The log-weights α (the live tensor, {@code [k]}); w = softmax(α). */
    public Tensor logWeights() {
        return logWeights;
    }

    /** w = softmax(α) {@code [k]} (the training dtype), not part of any graph. */
    public Tensor values() {
        try (var scope = GradMode.noGrad()) {
            return logWeights.softmax(0);
        }
    }

    /** w as doubles (float32 values widened in a float32 run). */
    public double[] weights() {
        return values().toDoubleArray();
    }

    /**
     * A new leaf holding w, to build this step's loss on; it requires grad when k &gt; 1 (see the
     * class comment for k = 1).
     */
    public Tensor leaf() {
        Tensor w = values();
        return k > 1 ? w.requiresGrad(true) : w;
    }

    /** The leaf whose gradient {@link #update} needs: {@code leaf} when k &gt; 1, else null (none). */
    public Tensor gradientLeaf(Tensor leaf) {
        return k > 1 ? leaf : null;
    }

    /**
     * Steps α from the gradient ∂L/∂w that backward left in {@code leaf} (made by {@link #leaf()}
     * for this step). Does nothing when k = 1.
     *
     * @throws IllegalStateException when k &gt; 1 and {@code leaf} has no gradient
     */
    public void update(Tensor leaf) {
        if (k == 1) {
            return;
        }
        if (leaf.grad() == null) {
            throw new IllegalStateException("MixtureWeights.update: the weight leaf has no gradient; build the loss on "
                    + "leaf() and run backward first");
        }
        Tensor grad = leaf.grad();
        for (int i = 0; i < k; i++) {
            gradW[i] = grad.getFlat(i);
            weights[i] = leaf.getFlat(i);
        }
        switch (rule) {
            case EXPONENTIATED_GRADIENT -> exponentiatedStep(gradW);
            case OPTIMIZER -> {
                logitGradient(weights, gradW, next);
                for (int i = 0; i < k; i++) {
                    store(logitGrad, i, next[i]);
                }
                optimizer.zeroGrad();
                logWeights.setGrad(logitGrad);
                optimizer.step();
            }
        }
    }

    /** {@code t[i] = v}, rounded to t's dtype. */
    private static void store(Tensor t, int i, double v) {
        if (t.dtype() == DType.F32) {
            t.storageF32()[i] = (float) v;
        } else {
            t.storageF64()[i] = v;
        }
    }

    /**
     * α_i ← α_i − η·g_i, then α ← α − log Σ exp(α), computed in double and stored in the training dtype: the
     * multiplicative-weights step w_i ← w_i·exp(−η·g_i) / Z on the stored log-weights.
     */
    void exponentiatedStep(double[] gradW) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            next[i] = logWeights.getFlat(i) - lr * gradW[i];
            max = Math.max(max, next[i]);
        }
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += Math.exp(next[i] - max);
        }
        double logZ = max + Math.log(sum);
        for (int i = 0; i < k; i++) {
            store(logWeights, i, next[i] - logZ);
        }
    }

    /** ∂L/∂α from ∂L/∂w through w = softmax(α): w_i·(g_i − Σ_j w_j·g_j). */
    public static double[] logitGradient(double[] w, double[] gradW) {
        return logitGradient(w, gradW, new double[w.length]);
    }

    /** {@link #logitGradient(double[], double[])} into {@code out} (at least as long as w), which it returns. */
    static double[] logitGradient(double[] w, double[] gradW, double[] out) {
        if (w.length != gradW.length) {
            throw new IllegalArgumentException("logitGradient: " + w.length + " weights but " + gradW.length
                    + " gradients");
        }
        double mean = 0;
        for (int i = 0; i < w.length; i++) {
            mean += w[i] * gradW[i];
        }
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] * (gradW[i] - mean);
        }
        return out;
    }

    /** Whether every weight is finite. */
    public boolean allFinite() {
        return logWeights.allFinite();
    }

    /** The tensors a checkpoint holds: the log-weights and, for the optimizer rule, its state. */
    public Map<String, Tensor> stateTensors() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("log_weights", logWeights);
        if (optimizer != null) {
            TrainerSupport.putSection(m, "optimizer.", optimizer.saveState().tensors());
        }
        return m;
    }

    /** The optimizer's step count (0 for exponentiated gradient), for the checkpoint metadata. */
    public long optimizerSteps() {
        return optimizer == null ? 0 : optimizer.saveState().step();
    }

    /**
     * Restores what {@link #stateTensors()} and {@link #optimizerSteps()} saved.
     *
     * @throws IllegalArgumentException naming what is missing or has the wrong shape
     */
    public void loadState(Map<String, Tensor> state, long optimizerSteps) {
        Tensor a = state.get("log_weights");
        if (a == null || !a.shape().equals(logWeights.shape()) || a.dtype() != logWeights.dtype()) {
            throw new IllegalArgumentException("MixtureWeights.loadState: 'log_weights' must be " + logWeights.dtype()
                    + " " + logWeights.shape()
                    + ", got " + (a == null ? "nothing" : a.dtype() + " " + a.shape()));
        }
        if (optimizer != null) {
            optimizer.loadState(new OptimizerState(TrainerSupport.section(state, "optimizer."), optimizerSteps));
        }
        if (a.dtype() == DType.F32) {
            System.arraycopy(a.storageF32(), 0, logWeights.storageF32(), 0, k);
        } else {
            System.arraycopy(a.storageF64(), 0, logWeights.storageF64(), 0, k);
        }
    }

    /** The weights as a JSON array. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("[");
        double[] w = weights();
        for (int i = 0; i < w.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(w[i]);
        }
        return sb.append(']').toString();
    }
}
