package dev.tussle.gan.cli;

import dev.tussle.engine.Tensor;
import dev.tussle.engine.cuda.Cuda;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --device}: the settings the CUDA path does not run are refused up front (no device
 * needed for that); where there is no device the command names what is missing and leaves no run
 * folder; and with no JCuda on the class path at all, CPU training works and {@code --device cuda}
 * names the missing jars.
 */
class TussleDeviceTest {
    private final CliHarness cli = new CliHarness();

    private int run(String... args) {
        return cli.run(args);
    }

    private String err() {
        return cli.err();
    }

    @Test
    void settingsWithoutACudaFormAreRefusedBeforeAnyDeviceIsOpened(@TempDir Path dir) {
        assertThat(run("train", "--device", "cuda", "--gp", "1", "--l2", "0.01", "--dtype", "float64",
                "--out", dir.resolve("a").toString())).isEqualTo(2);
        assertThat(err()).isEqualTo("tussle train: --device cuda: not supported on the CUDA path: --dtype float64 "
                + "(the CUDA path is float32), --gp; run these with --device cpu\n");
        assertThat(run("train", "--device", "cuda", "--discriminator", "gaussian", "--r1", "1", "--consensus", "0.1",
                "--r2", "1", "--out", dir.resolve("b").toString())).isEqualTo(2);
        assertThat(err()).isEqualTo("tussle train: --device cuda: not supported on the CUDA path: --discriminator gaussian "
                + "(only MLPs run on the device), --r1, --r2, --consensus; run these with --device cpu\n");
        assertThat(run("train", "--device", "cuda", "--param-noise-copies", "2", "--out", dir.resolve("b").toString()))
                .isEqualTo(2);
        assertThat(err()).contains("not supported on the CUDA path: --param-noise-copies;");
        assertThat(run("train", "--device", "tpu", "--out", dir.resolve("c").toString())).isEqualTo(2);
        assertThat(err()).contains("--device: expected one of cpu, cuda");
        assertThat(dir.resolve("a")).doesNotExist();
    }

    @Test
    void withoutADeviceTheCommandNamesWhatIsMissingAndWritesNothing(@TempDir Path dir) {
        Assumptions.assumeTrue(Cuda.probe().isPresent(), "a CUDA device is usable here");
        Path runDir = dir.resolve("run");
        assertThat(run("train", "--device", "cuda", "--steps", "2", "--out", runDir.toString())).isEqualTo(1);
        assertThat(err()).startsWith("tussle train: --device cuda: CUDA unavailable: ").contains("libcuda.so.1");
        assertThat(runDir).doesNotExist();
    }

    @Test
    void withoutJcudaOnTheClassPathCpuTrainingWorksAndCudaNamesTheJars(@TempDir Path dir) throws Exception {
        String cp = String.join(File.pathSeparator,
                Path.of(Tussle.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        String java = ProcessHandle.current().info().command().orElse("java");
        Result cpu = child(java, cp, "train", "--steps", "3", "--eval-every", "0", "--progress", "none", "--out",
                dir.resolve("cpu").toString());
        assertThat(cpu.exit()).as(cpu.output()).isZero();
        assertThat(dir.resolve("cpu").resolve("checkpoint.safetensors")).exists();
        Result cuda = child(java, cp, "train", "--device", "cuda", "--steps", "3", "--out", dir.resolve("cuda").toString());
        assertThat(cuda.exit()).as(cuda.output()).isEqualTo(1);
        assertThat(cuda.output()).contains("tussle train: --device cuda: CUDA unavailable: the JCuda jars are not on "
                + "the class path (add org.jcuda:jcuda:12.6.0");
    }

    private record Result(int exit, String output) {
    }

    private static Result child(String java, String cp, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-cp", cp,
                Tussle.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), output);
    }
}
