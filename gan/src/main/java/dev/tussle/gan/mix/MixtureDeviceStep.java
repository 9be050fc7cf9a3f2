package dev.tussle.gan.mix;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.engine.cuda.CudaDevice;
import dev.tussle.engine.cuda.DeviceMlp;
import dev.tussle.engine.nn.StackedMlp;
import dev.tussle.engine.optim.Optimizer;
import dev.tussle.gan.data.DataSet;
import dev.tussle.gan.objective.Objective;
import dev.tussle.gan.regularize.InstanceNoise;
import dev.tussle.gan.train.DevicePlayers;
import dev.tussle.gan.train.DeviceRuntime;
import dev.tussle.gan.train.StepStats;
import dev.tussle.gan.train.TrainConfig;
import dev.tussle.gan.train.TrainerSupport;
import dev.tussle.gan.train.TwoPlayerTrainer;

/**
 * {@link MixtureTrainer}'s step on a CUDA device ({@code --device cuda}): the k generators and k
 * discriminators run as stacked networks on the device, each layer one batched launch for all
 * copies (the discriminators on the shared real batch, and on all generators' samples at once),
 * and the objective's terms are averaged per generator–discriminator pair there; the payoff over
 * the k×k pairs, the entropy term and the mixture weights' updates run on the host on those k×k
 * means with the CPU trainer's code (see {@link DevicePlayers}). Draws from the run's stream come
 * in the CPU trainer's order.
 */
final class MixtureDeviceStep implements TwoPlayerTrainer.DeviceStep, AutoCloseable {
    private final MixtureTrainer trainer;
    private final TrainConfig config;
    private final DataSet data;
    private final Rng rng;
    private final InstanceNoise instanceNoise;
    private final int k;
    private final Objective objective;
    private final DevicePlayers players;

    MixtureDeviceStep(MixtureTrainer trainer, Rng rng, StackedMlp generators, Optimizer optG,
                      StackedMlp discriminators, Optimizer optD, InstanceNoise instanceNoise) {
        this.trainer = trainer;
        this.config = trainer.config();
        this.data = trainer.data();
        this.rng = rng;
        this.instanceNoise = instanceNoise;
        this.k = trainer.k();
        this.objective = config.objectiveFunction();
        CudaDevice device = DeviceRuntime.device();
        this.players = new DevicePlayers(device, config.objectiveFunction().f(), config.l2(), DeviceMlp.of(device, generators),
                generators, optG, DeviceMlp.of(device, discriminators), discriminators, optD);
    }

    @Override
    public DevicePlayers players() {
        return players;
    }

    /** One step: {@code d-steps} discriminator updates, then one generator update, with the weights' updates. */
    @Override
    public StepStats step(long step) {
        int b = config.batch();
        int dim = data.dim();
        MixtureWeights weightsG = trainer.weightsG();
        MixtureWeights weightsD = trainer.weightsD();
        int[] real = {k, 1};
        int[] pairs = {k, k};
        DevicePlayers.Update d = null;
        for (int s = 0; s < config.dSteps(); s++) {
            Tensor batch = TrainerSupport.batch(config, data, rng, b);
            Tensor z = trainer.noiseBatch(rng, b);
            Tensor realIn = instanceNoise.apply(batch, step, rng);
            Tensor fakeNoise = instanceNoise.draw(DType.F32, step, rng, k, b, dim);
            Tensor wG = weightsG.values();
            Tensor wD = weightsD.leaf();
            d = players.discriminatorUpdate(realIn, z, fakeNoise, real, pairs, (realTerm, fakeTerm) -> trainer.withEntropyD(
                    trainer.lossDFromPairs(MixturePayoff.pairValuesFromMeans(realTerm, fakeTerm), wD, wG), wD));
            weightsD.update(wD);
            weightsD.logWeights().zeroGrad();
        }
        Tensor z = trainer.noiseBatch(rng, b);
        Tensor wD = weightsD.values();
        Tensor wG = weightsG.leaf();
        DevicePlayers.Update g = players.generatorUpdate(z, instanceNoise.draw(DType.F32, step, rng, k, b, dim),
                objective.generatorTermCode(), pairs,
                term -> trainer.withEntropyG(trainer.lossGFromPairs(objective.generatorLossFromMean(term), wD, wG), wG));
        weightsG.update(wG);
        weightsG.logWeights().zeroGrad();
        return new StepStats(step + 1, d.loss(), g.loss(), d.gradNorm(), g.gradNorm(), d.meanReal(), d.meanFake());
    }

    @Override
    public void close() {
        players.close();
    }
}
