/**
 * Tussle's engine: tensors, SIMD kernels and reverse-mode autodiff. It needs nothing at run time
 * but the JDK; the Vector API module is optional (scalar kernels are used without it).
 */
module dev.tussle.engine {
    requires static jdk.incubator.vector;
    requires java.logging;

    exports dev.tussle.engine;
    exports dev.tussle.engine.autodiff;
    exports dev.tussle.engine.kernel;
    exports dev.tussle.engine.nn;
    exports dev.tussle.engine.optim;
    exports dev.tussle.engine.io;
}
