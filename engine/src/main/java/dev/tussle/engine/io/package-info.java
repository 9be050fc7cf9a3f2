/**
 * Checkpoint I/O: safetensors reading (validated for untrusted files) and atomic writing, training
 * checkpoints for bit-exact resumption, and {@code .npy} export. Every malformed file is reported
 * as a {@link dev.tussle.engine.io.CheckpointException}.
 */
package dev.tussle.engine.io;
