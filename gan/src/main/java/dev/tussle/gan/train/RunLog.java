package dev.tussle.gan.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the numeric series back out of a run's {@code log.jsonl} (which {@link TrainingRun}
 * writes, one flat object per line with an optional {@code metrics} object), for plotting a run
 * from its folder alone.
 */
public final class RunLog {
    private final List<String> lines;

    private RunLog(List<String> lines) {
        this.lines = lines;
    }

    /** The log of the run in {@code dir}. */
    public static RunLog read(Path dir) throws IOException {
        return new RunLog(Files.readAllLines(dir.resolve("log.jsonl"), StandardCharsets.UTF_8));
    }

    /** A line's step: its first "step" field (the line's own; a metrics object's comes later). */
    private static final Pattern STEP = Pattern.compile("\"step\":\\s*([0-9]+)");

    /** The step a log line is about, or -1 for a line without one. */
    static long stepOf(String line) {
        Matcher s = STEP.matcher(line);
        return s.find() ? Long.parseLong(s.group(1)) : -1;
    }

    /** A named series: the lines that have {@code key}, as (step, value) pairs. */
    public record Points(double[] steps, double[] values) {
    }

    /** Element {@code index} of the numeric array field {@code key} on every line that has it, with its step. */
    public Points arraySeries(String key, int index) {
        Pattern field = Pattern.compile("\"" + Pattern.quote(key) + "\":\\s*\\[([^\\]]*)\\]");
        List<double[]> pts = new ArrayList<>();
        for (String line : lines) {
            long step = stepOf(line);
            Matcher m = field.matcher(line);
            if (step >= 0 && m.find()) {
                String[] parts = m.group(1).split(",");
                if (index < parts.length) {
                    pts.add(new double[] {step, Double.parseDouble(parts[index].trim())});
                }
            }
        }
        return points(pts);
    }

    private static Points points(List<double[]> pts) {
        double[] steps = new double[pts.size()];
        double[] values = new double[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            steps[i] = pts.get(i)[0];
            values[i] = pts.get(i)[1];
        }
        return new Points(steps, values);
    }

    /** Every line's value of the numeric field {@code key} (the first occurrence on the line), with its step. */
    public Points series(String key) {
        Pattern field = Pattern.compile("\"" + Pattern.quote(key) + "\":\\s*\"?(-?[0-9.eE+\\-]+|NaN|-?Infinity)\"?");
        List<double[]> pts = new ArrayList<>();
        for (String line : lines) {
            long step = stepOf(line);
            Matcher m = field.matcher(line);
            if (step >= 0 && m.find()) {
                pts.add(new double[] {step, Double.parseDouble(m.group(1))});
            }
        }
        return points(pts);
    }
}
