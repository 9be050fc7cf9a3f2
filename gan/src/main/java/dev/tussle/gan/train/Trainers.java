package dev.tussle.gan.train;

import dev.tussle.engine.AnomalyException;
import dev.tussle.engine.AnomalyMode;
import dev.tussle.engine.io.SafeTensors;
import dev.tussle.gan.mix.MixtureTrainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Picks the trainer for a configuration: {@link GanTrainer} for {@code mix = 1}, the MIX+GAN
 * {@link MixtureTrainer} for {@code mix > 1}; and for a checkpoint, the trainer that wrote it.
 * (This is the one place where {@code train} refers to {@code mix}, which builds on {@code train}.)
 */
public final class Trainers {
    private Trainers() {
    }

    /** A trainer at step 0 for {@code config}. */
    public static Trainer create(TrainConfig config) {
        return config.mix().k() > 1 ? MixtureTrainer.create(config) : GanTrainer.create(config);
    }

    /**
     * The trainer restored from a checkpoint written by either trainer, ready to continue.
     *
     * @param overrides settings to change on resume (for example {@code steps})
     * @throws dev.tussle.engine.io.CheckpointException when the file is not a valid Tussle checkpoint
     */
    public static Trainer resume(Path path, Map<String, String> overrides) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(path);
        return MixtureTrainer.KIND.equals(contents.metadata().get("tussle.kind"))
                ? MixtureTrainer.resume(path, contents, overrides)
                : GanTrainer.resume(path, contents, overrides);
    }

    /**
     * Replays training from {@code from} (a checkpoint, or the start when null) up to
     * {@code failingStep} in anomaly mode, to name the op that first produced a NaN or infinity.
     * Determinism makes the replay reach the same values as the original run.
     *
     * @return the anomaly's message, or a note that the replay stayed finite
     */
    public static String diagnose(TrainConfig config, Path from, long failingStep) throws IOException {
        Trainer t = from == null ? create(config) : resume(from, Map.of());
        try (var scope = AnomalyMode.detect()) {
            while (t.stepCount() < failingStep) {
                t.step();
            }
        } catch (AnomalyException e) {
            return e.getMessage();
        } catch (TrainingDivergedException e) {
            return e.getMessage() + " (anomaly mode found no non-finite op output; the value came from a reduction "
                    + "outside the graph)";
        }
        return "replay in anomaly mode stayed finite up to step " + failingStep;
    }
}
