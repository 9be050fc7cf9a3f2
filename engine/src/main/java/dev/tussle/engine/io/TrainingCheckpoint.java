package dev.tussle.engine.io;

import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.engine.nn.Module;
import dev.tussle.engine.optim.Optimizer;
import dev.tussle.engine.optim.OptimizerState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything needed to resume training bit for bit, in one safetensors file:
 * <ul>
 * <li>tensors {@code model.<name>}: the module's parameters and buffers;</li>
 * <li>tensors {@code optimizer.<param>.<state>}: the optimizer's state;</li>
 * <li>{@code __metadata__}: {@code tussle.model} (the module's {@link Module#describe()}),
 * {@code tussle.step} (the caller's training step), {@code tussle.optimizer_step}, and
 * {@code tussle.rng} (the six words of {@link Rng#state()} in decimal, comma-separated; kept as
 * text because safetensors integers would need a dtype Tussle tensors do not have), plus
 * {@code format: pt} so that PyTorch's loaders accept the file.</li>
 * </ul>
 *
 * @param model     model tensors by name (without the {@code model.} prefix)
 * @param optimizer the optimizer snapshot
 * @param rngState  the generator state, six words
 * @param step      the caller's training step counter
 * @param description the model description, from {@link Module#describe()}
 */
public record TrainingCheckpoint(Map<String, Tensor> model, OptimizerState optimizer, long[] rngState, long step,
                                 String description) {
    private static final String MODEL = "model.";
    private static final String OPTIMIZER = "optimizer.";

    /**
     * Copies the maps and the generator state.
     *
     * @throws IllegalArgumentException when {@code rngState} does not have six words
     */
    public TrainingCheckpoint {
        if (rngState.length != 6) {
            throw new IllegalArgumentException("TrainingCheckpoint: rngState has 6 words, got " + rngState.length);
        }
        rngState = rngState.clone();
        model = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(model));
    }

    /** The generator state (a copy). */
    @Override
    public long[] rngState() {
        return rngState.clone();
    }

    /** A snapshot of live training state (tensors copied). */
    public static TrainingCheckpoint capture(Module module, Optimizer optimizer, Rng rng, long step) {
        Map<String, Tensor> model = new LinkedHashMap<>();
        module.stateTensors().forEach((n, t) -> model.put(n, t.copy()));
        return new TrainingCheckpoint(model, optimizer.saveState(), rng.state(), step, module.describe());
    }

    /**
     * Copies this checkpoint into live training objects, which must have the same architecture.
     *
     * @return the step counter stored in the checkpoint
     * @throws IllegalArgumentException when names, shapes or dtypes differ; then nothing has changed
     *         (the module's tensors, loaded first, are put back)
     */
    public long restoreInto(Module module, Optimizer optimizer, Rng rng) {
        new Rng(0).restore(rngState); // checks the state before anything is overwritten
        Map<String, Tensor> before = new LinkedHashMap<>();
        module.stateTensors().forEach((n, t) -> before.put(n, t.copy()));
        module.loadState(model);
        try {
            optimizer.loadState(this.optimizer);
        } catch (RuntimeException e) {
            module.loadState(before);
            throw e;
        }
        rng.restore(rngState);
        return step;
    }

    /** Writes this checkpoint atomically to {@code path}. */
    public void write(Path path) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.forEach((n, t) -> tensors.put(MODEL + n, t));
        optimizer.tensors().forEach((n, t) -> tensors.put(OPTIMIZER + n, t));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("tussle.model", description);
        meta.put("tussle.step", Long.toString(step));
        meta.put("tussle.optimizer_step", Long.toString(optimizer.step()));
        StringBuilder rng = new StringBuilder();
        for (int i = 0; i < rngState.length; i++) {
            rng.append(i == 0 ? "" : ",").append(rngState[i]);
        }
        meta.put("tussle.rng", rng.toString());
        SafeTensors.write(path, tensors, meta);
    }

    /**
     * Reads a checkpoint written by {@link #write(Path)}.
     *
     * @throws CheckpointException when the file is malformed or lacks the checkpoint's entries
     */
    public static TrainingCheckpoint read(Path path) throws IOException {
        return fromContents(SafeTensors.read(path));
    }

    /** Interprets decoded safetensors contents as a training checkpoint. */
    static TrainingCheckpoint fromContents(SafeTensors.Contents c) throws CheckpointException {
        Map<String, Tensor> model = new LinkedHashMap<>();
        Map<String, Tensor> opt = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            if (e.getKey().startsWith(MODEL)) {
                model.put(e.getKey().substring(MODEL.length()), e.getValue());
            } else if (e.getKey().startsWith(OPTIMIZER)) {
                opt.put(e.getKey().substring(OPTIMIZER.length()), e.getValue());
            } else {
                throw new CheckpointException("unexpected tensor '" + e.getKey() + "' in a training checkpoint");
            }
        }
        Map<String, String> meta = c.metadata();
        String description = meta.get("tussle.model");
        if (description == null) {
            throw new CheckpointException("training checkpoint lacks __metadata__ key 'tussle.model'");
        }
        long step = parseLong(meta, "tussle.step");
        long optimizerStep = parseLong(meta, "tussle.optimizer_step");
        String rngText = meta.get("tussle.rng");
        String[] words = rngText == null ? new String[0] : rngText.split(",", -1);
        if (words.length != 6) {
            throw new CheckpointException("training checkpoint __metadata__ 'tussle.rng' must hold 6 comma-separated "
                    + "integers");
        }
        long[] rng = new long[6];
        for (int i = 0; i < 6; i++) {
            rng[i] = parse("tussle.rng", words[i]);
        }
        return new TrainingCheckpoint(model, new OptimizerState(opt, optimizerStep), rng, step, description);
    }

    private static long parseLong(Map<String, String> meta, String key) throws CheckpointException {
        String v = meta.get(key);
        if (v == null) {
            throw new CheckpointException("training checkpoint lacks __metadata__ key '" + key + "'");
        }
        long n = parse(key, v);
        if (n < 0) {
            throw new CheckpointException("training checkpoint __metadata__ '" + key + "' is negative: " + n);
        }
        return n;
    }

    private static long parse(String key, String v) throws CheckpointException {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new CheckpointException("training checkpoint __metadata__ '" + key + "' is not an integer");
        }
    }
}
