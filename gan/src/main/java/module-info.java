/**
 * Tussle's GAN laboratory: GAN objectives, regularizers, and (as they arrive) generators,
 * discriminators, data sets, metrics, plots and the {@code tussle} command line, built on the
 * engine.
 */
module dev.tussle.gan {
    requires transitive dev.tussle.engine;

    exports dev.tussle.gan.model;
    exports dev.tussle.gan.objective;
    exports dev.tussle.gan.regularize;
}
