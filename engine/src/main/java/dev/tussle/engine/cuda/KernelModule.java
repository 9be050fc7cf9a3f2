package dev.tussle.engine.cuda;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Tussle's PTX (built from {@code engine/src/main/cuda/tussle_kernels.cu} by
 * {@code build-ptx.sh}) loaded with {@code cuModuleLoadData}, its entry points looked up by name,
 * and a launcher over {@code cuLaunchKernel} that packs Java values into kernel parameters.
 */
final class KernelModule implements AutoCloseable {
    /** A null device pointer argument (JCuda's CUdeviceptr starts at address 0). */
    static final CUdeviceptr NULL = new CUdeviceptr();

    private final CUmodule module = new CUmodule();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final String target;

    KernelModule(String target) {
        this.target = target;
        byte[] ptx = ptx(target);
        JCudaDriver.cuModuleLoadData(module, ptx);
        for (String name : Ptx.ENTRY_POINTS) {
            CUfunction f = new CUfunction();
            JCudaDriver.cuModuleGetFunction(f, module, name);
            functions.put(name, f);
        }
    }

    /** The shipped PTX for a target, NUL-terminated as {@code cuModuleLoadData} wants. */
    static byte[] ptx(String target) {
        byte[] b = Ptx.bytes(target);
        return Arrays.copyOf(b, b.length + 1);
    }

    String target() {
        return target;
    }

    /**
     * Launches {@code name} on {@code stream} with a 1-d or 3-d grid. Arguments are packed by
     * their Java type: Integer → int, Long → long long, Float → float, Double → double,
     * CUdeviceptr → pointer ({@link #NULL} for a null pointer).
     */
    void launch(String name, CUstream stream, int gx, int gy, int gz, int block, Object... args) {
        CUfunction f = functions.get(name);
        if (f == null) {
            throw new IllegalArgumentException("Tussle CUDA kernels: no entry point " + name);
        }
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = switch (args[i]) {
                case Integer v -> Pointer.to(new int[] {v});
                case Long v -> Pointer.to(new long[] {v});
                case Float v -> Pointer.to(new float[] {v});
                case Double v -> Pointer.to(new double[] {v});
                case CUdeviceptr p -> Pointer.to(p);
                default -> throw new IllegalArgumentException("Tussle CUDA kernels: " + name + " argument " + i
                        + " has unsupported type " + args[i].getClass().getName());
            };
        }
        JCudaDriver.cuLaunchKernel(f, gx, gy, gz, block, 1, 1, 0, stream, Pointer.to(params), null);
    }

    @Override
    public void close() {
        JCudaDriver.cuModuleUnload(module);
    }
}
