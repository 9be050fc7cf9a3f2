package dev.tussle.engine.nn;

import dev.tussle.engine.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Modules applied one after another; the i-th child is named {@code "i"}. */
public final class Sequential extends Module {
    private final List<Module> modules;

    /**
     * The given modules in order, registered as children {@code "0"}, {@code "1"}, ...
     *
     * @throws IllegalArgumentException when no module is given
     */
    public Sequential(List<? extends Module> modules) {
        if (modules.isEmpty()) {
            throw new IllegalArgumentException("Sequential: needs at least one module");
        }
        List<Module> list = new ArrayList<>();
        for (int i = 0; i < modules.size(); i++) {
            list.add(registerModule(Integer.toString(i), modules.get(i)));
        }
        this.modules = Collections.unmodifiableList(list);
    }

    /** See {@link #Sequential(List)}. */
    public Sequential(Module... modules) {
        this(List.of(modules));
    }

    /** The modules in order. */
    public List<Module> modules() {
        return modules;
    }

    /** Applies every module in order. */
    @Override
    public Tensor forward(Tensor x) {
        Tensor y = x;
        for (Module m : modules) {
            y = m.forward(y);
        }
        return y;
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("Sequential(");
        for (int i = 0; i < modules.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(modules.get(i).describe());
        }
        return sb.append(')').toString();
    }
}
