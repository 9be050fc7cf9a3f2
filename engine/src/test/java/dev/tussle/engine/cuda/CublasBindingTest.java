package dev.tussle.engine.cuda;

import dev.tussle.engine.kernel.KernelProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cuBLAS binding ({@link Cublas}, {@code java.lang.foreign}) against a stand-in library
 * ({@code engine/src/test/cuda/stub_libcublas.c}) that implements cuBLAS's column-major SGEMM on
 * host memory: checks the downcall signatures, the argument order and the row-major mapping
 * ({@code Cᵀ = op(B)ᵀ·op(A)ᵀ}) for every transpose combination, accumulation, and the strided
 * batched call with a broadcast operand, against the CPU GEMM. Runs without a GPU; skipped
 * without gcc. Whether the real cuBLAS loads and agrees is {@link CudaGpuTest}'s job.
 */
class CublasBindingTest {

    @Test
    void rowMajorProductsThroughTheBindingEqualTheCpuGemm() throws Exception {
        Optional<Path> gcc = CudaPtxTest.tool("gcc");
        Assumptions.assumeTrue(gcc.isPresent(), "gcc is not installed, so no stand-in cuBLAS can be built");
        Path dir = Files.createTempDirectory("tussle-stub-cublas");
        Path lib = dir.resolve("libcublas_stub.so");
        String saved = System.getProperty("tussle.cublas");
        try {
            Process cc = new ProcessBuilder(gcc.get().toString(), "-shared", "-fPIC", "-O2", "-o", lib.toString(),
                    CudaPtxTest.engineDir().resolve("src/test/cuda/stub_libcublas.c").toString())
                    .redirectErrorStream(true).start();
            String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0).as(ccOut).isTrue();
            System.setProperty("tussle.cublas", lib.toString());
            List<String> why = new ArrayList<>();
            Optional<Cublas> loaded = Cublas.load(0, why);
            assertThat(loaded).as(why.toString()).isPresent();
            try (Cublas cb = loaded.get(); Arena arena = Arena.ofConfined()) {
                assertThat(cb.library()).isEqualTo(lib.toString());
                int[][] sizes = {{1, 1, 1}, {7, 13, 5}, {4, 9, 16}, {33, 2, 50}};
                for (int[] s : sizes) {
                    for (int t = 0; t < 8; t++) {
                        boolean ta = (t & 1) != 0, tb = (t & 2) != 0, acc = (t & 4) != 0;
                        int m = s[0], n = s[1], k = s[2];
                        float[] a = CudaGpuTest.rand(m * k, 1 + t, -1, 1), b = CudaGpuTest.rand(k * n, 2 + t, -1, 1);
                        float[] c = CudaGpuTest.rand(m * n, 3, -1, 1), want = c.clone();
                        KernelProvider.scalar().gemm(ta, tb, m, n, k, a, 0, b, 0, want, 0, acc);
                        MemorySegment da = arena.allocateFrom(ValueLayout.JAVA_FLOAT, a);
                        MemorySegment db = arena.allocateFrom(ValueLayout.JAVA_FLOAT, b);
                        MemorySegment dc = arena.allocateFrom(ValueLayout.JAVA_FLOAT, c);
                        cb.sgemm(ta, tb, m, n, k, da.address(), db.address(), dc.address(), acc);
                        CudaGpuTest.close("stub cuBLAS " + m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb + " acc=" + acc,
                                dc.toArray(ValueLayout.JAVA_FLOAT), want, 1e-6, 1e-6);
                    }
                }
                int batch = 3, m = 5, n = 6, k = 7;
                float[] a = CudaGpuTest.rand(batch * m * k, 9, -1, 1), b = CudaGpuTest.rand(n * k, 10, -1, 1);
                float[] want = new float[batch * m * n];
                KernelProvider.scalar().gemmBatched(batch, false, true, m, n, k, a, 0, m * k, b, 0, 0, want, 0, m * n, false);
                MemorySegment da = arena.allocateFrom(ValueLayout.JAVA_FLOAT, a);
                MemorySegment db = arena.allocateFrom(ValueLayout.JAVA_FLOAT, b);
                MemorySegment dc = arena.allocate(ValueLayout.JAVA_FLOAT, batch * m * n);
                cb.sgemmStridedBatched(batch, false, true, m, n, k, da.address(), (long) m * k, db.address(), 0,
                        dc.address(), (long) m * n, false);
                CudaGpuTest.close("stub cuBLAS strided batched", dc.toArray(ValueLayout.JAVA_FLOAT), want, 1e-6, 1e-6);
            }
        } finally {
            if (saved == null) {
                System.clearProperty("tussle.cublas");
            } else {
                System.setProperty("tussle.cublas", saved);
            }
            Files.deleteIfExists(lib);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void cublasOffMeansNoCandidates() {
        String saved = System.getProperty("tussle.cublas");
        try {
            System.setProperty("tussle.cublas", "off");
            assertThat(Cublas.candidates()).isEmpty();
            System.clearProperty("tussle.cublas");
            assertThat(Cublas.candidates()).first().isEqualTo("libcublas.so.13");
            assertThat(Cublas.candidates()).contains("libcublas.so.12");
            assertThat(Cublas.candidates().indexOf("libcublas.so.13")).isLessThan(Cublas.candidates().indexOf("libcublas.so.12"));
        } finally {
            if (saved != null) {
                System.setProperty("tussle.cublas", saved);
            }
        }
    }
}
