/**
 * The optional CUDA path: device tensors, Tussle's own CUDA kernels (CUDA C in
 * {@code engine/src/main/cuda}, shipped as PTX) launched through JCuda's driver API, and cuBLAS
 * through {@code java.lang.foreign} when it can load.
 *
 * <p>Nothing here runs unless asked for: {@link dev.tussle.engine.cuda.Cuda#open()} is the only
 * entry point, and it throws a {@link dev.tussle.engine.cuda.CudaUnavailableException} naming
 * the missing piece (the JCuda jars, the driver library {@code libcuda.so.1}, a device) when the
 * machine cannot run it. The rest of the engine never touches this package, so CPU users need
 * neither JCuda nor a GPU.
 *
 * <p>The path is float32 only. Data moves between host and device only through the explicit
 * {@link dev.tussle.engine.cuda.CudaDevice#to(dev.tussle.engine.Tensor)},
 * {@link dev.tussle.engine.cuda.DeviceTensor#copyFrom(dev.tussle.engine.Tensor)} and
 * {@link dev.tussle.engine.cuda.DeviceTensor#toCpu()}; every {@link
 * dev.tussle.engine.cuda.CudaBackend} op reads and writes device memory only. Training runs
 * through {@link dev.tussle.engine.cuda.DeviceMlp} (a dense or stacked network's forward and
 * backward on the device) and {@link dev.tussle.engine.cuda.DeviceOptimizer} (a CPU optimizer's
 * rule applied to it); the {@code gan} module's trainers use them for {@code --device cuda}.
 *
 * <p>JVM flags: JCuda loads a JNI library and cuBLAS is called through the foreign function API;
 * both are restricted operations, so run with {@code --enable-native-access=ALL-UNNAMED} (JCuda
 * and the engine on the class path) or {@code --enable-native-access=jcuda,dev.tussle.engine}
 * (module path) to silence the JDK's warnings. Never set {@code LD_BIND_NOW}: JCuda's driver
 * library binds its {@code cu*} symbols lazily.
 */
package dev.tussle.engine.cuda;
