package dev.tussle.gan.train;

import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.engine.cuda.CudaDevice;
import dev.tussle.engine.cuda.DeviceMlp;
import dev.tussle.engine.cuda.DeviceTensor;
import dev.tussle.engine.nn.Mlp;
import dev.tussle.engine.optim.Optimizer;
import dev.tussle.gan.data.DataSet;
import dev.tussle.gan.data.DataSets;
import dev.tussle.gan.model.Discriminator;
import dev.tussle.gan.model.Generator;
import dev.tussle.gan.objective.Objective;

import java.util.Locale;

/**
 * Where a device discriminator step's time goes, for the essay GAN at a given batch: the host's
 * draws (data and noise), the upload, the forward passes with the head's means (which wait for
 * the device), and backward with the optimizer step; the device synchronized after each phase.
 * Median milliseconds over 30 steps after 20 warm-up steps. Usage: {@code DeviceStepProfileMain [batch]}.
 */
public final class DeviceStepProfileMain {
    private DeviceStepProfileMain() {
    }

    public static void main(String[] args) {
        int b = args.length > 0 ? Integer.parseInt(args[0]) : 65536;
        TrainConfig c = DeviceTrainerBenchMain.essay(b);
        Rng rng = new Rng(1);
        DataSet data = DataSets.byName(c.data());
        Generator gen = Generator.mlp(15, c.gHidden(), 2, TrainerSupport.activation(c), c.noiseDistribution(), rng);
        Discriminator dis = Discriminator.mlp(2, c.dHidden(), TrainerSupport.activation(c), rng);
        Optimizer optG = TrainerSupport.optimizer(c, c.lrG(), gen.network().parameters());
        Optimizer optD = TrainerSupport.optimizer(c, c.lrD(), dis.network().parameters());
        CudaDevice device = DeviceRuntime.device();
        Objective objective = c.objectiveFunction();
        DevicePlayers p = new DevicePlayers(device, objective.f(), 0, DeviceMlp.of(device, (Mlp) gen.network()),
                gen.network(), optG, DeviceMlp.of(device, (Mlp) dis.network()), dis.network(), optD);
        String[] names = {"draws", "upload", "forward+head", "backward+step"};
        double[][] ms = new double[names.length][30];
        for (int s = -20; s < 30; s++) {
            long t0 = System.nanoTime();
            Tensor real = data.sample(rng, b);
            Tensor z = gen.noise(rng, b);
            long t1 = System.nanoTime();
            DeviceTensor dz = p.upload(z);
            DeviceTensor dr = p.upload(real);
            device.synchronize();
            long t2 = System.nanoTime();
            DevicePlayers.Generated fake = p.generate(dz, null);
            DeviceMlp.Pass onReal = p.discriminate(dr);
            DeviceMlp.Pass onFake = p.discriminate(fake.samples());
            DevicePlayers.HeadMeans[] m = p.headMeans(new DevicePlayers.HeadRequest(onReal, 0, true, new int[0]),
                    new DevicePlayers.HeadRequest(onFake, 1, true, new int[0]));
            DevicePlayers.HeadMeans mr = m[0];
            DevicePlayers.HeadMeans mf = m[1];
            Tensor loss = objective.discriminatorLossFromMeans(mr.means(), mf.means());
            loss.backward();
            long t3 = System.nanoTime();
            p.zeroGradDiscriminator();
            p.backwardDiscriminator(onReal, mr);
            p.backwardDiscriminator(onFake, mf);
            p.stepDiscriminator();
            device.synchronize();
            long t4 = System.nanoTime();
            p.endStep();
            if (s >= 0) {
                long[] t = {t0, t1, t2, t3, t4};
                for (int i = 0; i < names.length; i++) {
                    ms[i][s] = (t[i + 1] - t[i]) / 1e6;
                }
            }
        }
        StringBuilder line = new StringBuilder("D step at batch " + b + ", median ms:");
        for (int i = 0; i < names.length; i++) {
            java.util.Arrays.sort(ms[i]);
            line.append(String.format(Locale.ROOT, " %s %.3f;", names[i], ms[i][15]));
        }
        System.out.println(line);
    }
}
