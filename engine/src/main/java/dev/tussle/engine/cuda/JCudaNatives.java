package dev.tussle.engine.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Helps JCuda find its JNI library when JCuda is a named (automatic) module. JCuda looks for
 * {@code libJCudaDriver-12.6.0-linux-x86_64.so} on {@code java.library.path}, then as a resource
 * through {@code LibUtils.class}, which, in a named module, sees only module {@code jcuda}'s own
 * resources, not those of the separate natives jar (module {@code jcuda.natives}); before copying
 * a resource it checks whether {@code java.io.tmpdir} already holds the file and loads that. So on
 * the module path this class copies the library from the natives jar to that place first. On the
 * class path it does nothing: JCuda finds the resource itself.
 */
final class JCudaNatives {
    /** JCuda's version, pinned by the engine's pom ({@code jcuda.version}). */
    static final String VERSION = "12.6.0";
    static final String DRIVER_LIBRARY_FILE = "libJCudaDriver-" + VERSION + "-linux-x86_64.so";

    private JCudaNatives() {
    }

    /** Prepares the driver library for JCuda when {@code jcuda} is a named module. */
    static void prepare(Class<?> jcudaClass) {
        if (!jcudaClass.getModule().isNamed()) {
            return;
        }
        Path target = Path.of(System.getProperty("java.io.tmpdir"), DRIVER_LIBRARY_FILE);
        if (Files.exists(target)) {
            return;
        }
        Optional<InputStream> in = resource("lib/" + DRIVER_LIBRARY_FILE, jcudaClass);
        if (in.isEmpty()) {
            return;    // JCuda will fail to load and the caller reports which jar is missing
        }
        try (InputStream s = in.get()) {
            Path part = Files.createTempFile(target.getParent(), DRIVER_LIBRARY_FILE, ".part");
            Files.copy(s, part, StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                Files.deleteIfExists(part);   // another JVM put it there first
            }
        } catch (IOException e) {
            // leave it to JCuda, whose error the caller reports
        }
    }

    private static Optional<InputStream> resource(String name, Class<?> jcudaClass) {
        for (String module : new String[] {"jcuda.natives", "jcuda"}) {
            Optional<Module> m = ModuleLayer.boot().findModule(module);
            if (m.isPresent()) {
                try {
                    InputStream s = m.get().getResourceAsStream(name);
                    if (s != null) {
                        return Optional.of(s);
                    }
                } catch (IOException e) {
                    // try the next place
                }
            }
        }
        ClassLoader loader = jcudaClass.getClassLoader();
        InputStream s = loader == null ? null : loader.getResourceAsStream(name);
        return Optional.ofNullable(s);
    }
}
