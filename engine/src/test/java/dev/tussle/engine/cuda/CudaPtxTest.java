package dev.tussle.engine.cuda;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PTX the engine ships: present for every target, PTX ISA at most 9.0 (what driver 580 JITs),
 * defining every entry point the backend launches; equal to what {@code build-ptx.sh}'s nvcc makes
 * of {@code tussle_kernels.cu} today; and accepted by {@code ptxas -arch=sm_90}. The last two run
 * where nvcc / ptxas are installed and are skipped (with the reason) elsewhere.
 */
class CudaPtxTest {
    private static final Path ENGINE = engineDir();
    private static final Path SOURCE = ENGINE.resolve("src/main/cuda/tussle_kernels.cu");
    private static final Path SCRIPT = ENGINE.resolve("src/main/cuda/build-ptx.sh");
    private static final Path RESOURCES = ENGINE.resolve("src/main/resources/dev/tussle/engine/cuda");

    @Test
    void everyTargetShipsPtxIsa90WithEveryEntryPoint() {
        for (String target : Ptx.TARGETS) {
            String ptx = new String(Ptx.bytes(target), StandardCharsets.US_ASCII);
            Matcher v = Pattern.compile("(?m)^\\.version (\\d+)\\.(\\d+)$").matcher(ptx);
            assertThat(v.find()).as(target + " has a .version line").isTrue();
            int major = Integer.parseInt(v.group(1));
            int minor = Integer.parseInt(v.group(2));
            assertThat(major * 10 + minor).as(target + " PTX ISA " + major + "." + minor + " <= " + Ptx.MAX_ISA)
                    .isLessThanOrEqualTo(90);
            String arch = target.replace("compute_", "sm_");
            assertThat(ptx).as(target).containsPattern("(?m)^\\.target " + arch + "$").contains(".address_size 64");
            for (String entry : Ptx.ENTRY_POINTS) {
                assertThat(ptx).as(target + " defines " + entry).contains(".visible .entry " + entry + "(");
            }
        }
    }

    @Test
    void targetChoiceByComputeCapability() {
        assertThat(Ptx.targetFor(9, 0)).isEqualTo("sm_90");
        assertThat(Ptx.targetFor(10, 0)).isEqualTo("sm_90");
        assertThat(Ptx.targetFor(8, 9)).isEqualTo("compute_80");
        assertThat(Ptx.targetFor(8, 0)).isEqualTo("compute_80");
        assertThat(Ptx.targetFor(7, 5)).isNull();
    }

    @Test
    void theBuildScriptIsThereAndExecutable() {
        assertThat(SOURCE).exists();
        assertThat(Files.isExecutable(SCRIPT)).as(SCRIPT + " executable").isTrue();
    }

    @Test
    void committedPtxEqualsWhatNvccMakesOfTheSource() throws Exception {
        Optional<Path> nvcc = tool("nvcc");
        Assumptions.assumeTrue(nvcc.isPresent(), "nvcc is not installed (PATH, /usr/local/cuda/bin), so the PTX "
                + "cannot be rebuilt here");
        String shipped = new String(Ptx.bytes("sm_90"), StandardCharsets.US_ASCII);
        String version = run(List.of(nvcc.get().toString(), "--version"), null).out();
        Matcher release = Pattern.compile("release (\\d+\\.\\d+), V([\\d.]+)").matcher(version);
        assertThat(release.find()).as(version).isTrue();
        Assumptions.assumeTrue(shipped.contains("Cuda compilation tools, release " + release.group(1) + ", V" + release.group(2)),
                "nvcc here is " + release.group(0) + ", not the one the committed PTX was built with; other nvcc "
                        + "versions emit different PTX");
        Path tmp = Files.createTempDirectory("tussle-ptx");
        try {
            for (String target : Ptx.TARGETS) {
                Path out = tmp.resolve("tussle_kernels." + target + ".ptx");
                Result r = run(List.of(nvcc.get().toString(), "-ptx", "-O3", "-std=c++17", "-arch=" + target,
                        "-o", out.toString(), SOURCE.toString()), null);
                assertThat(r.rc()).as(r.out()).isZero();
                assertThat(Files.readString(out)).as(target + " PTX is stale: run engine/src/main/cuda/build-ptx.sh")
                        .isEqualTo(Files.readString(RESOURCES.resolve("tussle_kernels." + target + ".ptx")));
            }
            String script = Files.readString(SCRIPT);
            assertThat(script).as("the script uses the flags this test checks").contains("-ptx -O3 -std=c++17 -arch=\"$target\"");
        } finally {
            try (var files = Files.list(tmp)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(tmp);
        }
    }

    @Test
    void ptxasAssemblesEveryTargetForSm90WithoutSpills() throws Exception {
        Optional<Path> ptxas = tool("ptxas");
        Assumptions.assumeTrue(ptxas.isPresent(), "ptxas is not installed (PATH, /usr/local/cuda/bin)");
        Path tmp = Files.createTempFile("tussle", ".cubin");
        try {
            for (String target : Ptx.TARGETS) {
                Path ptx = Files.createTempFile("tussle_kernels." + target, ".ptx");
                Files.write(ptx, Ptx.bytes(target));
                Result r = run(List.of(ptxas.get().toString(), "-arch=sm_90", "-v", "-o", tmp.toString(), ptx.toString()), null);
                Files.delete(ptx);
                assertThat(r.rc()).as(target + ":\n" + r.out()).isZero();
                assertThat(r.out()).as(target + ": the GEMM accumulators must stay in registers")
                        .doesNotContainPattern("[1-9]\\d* bytes spill stores");
                for (String entry : Ptx.ENTRY_POINTS) {
                    assertThat(r.out()).contains("Compiling entry function '" + entry + "' for 'sm_90'");
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private record Result(int rc, String out) {
    }

    private static Result run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as(String.join(" ", cmd)).isTrue();
        return new Result(p.exitValue(), out);
    }

    static Optional<Path> tool(String name) {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(":")) {
                if (!d.isEmpty()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        dirs.add(Path.of("/usr/local/cuda/bin"));
        return dirs.stream().map(d -> d.resolve(name)).filter(Files::isExecutable).findFirst();
    }

    static Path engineDir() {
        Path p = Path.of("").toAbsolutePath();
        if (Files.isDirectory(p.resolve("src/main/cuda"))) {
            return p;
        }
        return p.resolve("engine");
    }
}
