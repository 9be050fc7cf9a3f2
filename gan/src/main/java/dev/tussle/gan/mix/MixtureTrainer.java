package dev.tussle.gan.mix;

import dev.tussle.engine.Autodiff;
import dev.tussle.engine.DType;
import dev.tussle.engine.GradMode;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.engine.io.CheckpointException;
import dev.tussle.engine.io.SafeTensors;
import dev.tussle.engine.nn.Activation;
import dev.tussle.engine.nn.Mlp;
import dev.tussle.engine.nn.StackedMlp;
import dev.tussle.gan.data.DataSet;
import dev.tussle.gan.model.Discriminator;
import dev.tussle.gan.model.Generator;
import dev.tussle.gan.model.NoiseDistribution;
import dev.tussle.gan.regularize.ConsensusOptimization;
import dev.tussle.gan.regularize.GradientPenalties;
import dev.tussle.gan.train.StepStats;
import dev.tussle.gan.train.TrainConfig;
import dev.tussle.gan.train.TrainerSupport;
import dev.tussle.gan.train.TrainingDivergedException;
import dev.tussle.gan.train.TwoPlayerTrainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Trains a MIX+GAN mixture (Arora et al., "Generalization and Equilibrium in GANs"): k generators
 * G_i and k discriminators D_j of one architecture, each with its own parameters, held as
 * {@link StackedMlp}s so that all k run in one batched matmul per layer, and mixture weights
 * w_G = softmax(α_G), w_D = softmax(α_D) ({@link MixtureWeights}).
 *
 * <h2>The game</h2>
 * The discriminator side maximizes, and the generator side minimizes, the payoff
 * Σ_i Σ_j w_G[i]·w_D[j]·φ(G_i, D_j) where φ is the objective's value for one pair
 * ({@link MixturePayoff}); the generators' loss is the objective's generator loss averaged over
 * pairs the same way. Every discriminator sees every generator's samples. Each player's loss also
 * carries the entropy regularizer on its own weights ({@link EntropyRegularizer}), and its weights
 * take a step ({@link WeightUpdate}) each time its networks do.
 *
 * <h2>Regularizers, per component</h2>
 * The GAN layer's regularizers apply to each component as they would to a standalone GAN, and
 * the per-component penalties are summed (not weighted by w): L2 is over the stacked parameters,
 * which is the sum over components; clipping and parameter noise are elementwise; instance noise
 * is per sample; the gradient penalties (WGAN-GP, R1, R2) penalize each D_j's own input gradient,
 * D_j's interpolates and R2 points being taken between the real batch and G_j's samples.
 * Consensus optimization makes the step simultaneous, as in {@code GanTrainer}: its consensus term
 * is on the networks' parameters; the weights take their plain gradients of the same two losses.
 *
 * <h2>Randomness, and k = 1</h2>
 * Everything is drawn from one {@link Rng} seeded by the configuration, in the single GAN's order:
 * the k generators are initialized one after the other from the stream (G_0 exactly as
 * {@code GanTrainer}'s generator), then the k discriminators; each step draws the real batch, the
 * noise ({@code [b, noiseDim]} shared, or {@code [k·b, noiseDim]} independent, which for k = 1 is
 * the same draw), instance noise over all k batches, the penalties' random points, then the next
 * step's. With k = 1 the weights are exactly 1, no weight is updated and the entropy term (a
 * constant) is left out, so the mixture reproduces the single GAN bit for bit.
 */
public final class MixtureTrainer extends TwoPlayerTrainer {
    /** The {@code tussle.kind} of a mixture checkpoint. */
    public static final String KIND = "mix-checkpoint";

    private static final String W_G = "mixture_g.";
    private static final String W_D = "mixture_d.";

    private final int k;
    private final int dim;
    private final int noiseDim;
    private final NoiseDistribution noise;
    private final StackedMlp generators;
    private final StackedMlp discriminators;
    private final MixtureWeights weightsG;
    private final MixtureWeights weightsD;
    private final EntropyRegularizer entropy;
    private final boolean entropyOnG;
    private final boolean entropyOnD;
    private final boolean independentNoise;
    /**
     * The CPU update under way's inputs and weights, which the loss suppliers below read:
     * suppliers made once rather than a capturing lambda per update. Cleared when the step ends.
     */
    private Tensor realIn;
    private Tensor fakeIn;
    private Tensor noiseIn;
    private Tensor updateWD;
    private Tensor updateWG;
    /** Mean D(real) and D(fake) over all components, of the step's last discriminator update. */
    private final double[] means = new double[2];
    private final Supplier<Tensor> updateLossD = () -> discriminatorLoss(realIn, fakeIn, updateWD, updateWG, means);
    private final Supplier<Tensor> updateLossG = () -> generatorLoss(noiseIn, updateWD, updateWG);

    private MixtureTrainer(TrainConfig config, DataSet data) {
        super(config, requireStackable(config, data));
        TrainConfig.Mix mix = config.mix();
        this.k = mix.k();
        this.dim = data.dim();
        this.noiseDim = config.noiseDim();
        this.noise = config.noiseDistribution();
        Activation act = TrainerSupport.activation(config);
        // Built one after the other from the training stream, as GanTrainer builds its pair, so that
        // component 0 starts where a single GAN with the same seed starts.
        List<Mlp> gs = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            gs.add((Mlp) Generator.mlp(noiseDim, config.gHidden(), dim, act, noise, config.dtype(), rng).network());
        }
        List<Mlp> ds = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            ds.add((Mlp) Discriminator.mlp(dim, config.dHidden(), act, config.dtype(), rng).network());
        }
        this.generators = StackedMlp.stack(gs);
        this.discriminators = StackedMlp.stack(ds);
        setPlayers(generators, discriminators);
        WeightUpdate rule = WeightUpdate.byName(mix.update());
        this.weightsG = new MixtureWeights(k, rule, mix.lr(), config);
        this.weightsD = new MixtureWeights(k, rule, mix.lr(), config);
        this.entropy = EntropyRegularizer.byName(mix.entropyForm());
        boolean on = mix.entropy() > 0 && k > 1;
        this.entropyOnG = on && !mix.entropyOn().equals("discriminator");
        this.entropyOnD = on && !mix.entropyOn().equals("generator");
        this.independentNoise = mix.noise().equals("independent");
    }

    /** {@code data}, after checking that the configuration's networks can be stacked (before anything is drawn). */
    private static DataSet requireStackable(TrainConfig config, DataSet data) {
        if (config.discriminator().equals("gaussian")) {
            throw new IllegalArgumentException("MixtureTrainer: --discriminator gaussian cannot be stacked; use mlp");
        }
        return data;
    }

    /**
     * A trainer at step 0 for {@code config} (any {@code mix >= 1}), on the data set it names.
     *
     * @throws IllegalArgumentException for {@code --discriminator gaussian}
     * @throws java.io.UncheckedIOException when {@code --data-file} cannot be read
     */
    public static MixtureTrainer create(TrainConfig config) {
        return create(config, TrainerSupport.dataSet(config));
    }

    /**
     * A trainer at step 0 for {@code config} on the given data set (the configuration's data settings are ignored).
     *
     * @throws dev.tussle.engine.cuda.CudaUnavailableException with {@code --device cuda} where no
     *         device can be used, naming what is missing
     */
    public static MixtureTrainer create(TrainConfig config, DataSet data) {
        MixtureTrainer t = new MixtureTrainer(config, data);
        if (config.cuda()) {
            t.setDevice(new MixtureDeviceStep(t, t.rng, t.generators, t.optG, t.discriminators, t.optD,
                    t.instanceNoise));
        }
        return t;
    }

    /** The number of components k. */
    public int k() {
        return k;
    }

    /** The k generators as one stacked network: {@code [b, noiseDim]} or {@code [k, b, noiseDim]} → {@code [k, b, dim]}. */
    public StackedMlp generators() {
        syncFromDevice();
        return generators;
    }

    /** The k discriminators as one stacked network: {@code [b, dim]} or {@code [k, b, dim]} → {@code [k, b, 1]}. */
    public StackedMlp discriminators() {
        syncFromDevice();
        return discriminators;
    }

    /** Generator {@code i} extracted as a standalone {@link Generator} (a copy of its parameters). */
    public Generator generator(int i) {
        syncFromDevice();
        return new Generator(generators.component(i), noiseDim, noise, config.dtype());
    }

    /** Discriminator {@code j} extracted as a standalone {@link Discriminator} (a copy of its parameters). */
    public Discriminator discriminator(int j) {
        syncFromDevice();
        return new Discriminator(discriminators.component(j));
    }

    /** The generators' mixture weights. */
    public MixtureWeights weightsG() {
        return weightsG;
    }

    /** The discriminators' mixture weights. */
    public MixtureWeights weightsD() {
        return weightsD;
    }

    // ------------------------------------------------------------------ training

    /** Also throws when a mixture weight is not finite. */
    @Override
    protected void checkFinite(StepStats stats) {
        super.checkFinite(stats);
        if (!weightsG.allFinite() || !weightsD.allFinite()) {
            throw new TrainingDivergedException(stats.step(), "step " + stats.step() + ": mixture weights not finite: "
                    + "generators " + weightsG.toJson() + ", discriminators " + weightsD.toJson());
        }
    }

    /** Also the mixture weights' gradients. */
    @Override
    protected void zeroGradients() {
        super.zeroGradients();
        weightsG.logWeights().zeroGrad();
        weightsD.logWeights().zeroGrad();
    }

    @Override
    protected StepStats alternatingStep() {
        double lossD = 0;
        double normD = 0;
        means[0] = 0;
        means[1] = 0;
        for (int s = 0; s < config.dSteps(); s++) {
            Tensor real = TrainerSupport.batch(config, data, rng, config.batch());
            Tensor fake;
            try (var scope = GradMode.noGrad()) {
                fake = generators.forward(noiseBatch(rng, config.batch()));
            }
            realIn = instanceNoise.apply(real, step, rng);
            fakeIn = flat(instanceNoise.apply(fake, step, rng));
            updateWG = weightsG.values();
            updateWD = weightsD.leaf();
            lossD = TrainerSupport.computeGradients(config, rng, optD, paramsD, weightsD.gradientLeaf(updateWD),
                    updateLossD);
            normD = optD.gradNorm();
            optD.step();
            weightsD.update(updateWD);
            endUpdate();
        }
        noiseIn = noiseBatch(rng, config.batch());
        updateWD = weightsD.values();
        updateWG = weightsG.leaf();
        double lossG;
        // The generators' loss goes through the discriminators; freezing them keeps backward from
        // computing gradients nobody uses.
        TrainerSupport.setRequiresGrad(paramsD, false);
        try {
            lossG = TrainerSupport.computeGradients(config, rng, optG, paramsG, weightsG.gradientLeaf(updateWG),
                    updateLossG);
        } finally {
            TrainerSupport.setRequiresGrad(paramsD, true);
        }
        double normG = optG.gradNorm();
        optG.step();
        weightsG.update(updateWG);
        realIn = null;
        fakeIn = null;
        noiseIn = null;
        updateWD = null;
        updateWG = null;
        step++;
        return new StepStats(step, lossD, lossG, normD, normG, means[0], means[1]);
    }

    /** Both players at once from one batch, with consensus optimization on the networks (as GanTrainer's). */
    @Override
    protected StepStats simultaneousStep() {
        Tensor real = instanceNoise.apply(TrainerSupport.batch(config, data, rng, config.batch()), step, rng);
        // One flattened tensor feeds both losses, as GanTrainer's one fake batch does: the same graph
        // shape keeps the order in which the consensus term's gradients accumulate, hence k = 1's bits.
        Tensor fake = flat(instanceNoise.apply(generators.forward(noiseBatch(rng, config.batch())), step, rng));
        Tensor wD = weightsD.leaf();
        Tensor wG = weightsG.leaf();
        Tensor lossD = discriminatorLoss(real, fake, wD, weightsG.values(), means);
        Tensor lossG = generatorLossOn(fake, weightsD.values(), wG);
        // The weights' gradients first, keeping the graphs for the consensus computation, which consumes them.
        setWeightGradient(lossD, weightsD.gradientLeaf(wD));
        setWeightGradient(lossG, weightsG.gradientLeaf(wG));
        ConsensusOptimization.PlayerGradients pg = new ConsensusOptimization(config.consensus())
                .gradients(lossD, paramsD, lossG, paramsG);
        TrainerSupport.setGradients(paramsD, pg.discriminator());
        TrainerSupport.setGradients(paramsG, pg.generator());
        double normD = optD.gradNorm();
        double normG = optG.gradNorm();
        optD.step();
        optG.step();
        weightsD.update(wD);
        weightsG.update(wG);
        step++;
        return new StepStats(step, lossD.item(), lossG.item(), normD, normG, means[0], means[1]);
    }

    private static void setWeightGradient(Tensor loss, Tensor leaf) {
        if (leaf != null) {
            leaf.setGrad(Autodiff.grad(List.of(loss), List.of(leaf), null, false, true).get(0));
        }
    }

    /** Latent noise for all generators: shared {@code [n, noiseDim]}, or independent {@code [k, n, noiseDim]}. */
    Tensor noiseBatch(Rng r, int n) {
        if (!independentNoise) {
            return noise.sample(r, config.dtype(), n, noiseDim);
        }
        // One [k·n] draw rather than k draws: for k = 1 it is exactly the shared draw.
        return noise.sample(r, config.dtype(), k * n, noiseDim).reshape(k, n, noiseDim);
    }

    /**
     * −payoff plus the penalties and the entropy term, from the real batch {@code [b, dim]} and all
     * generators' samples flattened to {@code [k·b, dim]} (see {@link #flat}); records mean D(real)
     * and D(fake) over all components.
     */
    private Tensor discriminatorLoss(Tensor real, Tensor fakeFlat, Tensor wD, Tensor wG, double[] means) {
        int b = real.shape().dim(0);
        Tensor loss = payoffLossD(discriminators.forward(real), discriminators.forward(fakeFlat), wD, wG, means);
        if (config.gp() > 0 || config.r1() > 0) {
            Tensor realPerComponent = k == 1 ? real : real.unsqueeze(0).expand(k, b, dim).reshape(k * b, dim);
            if (config.gp() > 0) {
                loss = loss.add(sumOverComponents(GradientPenalties.wganGp(eachOnItsOwn(), realPerComponent, fakeFlat,
                        rng, config.gp(), config.gpOneSided())));
            }
            if (config.r1() > 0) {
                loss = loss.add(sumOverComponents(GradientPenalties.r1(eachOnItsOwn(), realPerComponent, config.r1())));
            }
        }
        if (config.r2() > 0) {
            loss = loss.add(sumOverComponents(GradientPenalties.r2(eachOnItsOwn(), fakeFlat, config.r2())));
        }
        return withEntropyD(loss.add(l2(paramsD)), wD);
    }

    /**
     * The discriminators' part of the game from their outputs on the real batch {@code [k, b, 1]}
     * and on every generator's samples {@code [k, k·b, 1]}: −payoff. Records mean D(real) and
     * D(fake) over all components in {@code means}. Shared with the device step.
     */
    Tensor payoffLossD(Tensor outReal, Tensor outFake, Tensor wD, Tensor wG, double[] means) {
        means[0] = meanD(outReal);
        means[1] = meanD(outFake);
        return lossDFromPairs(MixturePayoff.pairValues(objective.f(), outReal, outFake, k), wD, wG);
    }

    /** The discriminators' payoff loss from the pair values φ(G_i, D_j) {@code [k, k]}. */
    Tensor lossDFromPairs(Tensor pairs, Tensor wD, Tensor wG) {
        return MixturePayoff.expectation(pairs, wD, wG).neg();
    }

    /** {@code loss} plus the entropy term on w_D when it is on. */
    Tensor withEntropyD(Tensor loss, Tensor wD) {
        return entropyOnD ? loss.add(entropy.penalty(wD).mul(config.mix().entropy())) : loss;
    }

    /** The generators' part of the game from the discriminators' outputs on their samples {@code [k, k·b, 1]}. */
    Tensor payoffLossG(Tensor outFake, Tensor wD, Tensor wG) {
        return lossGFromPairs(MixturePayoff.pairGeneratorLosses(objective, outFake, k), wD, wG);
    }

    /** The generators' payoff loss from their per-pair losses {@code [k, k]}. */
    Tensor lossGFromPairs(Tensor pairLosses, Tensor wD, Tensor wG) {
        return MixturePayoff.expectation(pairLosses, wD, wG);
    }

    /** {@code loss} plus the entropy term on w_G when it is on. */
    Tensor withEntropyG(Tensor loss, Tensor wG) {
        return entropyOnG ? loss.add(entropy.penalty(wG).mul(config.mix().entropy())) : loss;
    }

    private Tensor generatorLoss(Tensor z, Tensor wD, Tensor wG) {
        return generatorLossOn(flat(instanceNoise.apply(generators.forward(z), step, rng)), wD, wG);
    }

    /** The generators' loss from their flattened samples {@code [k·b, dim]} (instance noise already added). */
    private Tensor generatorLossOn(Tensor fakeFlat, Tensor wD, Tensor wG) {
        return withEntropyG(payoffLossG(discriminators.forward(fakeFlat), wD, wG).add(l2(paramsG)), wG);
    }

    /**
     * All generators' samples {@code [k, b, dim]} as {@code [k·b, dim]}, rows [i·b, (i+1)·b) from
     * G_i: the shared input on which each stacked discriminator sees every generator's samples.
     */
    private Tensor flat(Tensor fake) {
        return fake.reshape(k * fake.shape().dim(1), dim);
    }

    /**
     * The discriminators applied block-wise to {@code [k·n, dim]}: rows [j·n, (j+1)·n) go to D_j
     * only, so the input gradient of row r is D_j's own — what a per-component penalty needs.
     */
    private UnaryOperator<Tensor> eachOnItsOwn() {
        return x -> {
            int n = x.shape().dim(0) / k;
            return discriminators.forward(x.reshape(k, n, dim)).reshape(k * n, 1);
        };
    }

    /** A penalty averaged over the k·n rows times k: the sum of the k components' own penalties. */
    private Tensor sumOverComponents(Tensor meanPenalty) {
        return k == 1 ? meanPenalty : meanPenalty.mul(k);
    }

    @Override
    public String logFields() {
        return ", \"weights_g\": " + weightsG.toJson() + ", \"weights_d\": " + weightsD.toJson();
    }

    // ------------------------------------------------------------------ sampling and evaluation

    /** The w_D-weighted mixture of the k discriminators' verdicts (probabilities or scores), {@code [n, 1]}. */
    @Override
    public Tensor discriminate(Tensor x) {
        syncFromDevice();
        try (var scope = GradMode.noGrad()) {
            Tensor out = discriminators.forward(x.to(config.dtype())); // [k, n, 1]
            if (objective.f().outputIsLogit()) {
                out = out.sigmoid();
            }
            Tensor w = weightsD.values().detach().to(out.dtype()).reshape(k, 1, 1);
            return out.mul(w).sum(0, false);
        }
    }

    /**
     * {@code n} samples from the mixture, each tagged with its generator, a component drawn from
     * w_G for each sample: what evaluation, plots and snapshots show (see {@link
     * #sampleTagged(int, Rng, boolean)}).
     */
    public TaggedSamples sampleTagged(int n, Rng sampleRng) {
        return sampleTagged(n, sampleRng, false);
    }

    /**
     * {@code n} samples from the mixture, each tagged with its generator: one latent batch
     * {@code [n, noiseDim]} is drawn from {@code sampleRng}, then (for k &gt; 1) a component per
     * sample from w_G, or, with {@code onePerBatch}, one component for the whole batch (what
     * {@code tussle sample} does for a run trained with {@code --mix-sample per-batch}). The
     * points are in the training dtype. No graph is recorded.
     */
    public TaggedSamples sampleTagged(int n, Rng sampleRng, boolean onePerBatch) {
        if (n <= 0) {
            throw new IllegalArgumentException("MixtureTrainer.sample: n must be positive, got " + n);
        }
        syncFromDevice();
        Tensor all;
        try (var scope = GradMode.noGrad()) {
            all = generators.forward(noise.sample(sampleRng, config.dtype(), n, noiseDim)); // [k, n, dim]
        }
        int[] component = new int[n];
        if (k > 1) {
            double[] w = weightsG.weights();
            if (onePerBatch) {
                Arrays.fill(component, sampleRng.nextCategorical(w));
            } else {
                for (int i = 0; i < n; i++) {
                    component[i] = sampleRng.nextCategorical(w);
                }
            }
        }
        return new TaggedSamples(pickRows(all, component), component);
    }

    /** Row i of {@code all[component[i]]} for each i: {@code [n, dim]} in {@code all}'s dtype. */
    private Tensor pickRows(Tensor all, int[] component) {
        int n = component.length;
        boolean f64 = all.dtype() == DType.F64;
        Object every = f64 ? all.toDoubleArray() : all.toFloatArray();
        Object picked = f64 ? new double[n * dim] : new float[n * dim];
        for (int i = 0; i < n; i++) {
            System.arraycopy(every, (component[i] * n + i) * dim, picked, i * dim, dim);
        }
        return f64 ? Tensor.of((double[]) picked, n, dim) : Tensor.of((float[]) picked, n, dim);
    }

    @Override
    public Tensor sample(int n, Rng sampleRng) {
        return sampleTagged(n, sampleRng).points();
    }

    // ------------------------------------------------------------------ checkpoints

    @Override
    protected String checkpointKind() {
        return KIND;
    }

    /** Both weight vectors (and their optimizers' states). */
    @Override
    protected void saveExtraState(Map<String, Tensor> tensors, Map<String, String> meta) {
        TrainerSupport.putSection(tensors, W_G, weightsG.stateTensors());
        TrainerSupport.putSection(tensors, W_D, weightsD.stateTensors());
        meta.put("tussle.mixture_g_optimizer_step", Long.toString(weightsG.optimizerSteps()));
        meta.put("tussle.mixture_d_optimizer_step", Long.toString(weightsD.optimizerSteps()));
        meta.put("tussle.weights_g", weightsG.toJson());
        meta.put("tussle.weights_d", weightsD.toJson());
    }

    @Override
    protected void loadExtraState(Map<String, Tensor> tensors, Map<String, String> meta) throws CheckpointException {
        weightsG.loadState(TrainerSupport.section(tensors, W_G),
                TrainerSupport.number(meta, "tussle.mixture_g_optimizer_step"));
        weightsD.loadState(TrainerSupport.section(tensors, W_D),
                TrainerSupport.number(meta, "tussle.mixture_d_optimizer_step"));
    }

    /**
     * A trainer restored from a checkpoint written by {@link #saveCheckpoint}, ready to continue
     * bit-identically.
     *
     * @param overrides settings to change on resume (for example {@code steps})
     * @throws CheckpointException when the file is not a valid Tussle mixture checkpoint
     */
    public static MixtureTrainer resume(Path path, Map<String, String> overrides) throws IOException {
        return resume(path, SafeTensors.read(path), overrides);
    }

    /** {@link #resume(Path, Map)} from a checkpoint already read from {@code path}. */
    public static MixtureTrainer resume(Path path, SafeTensors.Contents c, Map<String, String> overrides)
            throws IOException {
        Map<String, String> meta = c.metadata();
        if (!KIND.equals(meta.get("tussle.kind"))) {
            throw new CheckpointException(path + " is not a Tussle MIX+GAN checkpoint (no tussle.kind=" + KIND + ")");
        }
        TrainConfig config = TrainerSupport.checkpointConfig(path, meta, overrides);
        MixtureTrainer t;
        try {
            t = create(config);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(path + ": invalid configuration in checkpoint: " + e.getMessage());
        }
        t.restore(path, c);
        return t;
    }
}
