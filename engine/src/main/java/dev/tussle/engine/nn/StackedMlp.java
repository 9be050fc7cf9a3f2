package dev.tussle.engine.nn;

import dev.tussle.engine.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code k} independent MLPs of one architecture held as {@link StackedLinear} layers, so each
 * layer of all copies is one batched matmul. Input {@code [k, batch, in]} (per copy) or
 * {@code [batch, in]} (shared); output {@code [k, batch, out]}. Parameter names mirror
 * {@link Mlp}: {@code layers.0.weight} is {@code [k, in, out]}.
 *
 * <p>{@link #component(int)} and {@link #stack(List)} convert to and from plain MLPs; a component
 * gives bit-for-bit the outputs of its slice of the stack, because both run the same matmul
 * kernel per copy and the same elementwise ops.
 */
public final class StackedMlp extends Module {
    private final int k;
    private final int[] sizes;
    private final List<StackedLinear> linears;
    private final Activation hidden;
    private final Activation output;

    /**
     * A stacked MLP made of the given layers (not copied).
     *
     * @throws IllegalArgumentException when the layers differ in k or their widths do not chain
     */
    public StackedMlp(List<StackedLinear> linears, Activation hidden, Activation output) {
        if (linears.isEmpty()) {
            throw new IllegalArgumentException("StackedMlp: needs at least one StackedLinear layer");
        }
        this.k = linears.get(0).k();
        int[] s = new int[linears.size() + 1];
        s[0] = linears.get(0).in();
        List<Module> seq = new ArrayList<>();
        for (int i = 0; i < linears.size(); i++) {
            StackedLinear l = linears.get(i);
            if (l.in() != s[i] || l.k() != k) {
                throw new IllegalArgumentException("StackedMlp: layer " + i + " is " + l.describe()
                        + " but needs k=" + k + " and in=" + s[i]);
            }
            s[i + 1] = l.out();
            seq.add(l);
            seq.add(i + 1 < linears.size() ? hidden : output);
        }
        this.sizes = s;
        this.linears = List.copyOf(linears);
        this.hidden = hidden;
        this.output = output;
        // Registered for the parameter names (layers.0.weight, ...); forward runs the fused layers.
        registerModule("layers", new Sequential(seq));
    }

    /**
     * Stacks copies of the parameters of {@code mlps}, which must share widths, dtype and
     * activations (compared by {@link Module#describe()}).
     *
     * @throws IllegalArgumentException when the MLPs differ
     */
    public static StackedMlp stack(List<Mlp> mlps) {
        if (mlps.isEmpty()) {
            throw new IllegalArgumentException("StackedMlp.stack: needs at least one Mlp");
        }
        Mlp first = mlps.get(0);
        for (int i = 1; i < mlps.size(); i++) {
            if (!mlps.get(i).describe().equals(first.describe())) {
                throw new IllegalArgumentException("StackedMlp.stack: Mlp " + i + " is " + mlps.get(i).describe()
                        + " but Mlp 0 is " + first.describe());
            }
        }
        List<StackedLinear> stacked = new ArrayList<>();
        for (int layer = 0; layer < first.linears().size(); layer++) {
            List<Linear> column = new ArrayList<>();
            for (Mlp m : mlps) {
                column.add(m.linears().get(layer));
            }
            stacked.add(StackedLinear.stack(column));
        }
        return new StackedMlp(stacked, first.hiddenActivation(), first.outputActivation());
    }

    /** Number of copies. */
    public int k() {
        return k;
    }

    /** The widths of one copy, input first. */
    public int[] sizes() {
        return sizes.clone();
    }

    /** The stacked layers in order. */
    public List<StackedLinear> linears() {
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
     * Runs all copies; see the class comment for shapes. Each layer is one fused stacked
     * {@link Tensor#linear} wherever the activation has a fused form (as in {@link Mlp#forward}),
     * with the same result as applying the layers one by one.
     */
    @Override
    public Tensor forward(Tensor x) {
        Tensor h = x;
        for (int i = 0; i < linears.size(); i++) {
            StackedLinear layer = linears.get(i);
            Activation act = i + 1 < linears.size() ? hidden : output;
            Activation.FusedActivation f = act.fused();
            h = f != null ? layer.forward(h, f) : act.forward(layer.forward(h));
        }
        return h;
    }

    /** A plain MLP holding a copy of copy {@code i}'s parameters. */
    public Mlp component(int i) {
        List<Linear> ls = new ArrayList<>();
        for (StackedLinear l : linears) {
            ls.add(l.component(i));
        }
        return new Mlp(ls, hidden, output);
    }

    @Override
    public String describe() {
        return "StackedMlp(k=" + k + ", sizes=" + Arrays.toString(sizes) + ", hidden=" + hidden.describe()
                + ", output=" + output.describe() + ")";
    }
}
