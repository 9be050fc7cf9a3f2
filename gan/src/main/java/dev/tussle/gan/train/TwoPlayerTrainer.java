package dev.tussle.gan.train;

import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.engine.TensorArena;
import dev.tussle.engine.io.CheckpointException;
import dev.tussle.engine.io.SafeTensors;
import dev.tussle.engine.nn.Module;
import dev.tussle.engine.optim.Optimizer;
import dev.tussle.engine.optim.OptimizerState;
import dev.tussle.engine.optim.ParamConstraint;
import dev.tussle.gan.data.DataSet;
import dev.tussle.gan.objective.Objective;
import dev.tussle.gan.regularize.InstanceNoise;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a trainer of a generator side and a discriminator side shares, whatever its networks
 * ({@link GanTrainer}: one of each; {@code MixtureTrainer}: k of each, stacked): the
 * configuration, the data, the run's one random stream, the step count, the arena each CPU step
 * runs in, the objective and instance noise, both sides' optimizers, the device step with {@code --device cuda} (and bringing the
 * CPU copies up to date from it), and the checkpoint sections of both networks and optimizers.
 * A subclass builds its networks from {@link #rng} in its constructor, hands their parameters to
 * {@link #setPlayers}, and writes its two kinds of step.
 */
public abstract class TwoPlayerTrainer implements Trainer {
    private static final String G = "generator.";
    private static final String D = "discriminator.";
    private static final String OPT_G = "optimizer_g.";
    private static final String OPT_D = "optimizer_d.";

    /** The step on a CUDA device: the same draws in the same order, the passes and updates on the device. */
    public interface DeviceStep {
        /** One training step from step count {@code step}; returns its statistics. */
        StepStats step(long step);

        /** The device copies of both sides' networks and optimizer states. */
        DevicePlayers players();
    }

    protected final TrainConfig config;
    protected final DataSet data;
    /** The run's one stream: initialization, data, noise and every other draw, in a fixed order. */
    protected final Rng rng;
    protected final Objective objective;
    protected final InstanceNoise instanceNoise;
    /** Completed steps. */
    protected long step;
    protected Optimizer optG;
    protected Optimizer optD;
    protected List<Tensor> paramsG;
    protected List<Tensor> paramsD;
    private Module generatorNetwork;
    private Module discriminatorNetwork;
    private TensorArena arena = new TensorArena();
    /**
     * The arena scope of CPU steps, open while one is under way: one handle, reopened each step
     * (null before the first).
     */
    private TensorArena.Scope scope;
    /** The step on the device with {@code --device cuda}, else null. */
    private DeviceStep device;
    /** Whether the device has stepped since the CPU networks were last brought up to date. */
    private boolean deviceAhead;

    /** Seeds the stream and takes the training data ({@link TrainerSupport#trainingData}), the objective and instance noise. */
    protected TwoPlayerTrainer(TrainConfig config, DataSet data) {
        this.config = config;
        this.rng = new Rng(config.seed());
        this.data = TrainerSupport.trainingData(config, data);
        this.objective = config.objectiveFunction();
        this.instanceNoise = new InstanceNoise(config.instanceNoise(), config.instanceNoiseAnneal());
    }

    /** The configured L2 penalty on {@code params} ({@link TrainerSupport#l2Penalty}). */
    protected final Tensor l2(List<Tensor> params) {
        return TrainerSupport.l2Penalty(config, params);
    }

    /** Mean discriminator output: a probability for logit outputs, the raw score for critics. */
    protected final double meanD(Tensor out) {
        return TrainerSupport.meanOutput(objective, out);
    }

    /**
     * The two sides' networks, once built: makes their optimizers from the configuration
     * ({@code --clip} constrains the discriminators') and lists their parameters.
     */
    protected final void setPlayers(Module generators, Module discriminators) {
        this.generatorNetwork = generators;
        this.discriminatorNetwork = discriminators;
        this.optG = TrainerSupport.optimizer(config, config.lrG(), generators.parameters());
        this.optD = TrainerSupport.optimizer(config, config.lrD(), discriminators.parameters());
        if (config.clip() > 0) {
            optD.constrain(ParamConstraint.clip(config.clip()));
        }
        this.paramsG = List.copyOf(generators.parameters().values());
        this.paramsD = List.copyOf(discriminators.parameters().values());
    }

    /** Runs the steps on {@code device} from now on (made once the networks exist, with {@code --device cuda}). */
    protected final void setDevice(DeviceStep device) {
        this.device = device;
    }

    /** Brings the CPU networks and optimizers up to date with the device's (no-op on the CPU path). */
    protected final void syncFromDevice() {
        if (device != null && deviceAhead) {
            device.players().download();
            deviceAhead = false;
        }
    }

    @Override
    public final TrainConfig config() {
        return config;
    }

    @Override
    public final DataSet data() {
        return data;
    }

    @Override
    public final long stepCount() {
        return step;
    }

    @Override
    public final void recycleThrough(TensorArena arena) {
        this.arena = arena;
    }

    /**
     * One step on the device, or on the CPU inside the arena: {@code d-steps} discriminator
     * updates then {@code g-steps} generator updates, or one simultaneous update with consensus
     * optimization.
     *
     * @throws TrainingDivergedException when a loss, gradient norm or mean output is not finite
     */
    @Override
    public final StepStats step() {
        StepStats stats;
        if (device != null) {
            deviceAhead = true;
            stats = device.step(step);
            step++;
        } else {
            if (scope == null) {
                scope = TensorArena.open(arena);
            } else {
                scope.reopen();
            }
            try {
                stats = config.consensus() > 0 ? simultaneousStep() : alternatingStep();
                // Gradients made inside the step may live in the arena: none may outlive it.
                zeroGradients();
            } finally {
                scope.close();
            }
        }
        checkFinite(stats);
        return stats;
    }

    /** Discriminator updates then generator updates, on the CPU; counts the step. */
    protected abstract StepStats alternatingStep();

    /** One simultaneous update of both sides with consensus optimization, on the CPU; counts the step. */
    protected abstract StepStats simultaneousStep();

    /**
     * Ends one update of one player inside a CPU step (after its optimizer step, when another
     * update follows: the step's end does the same after the last): drops the gradients and
     * hands everything the update made in the arena (arrays, tensor objects, graph nodes) back
     * to it, for the next update of the step to reuse. Nothing made before may be read after,
     * which holds between updates: each draws its own batches, and what it reports leaves as
     * numbers. A step's arena then holds what its largest update needs, not the sum of all of
     * them (the essay's k = 5 MIX+GAN step: 40 -> 27 MB; values unchanged, step time unchanged
     * within the noise). Does nothing on the device.
     */
    protected final void endUpdate() {
        if (scope != null && scope.isOpen()) {
            zeroGradients();
            scope.restart();
        }
    }

    /** Drops every gradient the step left (they may live in the step's arena). */
    protected void zeroGradients() {
        optG.zeroGrad();
        optD.zeroGrad();
    }

    /** Throws {@link TrainingDivergedException} when the step's statistics are not all finite. */
    protected void checkFinite(StepStats stats) {
        TrainerSupport.checkFinite(stats);
    }

    /** The parameters of both sides' networks (generators first), for inspection. */
    public final List<Tensor> parameters() {
        syncFromDevice();
        List<Tensor> all = new ArrayList<>(paramsG);
        all.addAll(paramsD);
        return all;
    }

    // ------------------------------------------------------------------ checkpoints

    /** Writes everything needed to resume bit-identically (atomically: the previous file survives a crash mid-write). */
    @Override
    public final void saveCheckpoint(Path path) throws IOException {
        syncFromDevice();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        TrainerSupport.putSection(tensors, G, generatorNetwork.stateTensors());
        TrainerSupport.putSection(tensors, D, discriminatorNetwork.stateTensors());
        OptimizerState sg = optG.saveState();
        OptimizerState sd = optD.saveState();
        TrainerSupport.putSection(tensors, OPT_G, sg.tensors());
        TrainerSupport.putSection(tensors, OPT_D, sd.tensors());
        Map<String, String> meta = TrainerSupport.checkpointMetadata(checkpointKind(), step, rng, config);
        meta.put("tussle.optimizer_g_step", Long.toString(sg.step()));
        meta.put("tussle.optimizer_d_step", Long.toString(sd.step()));
        saveExtraState(tensors, meta);
        meta.put("tussle.generator", generatorNetwork.describe());
        meta.put("tussle.discriminator", discriminatorNetwork.describe());
        SafeTensors.write(path, tensors, meta);
    }

    /** The checkpoint's {@code tussle.kind}. */
    protected abstract String checkpointKind();

    /** Adds a subclass's own state to a checkpoint being written (nothing by default). */
    protected void saveExtraState(Map<String, Tensor> tensors, Map<String, String> meta) {
    }

    /** Loads a subclass's own state from a checkpoint (nothing by default). */
    protected void loadExtraState(Map<String, Tensor> tensors, Map<String, String> meta) throws CheckpointException {
    }

    /**
     * Restores this freshly created trainer from checkpoint {@code c} of {@code path}: networks,
     * optimizers, the subclass's state, the stream and the step count; then the device copies.
     *
     * @throws CheckpointException when a tensor does not match this trainer's configuration, or
     *         the metadata lacks a step count or the stream's state
     */
    protected final void restore(Path path, SafeTensors.Contents c) throws CheckpointException {
        Map<String, String> meta = c.metadata();
        try {
            generatorNetwork.loadState(TrainerSupport.section(c.tensors(), G));
            discriminatorNetwork.loadState(TrainerSupport.section(c.tensors(), D));
            optG.loadState(new OptimizerState(TrainerSupport.section(c.tensors(), OPT_G),
                    TrainerSupport.number(meta, "tussle.optimizer_g_step")));
            optD.loadState(new OptimizerState(TrainerSupport.section(c.tensors(), OPT_D),
                    TrainerSupport.number(meta, "tussle.optimizer_d_step")));
            loadExtraState(c.tensors(), meta);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(path + ": checkpoint does not match its configuration: " + e.getMessage());
        }
        TrainerSupport.restoreRng(path, meta, rng);
        step = TrainerSupport.number(meta, "tussle.step");
        if (device != null) {
            device.players().upload();
        }
    }
}
