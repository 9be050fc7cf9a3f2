package dev.tussle.engine.io;

import java.io.IOException;

/**
 * A checkpoint or tensor file is malformed: a bad header length, invalid JSON, an unsupported
 * dtype, a shape that does not match its byte range, overlapping or out-of-range offsets, bad
 * metadata, or a truncated file. Every way a file's contents can be wrong is reported with this
 * one exception (a subclass of {@link IOException}, so a caller handling I/O failures handles it
 * too); failures of the file system itself stay plain {@link IOException}s.
 */
public final class CheckpointException extends IOException {
    /** An exception whose message says what is wrong and where. */
    public CheckpointException(String message) {
        super(message);
    }
}
