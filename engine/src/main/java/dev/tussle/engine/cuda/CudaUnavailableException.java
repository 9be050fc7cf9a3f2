package dev.tussle.engine.cuda;

import java.util.List;

/**
 * Thrown by {@link Cuda#open()} when this JVM or machine cannot run the CUDA path. The message
 * names every missing piece and how to supply it; {@link #missing()} lists them for code.
 */
public final class CudaUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The pieces the CUDA path needs, in the order they are checked. */
    public enum Missing {
        /** The JCuda jars ({@code org.jcuda:jcuda} and its natives) are not on the class or module path. */
        JCUDA,
        /** The NVIDIA driver library {@code libcuda.so.1} cannot be loaded. */
        DRIVER_LIBRARY,
        /** JCuda's own JNI library ({@code libJCudaDriver}) failed to load or link. */
        JCUDA_NATIVE_LIBRARY,
        /** The driver loaded but reports no usable CUDA device (none, or compute capability below 8.0). */
        DEVICE,
        /** The device is there but the shipped kernels (PTX) could not be loaded on it. */
        KERNELS
    }

    private final List<Missing> missing;

    CudaUnavailableException(List<Missing> missing, String message, Throwable cause) {
        super(message, cause);
        this.missing = List.copyOf(missing);
    }

    CudaUnavailableException(Missing missing, String message, Throwable cause) {
        this(List.of(missing), message, cause);
    }

    /** The missing pieces, never empty. */
    public List<Missing> missing() {
        return missing;
    }
}
