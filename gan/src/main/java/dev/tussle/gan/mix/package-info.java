/**
 * MIX+GAN (Arora, Ge, Liang, Ma and Zhang, "Generalization and Equilibrium in Generative
 * Adversarial Nets"): a trainable mixture of k generators and k discriminators.
 *
 * <ul>
 *   <li>{@link dev.tussle.gan.mix.MixtureTrainer} — the trainer ({@code tussle train --mix K});
 *       networks held as stacked MLPs, all k×k pairs evaluated in batched form.</li>
 *   <li>{@link dev.tussle.gan.mix.MixturePayoff} — the per-pair payoffs and their w_D·w_G
 *       expectation.</li>
 *   <li>{@link dev.tussle.gan.mix.MixtureWeights} — log-weights and their two update rules
 *       ({@link dev.tussle.gan.mix.WeightUpdate}: exponentiated gradient, or the optimizer on the
 *       logits).</li>
 *   <li>{@link dev.tussle.gan.mix.EntropyRegularizer} — the anti-collapse penalty (reference
 *       cross-entropy to uniform, or Shannon).</li>
 *   <li>{@link dev.tussle.gan.mix.TaggedSamples} — samples with the index of the generator that
 *       made each.</li>
 * </ul>
 *
 * <p><b>Hooks for plots.</b> To colour samples by component, draw them with
 * {@link dev.tussle.gan.mix.MixtureTrainer#sampleTagged} and colour row i by
 * {@code components()[i]}. The mixture weights over training are in the run's {@code log.jsonl}:
 * every logged line of a mixture run has {@code "weights_g"} and {@code "weights_d"} arrays
 * (the current weights, also at step 0 and at every evaluation); the checkpoint's metadata has the
 * latest ones under {@code tussle.weights_g} and {@code tussle.weights_d}.
 */
package dev.tussle.gan.mix;
