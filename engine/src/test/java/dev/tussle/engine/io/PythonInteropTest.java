package dev.tussle.engine.io;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Reads Tussle's safetensors and .npy files with an independent NumPy-only reader
 * ({@code src/test/python/read_checkpoint.py}). Skipped where {@code python3} with NumPy is absent.
 */
class PythonInteropTest {
    private static final Path SCRIPT = Path.of("src/test/python/read_checkpoint.py");

    @TempDir
    Path dir;

    private static ProcessResult run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new ProcessResult(-1, "timed out");
        }
        return new ProcessResult(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private record ProcessResult(int exit, String output) {
    }

    /** The first of the PATH's python3 and Debian's that has NumPy (CI installs Debian's), or null. */
    private static String pythonWithNumpy() {
        for (String python : List.of("python3", "/usr/bin/python3")) {
            try {
                if (run(List.of(python, "-c", "import numpy")).exit() == 0) {
                    return python;
                }
            } catch (IOException | InterruptedException e) {
                // try the next one
            }
        }
        return null;
    }

    @Test
    @SuppressWarnings("unchecked")
    void numpyReadsTheSameValues() throws Exception {
        String python = pythonWithNumpy();
        assumeTrue(python != null, "python3 with numpy is not available");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("layers.0.weight", Tensor.randn(new Rng(3), DType.F32, 0, 1, 4, 5));
        tensors.put("layers.0.bias", Tensor.randn(new Rng(4), DType.F64, 0, 1, 5));
        tensors.put("scalar", Tensor.scalar(-1.5));
        Path file = dir.resolve("m.safetensors");
        SafeTensors.write(file, tensors, Map.of("tussle.model", "Mlp(sizes=[4, 5])"));
        List<String> cmd = new ArrayList<>(List.of(python, SCRIPT.toString(), file.toString()));
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Path npy = dir.resolve(e.getKey() + ".npy");
            Npy.write(npy, e.getValue());
            cmd.add(e.getKey() + "=" + npy);
        }
        ProcessResult r = run(cmd);
        assertThat(r.exit()).as(r.output()).isZero();
        Map<String, Object> summary = (Map<String, Object>) Json.parse(r.output().strip());
        assertThat((Map<String, Object>) summary.get("__metadata__")).containsEntry("tussle.model", "Mlp(sizes=[4, 5])");
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Map<String, Object> s = (Map<String, Object>) summary.get(e.getKey());
            assertThat(s.get("dtype")).isEqualTo(e.getValue().dtype().toString());
            List<Long> shape = new ArrayList<>();
            for (int d : e.getValue().shape().dims()) {
                shape.add((long) d);
            }
            assertThat(s.get("shape")).isEqualTo(shape);
            double sum = 0;
            for (double v : e.getValue().toDoubleArray()) {
                sum += v;
            }
            assertThat(((Number) s.get("sum")).doubleValue()).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-9));
        }
    }
}
