package dev.tussle.engine.cuda;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CudaGpuTest} against an emulated driver: {@code engine/src/test/cuda/emulated_libcuda.cpp}
 * built as {@code libcuda.so.1} (one device, compute capability 9.0, host memory as device
 * memory, Tussle's kernels run on the CPU) and a stand-in cuBLAS ({@code stub_libcublas.c}), in
 * a fresh JVM with both first on {@code LD_LIBRARY_PATH}. Everything between {@link Cuda#open()}
 * and the kernels runs for real: JCuda's JNI calls, the primary context and stream calls, the
 * pool, kernel parameter packing, launch geometry, alignment of float4 operands, the cuBLAS
 * binding and every op's host logic, with small sizes ({@code -Dtussle.cuda.small=true}) and
 * batched GEMMs launched two batch entries at a time ({@code -Dtussle.cuda.maxGridZ=2}), so the
 * chunking at byte offsets runs too.
 * This is not a GPU result: no PTX is compiled, no GPU memory model, no concurrency, no timing.
 * Skipped without g++/gcc or without the JCuda jars.
 */
class CudaEmulatedDeviceTest {

    @Test
    void cudaGpuTestPassesOnTheEmulatedDevice() throws Exception {
        Optional<Path> gxx = CudaPtxTest.tool("g++");
        Optional<Path> gcc = CudaPtxTest.tool("gcc");
        Assumptions.assumeTrue(gxx.isPresent() && gcc.isPresent(), "g++/gcc absent: cannot build the emulated driver");
        List<Path> jcuda = CudaAbsenceTest.jcudaJars();
        Assumptions.assumeFalse(jcuda.isEmpty(), "the JCuda jars are not on this test JVM's class path");
        Path engine = CudaPtxTest.engineDir();
        Path src = engine.resolve("src/test/cuda");
        Path dir = Files.createTempDirectory("tussle-emulated-cuda");
        try {
            Path tmp = Files.createDirectory(dir.resolve("tmp"));
            build(List.of("bash", src.resolve("build-emulated.sh").toString(), dir.toString()));
            List<String> cp = new ArrayList<>();
            cp.add(Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            cp.add(Path.of(CudaGpuTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            for (String prop : List.of("jdk.module.path", "java.class.path")) {
                String v = System.getProperty(prop);
                if (v != null) {
                    for (String e : v.split(File.pathSeparator)) {
                        if (e.endsWith(".jar")) {
                            cp.add(e);
                        }
                    }
                }
            }
            List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"),
                    "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                    "-Djava.io.tmpdir=" + tmp, "-Dtussle.cuda.small=true", "-Dtussle.cuda.maxGridZ=2",
                    "-Dtussle.cublas=" + dir.resolve("libcublas_stub.so"),
                    "-cp", String.join(File.pathSeparator, cp), GpuTestRunnerMain.class.getName());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("LD_LIBRARY_PATH", dir.toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
            assertThat(out).as(out).contains("CudaGpuTest on device 0 Tussle emulated device (CPU) (compute 9.0",
                    "kernels sm_90 PTX", "cuBLAS " + dir.resolve("libcublas_stub.so"));
            assertThat(out).as(out).doesNotContain("FAIL ").contains("20 passed, 0 failed, 0 skipped");
            assertThat(p.exitValue()).as(out).isZero();
        } finally {
            try (var walk = Files.walk(dir)) {
                for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static void build(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
    }
}
