package dev.tussle.gan.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The GPU figures of issue 7 for whole training steps, printed as Markdown rows: the {@code gan}
 * module's own trainers ({@link Trainers#create}) with {@code --device cuda} against the same
 * trainers on the CPU, same configuration, same process. Settings: the hands-on essay's GAN
 * (generator 15 → 50×4 → 2, discriminator 2 → 100 → 50 → 50 → 1, leaky ReLU 0.2, Adam (0.9, 0.999),
 * non-saturating, one D and one G update per step) on four-points, and MIX+GAN k = 5 of it.
 * Each figure is the median wall time of a step after warm-up (at least 20 steps and 3 s, so the
 * JIT has compiled the host side), over 30 steps (at least 10 and 1.5 s); a device step includes its host parts (data and noise drawn on the
 * host, the objective head, the gradient-norm reads) and ends synchronized (the head waits for the
 * discriminator's outputs and the norms for the gradients; the optimizer launches are the only work
 * left queued, and the next step's first read waits for them).
 *
 * <p>Usage: {@code DeviceTrainerBenchMain [batch,...] [k]} (default 500,65536 and 5).
 */
public final class DeviceTrainerBenchMain {
    private DeviceTrainerBenchMain() {
    }

    public static void main(String[] args) {
        int[] batches = args.length > 0 ? java.util.Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {500, 65536};
        String k = args.length > 1 ? args[1] : "5";
        System.out.println("Device: " + DeviceRuntime.device().describe() + "; CPU: "
                + Runtime.getRuntime().availableProcessors() + " threads");
        System.out.println();
        System.out.println("| trainer step (D + G) | batch | GPU ms/step | CPU ms/step | CPU / GPU |");
        System.out.println("|---|---|---|---|---|");
        for (String mix : new String[] {"1", k}) {
            for (int b : batches) {
                TrainConfig c = essay(b).with("mix", mix);
                double gpu = median(Trainers.create(c.with("device", "cuda")));
                double cpu = median(Trainers.create(c));
                System.out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.1f× |%n",
                        mix.equals("1") ? "essay GAN" : "MIX+GAN k = " + mix, b, gpu, cpu, cpu / gpu);
            }
        }
    }

    static TrainConfig essay(int batch) {
        return TrainConfig.defaults().with("data", "four-points").with("batch", Integer.toString(batch))
                .with("noise-dim", "15").with("g-hidden", "50,50,50,50").with("d-hidden", "100,50,50")
                .with("beta1", "0.9").with("beta2", "0.999").with("lr-g", "1e-3").with("lr-d", "1e-3")
                .with("steps", "1000000");
    }

    private static double median(Trainer t) {
        long warm = System.nanoTime();
        for (int i = 0; i < 20 || System.nanoTime() - warm < 3_000_000_000L; i++) {
            t.step();
        }
        List<Double> ms = new ArrayList<>();
        long start = System.nanoTime();
        while (ms.size() < 30 && !(ms.size() >= 10 && System.nanoTime() - start > 1_500_000_000L)) {
            long t0 = System.nanoTime();
            t.step();
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        return ms.stream().mapToDouble(Double::doubleValue).sorted().toArray()[ms.size() / 2];
    }
}
