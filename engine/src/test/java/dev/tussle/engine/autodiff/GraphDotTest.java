package dev.tussle.engine.autodiff;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The DOT export of the graph behind a tiny two-layer MLP's loss. */
class GraphDotTest {
    private static final Pattern NODE = Pattern.compile("^  (t\\d+) \\[(.*)label=\"(.*)\"\\];$");
    private static final Pattern EDGE = Pattern.compile("^  (t\\d+) -> (t\\d+);$");

    /** Parsed DOT: node id to (attributes, label), and edges as "fromLabel -> toLabel" (first label line). */
    record Dot(Map<String, String> attrs, Map<String, String> labels, List<String[]> edges) {
        String name(String id) {
            return labels.get(id).split("\\\\n")[0];
        }

        List<String> namedEdges() {
            List<String> out = new ArrayList<>();
            for (String[] e : edges) {
                out.add(name(e[0]) + " -> " + name(e[1]));
            }
            return out;
        }
    }

    static Dot parse(String dot) {
        Map<String, String> attrs = new HashMap<>();
        Map<String, String> labels = new HashMap<>();
        List<String[]> edges = new ArrayList<>();
        for (String line : dot.split("\n")) {
            Matcher n = NODE.matcher(line);
            Matcher e = EDGE.matcher(line);
            if (n.matches()) {
                attrs.put(n.group(1), n.group(2));
                labels.put(n.group(1), n.group(3));
            } else if (e.matches()) {
                edges.add(new String[] {e.group(1), e.group(2)});
            }
        }
        return new Dot(attrs, labels, edges);
    }

    @Test
    void tinyMlpGraphHasOpsShapesLeafBoxesAndEdges() {
        Rng rng = new Rng(3);
        Tensor x = Tensor.randn(rng, DType.F32, 0, 1, 4, 3).label("x");
        Tensor w1 = Tensor.randn(rng, DType.F32, 0, 1, 3, 5).requiresGrad(true).label("W1");
        Tensor b1 = Tensor.zeros(5).requiresGrad(true).label("b1");
        Tensor w2 = Tensor.randn(rng, DType.F32, 0, 1, 5, 1).requiresGrad(true).label("W2");
        Tensor h = x.matmul(w1).add(b1).relu().label("h");
        Tensor loss = h.matmul(w2).sum().mul(0.5).label("loss");

        String text = GraphDot.toDot(loss);
        assertThat(text).startsWith("digraph tussle {\n").endsWith("}\n");
        Dot dot = parse(text);

        // Leaves are boxes; those that require grad are filled and say so.
        assertThat(text).contains("[shape=box, style=filled, fillcolor=\"#cde4ff\", label=\"W1\\n[3, 5] float32\\nrequires grad\"];");
        assertThat(text).contains("[shape=box, style=filled, fillcolor=\"#cde4ff\", label=\"b1\\n[5] float32\\nrequires grad\"];");
        assertThat(text).contains("[shape=box, style=filled, fillcolor=\"#cde4ff\", label=\"W2\\n[5, 1] float32\\nrequires grad\"];");
        assertThat(text).contains("[shape=box, label=\"x\\n[4, 3] float32\"];");
        assertThat(text).contains("[shape=box, label=\"const 0.5\\n[] float32\"];");
        // Ops are ellipses with their name (and label) and output shape.
        assertThat(text).contains("[shape=ellipse, label=\"matmul\\n[4, 5] float32\"];");
        assertThat(text).contains("[shape=ellipse, label=\"add\\n[4, 5] float32\"];");
        assertThat(text).contains("[shape=ellipse, label=\"h = relu\\n[4, 5] float32\"];");
        assertThat(text).contains("[shape=ellipse, label=\"matmul\\n[4, 1] float32\"];");
        assertThat(text).contains("[shape=ellipse, label=\"sum\\n[] float32\"];");
        assertThat(text).contains("[shape=ellipse, label=\"loss = mul\\n[] float32\"];");

        assertThat(dot.labels()).as("5 leaves (x, W1, b1, W2, const) and 6 ops").hasSize(11);
        assertThat(dot.namedEdges()).containsExactlyInAnyOrder(
                "x -> matmul", "W1 -> matmul", "matmul -> add", "b1 -> add", "add -> h = relu",
                "h = relu -> matmul", "W2 -> matmul", "matmul -> sum", "sum -> loss = mul", "const 0.5 -> loss = mul");
        // The two matmuls are distinct nodes: the first feeds add, the second sum.
        String first = null;
        String second = null;
        for (String[] e : dot.edges()) {
            if (dot.name(e[0]).equals("matmul") && dot.name(e[1]).equals("add")) {
                first = e[0];
            }
            if (dot.name(e[0]).equals("matmul") && dot.name(e[1]).equals("sum")) {
                second = e[0];
            }
        }
        assertThat(first).isNotNull().isNotEqualTo(second);
        assertThat(dot.labels().get(first)).isEqualTo("matmul\\n[4, 5] float32");
        assertThat(dot.labels().get(second)).isEqualTo("matmul\\n[4, 1] float32");
    }

    @Test
    void aTensorUsedTwiceIsOneNodeWithTwoEdges() {
        Tensor x = Tensor.ones(DType.F64, 2).requiresGrad(true).label("x");
        Tensor y = x.mul(x);
        Dot dot = parse(GraphDot.toDot(y));
        assertThat(dot.labels()).hasSize(2);
        assertThat(dot.namedEdges()).containsExactly("x -> mul", "x -> mul");
    }

    @Test
    void labelsAreEscaped() {
        Tensor x = Tensor.ones(2).requiresGrad(true).label("say \"hi\"");
        assertThat(GraphDot.toDot(x.neg())).contains("label=\"say \\\"hi\\\"\\n[2] float32\\nrequires grad\"");
    }
}
