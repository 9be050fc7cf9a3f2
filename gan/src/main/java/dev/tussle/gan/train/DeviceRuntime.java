package dev.tussle.gan.train;

import dev.tussle.engine.cuda.Cuda;
import dev.tussle.engine.cuda.CudaDevice;

/**
 * The CUDA device the trainers use with {@code --device cuda}: opened on first use (device 0,
 * or the ordinal in the system property {@code tussle.cuda.device}) and shared by every trainer
 * of the process until it exits. Nothing here runs, and no JCuda class loads, unless a
 * configuration asks for the device.
 */
public final class DeviceRuntime {
    private static CudaDevice device;

    private DeviceRuntime() {
    }

    /**
     * The shared device, opened on first call.
     *
     * @throws dev.tussle.engine.cuda.CudaUnavailableException naming what is missing (JCuda, the
     *         driver library, a device)
     */
    public static synchronized CudaDevice device() {
        if (device == null) {
            device = Cuda.open(Integer.getInteger("tussle.cuda.device", 0));
        }
        return device;
    }
}
