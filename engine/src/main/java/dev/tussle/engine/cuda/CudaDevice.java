package dev.tussle.engine.cuda;

import dev.tussle.engine.DType;
import dev.tussle.engine.Shape;
import dev.tussle.engine.Tensor;
import jcuda.CudaException;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * One CUDA device opened by {@link Cuda#open(int)}: its primary context (shared with cuBLAS and
 * anything else in the process that uses the runtime API), one stream on which every launch and
 * copy is ordered, a pooled allocator over {@code cuMemAlloc}, Tussle's kernels, and cuBLAS when
 * it loads. Calls may come from any thread (each makes the context current) but not from two at
 * once. Close it to give everything back.
 */
public final class CudaDevice implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("dev.tussle.engine");

    private final int ordinal;
    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final String name;
    private final int ccMajor;
    private final int ccMinor;
    private final int multiprocessors;
    private final long totalMemory;
    private final DeviceAllocator allocator = new DeviceAllocator();
    private final KernelModule kernels;
    private final Cublas cublas;
    private final String cublasStatus;
    private final CudaBackend backend;
    private boolean closed;

    private CudaDevice(int ordinal) {
        this.ordinal = ordinal;
        JCudaDriver.cuDeviceGet(device, ordinal);
        byte[] nameBytes = new byte[256];
        JCudaDriver.cuDeviceGetName(nameBytes, nameBytes.length, device);
        int len = 0;
        while (len < nameBytes.length && nameBytes[len] != 0) {
            len++;
        }
        name = new String(nameBytes, 0, len, StandardCharsets.UTF_8);
        ccMajor = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        ccMinor = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        multiprocessors = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        long[] mem = new long[1];
        JCudaDriver.cuDeviceTotalMem(mem, device);
        totalMemory = mem[0];
        String target = Ptx.targetFor(ccMajor, ccMinor);
        if (target == null) {
            throw new CudaUnavailableException(CudaUnavailableException.Missing.DEVICE, "CUDA unavailable: device "
                    + ordinal + " (" + name + ") has compute capability " + ccMajor + "." + ccMinor
                    + "; Tussle's kernels need 8.0 or newer", null);
        }
        JCudaDriver.cuDevicePrimaryCtxRetain(context, device);
        JCudaDriver.cuCtxSetCurrent(context);
        // Flags 0: a blocking stream, so the synchronous copies of to()/toCpu() (legacy stream)
        // are ordered after the kernels queued here and before the ones queued later.
        JCudaDriver.cuStreamCreate(stream, 0);
        try {
            kernels = new KernelModule(target);
        } catch (CudaException e) {
            JCudaDriver.cuStreamDestroy(stream);
            JCudaDriver.cuDevicePrimaryCtxRelease(device);
            throw new CudaUnavailableException(CudaUnavailableException.Missing.KERNELS, "CUDA unavailable: the "
                    + "driver refused Tussle's PTX (" + target + ", PTX ISA 9.0 from nvcc 13.0) on " + name
                    + ": " + e.getMessage() + "; PTX ISA 9.0 needs NVIDIA driver 580 or newer", e);
        }
        List<String> why = new ArrayList<>();
        cublas = Cublas.load(JCudaAddresses.address(stream), why).orElse(null);
        cublasStatus = cublas != null ? "cuBLAS " + cublas.library() : "no cuBLAS (" + String.join("; ", why) + ")";
        backend = new CudaBackend(this);
        LOG.info("Tussle CUDA: " + describe());
    }

    static CudaDevice open(int ordinal) {
        JCudaNatives.prepare(JCudaDriver.class);
        try {
            JCudaDriver.setExceptionsEnabled(true);
        } catch (LinkageError e) {
            throw new CudaUnavailableException(CudaUnavailableException.Missing.JCUDA_NATIVE_LIBRARY,
                    "CUDA unavailable: JCuda's native library libJCudaDriver-12.6.0-linux-x86_64.so did not load ("
                            + e + "); is org.jcuda:jcuda-natives:12.6.0:linux-x86_64 on the class or module path (on the "
                            + "module path with --add-modules jcuda,jcuda.natives), and is this Linux x86-64 with "
                            + "glibc 2.17 or newer?", e);
        }
        try {
            JCudaDriver.cuInit(0);
        } catch (CudaException e) {
            throw new CudaUnavailableException(CudaUnavailableException.Missing.DEVICE,
                    "CUDA unavailable: cuInit failed (" + e.getMessage() + "): no usable CUDA device or driver", e);
        }
        int[] count = new int[1];
        JCudaDriver.cuDeviceGetCount(count);
        if (ordinal >= count[0]) {
            throw new CudaUnavailableException(CudaUnavailableException.Missing.DEVICE, "CUDA unavailable: device "
                    + ordinal + " asked for, but the driver sees " + count[0] + " CUDA device(s)", null);
        }
        try {
            return new CudaDevice(ordinal);
        } catch (CudaException e) {
            throw new CudaUnavailableException(CudaUnavailableException.Missing.DEVICE,
                    "CUDA unavailable: opening device " + ordinal + " failed: " + e.getMessage(), e);
        }
    }

    private int attribute(int attr) {
        int[] v = new int[1];
        JCudaDriver.cuDeviceGetAttribute(v, attr, device);
        return v[0];
    }

    /** The device ordinal. */
    public int ordinal() {
        return ordinal;
    }

    /** The device's name, e.g. {@code "NVIDIA H100 80GB HBM3"}. */
    public String name() {
        return name;
    }

    /** The compute capability as {@code "major.minor"}. */
    public String computeCapability() {
        return ccMajor + "." + ccMinor;
    }

    /** The number of streaming multiprocessors (132 on an H100 SXM). */
    public int multiprocessors() {
        return multiprocessors;
    }

    /** Total device memory in bytes. */
    public long totalMemory() {
        return totalMemory;
    }

    /** Which PTX was loaded: {@code "sm_90"} or {@code "compute_80"}. */
    public String ptxTarget() {
        return kernels.target();
    }

    /** The cuBLAS library in use (e.g. {@code "libcublas.so.13"}), or empty when cuBLAS did not load. */
    public Optional<String> cublasLibrary() {
        return cublas == null ? Optional.empty() : Optional.of(cublas.library());
    }

    /** One line: name, compute capability, memory, PTX target and whether cuBLAS is used, and why not. */
    public String describe() {
        return "device " + ordinal + " " + name + " (compute " + computeCapability() + ", "
                + (totalMemory >> 20) + " MiB), kernels " + kernels.target() + " PTX, " + cublasStatus;
    }

    /** The ops on this device's tensors. */
    public CudaBackend backend() {
        return backend;
    }

    /**
     * Copies a float32 CPU tensor to a new device tensor of the same shape.
     *
     * @throws IllegalArgumentException if {@code t} is not float32 (convert with {@code t.to(DType.F32)})
     */
    public DeviceTensor to(Tensor t) {
        if (t.dtype() != DType.F32) {
            throw new IllegalArgumentException("CudaDevice.to: the CUDA path is float32 only, got " + t.dtype()
                    + " " + t.shape() + "; convert with Tensor.to(DType.F32)");
        }
        DeviceTensor d = empty(t.shape().dims());
        d.copyFrom(t);
        return d;
    }

    /** A new device tensor with unspecified contents. */
    public DeviceTensor empty(int... dims) {
        Shape shape = Shape.of(dims);
        makeCurrent();
        return new DeviceTensor(this, shape, allocator.allocate((long) shape.size() * Float.BYTES));
    }

    /** A new device tensor of zeros. */
    public DeviceTensor zeros(int... dims) {
        DeviceTensor d = empty(dims);
        if (d.size() > 0) {
            JCudaDriver.cuMemsetD32Async(d.ptr(), 0, d.size(), stream);
        }
        return d;
    }

    /** Waits until every launch and copy queued on the device's stream has finished. */
    public void synchronize() {
        makeCurrent();
        JCudaDriver.cuStreamSynchronize(stream);
    }

    /** Bytes handed out by the pool and not yet returned. */
    public long bytesInUse() {
        return allocator.bytesInUse();
    }

    /** Bytes the pool holds for reuse. */
    public long bytesCached() {
        return allocator.bytesCached();
    }

    /** How many times the pool has called {@code cuMemAlloc}. */
    public long driverAllocations() {
        return allocator.driverAllocations();
    }

    /** Frees the pool's cached blocks (after synchronizing). */
    public void trimPool() {
        synchronize();
        allocator.trim();
    }

    /** Synchronizes, frees the pool, cuBLAS, the kernels and the stream, and releases the primary context. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        synchronize();
        closed = true;
        allocator.trim();
        if (cublas != null) {
            cublas.close();
        }
        kernels.close();
        JCudaDriver.cuStreamDestroy(stream);
        JCudaDriver.cuDevicePrimaryCtxRelease(device);
    }

    @Override
    public String toString() {
        return "CudaDevice[" + describe() + "]";
    }

    void makeCurrent() {
        if (closed) {
            throw new IllegalStateException("CudaDevice " + ordinal + " used after close()");
        }
        JCudaDriver.cuCtxSetCurrent(context);
    }

    void release(DeviceAllocator.Block b) {
        if (!closed) {
            allocator.release(b);
        }
    }

    CUstream stream() {
        return stream;
    }

    KernelModule kernels() {
        return kernels;
    }

    Cublas cublas() {
        return cublas;
    }
}
