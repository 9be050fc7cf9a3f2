package dev.tussle.gan.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the progress reporter prints in each mode. */
class ProgressTest {
    /** The fields after the timing, as the reporter formats {@link #stats(long)}. */
    private static final String LOSSES = "  loss_d 0.6931  loss_g 1.2500  D(real) 0.500  D(fake) 0.250";
    private static final String TIMING = "[0-9]+\\.[0-9] steps/s  eta ([0-9]+m[0-9]{2}s|[0-9]+h[0-9]{2}m)";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private static StepStats stats(long step) {
        return new StepStats(step, 0.69314, 1.25, 3.0, 4.0, 0.5, 0.25);
    }

    /** Steps 1 to {@code total} reported in {@code mode}, then a message, as a run's end prints one. */
    private void trainAndReport(Progress.Mode mode, int every, long total) {
        Progress progress = new Progress(out, mode, every, total, 0);
        for (long step = 1; step <= total; step++) {
            progress.update(stats(step));
        }
        progress.message("wrote samples.png");
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void linesModePrintsAPlainLineEveryNStepsAndAtTheLastStep() {
        trainAndReport(Progress.Mode.LINES, 5, 12);
        assertThat(printed()).doesNotContain("\r");
        List<String> lines = printed().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).matches("step 5/12  " + TIMING + Pattern.quote(LOSSES));
        assertThat(lines.get(1)).startsWith("step 10/12  ").endsWith(LOSSES);
        assertThat(lines.get(2)).startsWith("step 12/12  ").contains(" eta 0m00s  ").endsWith(LOSSES);
        assertThat(lines.get(3)).isEqualTo("wrote samples.png");
    }

    @Test
    void barModeRedrawsOneLineInPlaceAtMostFiveTimesASecondAndEndsItAtTheLastStep() {
        Progress progress = new Progress(out, Progress.Mode.BAR, 1, 1000, 0);
        for (long step = 1; step <= 1000; step++) {
            progress.update(stats(step));
        }
        String text = printed();
        List<String> draws = Arrays.stream(text.split("\r")).filter(s -> !s.isEmpty()).toList();
        // A thousand updates take far less than ten seconds: a redraw on every one would be a throttle gone.
        assertThat(draws).hasSizeBetween(1, 50);
        for (String draw : draws) {
            assertThat(draw).matches("(?s)\\[[#.]{24}\\]  step [0-9]+/1000  " + TIMING + ".*");
        }
        assertThat(draws.getLast()).startsWith("[" + "#".repeat(24) + "]  step 1000/1000  ")
                .contains(" eta 0m00s" + LOSSES).endsWith(System.lineSeparator());
        assertThat(text.indexOf('\n')).as("only the last draw ends its line").isEqualTo(text.length() - 1);

        progress.message("wrote samples.png");
        assertThat(printed().substring(text.length())).startsWith("\rwrote samples.png   ")
                .endsWith(System.lineSeparator());
    }

    @Test
    void noneModePrintsNothing() {
        trainAndReport(Progress.Mode.NONE, 1, 3);
        assertThat(printed()).isEmpty();
    }

    @Test
    void aResumedRunMeasuresItsRateFromTheStepItStartedAt() {
        Progress progress = new Progress(out, Progress.Mode.LINES, 10, 100, 40);
        // No step taken yet: no rate, so no estimate.
        assertThat(progress.line(stats(40))).startsWith("step 40/100  0.0 steps/s  eta ?  loss_d 0.6931");
        assertThat(progress.line(stats(50))).matches("step 50/100  " + TIMING + ".*");
    }

    @Test
    void durationsAreMinutesAndSecondsUnderAnHourAndHoursAndMinutesAbove() {
        assertThat(Progress.duration(0)).isEqualTo("0m00s");
        assertThat(Progress.duration(59.6)).isEqualTo("1m00s");
        assertThat(Progress.duration(3599.4)).isEqualTo("59m59s");
        assertThat(Progress.duration(3600)).isEqualTo("1h00m");
        assertThat(Progress.duration(3725)).isEqualTo("1h02m");
        assertThat(Progress.duration(Double.NaN)).isEqualTo("?");
        assertThat(Progress.duration(Double.POSITIVE_INFINITY)).isEqualTo("?");
    }
}
