package dev.tussle.nojcuda;

import dev.tussle.engine.Tensor;
import dev.tussle.engine.cuda.Cuda;
import dev.tussle.engine.cuda.CudaDevice;
import dev.tussle.engine.cuda.CudaUnavailableException;

/**
 * Run in a fresh JVM by {@code dev.tussle.engine.cuda.CudaAbsenceTest} with a class or module path that may lack JCuda:
 * computes a small dense layer on the CPU, then asks for CUDA and prints what it was told.
 * Uses nothing but the engine's public API (no JUnit), so its class path can be exactly what the
 * test chooses; it lives outside the engine's packages so that it can run from the class path
 * while the engine is a named module on the module path.
 */
public final class NoJcudaMain {
    private NoJcudaMain() {
    }

    public static void main(String[] args) {
        Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        Tensor w = Tensor.of(new float[][] {{0.5f, -1}, {0.25f, 1}});
        Tensor y = x.matmul(w).relu().sum();
        System.out.println("cpu result " + y.item());
        boolean jcudaVisible;
        try {
            Class.forName("jcuda.driver.JCudaDriver", false, NoJcudaMain.class.getClassLoader());
            jcudaVisible = true;
        } catch (ClassNotFoundException e) {
            jcudaVisible = false;
        }
        System.out.println("jcuda visible " + jcudaVisible);
        System.out.println("probe " + Cuda.probe().orElse("ok"));
        try (CudaDevice d = Cuda.open()) {
            System.out.println("opened " + d.describe());
        } catch (CudaUnavailableException e) {
            System.out.println("unavailable " + e.missing() + ": " + e.getMessage());
        }
    }
}
