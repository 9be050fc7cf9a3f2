/**
 * Neural-network building blocks on top of the engine's tensors: {@link dev.tussle.engine.nn.Module}
 * with named parameters, layers, activations, initializers, and stacked layers that hold k
 * independent copies as one batched tensor.
 */
package dev.tussle.engine.nn;
