/**
 * Tussle's engine: tensors, SIMD kernels and reverse-mode autodiff. It needs nothing at run time
 * but the JDK; the Vector API module is optional (scalar kernels are used without it).
 *
 * <p>JCuda ({@code org.jcuda:jcuda}, automatic module name {@code jcuda}, derived from its jar
 * name) is needed only by {@code dev.tussle.engine.cuda}, and only once {@code Cuda.open()} is
 * called: the engine loads and runs without it. On the module path add
 * {@code --add-modules jcuda} to resolve it; on the class path nothing is needed (the cuda
 * package makes the engine read the unnamed module when it finds JCuda there).
 */
module dev.tussle.engine {
    requires static jdk.incubator.vector;
    requires java.logging;
    requires static jcuda;

    exports dev.tussle.engine;
    exports dev.tussle.engine.autodiff;
    exports dev.tussle.engine.kernel;
    exports dev.tussle.engine.nn;
    exports dev.tussle.engine.optim;
    exports dev.tussle.engine.io;
    exports dev.tussle.engine.cuda;
}
