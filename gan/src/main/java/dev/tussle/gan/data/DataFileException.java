package dev.tussle.gan.data;

import java.nio.file.Path;

/**
 * A data file (CSV or .npy) whose contents are malformed: the message names the file and what
 * is wrong with it, for example {@code points.npy: header declares shape (10, 2) = 160 bytes of
 * float64 data but 80 bytes follow}.
 */
public final class DataFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * An exception for a malformed file.
     *
     * @param file    the file that was read
     * @param problem what is wrong with it, in words
     */
    public DataFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** The file that was being read. */
    public Path file() {
        return file;
    }
}
