/**
 * Tussle's GAN laboratory, built on the engine: generators and discriminators ({@code model}),
 * GAN objectives ({@code objective}), regularizers ({@code regularize}), the 2-D and 1-D data
 * sets ({@code data}), the MIX+GAN mixture ({@code mix}), the mode-coverage and distance metrics
 * ({@code metrics}), the PNG plots ({@code plot}), training ({@code train}) and the
 * {@code tussle} command line ({@code cli}).
 */
module dev.tussle.gan {
    // Transitive: the public API takes and returns engine tensors and AWT images.
    requires transitive dev.tussle.engine;
    requires transitive java.desktop;
    // The command line quiets the engine's kernel-choice INFO lines.
    requires java.logging;

    exports dev.tussle.gan.cli;
    exports dev.tussle.gan.data;
    exports dev.tussle.gan.metrics;
    exports dev.tussle.gan.mix;
    exports dev.tussle.gan.model;
    exports dev.tussle.gan.objective;
    exports dev.tussle.gan.plot;
    exports dev.tussle.gan.regularize;
    exports dev.tussle.gan.train;
}
