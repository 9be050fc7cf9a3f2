package dev.tussle.engine.kernel;

import java.util.Optional;
import java.util.logging.Logger;

/**
 * Chooses the kernel implementation once, at class initialization, and says once which it chose
 * and why (on the {@code dev.tussle.engine} logger, level INFO).
 *
 * <p>The Vector API kernels are used when the {@code jdk.incubator.vector} module is in the boot
 * layer (run the JVM with {@code --add-modules jdk.incubator.vector}). Set the system property
 * {@code tussle.kernels=scalar} to force the plain-Java kernels.
 */
public final class KernelProvider {
    private static final Logger LOG = Logger.getLogger("dev.tussle.engine");
    private static final Kernels SCALAR = new ScalarKernels();
    private static final Kernels CHOSEN = new ParallelKernels(choose());

    private KernelProvider() {
    }

    /** The kernels the engine runs on: the chosen implementation, long elementwise runs split over {@link EnginePool}'s threads. */
    public static Kernels get() {
        return CHOSEN;
    }

    /** The plain-Java kernels, always available. */
    public static Kernels scalar() {
        return SCALAR;
    }

    /** The Vector API kernels, if the incubator module is present. */
    public static Optional<Kernels> vector() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return Optional.empty();
        }
        // Loaded reflectively so that the scalar path never links jdk.incubator.vector classes.
        try {
            return Optional.of((Kernels) Class.forName("dev.tussle.engine.kernel.VectorKernels")
                    .getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.warning("Tussle: Vector API kernels failed to load (" + e + "); using scalar kernels");
            return Optional.empty();
        }
    }

    private static Kernels choose() {
        if ("scalar".equals(System.getProperty("tussle.kernels"))) {
            LOG.info("Tussle kernels: scalar (forced by -Dtussle.kernels=scalar)");
            return SCALAR;
        }
        Optional<Kernels> v = vector();
        if (v.isPresent()) {
            LOG.info("Tussle kernels: " + v.get().name());
            return v.get();
        }
        LOG.info("Tussle kernels: scalar (module jdk.incubator.vector absent; run with "
                + "--add-modules jdk.incubator.vector for SIMD)");
        return SCALAR;
    }
}
