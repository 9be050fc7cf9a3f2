package dev.tussle.gan.train;

import dev.tussle.engine.Autodiff;
import dev.tussle.engine.GradMode;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.engine.io.CheckpointException;
import dev.tussle.engine.nn.Activation;
import dev.tussle.engine.optim.Adam;
import dev.tussle.engine.optim.Optimizer;
import dev.tussle.engine.optim.RmsProp;
import dev.tussle.engine.optim.Sgd;
import dev.tussle.gan.data.DataSet;
import dev.tussle.gan.data.DataSets;
import dev.tussle.gan.data.FiniteDataSet;
import dev.tussle.gan.objective.Objective;
import dev.tussle.gan.regularize.ParameterNoiseSmoothing;
import dev.tussle.gan.regularize.ParameterPenalties;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The pieces the single-GAN trainer and the MIX+GAN trainer share, so that both build their
 * networks, optimizers and gradients, and write and read their checkpoints, the same way.
 */
public final class TrainerSupport {
    /** The metadata prefix under which a checkpoint stores its configuration's settings. */
    public static final String CONFIG_PREFIX = "config.";

    private TrainerSupport() {
    }

    /**
     * The data set the configuration names: {@code --data-file} when given, else {@code --data}.
     *
     * @throws IllegalArgumentException naming {@code --data-file} when it names no readable file
     *         or its contents are not points
     * @throws UncheckedIOException when reading {@code --data-file} fails midway
     */
    public static DataSet dataSet(TrainConfig config) {
        if (config.dataFile().isEmpty()) {
            TrainConfig.Shapes p = config.shapes();
            return switch (config.data()) {
                case "ring8" -> DataSets.ring(8, p.ringRadius(), p.ringSigma());
                case "grid25" -> DataSets.grid(5, p.gridSpacing(), p.gridSigma());
                case "circle" -> DataSets.circle(p.circleRadius());
                case "gaussian1d" -> DataSets.gaussian1d(p.gaussianMean(), p.gaussianStd());
                default -> DataSets.byName(config.data());
            };
        }
        Path file = Path.of(config.dataFile());
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("--data-file: " + file + " is not a readable file");
        }
        try {
            return DataSets.fromFile(file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--data-file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("--data-file: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * What the trainer samples from: {@code data} itself, or with {@code --data-size N} a finite
     * set of N points drawn once from a stream forked off the seed (so it never perturbs training).
     */
    public static DataSet trainingData(TrainConfig config, DataSet data) {
        return config.dataSize() > 0 ? FiniteDataSet.drawnFrom(data, config.dataSize(), new Rng(config.seed()).fork(1))
                : data;
    }

    /** The hidden activation the configuration names. */
    public static Activation activation(TrainConfig config) {
        return switch (config.activation()) {
            case "relu" -> Activation.relu();
            case "tanh" -> Activation.tanh();
            default -> Activation.leakyRelu(config.slope());
        };
    }

    /** The configured optimizer (kind, betas, momentum) at learning rate {@code lr} over {@code params}. */
    public static Optimizer optimizer(TrainConfig c, double lr, Map<String, Tensor> params) {
        return switch (c.optimizer()) {
            case "rmsprop" -> RmsProp.builder(lr).momentum(c.momentum()).build(params);
            case "sgd" -> Sgd.builder(lr).momentum(c.momentum()).build(params);
            default -> Adam.builder(lr).betas(c.beta1(), c.beta2()).build(params);
        };
    }

    /**
     * Computes the gradient of {@code loss} into {@code params} (after zeroing {@code opt}'s
     * gradients), smoothed by parameter noise when the configuration asks for it, and returns the
     * loss's value.
     *
     * <p>{@code exact}, when not null, is a further leaf whose gradient is taken from the plain,
     * unperturbed loss even under parameter noise (the mixture weights: the noise smooths the
     * networks' landscape, not the weights'). It must be a fresh leaf without a gradient; with
     * parameter noise it gets its gradient from the evaluation that also gives the returned value.
     */
    public static double computeGradients(TrainConfig config, Rng rng, Optimizer opt, List<Tensor> params,
                                          Tensor exact, Supplier<Tensor> loss) {
        opt.zeroGrad();
        if (config.paramNoiseCopies() > 0) {
            List<Tensor> g = new ParameterNoiseSmoothing(config.paramNoiseCopies(), config.paramNoiseSigma())
                    .averageGradient(params, loss, rng);
            for (int i = 0; i < params.size(); i++) {
                params.get(i).setGrad(g.get(i));
            }
            // The value comes from one plain evaluation, recorded like any other: the gradient
            // penalties take an input gradient inside the loss, which fails in no-grad mode.
            Tensor l = loss.get();
            if (exact != null) {
                exact.setGrad(Autodiff.grad(l, List.of(exact), false).get(0));
            }
            return l.item();
        }
        Tensor l = loss.get();
        l.backward();
        return l.item();
    }

    /** {@code n} points of {@code data} drawn with {@code rng}, as the configuration's dtype. */
    public static Tensor batch(TrainConfig config, DataSet data, Rng rng, int n) {
        return data.sample(rng, n).to(config.dtype());
    }

    /** The L2 penalty on {@code params} when {@code --l2} is on, else a scalar 0 (part of the graph). */
    public static Tensor l2Penalty(TrainConfig config, List<Tensor> params) {
        return config.l2() > 0 ? ParameterPenalties.l2(params, config.l2()) : Tensor.scalar(0, config.dtype());
    }

    /** Mean D over all of {@code out}: a probability for logit outputs, the raw score for critics (no graph). */
    public static double meanOutput(Objective objective, Tensor out) {
        try (var scope = GradMode.noGrad()) {
            return (objective.f().outputIsLogit() ? out.sigmoid() : out).mean().item();
        }
    }

    /** Sets {@code grads.get(i)} as the gradient of {@code params.get(i)}. */
    public static void setGradients(List<Tensor> params, List<Tensor> grads) {
        for (int i = 0; i < params.size(); i++) {
            params.get(i).setGrad(grads.get(i));
        }
    }

    /**
     * Returns normally when every value of {@code stats} is finite.
     *
     * @throws TrainingDivergedException naming the first non-finite value
     */
    public static void checkFinite(StepStats stats) {
        if (!stats.allFinite()) {
            throw new TrainingDivergedException(stats.step(), "step " + stats.step() + ": " + stats.firstNonFinite());
        }
    }

    /** Sets {@code requiresGrad} on every tensor of {@code params}. */
    public static void setRequiresGrad(List<Tensor> params, boolean on) {
        for (int i = 0; i < params.size(); i++) { // indexed: every step calls this; no iterator
            params.get(i).requiresGrad(on);
        }
    }

    // ------------------------------------------------------------------ checkpoints

    /**
     * The metadata every Tussle training checkpoint carries: format, kind, step, the training
     * {@link Rng}'s state and the configuration's settings (under {@link #CONFIG_PREFIX}).
     */
    public static Map<String, String> checkpointMetadata(String kind, long step, Rng rng, TrainConfig config) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("tussle.kind", kind);
        meta.put("tussle.step", Long.toString(step));
        StringBuilder words = new StringBuilder();
        for (long w : rng.state()) {
            words.append(words.isEmpty() ? "" : ",").append(w);
        }
        meta.put("tussle.rng", words.toString());
        config.toMap().forEach((k, v) -> meta.put(CONFIG_PREFIX + k, v));
        return meta;
    }

    /** Puts each of {@code tensors} into {@code into} under {@code prefix + name}. */
    public static void putSection(Map<String, Tensor> into, String prefix, Map<String, Tensor> tensors) {
        tensors.forEach((n, t) -> into.put(prefix + n, t));
    }

    /** The entries of {@code all} whose name starts with {@code prefix}, with the prefix removed. */
    public static Map<String, Tensor> section(Map<String, Tensor> all, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /**
     * The configuration stored in a checkpoint's metadata, with {@code overrides} applied.
     *
     * @throws CheckpointException when the stored settings are not a valid configuration
     */
    public static TrainConfig checkpointConfig(Path path, Map<String, String> meta, Map<String, String> overrides)
            throws CheckpointException {
        Map<String, String> settings = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (k.startsWith(CONFIG_PREFIX)) {
                settings.put(k.substring(CONFIG_PREFIX.length()), v);
            }
        });
        settings.putAll(overrides);
        try {
            return TrainConfig.fromMap(settings);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(path + ": invalid configuration in checkpoint: " + e.getMessage());
        }
    }

    /** Restores {@code rng} from the checkpoint's {@code tussle.rng}. */
    public static void restoreRng(Path path, Map<String, String> meta, Rng rng) throws CheckpointException {
        String[] words = meta.getOrDefault("tussle.rng", "").split(",", -1);
        if (words.length != 6) {
            throw new CheckpointException(path + ": tussle.rng must hold 6 comma-separated integers");
        }
        long[] state = new long[6];
        for (int i = 0; i < 6; i++) {
            state[i] = parseLong(path, "tussle.rng", words[i]);
        }
        rng.restore(state);
    }

    /**
     * The integer under {@code key} in a checkpoint's metadata.
     *
     * @throws CheckpointException when it is missing or not an integer
     */
    public static long number(Map<String, String> meta, String key) throws CheckpointException {
        String v = meta.get(key);
        if (v == null) {
            throw new CheckpointException("checkpoint lacks __metadata__ key '" + key + "'");
        }
        return parseLong(null, key, v);
    }

    private static long parseLong(Path path, String key, String v) throws CheckpointException {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new CheckpointException((path == null ? "" : path + ": ") + "__metadata__ '" + key
                    + "' is not an integer: '" + v + "'");
        }
    }
}
