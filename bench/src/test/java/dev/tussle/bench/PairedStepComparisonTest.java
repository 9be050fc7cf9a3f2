package dev.tussle.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tussle.bench.PairedStepComparison.Options;
import dev.tussle.bench.PairedStepComparison.Summary;
import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PairedStepComparisonTest {

    /** Exact two-sided binomial(n, 1/2) tail, for checking the floating-point one. */
    private static double exactSignTest(int wins, int n) {
        int extreme = Math.min(wins, n - wins);
        BigInteger sum = BigInteger.ZERO;
        for (int i = 0; i <= extreme; i++) {
            BigInteger c = BigInteger.ONE;
            for (int j = 0; j < i; j++) {
                c = c.multiply(BigInteger.valueOf(n - j)).divide(BigInteger.valueOf(j + 1));
            }
            sum = sum.add(c);
        }
        return Math.min(1, 2 * sum.doubleValue() / Math.pow(2, n));
    }

    @Test
    void signTestMatchesTheExactBinomialTail() {
        assertThat(Summary.signTest(0, 10)).isCloseTo(2.0 / 1024, within(1e-12));
        assertThat(Summary.signTest(2, 10)).isCloseTo(2 * 56.0 / 1024, within(1e-12));
        assertThat(Summary.signTest(8, 10)).isCloseTo(2 * 56.0 / 1024, within(1e-12));
        assertThat(Summary.signTest(5, 10)).isEqualTo(1.0);
        for (int n : new int[] {2, 7, 60, 101}) {
            for (int w = 0; w <= n; w++) {
                assertThat(Summary.signTest(w, n)).as("n=%d wins=%d", n, w).isCloseTo(exactSignTest(w, n), within(1e-9));
            }
        }
    }

    @Test
    void quartilesInterpolateBetweenOrderStatistics() {
        assertThat(Summary.quartiles(new double[] {4, 1, 3, 2, 5})).containsExactly(2, 3, 4);
        assertThat(Summary.quartiles(new double[] {10, 0})).containsExactly(2.5, 5, 7.5);
    }

    @Test
    void summaryComparesRoundByRound() {
        double[] a = {2.0, 2.2, 1.8, 2.0, 4.0};
        double[] b = {1.8, 2.2 * 0.9, 1.8 * 1.1, 1.6, 3.2};
        Summary s = Summary.of(a, b);
        assertThat(s.rounds()).isEqualTo(5);
        assertThat(s.bFaster()).isEqualTo(4);
        // ratios 0.9, 0.9, 1.1, 0.8, 0.8 -> sorted 0.8 0.8 0.9 0.9 1.1
        assertThat(s.ratioQuartiles()).containsExactly(new double[] {0.8, 0.9, 0.9}, within(1e-12));
        assertThat(s.aQuartiles()[1]).isEqualTo(2.0);
        assertThat(s.signTestP()).isCloseTo(exactSignTest(4, 5), within(1e-12));
        assertThat(s.describe("x", "y")).contains("B faster in 4 of 5 rounds").contains("median 0.900");
    }

    @Test
    void summaryRejectsSeriesOfDifferentLengths() {
        assertThatThrownBy(() -> Summary.of(new double[] {1, 2}, new double[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PairedStepComparison.Summary").hasMessageContaining("2 and 3");
    }

    @Test
    void optionsParseEveryFlag() {
        Options o = Options.parse("--a", "x", "--b", "y", "--mix", "5", "--dtype", "float64", "--threads", "2",
                "--steps", "7", "--rounds", "9", "--warmup-seconds", "1.5");
        assertThat(o).isEqualTo(new Options(Path.of("x"), Path.of("y"), 5, "float64", 2, 7, 9, 1.5));
        assertThat(Options.parse("--a", "x", "--b", "y")).isEqualTo(new Options(Path.of("x"), Path.of("y"), 1, "float32", 1, 100, 60, 20));
        // A mixture needs C2 longer before its kernels stop boxing.
        assertThat(Options.parse("--a", "x", "--b", "y", "--mix", "5").warmupSeconds()).isEqualTo(40);
        assertThat(Options.parse("--a", "x", "--b", "y", "--mix", "5", "--warmup-seconds", "3").warmupSeconds()).isEqualTo(3);
    }

    @Test
    void badOptionsNameTheFlag() {
        assertThatThrownBy(() -> Options.parse("--a", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--a and --b");
        assertThatThrownBy(() -> Options.parse("--a", "x", "--b", "y", "--speed", "2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown flag --speed");
        assertThatThrownBy(() -> Options.parse("--a", "x", "--b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--b needs a value");
        assertThatThrownBy(() -> Options.parse("--a", "x", "--b", "y", "--rounds", "many")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--rounds must be a number, got many");
        assertThatThrownBy(() -> Options.parse("--a", "x", "--b", "y", "--rounds", "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rounds=1");
        assertThatThrownBy(() -> Options.parse("--a", "x", "--b", "y", "--dtype", "half")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--dtype must be float32 or float64, got half");
        assertThatThrownBy(() -> Options.parse("--a", "x", "--b", "y", "--warmup-seconds", "NaN")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("warmup-seconds=NaN");
    }

    @Test
    void aFolderWithoutCompiledModulesIsNamed() {
        Options o = new Options(Path.of("no-such-checkout"), Path.of("no-such-checkout"), 1, "float32", 1, 1, 2, 0);
        assertThatThrownBy(() -> PairedStepComparison.compare(o)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-checkout").hasMessageContaining("does not exist");
    }

    @Test
    void comparesThisBuildWithItself() throws Exception {
        // Surefire runs in bench/; the reactor has compiled engine, gan and bench beside it.
        Path root = Path.of("").toAbsolutePath().getParent();
        Summary s = PairedStepComparison.compare(new Options(root, root, 1, "float32", 1, 2, 4, 0));
        assertThat(s.rounds()).isEqualTo(4);
        assertThat(s.aQuartiles()[1]).isPositive();
        assertThat(s.bQuartiles()[1]).isPositive();
        assertThat(s.bFaster()).isBetween(0, 4);
    }
}
