package dev.tussle.gan.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the command line in-process and keeps what the last run printed on stdout and stderr. */
class CliHarness {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Runs one command line and returns its exit code. */
    int run(String... args) {
        out.reset();
        err.reset();
        return new Tussle(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    /** What the last run printed on stdout. */
    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What the last run printed on stderr. */
    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
