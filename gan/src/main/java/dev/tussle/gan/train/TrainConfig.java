package dev.tussle.gan.train;

import dev.tussle.engine.DType;
import dev.tussle.gan.data.DataSets;
import dev.tussle.gan.model.NoiseDistribution;
import dev.tussle.gan.objective.Objective;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything that defines a GAN training run. It round-trips through a map of flag name → text
 * ({@link #fromMap}, {@link #toMap}), which is what the command line parses and what a checkpoint
 * stores, so that {@code tussle resume} rebuilds the exact run.
 *
 * <p>The defaults train a GAN on the ring of 8 Gaussians (PacGAN's constants) in about a minute
 * on two cores: generator 2 → 128 → 128 → 2, discriminator 2 → 128 → 128 → 1, leaky ReLU 0.2,
 * non-saturating objective, Adam (lr 2e-4, β = (0.5, 0.999)), batch 256, 5000 steps.
 */
public record TrainConfig(
        String data, String dataFile, int dataSize, Shapes shapes,
        long steps, int batch, int dSteps, int gSteps, String objective,
        String noise, int noiseDim, int[] gHidden, int[] dHidden, String activation, double slope,
        String generator, String discriminator, String precision, String device,
        String optimizer, double lrG, double lrD, double beta1, double beta2, double momentum,
        double gp, boolean gpOneSided, double r1, double r2, double instanceNoise, long instanceNoiseAnneal,
        double l2, double clip, int paramNoiseCopies, double paramNoiseSigma, double consensus,
        long seed, int evalEvery, int evalSamples, int checkpointEvery, int logEvery,
        Mix mix) {

    /** The settings, their defaults and help, in the order {@code --help} lists them. */
    public static final List<Setting> SETTINGS = List.of(
            new Setting("data", "ring8", "built-in data set: two-points, four-points, circle, ring8, grid25, swiss-roll, gaussian1d"),
            new Setting("data-file", "", "points from a .csv or .npy file instead of --data"),
            new Setting("ring-radius", "1", "ring8: radius of the circle of means (PacGAN: 1)"),
            new Setting("ring-sigma", "0.01", "ring8: standard deviation of each Gaussian (PacGAN: 0.01)"),
            new Setting("grid-spacing", "2", "grid25: distance between neighbouring means, centred on 0 (PacGAN: 2)"),
            new Setting("grid-sigma", "0.05", "grid25: standard deviation of each Gaussian (PacGAN: 0.05)"),
            new Setting("circle-radius", "1", "circle: radius"),
            new Setting("gaussian-mean", "0", "gaussian1d: mean"),
            new Setting("gaussian-std", "1", "gaussian1d: standard deviation"),
            new Setting("data-size", "0", "draw a finite data set of this many points once (0: fresh samples every batch)"),
            new Setting("steps", "5000", "training steps (a step is d-steps discriminator then g-steps generator updates)"),
            new Setting("batch", "256", "batch size (real and generated)"),
            new Setting("d-steps", "1", "discriminator updates per step"),
            new Setting("g-steps", "1", "generator updates per step (after the discriminator's)"),
            new Setting("objective", "nonsaturating", "minimax, nonsaturating, wasserstein, leastsquares, hinge"),
            new Setting("noise", "gaussian", "latent distribution: gaussian, uniform"),
            new Setting("noise-dim", "2", "latent dimension"),
            new Setting("g-hidden", "128,128", "generator hidden layer widths, comma-separated"),
            new Setting("d-hidden", "128,128", "discriminator hidden layer widths, comma-separated (mlp only)"),
            new Setting("activation", "leakyrelu", "hidden activation: relu, leakyrelu, tanh"),
            new Setting("slope", "0.2", "negative slope of leakyrelu"),
            new Setting("generator", "mlp", "mlp (--g-hidden, --activation), or affine: g(z) = W·z + b, the stability essay's"),
            new Setting("discriminator", "mlp", "mlp, or gaussian (d(x) = exp(-(Wx+b)^2), the stability essay's)"),
            new Setting("dtype", "float32", "float32 or float64: parameters, noise, data batches and mixture weights"),
            new Setting("device", "cpu", "cpu, or cuda: networks and optimizers on the GPU (needs JCuda and a device)"),
            new Setting("optimizer", "adam", "adam, rmsprop, sgd (both players)"),
            new Setting("lr-g", "2e-4", "generator learning rate"),
            new Setting("lr-d", "2e-4", "discriminator learning rate"),
            new Setting("beta1", "0.5", "Adam beta1"),
            new Setting("beta2", "0.999", "Adam beta2"),
            new Setting("momentum", "0", "SGD / RMSProp momentum"),
            new Setting("gp", "0", "WGAN-GP penalty weight lambda on interpolates (0: off)"),
            new Setting("gp-one-sided", "false", "penalize only gradient norms above 1"),
            new Setting("r1", "0", "R1 penalty gamma on real data (0: off)"),
            new Setting("r2", "0", "R2 penalty gamma on generated data (0: off)"),
            new Setting("instance-noise", "0", "std of Gaussian noise added to every discriminator input (0: off)"),
            new Setting("instance-noise-anneal", "0", "steps over which instance noise decays to 0 (0: constant)"),
            new Setting("l2", "0", "L2 penalty on both players' parameters (0: off)"),
            new Setting("clip", "0", "clip discriminator weights to [-c, c] after each step (WGAN; 0: off)"),
            new Setting("param-noise-copies", "0", "average each gradient over this many parameter-noise copies (0: off)"),
            new Setting("param-noise-sigma", "0.2", "std of the parameter noise"),
            new Setting("consensus", "0", "consensus optimization gamma; makes updates simultaneous (0: off)"),
            new Setting("seed", "1", "random seed (same seed, same run, bit for bit)"),
            new Setting("eval-every", "500", "evaluate metrics every N steps (0: only at the end)"),
            new Setting("eval-samples", "2500", "generated samples per evaluation"),
            new Setting("checkpoint-every", "1000", "write a checkpoint every N steps (0: only at the end)"),
            new Setting("log-every", "50", "write a log line every N steps"),
            // MIX+GAN (dev.tussle.gan.mix); mix = 1 is the single GAN and ignores the rest.
            new Setting("mix", "1", "MIX+GAN: number of generators and of discriminators (1: a single GAN)"),
            new Setting("mix-update", "exponentiated", "mixture-weight update: exponentiated (gradient on the weights), "
                    + "optimizer (--optimizer on the log-weights)"),
            new Setting("mix-lr", "1e-3", "learning rate of the mixture weights"),
            new Setting("mix-entropy", "0.1", "entropy regularizer coefficient on the mixture weights (0: off)"),
            new Setting("mix-entropy-form", "uniform-ce", "uniform-ce (-(1/k) sum log(w + 1e-6)), shannon (sum w log w)"),
            new Setting("mix-entropy-on", "both", "players whose weights are regularized: both, generator, discriminator"),
            new Setting("mix-noise", "shared", "shared (one noise batch for all generators), independent"),
            new Setting("mix-sample", "per-sample", "how tussle sample draws components by default: per-sample, or per-batch "
                    + "(one for all samples); evaluation and plots always draw per sample"));

    /**
     * Named bundles of settings. {@code essay-2d} is the set-up of the hands-on 2-D essay: noise
     * of dimension 15 through 4 hidden layers of 50 (leaky ReLU) to R², a discriminator
     * 2 → [100, 50, 50] → 1 with a sigmoid output, Adam (lr 1e-5, β = (0.9, 0.999)), batch 500,
     * and 10 updates of each player per step (the essay's "epoch").
     */
    public static final Map<String, Map<String, String>> PRESETS = Map.of(
            "essay-2d", Map.ofEntries(Map.entry("noise-dim", "15"), Map.entry("g-hidden", "50,50,50,50"),
                    Map.entry("d-hidden", "100,50,50"), Map.entry("activation", "leakyrelu"), Map.entry("slope", "0.2"),
                    Map.entry("objective", "nonsaturating"), Map.entry("optimizer", "adam"), Map.entry("lr-g", "1e-5"),
                    Map.entry("lr-d", "1e-5"), Map.entry("beta1", "0.9"), Map.entry("beta2", "0.999"),
                    Map.entry("batch", "500"), Map.entry("d-steps", "10"), Map.entry("g-steps", "10")));

    private static final Map<String, Setting> BY_NAME = new LinkedHashMap<>();

    static {
        for (Setting s : SETTINGS) {
            BY_NAME.put(s.name(), s);
        }
    }

    public TrainConfig {
        gHidden = gHidden.clone();
        dHidden = dHidden.clone();
    }

    @Override
    public int[] gHidden() {
        return gHidden.clone();
    }

    @Override
    public int[] dHidden() {
        return dHidden.clone();
    }

    /**
     * The settings of preset {@code name}, overridden by {@code values}.
     *
     * @throws IllegalArgumentException naming {@code --preset} and the known presets
     */
    public static Map<String, String> withPreset(String name, Map<String, String> values) {
        Map<String, String> preset = PRESETS.get(name);
        if (preset == null) {
            throw new IllegalArgumentException("--preset: expected one of " + String.join(", ", PRESETS.keySet())
                    + ", got '" + name + "'");
        }
        Map<String, String> merged = new LinkedHashMap<>(preset);
        merged.putAll(values);
        return merged;
    }

    /** The configuration with every setting at its default. */
    public static TrainConfig defaults() {
        return fromMap(Map.of());
    }

    /** Whether {@code name} is a setting. */
    public static boolean isSetting(String name) {
        return BY_NAME.containsKey(name);
    }

    /**
     * Builds a configuration from flag name → text; absent names take their defaults.
     *
     * @throws IllegalArgumentException naming the flag ({@code --name}) and what it accepts, for
     *                                  an unknown name or a value that does not parse or is out of range
     */
    public static TrainConfig fromMap(Map<String, String> values) {
        for (String k : values.keySet()) {
            if (!BY_NAME.containsKey(k)) {
                throw new IllegalArgumentException("--" + k + ": unknown setting");
            }
        }
        Values v = new Values(values);
        TrainConfig c = new TrainConfig(
                v.choice("data", DataSets.names()), v.text("data-file"), v.integer("data-size", 0),
                new Shapes(v.positive("ring-radius"), v.positive("ring-sigma"), v.positive("grid-spacing"),
                        v.positive("grid-sigma"), v.positive("circle-radius"), v.number("gaussian-mean", -1e6, 1e6),
                        v.positive("gaussian-std")),
                v.longValue("steps", 1), v.integer("batch", 1), v.integer("d-steps", 1), v.integer("g-steps", 1),
                v.choice("objective", List.of("minimax", "nonsaturating", "wasserstein", "leastsquares", "hinge")),
                v.choice("noise", List.of("gaussian", "uniform")), v.integer("noise-dim", 1),
                v.widths("g-hidden"), v.widths("d-hidden"),
                v.choice("activation", List.of("relu", "leakyrelu", "tanh")), v.number("slope", 0, 1),
                v.choice("generator", List.of("mlp", "affine")), v.choice("discriminator", List.of("mlp", "gaussian")),
                v.choice("dtype", List.of("float32", "float64")),
                v.choice("device", List.of("cpu", "cuda")),
                v.choice("optimizer", List.of("adam", "rmsprop", "sgd")),
                v.positive("lr-g"), v.positive("lr-d"), v.number("beta1", 0, 0.999999), v.number("beta2", 0, 0.999999999),
                v.number("momentum", 0, 0.999999),
                v.number("gp", 0, 1e6), v.bool("gp-one-sided"), v.number("r1", 0, 1e6), v.number("r2", 0, 1e6),
                v.number("instance-noise", 0, 1e3), v.longValue("instance-noise-anneal", 0),
                v.number("l2", 0, 1e3), v.number("clip", 0, 1e6),
                v.integer("param-noise-copies", 0), v.number("param-noise-sigma", 0, 1e3), v.number("consensus", 0, 1e6),
                v.longValue("seed", Long.MIN_VALUE), v.integer("eval-every", 0), v.integer("eval-samples", 1),
                v.integer("checkpoint-every", 0), v.integer("log-every", 1),
                new Mix(v.integerAtMost("mix", 1, Mix.MAX_K), v.choice("mix-update", List.of("exponentiated", "optimizer")),
                        v.positive("mix-lr"), v.number("mix-entropy", 0, 1e6),
                        v.choice("mix-entropy-form", List.of("uniform-ce", "shannon")),
                        v.choice("mix-entropy-on", List.of("both", "generator", "discriminator")),
                        v.choice("mix-noise", List.of("shared", "independent")),
                        v.choice("mix-sample", List.of("per-sample", "per-batch"))));
        if (c.consensus > 0 && c.paramNoiseCopies > 0) {
            throw new IllegalArgumentException("--consensus: cannot be combined with --param-noise-copies "
                    + "(consensus needs the exact simultaneous gradient)");
        }
        if (c.cuda()) {
            c.requireCudaSupport();
        }
        if (c.mix.k() > 1) {
            // Each of the k discriminators sees all k generators' batches at once ([k, k·batch,
            // width]), and evaluation runs the k generators on all samples ([k, eval-samples, width]).
            long widest = Math.max(c.noiseDim, 2);
            for (int w : c.gHidden) {
                widest = Math.max(widest, w);
            }
            for (int w : c.dHidden) {
                widest = Math.max(widest, w);
            }
            long rows = Math.max((long) c.mix.k() * c.batch, c.evalSamples);
            if (c.mix.k() * rows * widest > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("--mix: " + c.mix.k() + " components with --batch " + c.batch
                        + ", --eval-samples " + c.evalSamples + " and layers up to " + widest + " wide need tensors of "
                        + c.mix.k() * rows * widest + " elements, more than " + Integer.MAX_VALUE
                        + " (k * max(k * batch, eval-samples) * width); use fewer components or a smaller batch");
            }
        }
        if (c.mix.k() > 1 && c.generator.equals("affine")) {
            throw new IllegalArgumentException("--mix: " + c.mix.k() + " needs --generator mlp "
                    + "(only MLPs are stacked), got affine");
        }
        if (c.mix.k() > 1 && c.discriminator.equals("gaussian")) {
            throw new IllegalArgumentException("--mix: " + c.mix.k() + " needs --discriminator mlp "
                    + "(only MLPs are stacked), got gaussian");
        }
        return c;
    }

    /**
     * Checks that each of the {@code given} settings (flag name → text, as on a command line)
     * does something in this run: a mixture's setting needs {@code --mix K} with K ≥ 2, a data
     * set's shape needs that data set, hidden widths need an MLP. A setting at its default passes
     * (a run's whole config.json given back as flags has every setting).
     *
     * @throws IllegalArgumentException naming the first setting that this run would record and ignore
     */
    public void requireUsed(Map<String, String> given) {
        TrainConfig defaults = defaults();
        for (Map.Entry<String, String> f : given.entrySet()) {
            String name = f.getKey();
            String shaped = Shapes.DATA_SET_OF.get(name);
            boolean mixOnly = name.startsWith("mix-") && mix.k() == 1;
            boolean otherData = shaped != null && !(dataFile.isEmpty() && data.equals(shaped));
            boolean noHidden = name.equals("g-hidden") && generator.equals("affine")
                    || name.equals("d-hidden") && discriminator.equals("gaussian");
            // The value as the configuration normalizes it ("1e-3" and "0.001" are one value).
            if (!(mixOnly || otherData || noHidden)
                    || fromMap(Map.of(name, f.getValue())).toMap().get(name).equals(defaults.toMap().get(name))) {
                continue;
            }
            if (noHidden) {
                throw new IllegalArgumentException("--" + name + " applies to MLPs only; this run has --"
                        + (name.equals("g-hidden") ? "generator affine" : "discriminator gaussian"));
            }
            if (mixOnly) {
                throw new IllegalArgumentException("--" + name + " applies to MIX+GAN only; add --mix K (K >= 2)");
            }
            throw new IllegalArgumentException("--" + name + " applies to --data " + shaped + " only; this run trains on "
                    + dataName());
        }
    }

    /** The data set's name: {@code --data}, or the file name of {@code --data-file} when one is given. */
    public String dataName() {
        return dataFile.isEmpty() ? data : java.nio.file.Path.of(dataFile).getFileName().toString();
    }

    /** The configuration as flag name → text, every setting present, in {@link #SETTINGS} order. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("data", data);
        m.put("data-file", dataFile);
        m.put("ring-radius", text(shapes.ringRadius()));
        m.put("ring-sigma", text(shapes.ringSigma()));
        m.put("grid-spacing", text(shapes.gridSpacing()));
        m.put("grid-sigma", text(shapes.gridSigma()));
        m.put("circle-radius", text(shapes.circleRadius()));
        m.put("gaussian-mean", text(shapes.gaussianMean()));
        m.put("gaussian-std", text(shapes.gaussianStd()));
        m.put("data-size", Integer.toString(dataSize));
        m.put("steps", Long.toString(steps));
        m.put("batch", Integer.toString(batch));
        m.put("d-steps", Integer.toString(dSteps));
        m.put("g-steps", Integer.toString(gSteps));
        m.put("objective", objective);
        m.put("noise", noise);
        m.put("noise-dim", Integer.toString(noiseDim));
        m.put("g-hidden", widthsText(gHidden));
        m.put("d-hidden", widthsText(dHidden));
        m.put("activation", activation);
        m.put("slope", text(slope));
        m.put("generator", generator);
        m.put("discriminator", discriminator);
        m.put("dtype", precision);
        m.put("device", device);
        m.put("optimizer", optimizer);
        m.put("lr-g", text(lrG));
        m.put("lr-d", text(lrD));
        m.put("beta1", text(beta1));
        m.put("beta2", text(beta2));
        m.put("momentum", text(momentum));
        m.put("gp", text(gp));
        m.put("gp-one-sided", Boolean.toString(gpOneSided));
        m.put("r1", text(r1));
        m.put("r2", text(r2));
        m.put("instance-noise", text(instanceNoise));
        m.put("instance-noise-anneal", Long.toString(instanceNoiseAnneal));
        m.put("l2", text(l2));
        m.put("clip", text(clip));
        m.put("param-noise-copies", Integer.toString(paramNoiseCopies));
        m.put("param-noise-sigma", text(paramNoiseSigma));
        m.put("consensus", text(consensus));
        m.put("seed", Long.toString(seed));
        m.put("eval-every", Integer.toString(evalEvery));
        m.put("eval-samples", Integer.toString(evalSamples));
        m.put("checkpoint-every", Integer.toString(checkpointEvery));
        m.put("log-every", Integer.toString(logEvery));
        m.put("mix", Integer.toString(mix.k()));
        m.put("mix-update", mix.update());
        m.put("mix-lr", text(mix.lr()));
        m.put("mix-entropy", text(mix.entropy()));
        m.put("mix-entropy-form", mix.entropyForm());
        m.put("mix-entropy-on", mix.entropyOn());
        m.put("mix-noise", mix.noise());
        m.put("mix-sample", mix.sampling());
        return m;
    }

    /** A copy with {@code name} set to {@code value} (validated like a flag). */
    public TrainConfig with(String name, String value) {
        Map<String, String> m = toMap();
        if (!m.containsKey(name)) {
            throw new IllegalArgumentException("--" + name + ": unknown setting");
        }
        m.put(name, value);
        return fromMap(m);
    }

    /** The objective this configuration names. */
    public Objective objectiveFunction() {
        return Objective.byName(objective);
    }

    /** The element type of the networks, noise, data batches and mixture weights ({@code --dtype}). */
    public DType dtype() {
        return precision.equals("float64") ? DType.F64 : DType.F32;
    }

    /** Whether the networks train on a CUDA device ({@code --device cuda}). */
    public boolean cuda() {
        return device.equals("cuda");
    }

    /**
     * Rejects the settings the CUDA path does not run: it trains float32 MLPs with Adam, SGD or
     * RMSProp, weight clipping, instance noise and the L2 penalty; the penalties that need
     * gradients of gradients (or many evaluations per step) run on the CPU only.
     */
    private void requireCudaSupport() {
        List<String> unsupported = new java.util.ArrayList<>();
        if (precision.equals("float64")) {
            unsupported.add("--dtype float64 (the CUDA path is float32)");
        }
        if (discriminator.equals("gaussian")) {
            unsupported.add("--discriminator gaussian (only MLPs run on the device)");
        }
        if (generator.equals("affine")) {
            unsupported.add("--generator affine (only MLPs run on the device)");
        }
        if (gp > 0) {
            unsupported.add("--gp");
        }
        if (r1 > 0) {
            unsupported.add("--r1");
        }
        if (r2 > 0) {
            unsupported.add("--r2");
        }
        if (consensus > 0) {
            unsupported.add("--consensus");
        }
        if (paramNoiseCopies > 0) {
            unsupported.add("--param-noise-copies");
        }
        if (!unsupported.isEmpty()) {
            throw new IllegalArgumentException("--device cuda: not supported on the CUDA path: "
                    + String.join(", ", unsupported) + "; run these with --device cpu");
        }
    }

    /** The latent distribution this configuration names. */
    public NoiseDistribution noiseDistribution() {
        return NoiseDistribution.byName(noise);
    }

    /** The configuration as a JSON object (flat, values as strings). */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        toMap().forEach((k, val) -> sb.append(sb.length() > 1 ? ", " : "").append('"').append(k).append("\": \"")
                .append(val.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
        return sb.append('}').toString();
    }

    private static String text(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String widthsText(int[] w) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            sb.append(i == 0 ? "" : ",").append(w[i]);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainConfig c && toMap().equals(c.toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return "TrainConfig" + toMap();
    }

    /**
     * The parameters of the built-in data sets, each used by one of them (the others ignore it):
     * the defaults are PacGAN's constants for the ring and the grid, and the unit circle and the
     * standard normal.
     *
     * @param ringRadius   ring8's radius ({@code --ring-radius})
     * @param ringSigma    ring8's standard deviation per mode ({@code --ring-sigma})
     * @param gridSpacing  grid25's distance between neighbouring means ({@code --grid-spacing})
     * @param gridSigma    grid25's standard deviation per mode ({@code --grid-sigma})
     * @param circleRadius circle's radius ({@code --circle-radius})
     * @param gaussianMean gaussian1d's mean ({@code --gaussian-mean})
     * @param gaussianStd  gaussian1d's standard deviation ({@code --gaussian-std})
     */
    public record Shapes(double ringRadius, double ringSigma, double gridSpacing, double gridSigma,
                         double circleRadius, double gaussianMean, double gaussianStd) {
        /** The data set each setting shapes, by setting name. */
        public static final Map<String, String> DATA_SET_OF = Map.of("ring-radius", "ring8", "ring-sigma", "ring8",
                "grid-spacing", "grid25", "grid-sigma", "grid25", "circle-radius", "circle",
                "gaussian-mean", "gaussian1d", "gaussian-std", "gaussian1d");
    }

    /**
     * The MIX+GAN settings (see {@code dev.tussle.gan.mix.MixtureTrainer}); {@code k = 1} is the
     * single GAN, and then the others are unused.
     *
     * @param k           the number of generators and of discriminators ({@code --mix})
     * @param update      {@code exponentiated} or {@code optimizer} ({@code --mix-update})
     * @param lr          the weights' learning rate ({@code --mix-lr})
     * @param entropy     the entropy regularizer's coefficient ({@code --mix-entropy})
     * @param entropyForm {@code uniform-ce} or {@code shannon} ({@code --mix-entropy-form})
     * @param entropyOn   {@code both}, {@code generator} or {@code discriminator} ({@code --mix-entropy-on})
     * @param noise       {@code shared} or {@code independent} ({@code --mix-noise})
     * @param sampling    {@code per-sample} or {@code per-batch} ({@code --mix-sample})
     */
    public record Mix(int k, String update, double lr, double entropy, String entropyForm, String entropyOn,
                      String noise, String sampling) {
        /** The largest accepted {@code --mix}: far beyond what fits, but it keeps k·k·batch in an int. */
        public static final int MAX_K = 1024;
    }

    /** Typed reads of the raw values with messages that name the flag. */
    private static final class Values {
        private final Map<String, String> raw;

        Values(Map<String, String> raw) {
            this.raw = raw;
        }

        String text(String name) {
            return raw.getOrDefault(name, BY_NAME.get(name).defaultValue()).trim();
        }

        private <T> T parse(String name, String expected, Function<String, T> parser) {
            String s = text(name);
            try {
                return parser.apply(s);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--" + name + ": expected " + expected + ", got '" + s + "'");
            }
        }

        String choice(String name, List<String> allowed) {
            String s = text(name).toLowerCase(Locale.ROOT);
            if (!allowed.contains(s)) {
                throw new IllegalArgumentException("--" + name + ": expected one of " + String.join(", ", allowed)
                        + ", got '" + text(name) + "'");
            }
            return s;
        }

        int integer(String name, int min) {
            int v = parse(name, "an integer >= " + min, Integer::parseInt);
            if (v < min) {
                throw new IllegalArgumentException("--" + name + ": expected an integer >= " + min + ", got '" + v + "'");
            }
            return v;
        }

        int integerAtMost(String name, int min, int max) {
            String expected = "an integer in [" + min + ", " + max + "]";
            int v = parse(name, expected, Integer::parseInt);
            if (v < min || v > max) {
                throw new IllegalArgumentException("--" + name + ": expected " + expected + ", got '" + v + "'");
            }
            return v;
        }

        long longValue(String name, long min) {
            long v = parse(name, "an integer >= " + min, Long::parseLong);
            if (v < min) {
                throw new IllegalArgumentException("--" + name + ": expected an integer >= " + min + ", got '" + v + "'");
            }
            return v;
        }

        double number(String name, double min, double max) {
            String expected = "a number in [" + TrainConfig.text(min) + ", " + TrainConfig.text(max) + "]";
            double v = parse(name, expected, Double::parseDouble);
            if (!(v >= min && v <= max)) {
                throw new IllegalArgumentException("--" + name + ": expected " + expected + ", got '" + text(name) + "'");
            }
            return v;
        }

        double positive(String name) {
            double v = parse(name, "a positive number", Double::parseDouble);
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("--" + name + ": expected a positive number, got '" + text(name) + "'");
            }
            return v;
        }

        boolean bool(String name) {
            String s = text(name).toLowerCase(Locale.ROOT);
            return switch (s) {
                case "true", "yes", "1" -> true;
                case "false", "no", "0" -> false;
                default -> throw new IllegalArgumentException("--" + name + ": expected true or false, got '" + text(name) + "'");
            };
        }

        int[] widths(String name) {
            String s = text(name);
            if (s.isEmpty()) {
                return new int[0];
            }
            int[] w = parse(name, "comma-separated positive widths like 128,128",
                    t -> Arrays.stream(t.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray());
            for (int x : w) {
                if (x <= 0) {
                    throw new IllegalArgumentException("--" + name + ": expected comma-separated positive widths like "
                            + "128,128, got '" + s + "'");
                }
            }
            return w;
        }
    }
}
