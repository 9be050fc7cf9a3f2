package dev.tussle.engine.cuda;

import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Runs every {@code @Test} of {@link CudaGpuTest} in this JVM without a JUnit launcher, printing
 * {@code PASS name}, {@code FAIL name: message} or {@code SKIP name: reason} per test and a
 * summary line; exits 1 if any failed, 2 if the device could not be opened. Used by
 * {@link CudaEmulatedDeviceTest} in a JVM whose {@code libcuda.so.1} is the CPU emulation.
 */
public final class GpuTestRunnerMain {
    private GpuTestRunnerMain() {
    }

    public static void main(String[] args) throws Exception {
        CudaGpuTest.open();
        int passed = 0, failed = 0, skipped = 0;
        try {
            CudaGpuTest instance = new CudaGpuTest();
            Method[] tests = Arrays.stream(CudaGpuTest.class.getDeclaredMethods())
                    .filter(m -> m.isAnnotationPresent(Test.class))
                    .sorted(Comparator.comparing(Method::getName)).toArray(Method[]::new);
            for (Method m : tests) {
                m.setAccessible(true);
                try {
                    instance.requireDevice();
                    m.invoke(instance);
                    System.out.println("PASS " + m.getName());
                    passed++;
                } catch (org.opentest4j.TestAbortedException e) {
                    System.out.println("SKIP " + m.getName() + ": " + e.getMessage());
                    skipped++;
                } catch (InvocationTargetException e) {
                    System.out.println("FAIL " + m.getName() + ": " + e.getCause());
                    e.getCause().printStackTrace(System.out);
                    failed++;
                }
            }
        } finally {
            CudaGpuTest.close();
        }
        System.out.println("CudaGpuTest: " + passed + " passed, " + failed + " failed, " + skipped + " skipped");
        System.exit(failed > 0 ? 1 : skipped > 0 ? 2 : 0);
    }
}
