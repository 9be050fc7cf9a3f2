/**
 * Optimizers that update parameters in place ({@link dev.tussle.engine.optim.Sgd},
 * {@link dev.tussle.engine.optim.Adam}, {@link dev.tussle.engine.optim.RmsProp}), parameter groups,
 * learning-rate schedules, gradient-norm clipping and post-step constraints.
 */
package dev.tussle.engine.optim;
