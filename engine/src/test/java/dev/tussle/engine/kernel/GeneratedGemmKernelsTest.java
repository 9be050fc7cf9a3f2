package dev.tussle.engine.kernel;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * FloatGemmOps and DoubleGemmOps are what {@code engine/codegen/gemm_microkernels.py} produces
 * from its templates. The generator rewrites the files in
 * place, so the test runs it and restores the files whatever happens. Skipped where python3 is
 * missing.
 */
class GeneratedGemmKernelsTest {

    @Test
    void gemmMicroKernelsMatchTheirGenerator() throws IOException, InterruptedException {
        File engine = new File(System.getProperty("user.dir")); // surefire runs in engine/
        Path dir = engine.toPath().resolve("src/main/java/dev/tussle/engine/kernel");
        Path f = dir.resolve("FloatGemmOps.java");
        Path d = dir.resolve("DoubleGemmOps.java");
        String floatBefore = Files.readString(f, StandardCharsets.UTF_8);
        String doubleBefore = Files.readString(d, StandardCharsets.UTF_8);
        Process p;
        try {
            p = new ProcessBuilder("python3", "codegen/gemm_microkernels.py").directory(engine)
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 is not available: " + e.getMessage());
            return;
        }
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(Files.readString(f, StandardCharsets.UTF_8)).as("FloatGemmOps.java is current").isEqualTo(floatBefore);
            assertThat(Files.readString(d, StandardCharsets.UTF_8)).as("DoubleGemmOps.java is current").isEqualTo(doubleBefore);
        } finally {
            Files.writeString(f, floatBefore, StandardCharsets.UTF_8);
            Files.writeString(d, doubleBefore, StandardCharsets.UTF_8);
        }
    }
}
