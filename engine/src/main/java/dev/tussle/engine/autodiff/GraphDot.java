package dev.tussle.engine.autodiff;

import dev.tussle.engine.Node;
import dev.tussle.engine.Tensor;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Exports the autodiff graph behind a tensor as Graphviz DOT: one box per leaf (its label,
 * shape, dtype, and whether it requires grad), one ellipse per op (its name and output shape),
 * edges in the direction data flows. Render with {@code dot -Tpng graph.dot -o graph.png}.
 */
public final class GraphDot {
    private GraphDot() {
    }

    /** The DOT text of the graph that produced {@code root}. */
    public static String toDot(Tensor root) {
        Map<Tensor, String> ids = new IdentityHashMap<>();
        StringBuilder sb = new StringBuilder("digraph tussle {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        ArrayDeque<Tensor> queue = new ArrayDeque<>();
        id(root, ids, sb, queue);
        while (!queue.isEmpty()) {
            Tensor t = queue.poll();
            Node node = t.gradFn();
            if (node == null) {
                continue;
            }
            for (Tensor in : node.inputs()) {
                String from = id(in, ids, sb, queue);
                sb.append("  ").append(from).append(" -> ").append(ids.get(t)).append(";\n");
            }
        }
        return sb.append("}\n").toString();
    }

    private static String id(Tensor t, Map<Tensor, String> ids, StringBuilder sb, ArrayDeque<Tensor> queue) {
        String existing = ids.get(t);
        if (existing != null) {
            return existing;
        }
        String id = "t" + ids.size();
        ids.put(t, id);
        String shape = t.shape() + " " + t.dtype();
        if (t.gradFn() != null) {
            String name = t.label() != null ? t.label() + " = " + t.gradFn().op() : t.gradFn().op();
            sb.append("  ").append(id).append(" [shape=ellipse, label=\"").append(escape(name)).append("\\n")
                    .append(shape).append("\"];\n");
            queue.add(t);
        } else {
            String name = t.label() != null ? t.label() : (t.size() == 1 ? "const " + t.getFlat(0) : "tensor");
            sb.append("  ").append(id).append(" [shape=box, ").append(t.requiresGrad()
                            ? "style=filled, fillcolor=\"#cde4ff\", " : "")
                    .append("label=\"").append(escape(name)).append("\\n").append(shape)
                    .append(t.requiresGrad() ? "\\nrequires grad" : "").append("\"];\n");
        }
        return id;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
