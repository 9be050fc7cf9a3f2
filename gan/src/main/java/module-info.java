/**
 * Tussle's GAN laboratory, built on the engine: generators and discriminators ({@code model}),
 * GAN objectives ({@code objective}), regularizers ({@code regularize}), the 2-D and 1-D data
 * sets ({@code data}), the MIX+GAN mixture ({@code mix}), the mode-coverage and distance metrics
 * ({@code metrics}) and the PNG plots
 * ({@code plot}).
 */
module dev.tussle.gan {
    requires transitive dev.tussle.engine;
    requires java.desktop;

    exports dev.tussle.gan.cli;
    exports dev.tussle.gan.data;
    exports dev.tussle.gan.metrics;
    exports dev.tussle.gan.mix;
    exports dev.tussle.gan.model;
    exports dev.tussle.gan.objective;
    exports dev.tussle.gan.regularize;
    exports dev.tussle.gan.train;
}
