package dev.tussle.engine.cuda;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Tussle's PTX (built from {@code engine/src/main/cuda/tussle_kernels.cu} by
 * {@code build-ptx.sh}) loaded with {@code cuModuleLoadData}, its entry points looked up by name,
 * and a launcher over {@code cuLaunchKernel} that packs Java values into kernel parameters.
 */
final class KernelModule implements AutoCloseable {
    /** The shipped PTX targets, best first: resource name suffix and the minimum compute capability. */
    static final String[] TARGETS = {"sm_90", "compute_80"};
    /** Every entry point of the PTX; all are looked up when the module loads. */
    static final String[] ENTRY_POINTS = {
        "sgemm_128x128", "sgemm_64x64", "activation_backward", "map_f32", "zip_f32", "select_f32",
        "reduce_f32", "reduce_f64_final", "column_sum_partial", "column_sum_final", "adam_f32", "sgd_f32"
    };
    /** A null device pointer argument (JCuda's CUdeviceptr starts at address 0). */
    static final CUdeviceptr NULL = new CUdeviceptr();

    private final CUmodule module = new CUmodule();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final String target;

    KernelModule(String target) {
        this.target = target;
        byte[] ptx = ptx(target);
        JCudaDriver.cuModuleLoadData(module, ptx);
        for (String name : ENTRY_POINTS) {
            CUfunction f = new CUfunction();
            JCudaDriver.cuModuleGetFunction(f, module, name);
            functions.put(name, f);
        }
    }

    /** The PTX target for a device of compute capability major.minor, or null if none fits. */
    static String targetFor(int major, int minor) {
        if (major >= 9) {
            return "sm_90";
        }
        if (major >= 8) {
            return "compute_80";
        }
        return null;
    }

    /** The resource path of the PTX for a target. */
    static String resource(String target) {
        return "/dev/tussle/engine/cuda/tussle_kernels." + target + ".ptx";
    }

    /** The shipped PTX for a target, NUL-terminated as {@code cuModuleLoadData} wants. */
    static byte[] ptx(String target) {
        try (InputStream in = KernelModule.class.getResourceAsStream(resource(target))) {
            if (in == null) {
                throw new IllegalStateException("Tussle CUDA kernels: resource " + resource(target)
                        + " missing from the engine jar");
            }
            byte[] b = in.readAllBytes();
            return Arrays.copyOf(b, b.length + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
