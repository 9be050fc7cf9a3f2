package dev.tussle.engine.cuda;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A caching allocator over plain {@code cuMemAlloc} (never managed memory). Sizes are rounded up
 * to a size class (a power of two from 256 bytes, then multiples of 2 MiB above 64 MiB); a freed
 * block goes to its class's free list and is handed out again without a driver call. All work
 * runs on the device's one stream, so a block freed after its last launch was enqueued may be
 * reused by the next launch: stream order keeps them apart. Not thread-safe; the device
 * serializes calls.
 */
final class DeviceAllocator {
    private static final long MIN_BLOCK = 256;
    private static final long POW2_LIMIT = 64L << 20;
    private static final long LARGE_GRANULE = 2L << 20;

    /** A device block: its pointer and the size class it was allocated with. */
    record Block(CUdeviceptr ptr, long bytes) {
    }

    private final Map<Long, ArrayDeque<CUdeviceptr>> free = new HashMap<>();
    private long bytesInUse;
    private long bytesCached;
    private long driverAllocations;

    static long sizeClass(long bytes) {
        if (bytes <= MIN_BLOCK) {
            return MIN_BLOCK;
        }
        if (bytes <= POW2_LIMIT) {
            return Long.highestOneBit(bytes - 1) << 1;
        }
        return (bytes + LARGE_GRANULE - 1) / LARGE_GRANULE * LARGE_GRANULE;
    }

    Block allocate(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("DeviceAllocator: negative size " + bytes);
        }
        long size = sizeClass(bytes);
        ArrayDeque<CUdeviceptr> list = free.get(size);
        CUdeviceptr p = list == null ? null : list.pollFirst();
        if (p != null) {
            bytesCached -= size;
        } else {
            p = new CUdeviceptr();
            try {
                JCudaDriver.cuMemAlloc(p, size);
            } catch (RuntimeException outOfMemory) {
                trim();    // give cached blocks back to the driver and try once more
                JCudaDriver.cuMemAlloc(p, size);
            }
            driverAllocations++;
        }
        bytesInUse += size;
        return new Block(p, size);
    }

    void release(Block b) {
        bytesInUse -= b.bytes();
        bytesCached += b.bytes();
        free.computeIfAbsent(b.bytes(), s -> new ArrayDeque<>()).addFirst(b.ptr());
    }

    /** Frees every cached block with {@code cuMemFree}. The caller has synchronized the stream. */
    void trim() {
        for (ArrayDeque<CUdeviceptr> list : free.values()) {
            for (CUdeviceptr p : list) {
                JCudaDriver.cuMemFree(p);
            }
            list.clear();
        }
        bytesCached = 0;
    }

    long bytesInUse() {
        return bytesInUse;
    }

    long bytesCached() {
        return bytesCached;
    }

    long driverAllocations() {
        return driverAllocations;
    }
}
