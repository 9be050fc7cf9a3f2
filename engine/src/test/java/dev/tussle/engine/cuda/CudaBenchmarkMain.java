package dev.tussle.engine.cuda;

import dev.tussle.engine.Tensor;
import dev.tussle.engine.kernel.KernelProvider;
import dev.tussle.engine.kernel.Kernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The GPU figures of issue 7, printed as Markdown for {@code bench/RESULTS-cuda.md}: Tussle's
 * SGEMM against cuBLAS FP32 at 1024², 4096², 8192² (same run, same device), and the essay GAN
 * step ({@link GanStepChain}: a D step and a G step) on the device against the same step on the
 * CPU kernels, at batch 500 and 65,536. Not a JMH benchmark: it runs on the lent GPU machine,
 * which has a jlink'd runtime but no Maven; each figure is the median of timed repetitions after
 * warm-up, the device synchronized around each.
 *
 * <p>Usage: {@code CudaBenchmarkMain [--out FILE] [--sgemm 1024,4096,8192] [--gan 500,65536]}.
 */
public final class CudaBenchmarkMain {
    private CudaBenchmarkMain() {
    }

    public static void main(String[] args) throws IOException {
        int[] sgemm = {1024, 4096, 8192};
        int[] gan = {500, 65536};
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--sgemm" -> sgemm = parse(args[++i]);
                case "--gan" -> gan = parse(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        StringBuilder md = new StringBuilder();
        try (CudaDevice d = Cuda.open()) {
            Kernels cpu = KernelProvider.get();
            md.append("Device: ").append(d.describe()).append("\n");
            md.append("JVM: ").append(Runtime.version()).append(", ").append(Runtime.getRuntime().availableProcessors())
                    .append(" CPU threads, CPU kernels ").append(cpu.name()).append("\n\n");
            md.append("| SGEMM n×n×n | Tussle GFLOPS (median, best) | cuBLAS FP32 GFLOPS (median, best) | Tussle / cuBLAS | max abs diff, Tussle vs cuBLAS |\n");
            md.append("|---|---|---|---|---|\n");
            flush(md, out);
            for (int n : sgemm) {
                md.append(sgemmRow(d, n)).append("\n");
                flush(md, out);
            }
            md.append("\n| essay GAN step (D + G), batch | GPU ms/step (median) | CPU ms/step (median) | CPU / GPU |\n");
            md.append("|---|---|---|---|\n");
            for (int batch : gan) {
                md.append(ganRow(d, cpu, batch)).append("\n");
                flush(md, out);
            }
        }
        System.out.print(md);
    }

    private static String sgemmRow(CudaDevice d, int n) {
        CudaBackend be = d.backend();
        CudaBackend.GemmImpl saved = be.gemmImplementation();
        float[] a = CudaGpuTest.rand(n * n, 1, -1, 1), b = CudaGpuTest.rand(n * n, 2, -1, 1);
        double flop = 2.0 * n * n * n;
        try (DeviceTensor da = d.to(Tensor.of(a, n, n)); DeviceTensor db = d.to(Tensor.of(b, n, n));
             DeviceTensor c1 = d.empty(n, n); DeviceTensor c2 = d.empty(n, n)) {
            be.useGemm(CudaBackend.GemmImpl.TUSSLE);
            // Back-to-back products per timed sample (~1 ms of work or more), the stream synchronized
            // around the sample only: throughput, not the launch-and-wait latency of one call.
            int reps = n <= 1024 ? 20 : n <= 2048 ? 4 : 1;
            double[] ours = time(d, reps, () -> be.gemm(false, false, da, db, c1, false));
            String theirs = "cuBLAS not loaded";
            String ratio = "—";
            String diff = "—";
            if (d.cublasLibrary().isPresent()) {
                be.useGemm(CudaBackend.GemmImpl.CUBLAS);
                double[] cb = time(d, reps, () -> be.gemm(false, false, da, db, c2, false));
                theirs = gflops(flop, cb);
                ratio = String.format(Locale.ROOT, "%.0f %%", 100 * cb[0] / ours[0]);
                float[] x = c1.toCpu().toFloatArray(), y = c2.toCpu().toFloatArray();
                double m = 0;
                for (int i = 0; i < x.length; i++) {
                    m = Math.max(m, Math.abs(x[i] - y[i]));
                }
                diff = String.format(Locale.ROOT, "%.2e", m);
            }
            return "| " + n + " | " + gflops(flop, ours) + " | " + theirs + " | " + ratio + " | " + diff + " |";
        } finally {
            be.useGemm(saved);
        }
    }

    private static String ganRow(CudaDevice d, Kernels cpuKernels, int batch) {
        GanStepChain.Gpu g = new GanStepChain.Gpu(d, batch, GanStepChain.GEN, GanStepChain.DISC);
        g.init(1);
        double[] gpuMs = time(d, 1, () -> g.step(0.01, 0.9));
        GanStepChain.Cpu c = new GanStepChain.Cpu(cpuKernels, batch, GanStepChain.GEN, GanStepChain.DISC);
        c.init(1);
        double[] cpuMs = time(null, 1, () -> c.step(0.01, 0.9));
        return String.format(Locale.ROOT, "| %d | %.3f | %.3f | %.1f× |", batch, gpuMs[0] * 1e3, cpuMs[0] * 1e3,
                cpuMs[0] / gpuMs[0]);
    }

    /**
     * Median and best seconds per call: 3 warm-up calls, then samples of {@code reps} calls each
     * (the device synchronized before and after a sample) until 2 s or 50 samples (at least 5).
     */
    private static double[] time(CudaDevice d, int reps, Runnable r) {
        for (int i = 0; i < 3; i++) {
            r.run();
        }
        if (d != null) {
            d.synchronize();
        }
        List<Double> t = new ArrayList<>();
        long start = System.nanoTime();
        while (t.size() < 5 || (t.size() < 50 && System.nanoTime() - start < 2_000_000_000L)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                r.run();
            }
            if (d != null) {
                d.synchronize();
            }
            t.add((System.nanoTime() - t0) / 1e9 / reps);
        }
        double[] s = t.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new double[] {s[s.length / 2], s[0]};
    }

    private static String gflops(double flop, double[] seconds) {
        return String.format(Locale.ROOT, "%.0f, %.0f", flop / seconds[0] / 1e9, flop / seconds[1] / 1e9);
    }

    private static int[] parse(String s) {
        return Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static void flush(StringBuilder md, Path out) throws IOException {
        if (out != null) {
            Files.writeString(out, md);
        }
    }
}
