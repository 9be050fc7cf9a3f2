package dev.tussle.engine.kernel;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The checked-in {@code VectorLoops.java} is exactly what its generator produces. */
class GeneratedVectorLoopsTest {

    @Test
    void vectorLoopsMatchTheGenerator() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        File repoRoot = new File(System.getProperty("user.dir")).getParentFile(); // surefire runs in engine/
        Process p = new ProcessBuilder(java, "engine/src/codegen/GenerateVectorLoops.java", "--check")
                .directory(repoRoot).redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("is up to date");
    }
}
