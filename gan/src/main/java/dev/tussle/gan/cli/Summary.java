package dev.tussle.gan.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of an experiment table: the final metrics of several runs of one configuration
 * (usually seeds), as mean ± standard error of the mean (sample standard deviation / √n).
 * Runs without high-quality samples have no reverse KL; the KL column averages the others and
 * says how many there were.
 */
final class Summary {
    private Summary() {
    }

    /** The final numbers of one run folder. */
    record RunResult(Path dir, double modes, double highQuality, double reverseKl, double secondsPerStep) {
    }

    static RunResult read(Path dir) throws IOException {
        String metrics = Files.readString(dir.resolve("metrics.json"), StandardCharsets.UTF_8);
        Path timing = dir.resolve("timing.json");
        String time = Files.exists(timing) ? Files.readString(timing, StandardCharsets.UTF_8) : "";
        return new RunResult(dir, number(metrics, "modesCaptured"), number(metrics, "highQualityFraction"),
                number(metrics, "reverseKl"), number(time, "seconds_per_step"));
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":\\s*(-?[0-9.eE+\\-]+)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** A markdown table row: label, runs, modes, % high quality, reverse KL, ms per step. */
    static String row(String label, List<RunResult> runs) {
        List<Double> kl = new ArrayList<>();
        for (RunResult r : runs) {
            if (Double.isFinite(r.reverseKl())) {
                kl.add(r.reverseKl());
            }
        }
        String klText = meanSe(kl, 1) + (kl.size() < runs.size() ? " (" + kl.size() + " runs)" : "");
        return String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |", label, runs.size(),
                meanSe(runs.stream().map(RunResult::modes).toList(), 1),
                meanSe(runs.stream().map(r -> 100 * r.highQuality()).toList(), 1), klText,
                meanSe(runs.stream().map(r -> 1000 * r.secondsPerStep()).filter(Double::isFinite).toList(), 1));
    }

    /**
     * "mean ± s.e." of the finite values (a 1-D data set's runs have no mode counts), the mean
     * alone for one value, or "n/a" for none.
     */
    static String meanSe(List<Double> all, int decimals) {
        List<Double> values = all.stream().filter(Double::isFinite).toList();
        String f = "%." + (decimals + 1) + "f";
        if (values.isEmpty()) {
            return "n/a";
        }
        if (values.size() == 1) {
            return String.format(Locale.ROOT, f + " (one run)", values.getFirst());
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double ss = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        double se = Math.sqrt(ss / (values.size() - 1) / values.size());
        return String.format(Locale.ROOT, f + " ± " + f, mean, se);
    }
}
