package dev.tussle.bench;

import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times the essay training step of two builds of Tussle side by side in one JVM, in short
 * alternating windows, and says whether the second is faster.
 *
 * <p>Why not two JMH runs: on this project's 2-vCPU VM the speed of a core drifts by 10–20 %
 * over minutes (a neighbour on the host), so two forks run a few minutes apart differ by more
 * than most changes to a kernel; a 17 % gain seen in one such pair did not survive repetition
 * (bench/RESULTS.md, session 10). Here each build is loaded by its own class loader from its
 * {@code engine}, {@code gan} and {@code bench} class folders, both are warmed up together, and
 * then windows of {@code steps} steps alternate (A B, B A, A B, ...), so that a slow spell of
 * the machine falls on both. The verdict is the median of the per-round ratios B/A with its
 * quartiles, and a two-sided sign test of "B is as often faster as slower".
 *
 * <p>What it cannot see: both builds share one JIT compiler, code cache and the profiles of the
 * JDK's own methods (the Vector API's among them), so a change that only hurts through what it
 * does to those (a second vector species polluting a shared profile, say) shows in a separate
 * JVM and not here. Run it with A = B first to see the spread of a null comparison.
 *
 * <p>Usage (bench/ab.sh builds two revisions and calls this):
 * {@code java --add-modules jdk.incubator.vector -cp bench/target/classes
 * dev.tussle.bench.PairedStepComparison --a DIR --b DIR [--mix K] [--dtype float32|float64]
 * [--threads N] [--steps N] [--rounds N] [--warmup-seconds S]}, each DIR a checkout whose
 * modules are compiled. Defaults: single GAN, float32, 1 thread, 60 rounds of 100 steps, 20 s
 * of warm-up (40 s for a mixture).
 */
public final class PairedStepComparison {
    private PairedStepComparison() {
    }

    /** What to compare and how long; see the class comment for the flags. */
    record Options(Path a, Path b, int mix, String dtype, int threads, int steps, int rounds, double warmupSeconds) {
        Options {
            if (a == null || b == null) {
                throw new IllegalArgumentException("PairedStepComparison: --a and --b (two compiled checkouts) are required");
            }
            if (mix < 1 || threads < 1 || steps < 1 || rounds < 2 || !(warmupSeconds >= 0)) {
                throw new IllegalArgumentException("PairedStepComparison: --mix, --threads and --steps must be >= 1, --rounds >= 2,"
                        + " --warmup-seconds >= 0; got mix=" + mix + ", threads=" + threads + ", steps=" + steps
                        + ", rounds=" + rounds + ", warmup-seconds=" + warmupSeconds);
            }
            if (!dtype.equals("float32") && !dtype.equals("float64")) {
                throw new IllegalArgumentException("PairedStepComparison: --dtype must be float32 or float64, got " + dtype);
            }
        }

        static Options parse(String... args) {
            Path a = null;
            Path b = null;
            int mix = 1;
            String dtype = "float32";
            int threads = 1;
            int steps = 100;
            int rounds = 60;
            Double warmup = null;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("PairedStepComparison: " + args[i] + " needs a value");
                }
                String v = args[i + 1];
                try {
                    switch (args[i]) {
                        case "--a" -> a = Path.of(v);
                        case "--b" -> b = Path.of(v);
                        case "--mix" -> mix = Integer.parseInt(v);
                        case "--dtype" -> dtype = v;
                        case "--threads" -> threads = Integer.parseInt(v);
                        case "--steps" -> steps = Integer.parseInt(v);
                        case "--rounds" -> rounds = Integer.parseInt(v);
                        case "--warmup-seconds" -> warmup = Double.parseDouble(v);
                        default -> throw new IllegalArgumentException("PairedStepComparison: unknown flag " + args[i]
                                + " (allowed: --a --b --mix --dtype --threads --steps --rounds --warmup-seconds)");
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("PairedStepComparison: " + args[i] + " must be a number, got " + v, e);
                }
            }
            // C2 takes 20-25 s of mixture steps to compile every micro-kernel on 2 vCPUs (until
            // then C1 boxes vectors), so a mixture's default warm-up is longer.
            return new Options(a, b, mix, dtype, threads, steps, rounds, warmup != null ? warmup : mix > 1 ? 40 : 20);
        }
    }

    /**
     * The comparison of per-round times {@code a[r]} and {@code b[r]} (milliseconds a step):
     * medians and quartiles of each and of the ratios b/a, how many rounds B was faster, and
     * the two-sided sign-test p-value of that count (ties count as half to each side).
     */
    record Summary(double[] aQuartiles, double[] bQuartiles, double[] ratioQuartiles, int bFaster, int rounds, double signTestP) {
        static Summary of(double[] a, double[] b) {
            if (a.length != b.length || a.length < 2) {
                throw new IllegalArgumentException("PairedStepComparison.Summary: need two equally long series of at least 2 rounds, got "
                        + a.length + " and " + b.length);
            }
            double[] ratio = new double[a.length];
            double faster = 0;
            for (int r = 0; r < a.length; r++) {
                ratio[r] = b[r] / a[r];
                faster += b[r] < a[r] ? 1 : b[r] == a[r] ? 0.5 : 0;
            }
            int wins = (int) Math.floor(faster);
            return new Summary(quartiles(a), quartiles(b), quartiles(ratio), wins, a.length, signTest(faster, a.length));
        }

        /** Lower quartile, median, upper quartile (linear interpolation between order statistics). */
        static double[] quartiles(double[] values) {
            double[] s = values.clone();
            java.util.Arrays.sort(s);
            return new double[] {quantile(s, 0.25), quantile(s, 0.5), quantile(s, 0.75)};
        }

        private static double quantile(double[] sorted, double q) {
            double pos = q * (sorted.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(sorted.length - 1, lo + 1);
            return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
        }

        /** Two-sided binomial(n, 1/2) p-value of a count at least as far from n/2 as {@code wins}. */
        static double signTest(double wins, int n) {
            double extreme = Math.min(wins, n - wins);
            double tail = 0;
            for (int i = 0; i <= Math.floor(extreme); i++) {
                tail += Math.exp(logChoose(n, i) - n * Math.log(2));
            }
            return Math.min(1, 2 * tail);
        }

        private static double logChoose(int n, int k) {
            double s = 0;
            for (int i = 1; i <= k; i++) {
                s += Math.log(n - k + i) - Math.log(i);
            }
            return s;
        }

        String describe(String nameA, String nameB) {
            return String.format(Locale.ROOT, """
                    A %s: median %.3f ms a step (quartiles %.3f, %.3f)
                    B %s: median %.3f ms a step (quartiles %.3f, %.3f)
                    B/A per round: median %.3f (quartiles %.3f, %.3f); B faster in %d of %d rounds, sign test p = %.3g""",
                    nameA, aQuartiles[1], aQuartiles[0], aQuartiles[2],
                    nameB, bQuartiles[1], bQuartiles[0], bQuartiles[2],
                    ratioQuartiles[1], ratioQuartiles[0], ratioQuartiles[2], bFaster, rounds, signTestP);
        }
    }

    /** One build's trainer, loaded in its own class loader, stepped by reflection. */
    private static final class Build {
        private final Object trainer;
        private final Method step;

        Build(Path root, Options o) throws ReflectiveOperationException, MalformedURLException {
            List<URL> urls = new ArrayList<>();
            for (String module : new String[] {"bench", "gan", "engine"}) {
                Path classes = root.resolve(module).resolve("target/classes");
                if (!Files.isDirectory(classes)) {
                    throw new IllegalArgumentException("PairedStepComparison: " + classes + " does not exist (compile " + root + " first)");
                }
                urls.add(classes.toUri().toURL());
            }
            ClassLoader loader = new URLClassLoader(root.toString(), urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            Class<?> pool = Class.forName("dev.tussle.engine.kernel.EnginePool", true, loader);
            pool.getMethod("setThreads", int.class).invoke(null, o.threads());
            Class<?> essay = Class.forName("dev.tussle.bench.EssayGanStep", true, loader);
            Method single = essay.getDeclaredMethod("single");
            Method mixture = essay.getDeclaredMethod("mixture", int.class);
            Method create = essay.getDeclaredMethod("trainer", single.getReturnType());
            single.setAccessible(true);
            mixture.setAccessible(true);
            create.setAccessible(true);
            Object config = o.mix() == 1 ? single.invoke(null) : mixture.invoke(null, o.mix());
            Method with = config.getClass().getMethod("with", String.class, String.class);
            config = with.invoke(config, "dtype", o.dtype());
            trainer = create.invoke(null, config);
            step = trainer.getClass().getMethod("step");
            step.setAccessible(true);
        }

        /** Milliseconds a step over {@code n} steps. */
        double run(int n) throws ReflectiveOperationException {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                step.invoke(trainer);
            }
            return (System.nanoTime() - t0) / 1e6 / n;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Summary summary = compare(o);
        System.out.printf(Locale.ROOT, "%s step, %s, %d thread(s), %d rounds of %d steps each after %.0f s of warm-up%n",
                o.mix() == 1 ? "single GAN" : "MIX+GAN k = " + o.mix(), o.dtype(), o.threads(), o.rounds(), o.steps(), o.warmupSeconds());
        System.out.println(summary.describe(o.a().toString(), o.b().toString()));
    }

    /** Loads both builds, warms them up together, then times {@code rounds} alternating windows of each. */
    static Summary compare(Options o) throws ReflectiveOperationException, MalformedURLException {
        Build[] builds = {new Build(o.a(), o), new Build(o.b(), o)};
        long warmEnd = System.nanoTime() + (long) (o.warmupSeconds() * 1e9);
        do {
            builds[0].run(o.steps());
            builds[1].run(o.steps());
        } while (System.nanoTime() < warmEnd);
        double[][] ms = new double[2][o.rounds()];
        for (int r = 0; r < o.rounds(); r++) {
            for (int q = 0; q < 2; q++) {
                int v = r % 2 == 0 ? q : 1 - q;
                ms[v][r] = builds[v].run(o.steps());
            }
        }
        return Summary.of(ms[0], ms[1]);
    }
}
