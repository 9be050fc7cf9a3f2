package dev.tussle.engine.cuda;

import dev.tussle.engine.DType;
import dev.tussle.engine.Shape;
import dev.tussle.engine.Tensor;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/**
 * A dense, row-major float32 tensor in device memory, made by {@link CudaDevice#to(Tensor)} or
 * {@link CudaDevice#empty(int...)} and read back only by {@link #toCpu()}: nothing copies it
 * between host and device behind the caller's back. Its memory comes from the device's pool and
 * returns there on {@link #close()}. Not differentiable: autodiff runs on CPU tensors; a training
 * step on the device calls the {@link CudaBackend} ops for the forward and backward explicitly
 * ({@link DeviceMlp} does it for dense networks).
 *
 * <p>A {@linkplain #view view} shares its parent's memory (a reshape, or one parameter inside a
 * flat buffer): closing a view does nothing, and a view is unusable once its parent is closed.
 */
public final class DeviceTensor implements AutoCloseable {
    private final CudaDevice device;
    private final Shape shape;
    private DeviceAllocator.Block block;
    /** The tensor that owns the memory (null when this one does) and this view's start in it, in bytes. */
    private final DeviceTensor parent;
    private final long offsetBytes;

    DeviceTensor(CudaDevice device, Shape shape, DeviceAllocator.Block block) {
        this.device = device;
        this.shape = shape;
        this.block = block;
        this.parent = null;
        this.offsetBytes = 0;
    }

    private DeviceTensor(DeviceTensor parent, long offsetBytes, Shape shape) {
        this.device = parent.device;
        this.shape = shape;
        this.parent = parent.parent == null ? parent : parent.parent;
        this.offsetBytes = parent.offsetBytes + offsetBytes;
        this.block = null;
    }

    /**
     * A tensor of shape {@code dims} over this one's elements from {@code offset} on, sharing the
     * memory. The offset must be a multiple of 4 elements (16 bytes), the alignment the GEMM's
     * vector loads rely on.
     *
     * @throws IllegalArgumentException if the view does not fit inside this tensor, or the offset is misaligned
     */
    public DeviceTensor view(long offset, int... dims) {
        Shape s = Shape.of(dims);
        if (offset < 0 || offset % 4 != 0 || offset + s.size() > size()) {
            throw new IllegalArgumentException("DeviceTensor.view: " + s + " at element " + offset + " of " + shape
                    + " (the offset must be a multiple of 4 and the view must fit)");
        }
        ptr();
        return new DeviceTensor(this, offset * Float.BYTES, s);
    }

    /**
     * The same elements as shape {@code dims}, sharing the memory.
     *
     * @throws IllegalArgumentException if the sizes differ
     */
    public DeviceTensor reshape(int... dims) {
        Shape s = Shape.of(dims);
        if (s.size() != size()) {
            throw new IllegalArgumentException("DeviceTensor.reshape: cannot view " + shape + " as " + s);
        }
        return view(0, dims);
    }

    /** The device that holds this tensor. */
    public CudaDevice device() {
        return device;
    }

    /** The shape. */
    public Shape shape() {
        return shape;
    }

    /** The element type: always {@link DType#F32}. */
    public DType dtype() {
        return DType.F32;
    }

    /** The number of elements. */
    public int size() {
        return shape.size();
    }

    /** The size of dimension {@code axis} (negative counts from the end). */
    public int dim(int axis) {
        return shape.dim(shape.axis(axis, "DeviceTensor.dim"));
    }

    /**
     * Copies this tensor to a new CPU tensor (float32, same shape). Waits for the work queued on
     * the device's stream that writes it.
     *
     * @throws IllegalStateException if the tensor was closed
     */
    public Tensor toCpu() {
        float[] host = new float[size()];
        device.makeCurrent();
        if (host.length > 0) {
            // Synchronous copy on the legacy stream, which waits for the device's (blocking) stream.
            JCudaDriver.cuMemcpyDtoH(Pointer.to(host), ptr(), (long) host.length * Float.BYTES);
        }
        return Tensor.of(host, shape.dims());
    }

    /**
     * Overwrites this tensor with the values of a CPU tensor of the same shape and dtype float32, in
     * order with the work queued on the device's stream (without waiting for it).
     *
     * @throws IllegalArgumentException if the shape or dtype differ
     */
    public void copyFrom(Tensor t) {
        if (t.dtype() != DType.F32) {
            throw new IllegalArgumentException("DeviceTensor.copyFrom: the CUDA path is float32 only, got "
                    + t.dtype() + "; convert with Tensor.to(DType.F32)");
        }
        if (!t.shape().equals(shape)) {
            throw new IllegalArgumentException("DeviceTensor.copyFrom: shape " + t.shape() + " != " + shape);
        }
        float[] host = t.toFloatArray();
        device.makeCurrent();
        if (host.length > 0) {
            // Queued on the device's stream, so it does not wait for the work before it. From
            // pageable memory the driver stages the bytes before returning, so the array is free after.
            JCudaDriver.cuMemcpyHtoDAsync(ptr(), Pointer.to(host), (long) host.length * Float.BYTES, device.stream());
        }
    }

    /**
     * Overwrites this tensor with another device tensor of the same size, on the device's stream.
     *
     * @throws IllegalArgumentException if the sizes differ
     */
    public void copyFrom(DeviceTensor src) {
        if (src.size() != size() || src.device != device) {
            throw new IllegalArgumentException("DeviceTensor.copyFrom: " + src + " into " + this);
        }
        device.makeCurrent();
        if (size() > 0) {
            JCudaDriver.cuMemcpyDtoDAsync(ptr(), src.ptr(), (long) size() * Float.BYTES, device.stream());
        }
    }

    /** Sets every element to zero, on the device's stream. */
    public void fillZero() {
        device.makeCurrent();
        if (size() > 0) {
            JCudaDriver.cuMemsetD32Async(ptr(), 0, size(), device.stream());
        }
    }

    /** Returns the memory to the device's pool (a view returns nothing); later use throws. Idempotent. */
    @Override
    public void close() {
        if (block != null) {
            device.release(block);
            block = null;
        }
    }

    /** Whether this tensor (or, for a view, its parent) has been closed. */
    public boolean isClosed() {
        return parent == null ? block == null : parent.isClosed();
    }

    CUdeviceptr ptr() {
        if (isClosed()) {
            throw new IllegalStateException("DeviceTensor " + shape + " used after close()" + (parent == null ? ""
                    : " of the tensor it views"));
        }
        return parent == null ? block.ptr() : parent.block.ptr().withByteOffset(offsetBytes);
    }

    @Override
    public String toString() {
        return "DeviceTensor" + shape + " float32 on " + device.name() + (isClosed() ? " (closed)" : "");
    }
}
