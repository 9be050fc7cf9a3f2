package dev.tussle.engine.cuda;

import jcuda.NativePointerObject;
import jcuda.Pointer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The raw addresses behind JCuda handles ({@code CUdeviceptr}, {@code CUstream}), which cuBLAS
 * calls through the foreign function API need. JCuda keeps them in a protected method; its
 * packages are open (an automatic module, or the unnamed module), so a private lookup reads it.
 */
final class JCudaAddresses {
    private static final MethodHandle GET;
    private static final MethodHandle OFFSET;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(NativePointerObject.class, MethodHandles.lookup());
            GET = l.findVirtual(NativePointerObject.class, "getNativePointer", MethodType.methodType(long.class));
            OFFSET = MethodHandles.privateLookupIn(Pointer.class, MethodHandles.lookup())
                    .findVirtual(Pointer.class, "getByteOffset", MethodType.methodType(long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private JCudaAddresses() {
    }

    /** The address, including the byte offset of a pointer made by {@code withByteOffset} (a view). */
    static long address(NativePointerObject o) {
        try {
            long base = (long) GET.invokeExact(o);
            return o instanceof Pointer p ? base + (long) OFFSET.invokeExact(p) : base;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read the address of a JCuda handle", t);
        }
    }
}
