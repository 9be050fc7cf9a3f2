package dev.tussle.gan.train;

import dev.tussle.engine.Tensor;
import dev.tussle.gan.mix.MixtureTrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks {@code --device cuda} training against the CPU trainers, where a CUDA device (or the
 * emulated driver of {@code DeviceTrainerEmulatedTest}) is present. For a single GAN (four
 * settings: the essay's non-saturating GAN; hinge with SGD momentum and annealed instance noise;
 * least squares with tanh, L2 and two discriminator steps per step; WGAN with RMSProp and
 * clipping) and a MIX+GAN mixture (k = 3, shared noise, exponentiated weights and L2;
 * independent noise, weights by the optimizer, instance noise, minimax):
 * <ul>
 *   <li>every step's losses, gradient norms and mean outputs, and at the end every parameter and
 *       the mixture weights, equal the CPU trainer's within {@code 2e-3·|cpu| + 2e-4} (float32
 *       products summed in other orders, over a few Adam steps);</li>
 *   <li>a device run checkpointed after 3 steps and resumed for 2 more ends with the same bits as
 *       5 uninterrupted device steps.</li>
 * </ul>
 * RMSProp runs with the smooth Wasserstein objective: with hinge's kink, an output rounded to the
 * other side of it on the GPU changes a gradient element's sign now and then, and RMSProp's
 * normalized steps turn that into a full-size difference (seen on the H100), which says nothing
 * about either path's correctness; the hinge head runs with SGD, whose steps stay proportional.
 * Prints {@code PASS name} / {@code FAIL name: why} per check and a summary; exits 1 on a failure.
 * Usage: {@code DeviceTrainerCheckMain [batch]} (default 64; the GPU run uses 500).
 */
public final class DeviceTrainerCheckMain {
    private static final double RTOL = 2e-3;
    private static final double ATOL = 2e-4;

    private DeviceTrainerCheckMain() {
    }

    public static void main(String[] args) throws Exception {
        String batch = args.length > 0 ? args[0] : "64";
        List<String[]> settings = List.of(
                new String[] {"objective", "nonsaturating"},
                new String[] {"objective", "hinge", "optimizer", "sgd", "momentum", "0.9",
                        "instance-noise", "0.1", "instance-noise-anneal", "4"},
                new String[] {"d-steps", "2", "activation", "tanh", "objective", "leastsquares", "l2", "0.01"},
                new String[] {"objective", "wasserstein", "optimizer", "rmsprop", "momentum", "0.5", "clip", "0.05"},
                new String[] {"mix", "3", "objective", "nonsaturating", "l2", "0.001"},
                new String[] {"mix", "3", "mix-noise", "independent", "mix-update", "optimizer", "mix-lr", "0.05",
                        "objective", "minimax", "instance-noise", "0.1"});
        int failed = 0;
        for (String[] s : settings) {
            TrainConfig cpu = config(batch, s);
            String name = String.join(" ", s);
            failed += check("device equals CPU: " + name, () -> compareWithCpu(cpu));
            failed += check("device resume is bit-identical: " + name, () -> compareResume(cpu.with("device", "cuda")));
        }
        System.out.println("DeviceTrainerCheck: " + (2 * settings.size() - failed) + " passed, " + failed + " failed on "
                + DeviceRuntime.device().describe());
        System.exit(failed > 0 ? 1 : 0);
    }

    static TrainConfig config(String batch, String... extra) {
        TrainConfig c = TrainConfig.defaults().with("batch", batch).with("steps", "5").with("seed", "11")
                .with("g-hidden", "24,24").with("d-hidden", "32,16").with("noise-dim", "3").with("lr-g", "1e-3")
                .with("lr-d", "1e-3");
        for (int i = 0; i < extra.length; i += 2) {
            c = c.with(extra[i], extra[i + 1]);
        }
        return c;
    }

    private interface Check {
        void run() throws Exception;
    }

    private static int check(String name, Check c) {
        try {
            c.run();
            System.out.println("PASS " + name);
            return 0;
        } catch (Exception | AssertionError e) {
            System.out.println("FAIL " + name + ": " + e);
            e.printStackTrace(System.out);
            return 1;
        }
    }

    private static void compareWithCpu(TrainConfig cpuConfig) {
        Trainer cpu = Trainers.create(cpuConfig);
        Trainer dev = Trainers.create(cpuConfig.with("device", "cuda"));
        for (int s = 0; s < cpuConfig.steps(); s++) {
            StepStats a = cpu.step();
            StepStats b = dev.step();
            near("step " + (s + 1) + " loss D", b.lossD(), a.lossD());
            near("step " + (s + 1) + " loss G", b.lossG(), a.lossG());
            near("step " + (s + 1) + " grad norm D", b.gradNormD(), a.gradNormD());
            near("step " + (s + 1) + " grad norm G", b.gradNormG(), a.gradNormG());
            near("step " + (s + 1) + " mean D(real)", b.dReal(), a.dReal());
            near("step " + (s + 1) + " mean D(fake)", b.dFake(), a.dFake());
        }
        List<Tensor> pc = parameters(cpu), pd = parameters(dev);
        for (int i = 0; i < pc.size(); i++) {
            float[] x = pc.get(i).toFloatArray(), y = pd.get(i).toFloatArray();
            for (int j = 0; j < x.length; j++) {
                near("parameter " + i + " element " + j, y[j], x[j]);
            }
        }
        if (cpu instanceof MixtureTrainer mc && dev instanceof MixtureTrainer md) {
            double[] wc = mc.weightsG().weights(), wd = md.weightsG().weights();
            for (int i = 0; i < wc.length; i++) {
                near("w_G[" + i + "]", wd[i], wc[i]);
            }
            wc = mc.weightsD().weights();
            wd = md.weightsD().weights();
            for (int i = 0; i < wc.length; i++) {
                near("w_D[" + i + "]", wd[i], wc[i]);
            }
        }
        // Sampling goes through the CPU copy the device trainer downloads first.
        float[] sc = cpu.sample(16, new dev.tussle.engine.Rng(3)).toFloatArray();
        float[] sd = dev.sample(16, new dev.tussle.engine.Rng(3)).toFloatArray();
        for (int j = 0; j < sc.length; j++) {
            near("sample element " + j, sd[j], sc[j]);
        }
    }

    private static void compareResume(TrainConfig config) throws Exception {
        Trainer whole = Trainers.create(config);
        for (int s = 0; s < 5; s++) {
            whole.step();
        }
        Trainer first = Trainers.create(config);
        for (int s = 0; s < 3; s++) {
            first.step();
        }
        Path ckpt = Files.createTempFile("tussle-device", ".safetensors");
        try {
            first.saveCheckpoint(ckpt);
            Trainer resumed = Trainers.resume(ckpt, Map.of());
            while (resumed.stepCount() < 5) {
                resumed.step();
            }
            List<Tensor> a = parameters(whole), b = parameters(resumed);
            for (int i = 0; i < a.size(); i++) {
                if (!java.util.Arrays.equals(a.get(i).toFloatArray(), b.get(i).toFloatArray())) {
                    throw new AssertionError("parameter " + i + " differs after resume");
                }
            }
        } finally {
            Files.deleteIfExists(ckpt);
        }
    }

    private static List<Tensor> parameters(Trainer t) {
        return new ArrayList<>(t instanceof MixtureTrainer m ? m.parameters() : ((GanTrainer) t).parameters());
    }

    private static void near(String what, double got, double want) {
        if (!(Math.abs(got - want) <= RTOL * Math.abs(want) + ATOL)) {
            throw new AssertionError(what + ": device " + got + ", CPU " + want);
        }
    }
}
