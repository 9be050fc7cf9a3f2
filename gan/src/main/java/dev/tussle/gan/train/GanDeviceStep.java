package dev.tussle.gan.train;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.engine.cuda.CudaDevice;
import dev.tussle.engine.cuda.DeviceMlp;
import dev.tussle.engine.cuda.DeviceTensor;
import dev.tussle.engine.nn.Mlp;
import dev.tussle.engine.optim.Optimizer;
import dev.tussle.gan.data.DataSet;
import dev.tussle.gan.model.Discriminator;
import dev.tussle.gan.model.Generator;
import dev.tussle.gan.objective.Objective;
import dev.tussle.gan.regularize.InstanceNoise;

/**
 * {@link GanTrainer}'s step on a CUDA device ({@code --device cuda}): the same draws from the
 * run's stream in the same order, the networks' passes, the objective's elementwise terms and
 * the optimizer updates on the device, the loss assembled on the host from the terms' means by
 * the objective's own code (see {@link DevicePlayers}).
 */
final class GanDeviceStep implements AutoCloseable {
    private final TrainConfig config;
    private final DataSet data;
    private final Rng rng;
    private final Generator generator;
    private final Objective objective;
    private final InstanceNoise instanceNoise;
    private final DevicePlayers players;

    GanDeviceStep(TrainConfig config, DataSet data, Rng rng, Generator generator, Discriminator discriminator,
                  Optimizer optG, Optimizer optD, Objective objective, InstanceNoise instanceNoise) {
        this.config = config;
        this.data = data;
        this.rng = rng;
        this.generator = generator;
        this.objective = objective;
        this.instanceNoise = instanceNoise;
        CudaDevice device = DeviceRuntime.device();
        Mlp g = (Mlp) generator.network();
        Mlp d = (Mlp) discriminator.network();
        this.players = new DevicePlayers(device, objective.f(), DeviceMlp.of(device, g), g, optG,
                DeviceMlp.of(device, d), d, optD);
    }

    DevicePlayers players() {
        return players;
    }

    /** One step: {@code d-steps} discriminator updates, then {@code g-steps} generator updates. */
    StepStats step(long step) {
        int b = config.batch();
        int dim = data.dim();
        double lossD = 0;
        double normD = 0;
        double[] means = new double[2];
        try {
            for (int s = 0; s < config.dSteps(); s++) {
                Tensor real = TrainerSupport.batch(config, data, rng, b);
                Tensor z = generator.noise(rng, b);
                Tensor realIn = instanceNoise.apply(real, step, rng);
                Tensor fakeNoise = instanceNoise.draw(DType.F32, step, rng, b, dim);
                DevicePlayers.Generated fake = players.generate(players.upload(z), fakeNoise);
                DeviceMlp.Pass onReal = players.discriminate(players.upload(realIn));
                DeviceMlp.Pass onFake = players.discriminate(fake.samples());
                DevicePlayers.HeadMeans onRealMeans = players.headMeans(onReal, 0, true);
                DevicePlayers.HeadMeans fakes = players.headMeans(onFake, 1, true);
                means[0] = onRealMeans.meanD();
                means[1] = fakes.meanD();
                Tensor loss = objective.discriminatorLossFromMeans(onRealMeans.means(), fakes.means());
                loss.backward();
                lossD = loss.item();
                players.zeroGradDiscriminator();
                players.backwardDiscriminator(onReal, onRealMeans);
                players.backwardDiscriminator(onFake, fakes);
                normD = players.stepDiscriminator();
                players.endStep();
            }
            double lossG = 0;
            double normG = 0;
            for (int s = 0; s < config.gSteps(); s++) {
                Tensor z = generator.noise(rng, b);
                DeviceTensor zd = players.upload(z);
                DevicePlayers.Generated fake = players.generate(zd, instanceNoise.draw(DType.F32, step, rng, b, dim));
                DeviceMlp.Pass onFake = players.discriminate(fake.samples());
                DevicePlayers.HeadMeans term = players.headMeans(onFake, objective.generatorTermCode(), false);
                Tensor loss = objective.generatorLossFromMean(term.means());
                loss.backward();
                lossG = loss.item();
                players.zeroGradGenerator();
                players.backwardGenerator(fake, onFake, term);
                normG = players.stepGenerator();
                players.endStep();
            }
            return new StepStats(step + 1, lossD, lossG, normD, normG, means[0], means[1]);
        } finally {
            players.endStep();
        }
    }

    @Override
    public void close() {
        players.close();
    }
}
