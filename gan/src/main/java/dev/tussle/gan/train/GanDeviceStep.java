package dev.tussle.gan.train;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.engine.cuda.CudaDevice;
import dev.tussle.engine.cuda.DeviceMlp;
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
final class GanDeviceStep implements TwoPlayerTrainer.DeviceStep, AutoCloseable {
    private final TrainConfig config;
    private final DataSet data;
    private final Rng rng;
    private final Generator generator;
    private final Objective objective;
    private final InstanceNoise instanceNoise;
    private final DevicePlayers players;
    /** One block: the single GAN's losses are made of plain (scalar) means. */
    private static final int[] SCALAR = {};

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
        this.players = new DevicePlayers(device, objective.f(), config.l2(), DeviceMlp.of(device, g), g, optG,
                DeviceMlp.of(device, d), d, optD);
    }

    @Override
    public DevicePlayers players() {
        return players;
    }

    /** One step: {@code d-steps} discriminator updates, then {@code g-steps} generator updates. */
    @Override
    public StepStats step(long step) {
        int b = config.batch();
        int dim = data.dim();
        DevicePlayers.Update d = null;
        for (int s = 0; s < config.dSteps(); s++) {
            Tensor real = TrainerSupport.batch(config, data, rng, b);
            Tensor z = generator.noise(rng, b);
            Tensor realIn = instanceNoise.apply(real, step, rng);
            Tensor fakeNoise = instanceNoise.draw(DType.F32, step, rng, b, dim);
            d = players.discriminatorUpdate(realIn, z, fakeNoise, SCALAR, SCALAR, objective::discriminatorLossFromMeans);
        }
        DevicePlayers.Update g = null;
        for (int s = 0; s < config.gSteps(); s++) {
            Tensor z = generator.noise(rng, b);
            g = players.generatorUpdate(z, instanceNoise.draw(DType.F32, step, rng, b, dim),
                    objective.generatorTermCode(), SCALAR, objective::generatorLossFromMean);
        }
        return new StepStats(step + 1, d.loss(), g.loss(), d.gradNorm(), g.gradNorm(), d.meanReal(), d.meanFake());
    }

    @Override
    public void close() {
        players.close();
    }
}
