package dev.tussle.engine.kernel;

import dev.tussle.engine.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code --add-modules jdk.incubator.vector} the engine must still work, on the scalar
 * kernels, and say so once. Runs the fit demo in a fresh JVM started without the module.
 */
class ScalarFallbackTest {

    @Test
    void engineRunsOnScalarKernelsWhenTheVectorModuleIsAbsent() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path classes;
        try {
            classes = Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Process p = new ProcessBuilder(java, "-cp", classes.toString(), "dev.tussle.engine.demo.FitDemo", "20")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("demo finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("Tussle kernels: scalar (module jdk.incubator.vector absent");
        assertThat(out.split("Tussle kernels:", -1)).as("announced exactly once").hasSize(2);
        assertThat(out).contains("step    20  mse");
    }

    @Test
    void vectorKernelsAreActiveInTheTestJvm() {
        assertThat(KernelProvider.vector()).as("surefire runs with --add-modules jdk.incubator.vector").isPresent();
        assertThat(KernelProvider.get().name()).startsWith("vector(");
    }
}
