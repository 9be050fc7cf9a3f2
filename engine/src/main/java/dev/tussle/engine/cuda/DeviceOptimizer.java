package dev.tussle.engine.cuda;

import dev.tussle.engine.Tensor;
import dev.tussle.engine.kernel.BinaryOp;
import dev.tussle.engine.kernel.ReduceOp;
import dev.tussle.engine.kernel.UnaryOp;
import dev.tussle.engine.optim.Adam;
import dev.tussle.engine.optim.Optimizer;
import dev.tussle.engine.optim.OptimizerState;
import dev.tussle.engine.optim.ParamConstraint;
import dev.tussle.engine.optim.RmsProp;
import dev.tussle.engine.optim.Sgd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CPU {@link Optimizer} ({@link Adam}, {@link Sgd} or {@link RmsProp}) applied on the device to a
 * {@link DeviceMlp}'s flat parameter buffer: the same rule, hyperparameters, learning-rate
 * schedule, global-norm clipping and weight clipping ({@link ParamConstraint#clip}), with its
 * state (moments, momentum) in flat device buffers laid out as the parameters, so a step is one
 * launch for the whole network. The CPU optimizer stays the record of the settings and, after
 * {@link #download()}, of the state and step count (what checkpoints save).
 *
 * <p>Results equal the CPU optimizer's within float32 rounding: the kernels compute in double like
 * the CPU ones, but the gradient norm is summed in another order.
 */
public final class DeviceOptimizer implements AutoCloseable {
    private final Optimizer cpu;
    private final DeviceMlp net;
    private final CudaBackend be;
    private final Adam.Settings adam;
    private final Sgd.Settings sgd;
    private final RmsProp.Settings rms;
    private final List<String> stateNames;
    private final List<DeviceTensor> state = new ArrayList<>();
    private final double clip;
    private final DeviceTensor clipLow;
    private final DeviceTensor clipHigh;
    private long step;

    /**
     * Mirrors {@code cpu}, whose parameters must be {@code net}'s (same names), on the device,
     * starting from its current state.
     *
     * @throws IllegalArgumentException for an optimizer other than Adam or SGD, several parameter
     *         groups, a constraint other than weight clipping, or parameters that do not match
     */
    public DeviceOptimizer(Optimizer cpu, DeviceMlp net) {
        this.cpu = cpu;
        this.net = net;
        this.be = net.parameters().device().backend();
        Adam.Settings adamSettings = null;
        Sgd.Settings sgdSettings = null;
        RmsProp.Settings rmsSettings = null;
        switch (cpu) {
            case Adam a -> {
                adamSettings = a.settings();
                this.stateNames = adamSettings.amsgrad() ? List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq")
                        : List.of("exp_avg", "exp_avg_sq");
            }
            case Sgd sg -> {
                sgdSettings = sg.settings();
                this.stateNames = sgdSettings.momentum() > 0 ? List.of("momentum_buffer") : List.of();
            }
            case RmsProp r -> {
                rmsSettings = r.settings();
                List<String> names = new ArrayList<>(List.of("square_avg"));
                if (rmsSettings.momentum() > 0) {
                    names.add("momentum_buffer");
                }
                if (rmsSettings.centered()) {
                    names.add("grad_avg");
                }
                this.stateNames = List.copyOf(names);
            }
            default -> throw new IllegalArgumentException("DeviceOptimizer: " + cpu.getClass().getSimpleName()
                    + " has no CUDA update kernel (Adam, SGD and RMSProp do)");
        }
        this.adam = adamSettings;
        this.sgd = sgdSettings;
        this.rms = rmsSettings;
        if (cpu.groups().size() != 1) {
            throw new IllegalArgumentException("DeviceOptimizer: one parameter group is supported, got "
                    + cpu.groups().size());
        }
        if (!List.copyOf(cpu.groups().get(0).params().keySet()).equals(net.names())) {
            throw new IllegalArgumentException("DeviceOptimizer: the optimizer's parameters "
                    + cpu.groups().get(0).params().keySet() + " are not the device network's " + net.names());
        }
        double c = Double.NaN;
        for (ParamConstraint pc : cpu.constraints()) {
            if (!(pc instanceof ParamConstraint.Clip(double bound)) || !Double.isNaN(c)) {
                throw new IllegalArgumentException("DeviceOptimizer: constraint " + pc + " has no CUDA form "
                        + "(one weight clipping, ParamConstraint.clip, does)");
            }
            c = bound;
        }
        this.clip = c;
        CudaDevice d = net.parameters().device();
        this.clipLow = Double.isNaN(c) ? null : d.to(Tensor.of(new float[] {(float) -c}, 1));
        this.clipHigh = Double.isNaN(c) ? null : d.to(Tensor.of(new float[] {(float) c}, 1));
        for (int i = 0; i < stateNames.size(); i++) {
            state.add(d.zeros(net.parameters().size()));
        }
        upload();
    }

    /** Copies the CPU optimizer's state and step count to the device. */
    public void upload() {
        Map<String, Tensor> cpuState = cpu.stateTensors();
        for (int i = 0; i < stateNames.size(); i++) {
            state.get(i).copyFrom(net.flatten(cpuState, "." + stateNames.get(i)));
        }
        step = cpu.stepCount();
    }

    /** Copies the device state and step count into the CPU optimizer (for a checkpoint). */
    public void download() {
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (int i = 0; i < stateNames.size(); i++) {
            String suffix = "." + stateNames.get(i);
            net.unflatten(state.get(i)).forEach((n, t) -> named.put(n + suffix, t));
        }
        cpu.loadState(new OptimizerState(named, step));
    }

    /** The number of steps taken. */
    public long stepCount() {
        return step;
    }

    /** The Euclidean norm of all gradients (waits for the device). */
    public double gradNorm() {
        try (DeviceTensor sq = be.map(UnaryOp.SQUARE, 0, net.gradients())) {
            return Math.sqrt(be.reduce(ReduceOp.SUM, sq));
        }
    }

    /** One update of every parameter from the gradients in {@link DeviceMlp#gradients()}, then the clipping. */
    public void step() {
        double scale = 1.0;
        if (cpu.maxGradNorm() < Double.POSITIVE_INFINITY) {
            scale = Math.min(1.0, cpu.maxGradNorm() / (gradNorm() + 1e-6));
        }
        double lr = cpu.groups().get(0).lr() * cpu.schedule().factor(step);
        step++;
        DeviceTensor p = net.parameters();
        DeviceTensor g = net.gradients();
        if (adam != null) {
            be.adamStep(p, g, state.get(0), state.get(1), adam.amsgrad() ? state.get(2) : null, lr, adam.beta1(),
                    adam.beta2(), adam.eps(), step, adam.weightDecay(), adam.decoupled(), scale);
        } else if (sgd != null) {
            be.sgdStep(p, g, state.isEmpty() ? null : state.get(0), lr, sgd.momentum(), sgd.nesterov(),
                    sgd.weightDecay(), scale);
        } else {
            DeviceTensor buf = rms.momentum() > 0 ? state.get(1) : null;
            DeviceTensor avg = rms.centered() ? state.get(state.size() - 1) : null;
            be.rmsPropStep(p, g, state.get(0), buf, avg, lr, rms.alpha(), rms.eps(), rms.momentum(), rms.weightDecay(),
                    scale);
        }
        if (!Double.isNaN(clip)) {
            try (DeviceTensor upper = be.zip(BinaryOp.MIN, p, clipHigh);
                 DeviceTensor both = be.zip(BinaryOp.MAX, upper, clipLow)) {
                p.copyFrom(both);
            }
        }
    }

    /** Frees the device state. */
    @Override
    public void close() {
        state.forEach(DeviceTensor::close);
        if (clipLow != null) {
            clipLow.close();
            clipHigh.close();
        }
    }
}
