/**
 * Tussle's GAN laboratory: generators, discriminators, objectives and experiments built on the
 * engine; the 2-D and 1-D data sets ({@code data}), the mode-coverage and distance metrics
 * ({@code metrics}) and the PNG plots ({@code plot}) of the laboratory.
 */
module dev.tussle.gan {
    // Transitive: the public API takes and returns engine tensors and AWT images.
    requires transitive dev.tussle.engine;
    requires transitive java.desktop;

    exports dev.tussle.gan.data;
    exports dev.tussle.gan.metrics;
    exports dev.tussle.gan.plot;
}
