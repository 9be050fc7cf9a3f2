package dev.tussle.gan.train;

import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.engine.TensorArena;
import dev.tussle.gan.data.DataSet;
import dev.tussle.gan.metrics.LabMetrics;
import dev.tussle.gan.metrics.MetricsReport;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What a run folder ({@link TrainingRun}) and the command line need from a trainer, whether it
 * trains one GAN ({@link GanTrainer}) or a MIX+GAN mixture ({@code dev.tussle.gan.mix.MixtureTrainer}).
 * {@link Trainers} picks the implementation from the configuration's {@code mix} setting.
 */
public interface Trainer {

    /** The configuration this trainer runs. */
    TrainConfig config();

    /** The data set trained on (with {@code --data-size}, the finite set drawn from it). */
    DataSet data();

    /** The number of completed generator steps. */
    long stepCount();

    /** Whether the configured number of steps is done. */
    default boolean finished() {
        return stepCount() >= config().steps();
    }

    /**
     * Performs one training step.
     *
     * @throws TrainingDivergedException when a loss, gradient norm or mean output is not finite
     */
    StepStats step();

    /**
     * The arena through which each {@link #step()} recycles its tensors' storage (see
     * {@link TensorArena}); null makes steps allocate normally. A trainer starts with an arena of
     * its own. The result of training is the same bits either way.
     */
    void recycleThrough(TensorArena arena);

    /** {@code n} generated samples {@code [n, dim]} drawn with {@code rng} (no graph). */
    Tensor sample(int n, Rng rng);

    /** The evaluation stream for the current step: forked off the seed, so evaluating never perturbs training. */
    default Rng evaluationRng() {
        return new Rng(config().seed()).fork(1_000_000L + stepCount());
    }

    /** The laboratory metrics on {@code eval-samples} generated samples drawn from {@link #evaluationRng()}. */
    default MetricsReport evaluate() {
        Rng r = evaluationRng();
        return LabMetrics.evaluate(stepCount(), data(), sample(config().evalSamples(), r), r);
    }

    /**
     * The discriminator's verdict on each sample {@code [n, dim]}, as {@code [n, 1]} without a
     * graph: a probability for the sigmoid family of objectives, the raw score for critics; for a
     * mixture, the w_D-weighted average over its discriminators.
     */
    Tensor discriminate(Tensor x);

    /** Writes everything needed to resume bit-identically (atomically). */
    void saveCheckpoint(Path path) throws IOException;

    /**
     * Extra fields for the log line of the step just taken, each preceded by {@code ", "} (JSON
     * without braces), or the empty string. The mixture logs both weight vectors here.
     */
    default String logFields() {
        return "";
    }
}
