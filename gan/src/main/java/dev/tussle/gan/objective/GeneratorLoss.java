package dev.tussle.gan.objective;

/** How the generator plays against the measuring function. */
public enum GeneratorLoss {
    /**
     * The generator minimizes the discriminator's own fake term, E[f(1 − D(G(z)))] (the original
     * minimax game; with f = log its gradient vanishes when D rejects the fakes confidently).
     */
    SATURATING,
    /** The generator maximizes E[f(D(G(z)))] (with f = log: the "−log D" trick). */
    NON_SATURATING,
    /**
     * The generator maximizes the critic's raw score, E[c(G(z))] (WGAN, and the hinge GAN of
     * Lim and Ye / Miyato et al., whose generator does not use the hinge).
     */
    CRITIC_SCORE
}
