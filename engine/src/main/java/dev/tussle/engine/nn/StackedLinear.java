package dev.tussle.engine.nn;

import dev.tussle.engine.GradMode;
import dev.tussle.engine.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code k} independent {@link Linear} layers held as one weight {@code [k, in, out]} and one bias
 * {@code [k, out]}, so that all copies run in one batched matmul. This is how MIX+GAN runs its
 * k generators or discriminators.
 *
 * <p>The input is either per copy, {@code [k, batch, in]}, or shared by all copies,
 * {@code [batch, in]} (broadcast over the copy axis by matmul); the output is
 * {@code [k, batch, out]}. The bias is viewed as {@code [k, 1, out]} so it broadcasts over the
 * batch and not over the copies.
 */
public final class StackedLinear extends Module {
    private final int k;
    private final int in;
    private final int out;
    private final Tensor weight;
    private final Tensor bias;

    /**
     * A stack that owns the given tensors (not copied).
     *
     * @throws IllegalArgumentException unless weight is {@code [k, in, out]} and bias {@code [k, out]} of one dtype
     */
    public StackedLinear(Tensor weight, Tensor bias) {
        if (weight.rank() != 3 || bias.rank() != 2 || bias.shape().dim(0) != weight.shape().dim(0)
                || bias.shape().dim(1) != weight.shape().dim(2) || weight.dtype() != bias.dtype()) {
            throw new IllegalArgumentException("StackedLinear: weight must be [k, in, out] and bias [k, out] of one "
                    + "dtype, got " + weight.dtype() + " " + weight.shape() + " and " + bias.dtype() + " " + bias.shape());
        }
        this.k = weight.shape().dim(0);
        this.in = weight.shape().dim(1);
        this.out = weight.shape().dim(2);
        this.weight = registerParameter("weight", weight);
        this.bias = registerParameter("bias", bias);
    }

    /**
     * Stacks copies of the given layers' parameters (the layers themselves are left untouched).
     *
     * @throws IllegalArgumentException when the layers differ in shape or dtype, or the list is empty
     */
    public static StackedLinear stack(List<Linear> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("StackedLinear.stack: needs at least one layer");
        }
        Linear first = layers.get(0);
        List<Tensor> ws = new ArrayList<>();
        List<Tensor> bs = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Linear l = layers.get(i);
            if (l.in() != first.in() || l.out() != first.out() || l.weight().dtype() != first.weight().dtype()) {
                throw new IllegalArgumentException("StackedLinear.stack: layer " + i + " is " + l.weight().dtype() + " "
                        + l.describe() + " but layer 0 is " + first.weight().dtype() + " " + first.describe());
            }
            ws.add(l.weight());
            bs.add(l.bias());
        }
        try (var scope = GradMode.noGrad()) {
            return new StackedLinear(Tensor.stack(0, ws).copy(), Tensor.stack(0, bs).copy());
        }
    }

    /** Number of copies. */
    public int k() {
        return k;
    }

    /** Input width of each copy. */
    public int in() {
        return in;
    }

    /** Output width of each copy. */
    public int out() {
        return out;
    }

    /** The weight {@code [k, in, out]}. */
    public Tensor weight() {
        return weight;
    }

    /** The bias {@code [k, out]}. */
    public Tensor bias() {
        return bias;
    }

    /**
     * All copies at once: {@code [k, batch, in]} or shared {@code [batch, in]} in, {@code [k, batch, out]} out.
     *
     * @throws IllegalArgumentException for any other input shape
     */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, new Activation.FusedActivation(dev.tussle.engine.kernel.Activation.IDENTITY, 0));
    }

    /** {@link #forward(Tensor)} followed by the activation, fused into the same op. */
    Tensor forward(Tensor x, Activation.FusedActivation activation) {
        boolean shared = x.rank() == 2 && x.shape().dim(1) == in;
        boolean perCopy = x.rank() == 3 && x.shape().dim(0) == k && x.shape().dim(2) == in;
        if (!shared && !perCopy) {
            throw new IllegalArgumentException("StackedLinear.forward: input shape " + x.shape() + " is neither [k="
                    + k + ", batch, in=" + in + "] nor [batch, in=" + in + "]");
        }
        return Tensor.linear(x, weight, bias, activation.kind(), activation.alpha());
    }

    /** A plain layer holding a copy of copy {@code i}'s parameters. */
    public Linear component(int i) {
        if (i < 0 || i >= k) {
            throw new IllegalArgumentException("StackedLinear.component: index " + i + " out of range [0, " + k + ")");
        }
        try (var scope = GradMode.noGrad()) {
            return new Linear(weight.slice(0, i, i + 1).reshape(in, out).copy(),
                    bias.slice(0, i, i + 1).reshape(out).copy());
        }
    }

    @Override
    public String describe() {
        return "StackedLinear(k=" + k + ", " + in + ", " + out + ")";
    }
}
