package dev.tussle.engine.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * cuBLAS's FP32 GEMM through the foreign function API ({@code java.lang.foreign}), so no JCuda
 * cuBLAS binding (which needs exactly {@code libcublas.so.12}) is involved. Tries
 * {@code libcublas.so.13}, then {@code libcublas.so.12}, by soname (the loader's search path) and
 * under {@code /usr/local/cuda/lib64}; the system property {@code tussle.cublas} names a library
 * file to use instead, or {@code off} to never use cuBLAS. cuBLAS runs on the device's primary
 * context (the runtime API attaches to the context current on the thread) and on its stream.
 *
 * <p>Row-major products map to cuBLAS's column-major ones by computing {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}:
 * the same memory read with swapped operands and dimensions.
 */
final class Cublas implements AutoCloseable {
    private static final int OP_N = 0;
    private static final int OP_T = 1;

    private final String library;
    private final Arena arena = Arena.ofShared();
    private final MethodHandle destroy;
    private final MethodHandle sgemm;
    private final MethodHandle sgemmStridedBatched;
    private final MemorySegment handle;
    private final MemorySegment one;
    private final MemorySegment zero;

    private Cublas(String library, SymbolLookup lib, long stream) throws Throwable {
        this.library = library;
        Linker linker = Linker.nativeLinker();
        MethodHandle create = linker.downcallHandle(lib.findOrThrow("cublasCreate_v2"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        MethodHandle setStream = linker.downcallHandle(lib.findOrThrow("cublasSetStream_v2"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        destroy = linker.downcallHandle(lib.findOrThrow("cublasDestroy_v2"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
        sgemm = linker.downcallHandle(lib.findOrThrow("cublasSgemm_v2"), FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        sgemmStridedBatched = linker.downcallHandle(lib.findOrThrow("cublasSgemmStridedBatched"),
                FunctionDescriptor.of(JAVA_INT,
                        ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                        ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_LONG,
                        ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT));
        MemorySegment out = arena.allocate(ADDRESS);
        check("cublasCreate_v2", (int) create.invokeExact(out));
        handle = out.get(ADDRESS, 0);
        check("cublasSetStream_v2", (int) setStream.invokeExact(handle, MemorySegment.ofAddress(stream)));
        one = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1f);
        zero = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 0f);
    }

    /** The library file names tried, in order. */
    static List<String> candidates() {
        String forced = System.getProperty("tussle.cublas");
        if (forced != null) {
            return "off".equals(forced) ? List.of() : List.of(forced);
        }
        List<String> c = new ArrayList<>();
        for (String so : List.of("libcublas.so.13", "libcublas.so.12")) {
            c.add(so);
            c.add("/usr/local/cuda/lib64/" + so);
            c.add("/usr/local/cuda/targets/x86_64-linux/lib/" + so);
        }
        return c;
    }

    /**
     * Loads cuBLAS and creates a handle bound to {@code stream} (a raw {@code CUstream}); empty
     * with the reasons appended to {@code why} when no candidate loads.
     */
    static Optional<Cublas> load(long stream, List<String> why) {
        for (String name : candidates()) {
            SymbolLookup lib;
            try {
                lib = SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException | IllegalCallerException e) {
                continue;
            }
            try {
                return Optional.of(new Cublas(name, lib, stream));
            } catch (Throwable t) {
                why.add(name + ": " + t);
            }
        }
        if (why.isEmpty()) {
            why.add("none of " + candidates() + " found");
        }
        return Optional.empty();
    }

    String library() {
        return library;
    }

    /** Row-major {@code C (m×n) = op(A)·op(B)} (or {@code +=}), layouts as in {@link CudaBackend#gemm}. */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, long a, long b, long c, boolean accumulate) {
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        // Locals, not conditionals in the call: invokeExact would see a conditional as Object.
        MemorySegment beta = accumulate ? one : zero;
        int opA = transA ? OP_T : OP_N;
        int opB = transB ? OP_T : OP_N;
        try {
            check("cublasSgemm_v2", (int) sgemm.invokeExact(handle, opB, opA,
                    n, m, k, one, MemorySegment.ofAddress(b), ldb, MemorySegment.ofAddress(a), lda,
                    beta, MemorySegment.ofAddress(c), n));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Batched row-major product with element strides per batch entry (0 broadcasts A or B). */
    void sgemmStridedBatched(int batch, boolean transA, boolean transB, int m, int n, int k,
                             long a, long strideA, long b, long strideB, long c, long strideC, boolean accumulate) {
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        MemorySegment beta = accumulate ? one : zero;
        int opA = transA ? OP_T : OP_N;
        int opB = transB ? OP_T : OP_N;
        try {
            check("cublasSgemmStridedBatched", (int) sgemmStridedBatched.invokeExact(handle,
                    opB, opA, n, m, k, one,
                    MemorySegment.ofAddress(b), ldb, strideB, MemorySegment.ofAddress(a), lda, strideA,
                    beta, MemorySegment.ofAddress(c), n, strideC, batch));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void check(String call, int status) {
        if (status != 0) {
            throw new IllegalStateException("cuBLAS " + call + " failed with status " + status);
        }
    }

    @Override
    public void close() {
        try {
            int ignored = (int) destroy.invokeExact(handle);
        } catch (Throwable t) {
            // closing: nothing useful to do
        }
        arena.close();
    }
}
