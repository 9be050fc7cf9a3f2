package dev.tussle.engine.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one entry point to the CUDA path. Nothing in the engine calls it: a program asks for the
 * GPU explicitly,
 * <pre>{@code
 * try (CudaDevice gpu = Cuda.open()) {
 *     DeviceTensor x = gpu.to(cpuTensor);
 *     DeviceTensor y = gpu.backend().linearForward(Activation.RELU, 0, x, w, b);
 *     Tensor back = y.toCpu();
 * }
 * }</pre>
 * and gets either a working device or a {@link CudaUnavailableException} whose message names
 * what is missing: the JCuda jars, the NVIDIA driver library {@code libcuda.so.1}, JCuda's JNI
 * library, or a device.
 *
 * <p>This class refers to no JCuda type, so it loads (and {@link #probe()} answers) on a JVM
 * without JCuda; the classes that do are loaded only after the checks pass.
 */
public final class Cuda {
    /** The class the JCuda check looks for. */
    static final String JCUDA_DRIVER_CLASS = "jcuda.driver.JCudaDriver";
    /** The NVIDIA driver library's soname. */
    static final String DRIVER_LIBRARY = "libcuda.so.1";

    private Cuda() {
    }

    /**
     * Opens device 0.
     *
     * @throws CudaUnavailableException naming what is missing
     */
    public static CudaDevice open() {
        return open(0);
    }

    /**
     * Opens the device with the given ordinal: retains its primary context, creates a stream,
     * loads Tussle's kernels and, when it can, cuBLAS.
     *
     * @throws CudaUnavailableException naming what is missing (JCuda jars, {@code libcuda.so.1},
     *         JCuda's native library, the device, or the kernels failing to load on it)
     * @throws IllegalArgumentException if {@code ordinal} is negative
     */
    public static CudaDevice open(int ordinal) {
        if (ordinal < 0) {
            throw new IllegalArgumentException("Cuda.open: device ordinal " + ordinal + " is negative");
        }
        List<CudaUnavailableException.Missing> missing = new ArrayList<>();
        List<String> why = new ArrayList<>();
        Optional<Class<?>> driver = jcudaDriverClass();
        if (driver.isEmpty()) {
            missing.add(CudaUnavailableException.Missing.JCUDA);
            why.add("the JCuda jars are not on the class path (add org.jcuda:jcuda:12.6.0 and "
                    + "org.jcuda:jcuda-natives:12.6.0:linux-x86_64; on the module path also pass "
                    + "--add-modules jcuda)");
        }
        Optional<String> driverError = driverLibraryError();
        if (driverError.isPresent()) {
            missing.add(CudaUnavailableException.Missing.DRIVER_LIBRARY);
            why.add("the NVIDIA driver library " + DRIVER_LIBRARY + " cannot be loaded ("
                    + driverError.get() + "); install an NVIDIA driver, or run on a machine with one");
        }
        if (!missing.isEmpty()) {
            throw new CudaUnavailableException(missing, "CUDA unavailable: " + String.join("; and ", why), null);
        }
        Module engine = Cuda.class.getModule();
        Module jcuda = driver.get().getModule();
        if (engine.isNamed() && !engine.canRead(jcuda)) {
            engine.addReads(jcuda);   // JCuda on the class path, the engine on the module path
        }
        return CudaDevice.open(ordinal);
    }

    /**
     * Whether {@link #open()} would get past its first two checks: the JCuda jars are visible and
     * {@code libcuda.so.1} loads. Does not initialize CUDA, so it cannot tell whether a device is
     * present; an empty result means "try {@link #open()}".
     *
     * @return the reason the CUDA path cannot run here, or empty
     */
    public static Optional<String> probe() {
        if (jcudaDriverClass().isEmpty()) {
            return Optional.of("JCuda jars absent");
        }
        return driverLibraryError().map(e -> DRIVER_LIBRARY + " absent: " + e);
    }

    /** Whether the JCuda classes are visible to the engine, without loading them. */
    public static boolean jcudaPresent() {
        return jcudaDriverClass().isPresent();
    }

    private static Optional<Class<?>> jcudaDriverClass() {
        ClassLoader loader = Cuda.class.getClassLoader();
        try {
            return Optional.of(Class.forName(JCUDA_DRIVER_CLASS, false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** Empty when libcuda.so.1 loads (dlopen through the foreign function API), else why not. */
    private static Optional<String> driverLibraryError() {
        try {
            SymbolLookup.libraryLookup(DRIVER_LIBRARY, Arena.global());
            return Optional.empty();
        } catch (IllegalArgumentException | IllegalCallerException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }
}
