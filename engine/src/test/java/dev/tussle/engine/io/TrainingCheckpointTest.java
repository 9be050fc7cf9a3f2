package dev.tussle.engine.io;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.engine.nn.Activation;
import dev.tussle.engine.nn.Mlp;
import dev.tussle.engine.optim.Adam;
import dev.tussle.engine.optim.Optimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingCheckpointTest {
    private static final int STEPS = 20;

    @TempDir
    Path dir;

    /** One training run's live objects. */
    private record Run(Mlp model, Optimizer opt, Rng data) {
        static Run fresh() {
            return of(42, 7);
        }

        static Run of(long modelSeed, long dataSeed) {
            Mlp model = Mlp.of(3, 16, 16, 1).hidden(Activation.leakyRelu(0.2)).build(new Rng(modelSeed));
            return new Run(model, Adam.builder(0.01).amsgrad(true).build(model.parameters()), new Rng(dataSeed));
        }

        /** A regression step on a batch drawn from the data generator, so its state matters. */
        void step() {
            Tensor x = Tensor.randn(data, DType.F32, 0, 1, 8, 3);
            Tensor y = x.sum(1, true).sin();
            opt.zeroGrad();
            model.forward(x).sub(y).square().mean().backward();
            opt.step();
        }
    }

    @Test
    void resumingFromACheckpointIsBitExact() throws IOException {
        Run straight = Run.fresh();
        for (int i = 0; i < STEPS; i++) {
            straight.step();
        }

        Run first = Run.fresh();
        for (int i = 0; i < STEPS / 2; i++) {
            first.step();
        }
        Path file = dir.resolve("ckpt.safetensors");
        TrainingCheckpoint.capture(first.model(), first.opt(), first.data(), STEPS / 2).write(file);

        // A different model seed and data seed: everything must come from the checkpoint.
        Run second = Run.of(999, 0);
        TrainingCheckpoint loaded = TrainingCheckpoint.read(file);
        assertThat(loaded.restoreInto(second.model(), second.opt(), second.data())).isEqualTo(STEPS / 2);
        assertThat(loaded.description()).isEqualTo(first.model().describe());
        for (int i = 0; i < STEPS / 2; i++) {
            second.step();
        }

        assertThat(second.opt().stepCount()).isEqualTo(STEPS);
        for (Map.Entry<String, Tensor> e : straight.model().parameters().entrySet()) {
            assertThat(second.model().parameters().get(e.getKey()).toFloatArray()).as(e.getKey())
                    .containsExactly(e.getValue().toFloatArray());
        }
        for (Map.Entry<String, Tensor> e : straight.opt().stateTensors().entrySet()) {
            assertThat(second.opt().stateTensors().get(e.getKey()).toFloatArray()).as(e.getKey())
                    .containsExactly(e.getValue().toFloatArray());
        }
        assertThat(second.data().state()).containsExactly(straight.data().state());
    }

    @Test
    void fileLayoutAndMetadata() throws IOException {
        Run run = Run.fresh();
        run.step();
        Path file = dir.resolve("c.safetensors");
        TrainingCheckpoint.capture(run.model(), run.opt(), run.data(), 1).write(file);
        SafeTensors.Contents c = SafeTensors.read(file);
        assertThat(c.tensors()).containsKeys("model.layers.0.weight", "optimizer.layers.0.weight.exp_avg",
                "optimizer.layers.4.bias.max_exp_avg_sq");
        assertThat(c.metadata()).containsEntry("tussle.model", "Mlp(sizes=[3, 16, 16, 1], hidden=LeakyReLU(0.2), "
                + "output=Identity)").containsEntry("tussle.step", "1").containsEntry("tussle.optimizer_step", "1")
                .containsEntry("format", "pt");
    }

    /** A checkpoint that does not fit the optimizer changes nothing: the model's weights are put back. */
    @Test
    void aFailedRestoreLeavesTheModelAsItWas() {
        Run saved = Run.fresh();
        saved.step();
        TrainingCheckpoint adamCheckpoint = TrainingCheckpoint.capture(saved.model(), saved.opt(), saved.data(), 1);
        Mlp model = Mlp.of(3, 16, 16, 1).hidden(Activation.leakyRelu(0.2)).build(new Rng(5));
        Map<String, float[]> before = new java.util.LinkedHashMap<>();
        model.stateTensors().forEach((n, t) -> before.put(n, t.toFloatArray()));
        Optimizer sgd = dev.tussle.engine.optim.Sgd.builder(0.1).build(model.parameters());
        Rng rng = new Rng(9);
        long[] rngBefore = rng.state();
        assertThatThrownBy(() -> adamCheckpoint.restoreInto(model, sgd, rng)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exp_avg");
        model.stateTensors().forEach((n, t) -> assertThat(t.toFloatArray()).as(n).containsExactly(before.get(n)));
        assertThat(rng.state()).containsExactly(rngBefore);
    }

    @Test
    void missingOrBadMetadataIsACheckpointException() throws IOException {
        Path file = dir.resolve("bad.safetensors");
        SafeTensors.write(file, Map.of("model.w", Tensor.zeros(1)), Map.of("tussle.model", "M", "tussle.step", "1",
                "tussle.optimizer_step", "1", "tussle.rng", "1,2,3"));
        assertThatThrownBy(() -> TrainingCheckpoint.read(file)).isInstanceOf(CheckpointException.class)
                .hasMessage("training checkpoint __metadata__ 'tussle.rng' must hold 6 comma-separated integers");
        SafeTensors.write(file, Map.of("model.w", Tensor.zeros(1)), Map.of("tussle.model", "M"));
        assertThatThrownBy(() -> TrainingCheckpoint.read(file)).isInstanceOf(CheckpointException.class)
                .hasMessage("training checkpoint lacks __metadata__ key 'tussle.step'");
        SafeTensors.write(file, Map.of("other", Tensor.zeros(1)), Map.of());
        assertThatThrownBy(() -> TrainingCheckpoint.read(file)).isInstanceOf(CheckpointException.class)
                .hasMessage("unexpected tensor 'other' in a training checkpoint");
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> TrainingCheckpoint.read(file)).isInstanceOf(CheckpointException.class);
    }
}
