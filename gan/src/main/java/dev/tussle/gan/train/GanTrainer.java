package dev.tussle.gan.train;

import dev.tussle.engine.DType;
import dev.tussle.engine.GradMode;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.engine.io.CheckpointException;
import dev.tussle.engine.io.SafeTensors;
import dev.tussle.engine.nn.Activation;
import dev.tussle.engine.optim.Optimizer;
import dev.tussle.gan.data.DataSet;
import dev.tussle.gan.model.Discriminator;
import dev.tussle.gan.model.Generator;
import dev.tussle.gan.regularize.ConsensusOptimization;
import dev.tussle.gan.regularize.GradientPenalties;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Trains one GAN: a generator and a discriminator, each with its own optimizer, on a data set,
 * with the objective and regularizers of a {@link TrainConfig}.
 *
 * <p>A step is {@code d-steps} discriminator updates followed by {@code g-steps} generator
 * updates (or, with consensus optimization, one simultaneous update of both). All randomness — initialization,
 * data, noise, interpolation points, instance and parameter noise — comes from one {@link Rng}
 * seeded by the configuration, drawn in a fixed order; evaluation draws from streams forked off
 * the seed, so evaluating never perturbs training. Hence the same configuration gives the same
 * run bit for bit, and a run resumed from a checkpoint continues exactly as if uninterrupted.
 */
public final class GanTrainer extends TwoPlayerTrainer {
    /** The {@code tussle.kind} of a single-GAN checkpoint. */
    static final String KIND = "gan-checkpoint";

    private final Generator generator;
    private final Discriminator discriminator;
    /**
     * The CPU update under way's inputs, which the loss suppliers below read: suppliers made once
     * rather than a capturing lambda per update, so that a step allocates nothing but its result.
     * Cleared when the step ends.
     */
    private Tensor realIn;
    private Tensor fakeIn;
    private Tensor noiseIn;
    /** Mean D(real) and D(fake) of the step's last discriminator update. */
    private final double[] means = new double[2];
    private final Supplier<Tensor> updateLossD = () -> discriminatorLoss(realIn, fakeIn, means);
    private final Supplier<Tensor> updateLossG = () -> generatorLoss(noiseIn);

    private GanTrainer(TrainConfig config, DataSet data) {
        super(config, data);
        Activation act = TrainerSupport.activation(config);
        int dim = data.dim();
        DType dtype = config.dtype();
        this.generator = config.generator().equals("affine")
                ? Generator.affine(config.noiseDim(), dim, config.noiseDistribution(), dtype, rng)
                : Generator.mlp(config.noiseDim(), config.gHidden(), dim, act, config.noiseDistribution(), dtype, rng);
        this.discriminator = config.discriminator().equals("gaussian") ? Discriminator.gaussian(dim, dtype, rng)
                : Discriminator.mlp(dim, config.dHidden(), act, dtype, rng);
        setPlayers(generator.network(), discriminator.network());
    }

    /**
     * A trainer at step 0 for {@code config}, on the data set it names.
     *
     * @throws UncheckedIOException when {@code --data-file} cannot be read
     */
    public static GanTrainer create(TrainConfig config) {
        return create(config, TrainerSupport.dataSet(config));
    }

    /**
     * A trainer at step 0 for {@code config} on the given data set (the configuration's data settings are ignored).
     *
     * @throws dev.tussle.engine.cuda.CudaUnavailableException with {@code --device cuda} where no
     *         device can be used, naming what is missing
     */
    public static GanTrainer create(TrainConfig config, DataSet data) {
        GanTrainer t = new GanTrainer(config, data);
        if (config.cuda()) {
            t.setDevice(new GanDeviceStep(config, t.data, t.rng, t.generator, t.discriminator, t.optG, t.optD,
                    t.objective, t.instanceNoise));
        }
        return t;
    }

    /** The generator (with {@code --device cuda}, a copy of the device's parameters is made first). */
    public Generator generator() {
        syncFromDevice();
        return generator;
    }

    /** The discriminator (with {@code --device cuda}, a copy of the device's parameters is made first). */
    public Discriminator discriminator() {
        syncFromDevice();
        return discriminator;
    }

    @Override
    protected StepStats alternatingStep() {
        means[0] = 0;
        means[1] = 0;
        double lossD = 0;
        double normD = 0;
        for (int k = 0; k < config.dSteps(); k++) {
            Tensor real = TrainerSupport.batch(config, data, rng, config.batch());
            Tensor fake;
            try (var scope = GradMode.noGrad()) {
                fake = generator.sample(rng, config.batch());
            }
            realIn = instanceNoise.apply(real, step, rng);
            fakeIn = instanceNoise.apply(fake, step, rng);
            lossD = update(optD, paramsD, updateLossD);
            normD = optD.gradNorm();
            optD.step();
            endUpdate();
        }
        double lossG = 0;
        double normG = 0;
        // The generator's loss goes through D; freezing D's parameters keeps backward from
        // computing gradients nobody uses.
        TrainerSupport.setRequiresGrad(paramsD, false);
        try {
            for (int k = 0; k < config.gSteps(); k++) {
                noiseIn = generator.noise(rng, config.batch());
                lossG = update(optG, paramsG, updateLossG);
                normG = optG.gradNorm();
                optG.step();
                if (k + 1 < config.gSteps()) {
                    endUpdate(); // the step's end closes the scope after the last one
                }
            }
        } finally {
            TrainerSupport.setRequiresGrad(paramsD, true);
        }
        realIn = null;
        fakeIn = null;
        noiseIn = null;
        step++;
        return new StepStats(step, lossD, lossG, normD, normG, means[0], means[1]);
    }

    /** Computes the gradients of {@code loss} (smoothed by parameter noise if configured) into the parameters. */
    private double update(Optimizer opt, List<Tensor> params, Supplier<Tensor> loss) {
        return TrainerSupport.computeGradients(config, rng, opt, params, null, loss);
    }

    @Override
    protected StepStats simultaneousStep() {
        Tensor real = instanceNoise.apply(TrainerSupport.batch(config, data, rng, config.batch()), step, rng);
        Tensor fake = instanceNoise.apply(generator.sample(rng, config.batch()), step, rng);
        Tensor lossD = discriminatorLoss(real, fake, means);
        Tensor lossG = objective.generatorLoss(discriminator.forward(fake)).add(l2(paramsG));
        ConsensusOptimization.PlayerGradients pg = new ConsensusOptimization(config.consensus())
                .gradients(lossD, paramsD, lossG, paramsG);
        TrainerSupport.setGradients(paramsD, pg.discriminator());
        TrainerSupport.setGradients(paramsG, pg.generator());
        double normD = optD.gradNorm();
        double normG = optG.gradNorm();
        optD.step();
        optG.step();
        step++;
        return new StepStats(step, lossD.item(), lossG.item(), normD, normG, means[0], means[1]);
    }

    /** The discriminator's loss with its penalties; records mean D(real) and D(fake) in {@code means}. */
    private Tensor discriminatorLoss(Tensor real, Tensor fake, double[] means) {
        Tensor outReal = discriminator.forward(real);
        Tensor outFake = discriminator.forward(fake);
        means[0] = meanD(outReal);
        means[1] = meanD(outFake);
        Tensor loss = objective.discriminatorLoss(outReal, outFake);
        if (config.gp() > 0) {
            loss = loss.add(GradientPenalties.wganGp(discriminator::forward, real, fake, rng, config.gp(),
                    config.gpOneSided()));
        }
        if (config.r1() > 0) {
            loss = loss.add(GradientPenalties.r1(discriminator::forward, real, config.r1()));
        }
        if (config.r2() > 0) {
            loss = loss.add(GradientPenalties.r2(discriminator::forward, fake, config.r2()));
        }
        return loss.add(l2(paramsD));
    }

    private Tensor generatorLoss(Tensor z) {
        Tensor fake = instanceNoise.apply(generator.forward(z), step, rng);
        return objective.generatorLoss(discriminator.forward(fake)).add(l2(paramsG));
    }

    @Override
    public Tensor sample(int n, Rng sampleRng) {
        syncFromDevice();
        try (var scope = GradMode.noGrad()) {
            return generator.sample(sampleRng, n);
        }
    }

    @Override
    public Tensor discriminate(Tensor x) {
        syncFromDevice();
        try (var scope = GradMode.noGrad()) {
            Tensor out = discriminator.forward(x.to(config.dtype()));
            return objective.f().outputIsLogit() ? out.sigmoid() : out;
        }
    }

    // ------------------------------------------------------------------ checkpoints

    @Override
    protected String checkpointKind() {
        return KIND;
    }

    /**
     * A trainer restored from a checkpoint written by {@link #saveCheckpoint}, ready to continue.
     *
     * @param overrides settings to change on resume (for example {@code steps}); others come from the checkpoint
     * @throws CheckpointException when the file is not a valid Tussle GAN checkpoint
     */
    public static GanTrainer resume(Path path, Map<String, String> overrides) throws IOException {
        return resume(path, SafeTensors.read(path), overrides);
    }

    /** {@link #resume(Path, Map)} from a checkpoint already read from {@code path}. */
    static GanTrainer resume(Path path, SafeTensors.Contents c, Map<String, String> overrides) throws IOException {
        Map<String, String> meta = c.metadata();
        if (!KIND.equals(meta.get("tussle.kind"))) {
            throw new CheckpointException(path + " is not a Tussle GAN checkpoint (no tussle.kind=gan-checkpoint)");
        }
        TrainConfig config = TrainerSupport.checkpointConfig(path, meta, overrides);
        if (config.mix().k() > 1) {
            throw new CheckpointException(path + ": a single-GAN checkpoint cannot be resumed with --mix "
                    + config.mix().k());
        }
        GanTrainer t = create(config);
        t.restore(path, c);
        return t;
    }

    // ------------------------------------------------------------------ diagnosis

    /**
     * Replays training from {@code from} (a checkpoint, or the start when null) up to
     * {@code failingStep} in anomaly mode, to name the op that first produced a NaN or infinity.
     * Determinism makes the replay reach the same values as the original run.
     *
     * @return the anomaly's message, or a note that the replay stayed finite
     */
    public static String diagnose(TrainConfig config, Path from, long failingStep) throws IOException {
        return Trainers.diagnose(config, from, failingStep);
    }
}
