package dev.tussle.gan.plot;

import dev.tussle.engine.Tensor;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

/**
 * A row of small scatter panels, for example the generator at steps 0, 500, 1000, ...: every
 * panel shows the same data ranges (so that motion between panels is real motion), and one
 * legend stands to the right of the panels, where it hides no data.
 */
public final class SnapshotStrip implements Plot {
    private String title;
    private final List<ScatterPlot> panels = new ArrayList<>();

    /**
     * A strip with one panel per snapshot, each showing {@code real} and that snapshot's samples.
     *
     * @param real      the real samples [n, 2], drawn in every panel (or null)
     * @param titles    one title per panel, such as "step 500"
     * @param generated one [m, 2] batch of generated samples per panel
     * @throws IllegalArgumentException if the lists differ in length or are empty
     */
    public static SnapshotStrip of(Tensor real, List<String> titles, List<Tensor> generated) {
        return of(real, titles, generated, null);
    }

    /**
     * As {@link #of(Tensor, List, List)}, with the generated samples of each panel coloured by
     * component (a MIX+GAN mixture's generator index per row).
     *
     * @param components null, or one tag array per panel (an entry may be null for an untagged panel)
     */
    public static SnapshotStrip of(Tensor real, List<String> titles, List<Tensor> generated, List<int[]> components) {
        if (components != null && components.size() != generated.size()) {
            throw new IllegalArgumentException("SnapshotStrip.of: need one tag array per snapshot; got "
                    + components.size() + " for " + generated.size() + " snapshots");
        }
        if (titles.size() != generated.size() || titles.isEmpty()) {
            throw new IllegalArgumentException("SnapshotStrip.of: need as many titles as snapshots, at least one; got "
                    + titles.size() + " titles and " + generated.size() + " snapshots");
        }
        SnapshotStrip strip = new SnapshotStrip();
        for (int i = 0; i < titles.size(); i++) {
            ScatterPlot panel = new ScatterPlot().title(titles.get(i)).generated(generated.get(i));
            if (components != null && components.get(i) != null) {
                panel.components(components.get(i));
            }
            if (real != null) {
                panel.real(real);
            }
            strip.add(panel);
        }
        return strip;
    }

    /** The title above the whole strip, or null for none. */
    public SnapshotStrip title(String title) {
        this.title = title;
        return this;
    }

    /** Appends a panel; the strip sets its ranges and legend when drawing. */
    public SnapshotStrip add(ScatterPlot panel) {
        panels.add(panel);
        return this;
    }

    @Override
    public void draw(Graphics2D g, Rectangle area) {
        if (panels.isEmpty()) {
            throw new IllegalStateException("SnapshotStrip.draw: the strip has no panels");
        }
        int top = title == null ? 0 : Frame.drawTitle(g, area, title);
        Range x = null;
        Range y = null;
        for (ScatterPlot p : panels) {
            Range[] r = p.autoRanges();
            x = x == null ? r[0] : union(x, r[0]);
            y = y == null ? r[1] : union(y, r[1]);
        }
        Legend legend = panels.get(panels.size() - 1).legendEntries();
        Dimension box = legend.size(g);
        int legendWidth = box.width == 0 ? 0 : box.width + 16;
        int width = (area.width - legendWidth) / panels.size();
        for (int i = 0; i < panels.size(); i++) {
            ScatterPlot panel = panels.get(i).range(x, y).legend(false);
            panel.draw(g, new Rectangle(area.x + i * width, area.y + top, width, area.height - top));
        }
        legend.drawAt(g, area.x + panels.size() * width + 8, area.y + top + (area.height - top - box.height) / 2.0);
    }

    private static Range union(Range a, Range b) {
        return new Range(Math.min(a.min(), b.min()), Math.max(a.max(), b.max()));
    }
}
