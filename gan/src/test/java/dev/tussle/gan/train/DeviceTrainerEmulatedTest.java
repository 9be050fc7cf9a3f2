package dev.tussle.gan.train;

import dev.tussle.engine.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DeviceTrainerCheckMain} (the {@code --device cuda} GAN and MIX+GAN trainers against the
 * CPU ones, and their resume) in a fresh JVM whose {@code libcuda.so.1} is the engine's emulated
 * driver ({@code engine/src/test/cuda/build-emulated.sh}: host memory as device memory, Tussle's
 * kernels run on the CPU) with the stand-in cuBLAS. Everything of the device path but the GPU
 * runs: JCuda, the pool, the launches, the device networks and optimizers, the trainers' host
 * side. Not a GPU result (the GPU run is {@code bench/cuda-gpu.sh run}). Skipped without
 * g++/gcc/bash or without the JCuda jars on the test class path.
 */
class DeviceTrainerEmulatedTest {

    @Test
    void deviceTrainersMatchTheCpuTrainersOnTheEmulatedDevice() throws Exception {
        List<String> jars = new ArrayList<>();
        for (String prop : List.of("jdk.module.path", "java.class.path")) {
            for (String e : System.getProperty(prop, "").split(File.pathSeparator)) {
                if (!e.isEmpty() && (e.endsWith(".jar") || Files.isDirectory(Path.of(e)))) {
                    jars.add(e);
                }
            }
        }
        Assumptions.assumeTrue(jars.stream().anyMatch(j -> j.contains("jcuda")), "JCuda is not on the test class path");
        Path script = Path.of("..", "engine", "src", "test", "cuda", "build-emulated.sh").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.exists(script), "no engine checkout beside gan: " + script);
        Path dir = Files.createTempDirectory("tussle-emulated-trainer");
        try {
            Process build = new ProcessBuilder("bash", script.toString(), dir.toString()).redirectErrorStream(true).start();
            String buildOut = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(build.waitFor(300, TimeUnit.SECONDS)).isTrue();
            Assumptions.assumeFalse(buildOut.contains("command not found") || buildOut.contains("barrier: No such file"),
                    "cannot build the emulated driver here: " + buildOut);
            assertThat(build.exitValue()).as(buildOut).isZero();
            List<String> cp = new ArrayList<>(jars);
            cp.add(Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"),
                    "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                    "-Dtussle.cublas=" + dir.resolve("libcublas_stub.so"),
                    "-cp", String.join(File.pathSeparator, cp), DeviceTrainerCheckMain.class.getName());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("LD_LIBRARY_PATH", dir.toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
            assertThat(out).as(out).contains("12 passed, 0 failed on device 0 Tussle emulated device (CPU)");
            assertThat(p.exitValue()).as(out).isZero();
        } finally {
            try (var walk = Files.walk(dir)) {
                for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
