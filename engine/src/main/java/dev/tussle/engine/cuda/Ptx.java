package dev.tussle.engine.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What the engine ships of its CUDA kernels: the PTX targets, their resource names and the entry
 * points every PTX file must define. Refers to no JCuda type, so tests and tools can check the
 * PTX without JCuda.
 */
final class Ptx {
    /** The shipped PTX targets, best first: {@code sm_90} (Hopper and newer), {@code compute_80} (Ampere and newer). */
    static final List<String> TARGETS = List.of("sm_90", "compute_80");
    /** Every entry point of the PTX. */
    static final List<String> ENTRY_POINTS = List.of(
            "sgemm_128x128", "sgemm_128x64", "sgemm_64x64", "activation_backward", "map_f32", "zip_f32", "select_f32",
            "reduce_f32", "reduce_f64_final", "column_sum_partial", "column_sum_final", "gan_head_terms", "gan_head_grad", "adam_f32", "sgd_f32", "rmsprop_f32");
    /** The highest PTX ISA version the shipped files may use: driver 580 JITs 9.0 and refuses newer. */
    static final String MAX_ISA = "9.0";

    private Ptx() {
    }

    /** The PTX target for a device of compute capability major.minor, or null if none fits. */
    static String targetFor(int major, int minor) {
        if (major >= 9) {
            return "sm_90";
        }
        if (major >= 8) {
            return "compute_80";
        }
        return null;
    }

    /** The resource path of the PTX for a target. */
    static String resource(String target) {
        return "/dev/tussle/engine/cuda/tussle_kernels." + target + ".ptx";
    }

    /** The shipped PTX text for a target. */
    static byte[] bytes(String target) {
        try (InputStream in = Ptx.class.getResourceAsStream(resource(target))) {
            if (in == null) {
                throw new IllegalStateException("Tussle CUDA kernels: resource " + resource(target)
                        + " missing from the engine jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
