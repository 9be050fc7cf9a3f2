package dev.tussle.engine.cuda;

import jcuda.NativePointerObject;

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

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(NativePointerObject.class, MethodHandles.lookup());
            GET = l.findVirtual(NativePointerObject.class, "getNativePointer", MethodType.methodType(long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private JCudaAddresses() {
    }

    static long address(NativePointerObject o) {
        try {
            return (long) GET.invokeExact(o);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read the address of a JCuda handle", t);
        }
    }
}
