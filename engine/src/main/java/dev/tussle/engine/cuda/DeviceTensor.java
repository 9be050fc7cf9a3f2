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
 * step on the device calls the {@link CudaBackend} ops for the forward and backward explicitly.
 */
public final class DeviceTensor implements AutoCloseable {
    private final CudaDevice device;
    private final Shape shape;
    private DeviceAllocator.Block block;

    DeviceTensor(CudaDevice device, Shape shape, DeviceAllocator.Block block) {
        this.device = device;
        this.shape = shape;
        this.block = block;
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
     * Overwrites this tensor with the values of a CPU tensor of the same shape and dtype float32.
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
            JCudaDriver.cuMemcpyHtoD(ptr(), Pointer.to(host), (long) host.length * Float.BYTES);
        }
    }

    /** Returns the memory to the device's pool; later use throws. Idempotent. */
    @Override
    public void close() {
        if (block != null) {
            device.release(block);
            block = null;
        }
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return block == null;
    }

    CUdeviceptr ptr() {
        if (block == null) {
            throw new IllegalStateException("DeviceTensor " + shape + " used after close()");
        }
        return block.ptr();
    }

    @Override
    public String toString() {
        return "DeviceTensor" + shape + " float32 on " + device.name() + (block == null ? " (closed)" : "");
    }
}
