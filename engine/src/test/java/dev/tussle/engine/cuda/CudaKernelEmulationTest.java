package dev.tussle.engine.cuda;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the CUDA kernels' source on the CPU: {@code engine/src/test/cuda/emulate_kernels.cpp}
 * compiles {@code tussle_kernels.cu} as C++ with {@code cuda_emulation.h} (a host thread per CUDA
 * thread, a barrier for {@code __syncthreads}) and compares the tiled SGEMM (all three tile shapes,
 * every transpose / accumulate / bias / activation, batched with a broadcast operand, edge
 * sizes), the reductions and the column sums with plain loops. This checks the kernels' index
 * arithmetic where there is no GPU; it is no substitute for {@link CudaGpuTest} (no GPU memory
 * model, no alignment faults, no timing). Skipped where g++ is absent.
 */
class CudaKernelEmulationTest {

    @Test
    void kernelsComputeTheReferenceResultsUnderEmulation() throws Exception {
        Optional<Path> gxx = CudaPtxTest.tool("g++");
        Assumptions.assumeTrue(gxx.isPresent(), "g++ is not installed, so the kernels cannot be emulated here");
        Path engine = CudaPtxTest.engineDir();
        Path dir = engine.resolve("src/test/cuda");
        Path kernels = engine.resolve("src/main/cuda/tussle_kernels.cu").toAbsolutePath();
        Path exe = Files.createTempFile("tussle-emulate", "");
        try {
            Process cc = new ProcessBuilder(gxx.get().toString(), "-std=c++20", "-O1", "-w", "-pthread",
                    "-DTUSSLE_KERNELS=\"" + kernels + "\"", "-I", dir.toString(), "-x", "c++",
                    dir.resolve("emulate_kernels.cpp").toString(), "-o", exe.toString())
                    .redirectErrorStream(true).start();
            String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(cc.waitFor(300, TimeUnit.SECONDS)).isTrue();
            Assumptions.assumeFalse(ccOut.contains("barrier: No such file"),
                    "this g++ has no C++20 <barrier>: " + ccOut);
            assertThat(cc.exitValue()).as(ccOut).isZero();
            Process run = new ProcessBuilder(List.of(exe.toString())).redirectErrorStream(true).start();
            String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(run.waitFor(300, TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).as(out).isZero();
            assertThat(out).contains("sgemm: 336 cases, 0 bad", "reduce: ok", "column sum: ok", "ALL OK");
        } finally {
            Files.deleteIfExists(exe);
        }
    }
}
