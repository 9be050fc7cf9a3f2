package dev.tussle.engine.cuda;

import dev.tussle.engine.Tensor;
import dev.tussle.nojcuda.NoJcudaMain;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The CUDA path is optional: the engine loads and computes with no JCuda on the class or module
 * path, and asking for CUDA where a piece is missing fails with an exception that names it.
 * Runs on any machine; the checks that need the absence of {@code libcuda.so.1} are skipped
 * (not passed) where it is installed.
 */
class CudaAbsenceTest {

    @Test
    void engineRunsAndOpenNamesJcudaWhenTheJcudaJarsAreNotOnTheClassPath() throws Exception {
        String out = run(List.of("-cp", engineClasses() + File.pathSeparator + testClasses(),
                NoJcudaMain.class.getName()));
        assertThat(out).contains("cpu result 5.5");   // relu([[1,2],[3,4]]·W) = [[1,1],[2.5,1]], summed
        assertThat(out).contains("jcuda visible false");
        assertThat(out).contains("probe JCuda jars absent");
        assertThat(out).containsPattern("unavailable \\[JCUDA(, DRIVER_LIBRARY)?]: CUDA unavailable: the JCuda jars "
                + "are not on the class path \\(add org.jcuda:jcuda:12.6.0");
        assertThat(out).doesNotContain("Exception in thread");
    }

    @Test
    void engineModuleResolvesWithoutJcudaOnTheModulePath() throws Exception {
        // `requires static jcuda` must not make the module graph need JCuda.
        String out = run(List.of("--module-path", engineClasses().toString(), "--add-modules", "dev.tussle.engine",
                "-cp", testClasses().toString(), NoJcudaMain.class.getName()));
        assertThat(out).contains("cpu result 5.5").contains("jcuda visible false");
        assertThat(out).containsPattern("unavailable \\[JCUDA(, DRIVER_LIBRARY)?]");
    }

    @Test
    void onTheModulePathJcudaNeedsAddModulesAndIsThenFound() throws Exception {
        List<Path> jcuda = jcudaJars();
        Assumptions.assumeFalse(jcuda.isEmpty(), "the JCuda jars are not on this test JVM's class path");
        String modulePath = engineClasses() + File.pathSeparator + jcuda.stream().map(Path::toString)
                .reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
        String without = run(List.of("--module-path", modulePath, "--add-modules", "dev.tussle.engine",
                "-cp", testClasses().toString(), NoJcudaMain.class.getName()));
        assertThat(without).contains("jcuda visible false").contains("--add-modules jcuda");
        String with = run(List.of("--module-path", modulePath, "--add-modules", "dev.tussle.engine,jcuda",
                "-cp", testClasses().toString(), NoJcudaMain.class.getName()));
        assertThat(with).contains("cpu result 5.5").contains("jcuda visible true");
        if (!driverLibraryInstalled()) {
            assertThat(with).contains("unavailable [DRIVER_LIBRARY]: CUDA unavailable: the NVIDIA driver library libcuda.so.1");
        }
    }

    @Test
    void openNamesTheDriverLibraryWhenLibcudaIsAbsent() {
        Assumptions.assumeTrue(Cuda.jcudaPresent(), "JCuda is not on the test class path");
        Assumptions.assumeFalse(driverLibraryInstalled(),
                "libcuda.so.1 is installed on this machine (ldconfig or LD_LIBRARY_PATH), so its absence cannot be tested");
        assertThat(Cuda.probe()).hasValueSatisfying(r -> assertThat(r).startsWith("libcuda.so.1 absent"));
        assertThatThrownBy(Cuda::open)
                .isInstanceOfSatisfying(CudaUnavailableException.class,
                        e -> assertThat(e.missing()).containsExactly(CudaUnavailableException.Missing.DRIVER_LIBRARY))
                .hasMessageStartingWith("CUDA unavailable: the NVIDIA driver library libcuda.so.1 cannot be loaded")
                .hasMessageContaining("install an NVIDIA driver");
    }

    @Test
    void withADriverThatSeesNoGpuOpenNamesTheDeviceOnTheClassAndModulePaths() throws Exception {
        List<Path> jcuda = jcudaJars();
        Assumptions.assumeFalse(jcuda.isEmpty(), "the JCuda jars are not on this test JVM's class path");
        Optional<Path> gcc = CudaPtxTest.tool("gcc");
        Assumptions.assumeTrue(gcc.isPresent(), "gcc is not installed, so no stand-in libcuda.so.1 can be built");
        Path dir = Files.createTempDirectory("tussle-stub-cuda");
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        try {
            Process cc = new ProcessBuilder(gcc.get().toString(), "-shared", "-fPIC", "-o",
                    dir.resolve("libcuda.so.1").toString(),
                    CudaPtxTest.engineDir().resolve("src/test/cuda/stub_libcuda.c").toString())
                    .redirectErrorStream(true).start();
            String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0).as(ccOut).isTrue();
            String jars = jcuda.stream().map(Path::toString).reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
            String expected = "unavailable [DEVICE]: CUDA unavailable: cuInit failed (CUDA_ERROR_NO_DEVICE)";
            // Class path: JCuda extracts its JNI library itself.
            String cp = runWith(dir, List.of("-Djava.io.tmpdir=" + tmp, "-cp",
                    engineClasses() + File.pathSeparator + testClasses() + File.pathSeparator + jars,
                    NoJcudaMain.class.getName()));
            assertThat(cp).contains("cpu result 5.5", "jcuda visible true", "probe ok", expected);
            // Module path, fresh temp dir: JCudaNatives puts the JNI library where JCuda looks.
            try (var files = Files.list(tmp)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            String mp = runWith(dir, List.of("-Djava.io.tmpdir=" + tmp, "--module-path",
                    engineClasses() + File.pathSeparator + jars, "--add-modules", "dev.tussle.engine,jcuda",
                    "-cp", testClasses().toString(), NoJcudaMain.class.getName()));
            assertThat(mp).contains("cpu result 5.5", "jcuda visible true", expected);
        } finally {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void openRejectsANegativeOrdinal() {
        assertThatThrownBy(() -> Cuda.open(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void poolSizeClasses() {
        assertThat(DeviceAllocator.sizeClass(0)).isEqualTo(256);
        assertThat(DeviceAllocator.sizeClass(256)).isEqualTo(256);
        assertThat(DeviceAllocator.sizeClass(257)).isEqualTo(512);
        assertThat(DeviceAllocator.sizeClass(1 << 20)).isEqualTo(1 << 20);
        assertThat(DeviceAllocator.sizeClass((1 << 20) + 1)).isEqualTo(2 << 20);
        assertThat(DeviceAllocator.sizeClass((64L << 20) + 1)).isEqualTo(66L << 20);
    }

    @Test
    void gemmTileChoice() {
        // H100: 132 SMs.
        assertThat(CudaBackend.gemmKernel(132, 1, 4096, 4096, 4096)).isEqualTo(CudaBackend.GemmKernel.SGEMM_128X128);
        assertThat(CudaBackend.gemmKernel(132, 1, 1024, 1024, 1024)).isEqualTo(CudaBackend.GemmKernel.SGEMM_128X64);
        assertThat(CudaBackend.gemmKernel(132, 1, 1536, 1536, 1536)).isEqualTo(CudaBackend.GemmKernel.SGEMM_64X64);
        assertThat(CudaBackend.gemmKernel(132, 1, 500, 128, 128)).isEqualTo(CudaBackend.GemmKernel.SGEMM_64X64);
        assertThat(CudaBackend.gemmKernel(132, 64, 256, 256, 256)).isEqualTo(CudaBackend.GemmKernel.SGEMM_128X128);
        // GAN shapes: small k.
        assertThat(CudaBackend.gemmKernel(132, 1, 65536, 50, 100)).isEqualTo(CudaBackend.GemmKernel.SGEMM_128X64);
        assertThat(CudaBackend.gemmKernel(132, 1, 65536, 100, 50)).isEqualTo(CudaBackend.GemmKernel.SGEMM_64X64);
        assertThat(CudaBackend.gemmKernel(132, 1, 500, 100, 50)).isEqualTo(CudaBackend.GemmKernel.SGEMM_64X64);
        assertThat(CudaBackend.gemmKernel(132, 1, 100, 50, 65536)).isEqualTo(CudaBackend.GemmKernel.SGEMM_64X64);
        // No SM count (an emulated device): H100's.
        assertThat(CudaBackend.gemmKernel(0, 1, 1024, 1024, 1024)).isEqualTo(CudaBackend.GemmKernel.SGEMM_128X64);
    }

    /** Whether libcuda.so.1 is findable the way the dynamic loader finds it: the ld cache or LD_LIBRARY_PATH. */
    static boolean driverLibraryInstalled() {
        String llp = System.getenv("LD_LIBRARY_PATH");
        if (llp != null) {
            for (String dir : llp.split(":")) {
                if (!dir.isEmpty() && Files.exists(Path.of(dir, "libcuda.so.1"))) {
                    return true;
                }
            }
        }
        for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
            if (Files.isExecutable(Path.of(ldconfig))) {
                try {
                    Process p = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    p.waitFor(30, TimeUnit.SECONDS);
                    return out.contains("libcuda.so.1 ");
                } catch (IOException | InterruptedException e) {
                    return true;   // cannot tell: do not claim it is absent
                }
            }
        }
        return true;
    }

    private static String run(List<String> args) throws IOException, InterruptedException {
        return runWith(null, args);
    }

    /** Runs a JVM; with {@code libraryDir} first on LD_LIBRARY_PATH when not null. */
    private static String runWith(Path libraryDir, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (libraryDir != null) {
            String old = System.getenv("LD_LIBRARY_PATH");
            pb.environment().put("LD_LIBRARY_PATH", libraryDir + (old == null || old.isEmpty() ? "" : ":" + old));
        }
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("subprocess finished: " + cmd).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(cmd + "\n" + out).isZero();
        return out;
    }

    private static Path engineClasses() throws URISyntaxException {
        return Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Path testClasses() throws URISyntaxException {
        return Path.of(NoJcudaMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The JCuda jars this test JVM was started with (class path or module path). */
    static List<Path> jcudaJars() {
        List<Path> jars = new ArrayList<>();
        for (String prop : List.of("java.class.path", "jdk.module.path")) {
            String v = System.getProperty(prop);
            if (v == null) {
                continue;
            }
            Arrays.stream(v.split(File.pathSeparator))
                    .filter(s -> Path.of(s).getFileName() != null && Path.of(s).getFileName().toString().startsWith("jcuda"))
                    .map(Path::of)
                    .forEach(jars::add);
        }
        return jars;
    }
}
