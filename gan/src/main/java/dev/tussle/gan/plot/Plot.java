package dev.tussle.gan.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A plot that draws itself into a rectangle of a {@link Graphics2D}; every plot can therefore be
 * rendered alone to a PNG or placed as a panel inside another figure (see {@link SnapshotStrip}).
 */
public interface Plot {
    /** The smallest width or height in pixels {@link #render} accepts: below it nothing is legible. */
    int MIN_SIZE = 64;

    /**
     * Draws the whole plot (title, axes, contents, legend) inside {@code area}. The graphics
     * context is expected to be configured by {@link Style#configure(Graphics2D)}.
     */
    void draw(Graphics2D g, Rectangle area);

    /**
     * Renders this plot on a white, antialiased image of the given size.
     *
     * @throws IllegalArgumentException if a side is smaller than {@link #MIN_SIZE} or over 16384
     */
    default BufferedImage render(int width, int height) {
        if (width < MIN_SIZE || height < MIN_SIZE || width > 16384 || height > 16384) {
            throw new IllegalArgumentException("Plot.render: size must be between " + MIN_SIZE + " and 16384 pixels a side, got "
                    + width + "x" + height);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            Style.configure(g);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            draw(g, new Rectangle(0, 0, width, height));
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * Renders this plot and writes it as a PNG file, creating missing parent directories.
     *
     * @throws IOException if the file cannot be written
     */
    default void writePng(Path file, int width, int height) throws IOException {
        BufferedImage image = render(width, height);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("Plot.writePng: no PNG writer available for " + file);
        }
    }
}
