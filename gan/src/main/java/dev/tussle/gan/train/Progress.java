package dev.tussle.gan.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Reports training progress: on a terminal, one line redrawn in place (step, steps/s, ETA,
 * losses) at most five times a second; otherwise plain lines every {@code every} steps, which is
 * what a log file or CI wants.
 */
public final class Progress {
    /** How progress is shown. */
    public enum Mode { BAR, LINES, NONE }

    private final PrintStream out;
    private final Mode mode;
    private final int every;
    private final long total;
    private final long startStep;
    private final long startNanos = System.nanoTime();
    private long lastDraw;

    /**
     * @param total     the step the run ends at
     * @param startStep the step it starts from (non-zero when resuming)
     */
    public Progress(PrintStream out, Mode mode, int every, long total, long startStep) {
        this.out = out;
        this.mode = mode;
        this.every = Math.max(1, every);
        this.total = total;
        this.startStep = startStep;
    }

    /** BAR when standard output is an interactive terminal, LINES otherwise. */
    public static Mode detect() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal() ? Mode.BAR : Mode.LINES;
    }

    /** Reports a completed step. */
    public void update(StepStats s) {
        switch (mode) {
            case NONE -> { }
            case LINES -> {
                if (s.step() % every == 0 || s.step() == total) {
                    out.println(line(s));
                }
            }
            case BAR -> {
                long now = System.nanoTime();
                if (now - lastDraw > 200_000_000L || s.step() == total) {
                    lastDraw = now;
                    out.print("\r" + bar(s) + "  " + line(s) + "   ");
                    if (s.step() == total) {
                        out.println();
                    }
                    out.flush();
                }
            }
        }
    }

    /** Prints a message on its own line (after a bar, if one is drawn). */
    public void message(String text) {
        if (mode == Mode.NONE) {
            return;
        }
        out.println(mode == Mode.BAR ? "\r" + text + " ".repeat(20) : text);
    }

    private String bar(StepStats s) {
        int width = 24;
        int filled = (int) Math.round(width * (double) s.step() / Math.max(1, total));
        return "[" + "#".repeat(Math.min(width, filled)) + ".".repeat(Math.max(0, width - filled)) + "]";
    }

    String line(StepStats s) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double rate = (s.step() - startStep) / Math.max(seconds, 1e-9);
        double eta = rate > 0 ? (total - s.step()) / rate : Double.NaN;
        return String.format(Locale.ROOT, "step %d/%d  %.1f steps/s  eta %s  loss_d %.4f  loss_g %.4f  D(real) %.3f  D(fake) %.3f",
                s.step(), total, rate, duration(eta), s.lossD(), s.lossG(), s.dReal(), s.dFake());
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
