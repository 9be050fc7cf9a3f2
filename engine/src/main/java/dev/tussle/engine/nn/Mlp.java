package dev.tussle.engine.nn;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A multilayer perceptron: {@link Linear} layers with a hidden activation between them and an
 * output activation after the last. Its parameters are named {@code layers.0.weight},
 * {@code layers.0.bias}, {@code layers.2.weight}, ... (activations take the odd indices).
 *
 * <pre>{@code
 * Mlp d = Mlp.of(15, 50, 50, 2)
 *         .hidden(Activation.leakyRelu(0.2))
 *         .output(Activation.identity())
 *         .weightInit(Init.glorotUniform(1.0))
 *         .build(new Rng(42));
 * }</pre>
 */
public final class Mlp extends Module {
    private final int[] sizes;
    private final List<Linear> linears;
    private final Activation hidden;
    private final Activation output;
    private final Sequential layers;

    /**
     * An MLP made of the given layers (not copied), for example ones extracted from a stack.
     *
     * @throws IllegalArgumentException when consecutive layers' widths do not chain
     */
    public Mlp(List<Linear> linears, Activation hidden, Activation output) {
        if (linears.isEmpty()) {
            throw new IllegalArgumentException("Mlp: needs at least one Linear layer");
        }
        int[] s = new int[linears.size() + 1];
        s[0] = linears.get(0).in();
        List<Module> seq = new ArrayList<>();
        for (int i = 0; i < linears.size(); i++) {
            Linear l = linears.get(i);
            if (l.in() != s[i]) {
                throw new IllegalArgumentException("Mlp: layer " + i + " takes " + l.in() + " inputs but the previous "
                        + "layer gives " + s[i]);
            }
            s[i + 1] = l.out();
            seq.add(l);
            seq.add(i + 1 < linears.size() ? hidden : output);
        }
        this.sizes = s;
        this.linears = List.copyOf(linears);
        this.hidden = hidden;
        this.output = output;
        this.layers = registerModule("layers", new Sequential(seq));
    }

    /** Starts a builder for widths {@code sizes[0] -> sizes[1] -> ... -> sizes[n-1]}. */
    public static Builder of(int... sizes) {
        return new Builder(sizes);
    }

    /** The widths, input first. */
    public int[] sizes() {
        return sizes.clone();
    }

    /** The affine layers in order. */
    public List<Linear> linears() {
        return linears;
    }

    /** The activation between layers. */
    public Activation hiddenActivation() {
        return hidden;
    }

    /** The activation after the last layer. */
    public Activation outputActivation() {
        return output;
    }

    /**
     * Applies the network to {@code x} of shape {@code [..., sizes[0]]}. A batch {@code [n, in]}
     * goes through the fused linear kernel, {@code act(x·W + b)} in one pass per layer, wherever
     * the activation has a fused form; the result is the same as applying the layers one by one.
     */
    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 2) {
            return layers.forward(x);
        }
        Tensor h = x;
        for (int i = 0; i < linears.size(); i++) {
            Linear layer = linears.get(i);
            Activation act = i + 1 < linears.size() ? hidden : output;
            Activation.FusedActivation f = act.fused();
            h = f != null && h.shape().dim(1) == layer.in()
                    ? Tensor.linear(h, layer.weight(), layer.bias(), f.kind(), f.alpha())
                    : act.forward(layer.forward(h));
        }
        return h;
    }

    @Override
    public String describe() {
        return "Mlp(sizes=" + Arrays.toString(sizes) + ", hidden=" + hidden.describe() + ", output="
                + output.describe() + ")";
    }

    /**
     * Configures an {@link Mlp}. Defaults: ReLU hidden, identity output, {@link Init#uniformFanIn()}
     * for weights and biases, float32.
     */
    public static final class Builder {
        private final int[] sizes;
        private Activation hidden = Activation.relu();
        private Activation output = Activation.identity();
        private Init weightInit = Init.uniformFanIn();
        private Init biasInit = Init.uniformFanIn();
        private DType dtype = DType.F32;

        private Builder(int[] sizes) {
            if (sizes.length < 2) {
                throw new IllegalArgumentException("Mlp.of: needs at least an input and an output width, got "
                        + Arrays.toString(sizes));
            }
            for (int s : sizes) {
                if (s <= 0) {
                    throw new IllegalArgumentException("Mlp.of: widths must be positive, got " + Arrays.toString(sizes));
                }
            }
            this.sizes = sizes.clone();
        }

        /** The activation between layers. */
        public Builder hidden(Activation a) {
            this.hidden = a;
            return this;
        }

        /** The activation after the last layer. */
        public Builder output(Activation a) {
            this.output = a;
            return this;
        }

        /** The weight initializer of every layer. */
        public Builder weightInit(Init init) {
            this.weightInit = init;
            return this;
        }

        /** The bias initializer of every layer. */
        public Builder biasInit(Init init) {
            this.biasInit = init;
            return this;
        }

        /** The element type of the parameters. */
        public Builder dtype(DType dtype) {
            this.dtype = dtype;
            return this;
        }

        /** Builds the MLP, drawing layer 0's weight, layer 0's bias, layer 1's weight, ... from {@code rng}. */
        public Mlp build(Rng rng) {
            List<Linear> linears = new ArrayList<>();
            for (int i = 0; i + 1 < sizes.length; i++) {
                linears.add(new Linear(sizes[i], sizes[i + 1], weightInit, biasInit, dtype, rng));
            }
            return new Mlp(linears, hidden, output);
        }

        /** Builds {@code k} independent copies as one {@link StackedMlp}; copy c draws from {@code rng.fork(c)}. */
        public StackedMlp buildStacked(int k, Rng rng) {
            if (k <= 0) {
                throw new IllegalArgumentException("Mlp.buildStacked: k must be positive, got " + k);
            }
            List<Mlp> copies = new ArrayList<>();
            for (int c = 0; c < k; c++) {
                copies.add(build(rng.fork(c)));
            }
            return StackedMlp.stack(copies);
        }
    }
}
