/**
 * Tussle's GAN laboratory: generators, discriminators, objectives and experiments built on the
 * engine. Its packages arrive with the GAN-layer work; the module exists so that the build and
 * the module graph are in place.
 */
module dev.tussle.gan {
    requires dev.tussle.engine;
}
