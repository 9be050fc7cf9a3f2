package dev.tussle.engine.cuda;

import dev.tussle.engine.DType;
import dev.tussle.engine.Shape;
import dev.tussle.engine.Tensor;
import dev.tussle.engine.kernel.Activation;
import dev.tussle.engine.nn.Mlp;
import dev.tussle.engine.nn.Module;
import dev.tussle.engine.nn.StackedMlp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dense network ({@link Mlp}, or the k copies of a {@link StackedMlp}) held on a
 * {@link CudaDevice}, with its forward and backward passes written out as {@link CudaBackend}
 * ops: each layer is one fused {@code act(x·W + b)} launch for all copies; backward is the
 * activation derivative, a batched {@code xᵀ·g} for the weights, per-copy column sums for the
 * biases and {@code g·Wᵀ} for the input.
 *
 * <p>Parameters and gradients each live in one flat device buffer ({@link #parameters()},
 * {@link #gradients()}), each parameter a {@linkplain DeviceTensor#view view} at an offset
 * padded to 4 elements, so that an optimizer updates, and a norm reduces, a whole network in one
 * launch (the padding is zero and stays zero). The layout follows the CPU module's
 * {@link Module#parameters()} order; {@link #upload} and {@link #download} copy the values
 * between the two, explicitly — nothing crosses between host and device otherwise.
 *
 * <p>Shapes: a plain {@code Mlp} maps {@code [m, in]} to {@code [m, out]}; a stack of k maps a
 * shared {@code [m, in]} or per-copy {@code [k, m, in]} to {@code [k, m, out]}.
 */
public final class DeviceMlp implements AutoCloseable {
    private final CudaDevice device;
    private final CudaBackend be;
    private final boolean stacked;
    private final int copies;
    private final int[] sizes;
    private final Activation[] acts;
    private final double[] alphas;
    private final List<String> names = new ArrayList<>();
    private final List<int[]> shapes = new ArrayList<>();
    private final long[] offsets;
    private final DeviceTensor params;
    private final DeviceTensor grads;
    private final List<DeviceTensor> weights = new ArrayList<>();
    private final List<DeviceTensor> biases = new ArrayList<>();
    private final List<DeviceTensor> weightGrads = new ArrayList<>();
    private final List<DeviceTensor> biasGrads = new ArrayList<>();

    private DeviceMlp(CudaDevice device, Module module, boolean stacked, int copies, int[] sizes,
                      dev.tussle.engine.nn.Activation hidden, dev.tussle.engine.nn.Activation output) {
        this.device = device;
        this.be = device.backend();
        this.stacked = stacked;
        this.copies = copies;
        this.sizes = sizes;
        int layers = sizes.length - 1;
        this.acts = new Activation[layers];
        this.alphas = new double[layers];
        for (int i = 0; i < layers; i++) {
            dev.tussle.engine.nn.Activation a = i + 1 < layers ? hidden : output;
            dev.tussle.engine.nn.Activation.FusedActivation f = a.fused();
            if (f == null) {
                throw new IllegalArgumentException("DeviceMlp: activation " + a.describe() + " of layer " + i
                        + " has no CUDA kernel (identity, relu, leaky relu, tanh and sigmoid do)");
            }
            acts[i] = f.kind();
            alphas[i] = f.alpha();
        }
        Map<String, Tensor> cpu = module.parameters();
        if (cpu.size() != 2 * layers) {
            throw new IllegalArgumentException("DeviceMlp: expected a weight and a bias per layer, got " + cpu.keySet());
        }
        this.offsets = new long[cpu.size()];
        long total = 0;
        int idx = 0;
        for (Map.Entry<String, Tensor> e : cpu.entrySet()) {
            Tensor t = e.getValue();
            if (t.dtype() != DType.F32) {
                throw new IllegalArgumentException("DeviceMlp: the CUDA path is float32 only, but parameter '"
                        + e.getKey() + "' is " + t.dtype());
            }
            names.add(e.getKey());
            shapes.add(t.shape().dims());
            offsets[idx++] = total;
            total += (t.size() + 3) / 4 * 4L;
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("DeviceMlp: " + total + " parameters do not fit one device buffer");
        }
        this.params = device.zeros((int) total);
        this.grads = device.zeros((int) total);
        for (int i = 0; i < layers; i++) {
            int in = sizes[i], out = sizes[i + 1];
            weights.add(params.view(offsets[2 * i], copies, in, out));
            biases.add(params.view(offsets[2 * i + 1], copies, out));
            weightGrads.add(grads.view(offsets[2 * i], copies, in, out));
            biasGrads.add(grads.view(offsets[2 * i + 1], copies, out));
        }
        upload(module);
    }

    /**
     * A device copy of {@code mlp} (float32; every activation one of the kernels').
     *
     * @throws IllegalArgumentException for a float64 network or an activation without a kernel
     */
    public static DeviceMlp of(CudaDevice device, Mlp mlp) {
        return new DeviceMlp(device, mlp, false, 1, mlp.sizes(), mlp.hiddenActivation(), mlp.outputActivation());
    }

    /** A device copy of the k networks of {@code stack}; see {@link #of(CudaDevice, Mlp)}. */
    public static DeviceMlp of(CudaDevice device, StackedMlp stack) {
        return new DeviceMlp(device, stack, true, stack.k(), stack.sizes(), stack.hiddenActivation(),
                stack.outputActivation());
    }

    /** The number of copies (1 for a plain network). */
    public int copies() {
        return copies;
    }

    /** All parameters as one flat buffer (views of it are the layers' weights and biases). */
    public DeviceTensor parameters() {
        return params;
    }

    /** All gradients, laid out as {@link #parameters()}. */
    public DeviceTensor gradients() {
        return grads;
    }

    /** The CPU module's parameter names, in the order of the flat buffers. */
    public List<String> names() {
        return List.copyOf(names);
    }

    /** Where parameter {@code i} (of {@link #names()}) starts in the flat buffers. */
    public long offset(int i) {
        return offsets[i];
    }

    /** Sets every gradient to zero. */
    public void zeroGrad() {
        grads.fillZero();
    }

    /**
     * Copies the CPU module's parameters to the device (one host-to-device copy).
     *
     * @throws IllegalArgumentException if the module's parameters do not match this network's
     */
    public void upload(Module module) {
        Map<String, Tensor> cpu = module.parameters();
        for (int i = 0; i < names.size(); i++) {
            Tensor t = cpu.get(names.get(i));
            if (t == null || !java.util.Arrays.equals(t.shape().dims(), shapes.get(i)) || t.dtype() != DType.F32) {
                throw new IllegalArgumentException("DeviceMlp.upload: parameter '" + names.get(i) + "' is "
                        + (t == null ? "missing" : t.dtype() + " " + t.shape()) + " but the device network has float32 "
                        + java.util.Arrays.toString(shapes.get(i)));
            }
        }
        params.copyFrom(flatten(cpu, ""));
    }

    /** Copies the device parameters into the CPU module, in place (one device-to-host copy). */
    public void download(Module module) {
        module.loadState(unflatten(params));
    }

    /** The named tensors of a flat buffer laid out as the parameters (a device-to-host copy). */
    public Map<String, Tensor> unflatten(DeviceTensor flat) {
        float[] host = flat.toCpu().toFloatArray();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            int[] s = shapes.get(i);
            int from = (int) offsets[i];
            out.put(names.get(i), Tensor.of(java.util.Arrays.copyOfRange(host, from, from + Shape.of(s).size()), s));
        }
        return out;
    }

    /** The flat buffer holding named tensors laid out as the parameters (missing names stay zero). */
    public Tensor flatten(Map<String, Tensor> named, String suffix) {
        float[] host = new float[params.size()];
        for (int i = 0; i < names.size(); i++) {
            Tensor t = named.get(names.get(i) + suffix);
            if (t != null) {
                System.arraycopy(t.toFloatArray(), 0, host, (int) offsets[i], t.size());
            }
        }
        return Tensor.of(host, host.length);
    }

    /** The activations of one forward pass, kept for its backward; closing frees them. */
    public static final class Pass implements AutoCloseable {
        private final DeviceTensor input;
        private final List<DeviceTensor> outputs = new ArrayList<>();
        private final DeviceTensor result;

        private Pass(DeviceTensor input, List<DeviceTensor> outputs, DeviceTensor result) {
            this.input = input;
            this.outputs.addAll(outputs);
            this.result = result;
        }

        /** The network's output: {@code [m, out]} for a plain network, {@code [k, m, out]} for a stack. */
        public DeviceTensor output() {
            return result;
        }

        @Override
        public void close() {
            outputs.forEach(DeviceTensor::close);
        }
    }

    /**
     * Runs the network on {@code x} and keeps what backward needs. {@code x} is not copied: it
     * must stay alive and unchanged until the pass is closed.
     *
     * @throws IllegalArgumentException if {@code x} has the wrong shape
     */
    public Pass forward(DeviceTensor x) {
        int rank = x.shape().rank();
        boolean ok = x.dim(-1) == sizes[0] && (rank == 2 || (stacked && rank == 3 && x.dim(0) == copies));
        if (!ok) {
            throw new IllegalArgumentException("DeviceMlp.forward: input " + x.shape() + " for a network of "
                    + (stacked ? copies + " copies taking [m, " + sizes[0] + "] or [" + copies + ", m, " + sizes[0] + "]"
                    : "input [m, " + sizes[0] + "]"));
        }
        List<DeviceTensor> outs = new ArrayList<>();
        DeviceTensor h = x;
        for (int i = 0; i < weights.size(); i++) {
            h = be.linearForwardBatched(acts[i], alphas[i], h, weights.get(i), biases.get(i));
            outs.add(h);
        }
        DeviceTensor result = stacked ? h : h.reshape(h.dim(1), h.dim(2));
        return new Pass(x, outs, result);
    }

    /**
     * Backpropagates {@code gradOutput} (the output's shape) through {@code pass}: adds the
     * parameters' gradients to {@link #gradients()} when {@code parameterGradients}, and returns
     * the gradient with respect to the pass's input when {@code inputGradient} (else null; the
     * caller closes it). For a stack with a shared input {@code [m, in]} the input gradient is the
     * sum over the copies, as the input feeds them all.
     */
    public DeviceTensor backward(Pass pass, DeviceTensor gradOutput, boolean parameterGradients, boolean inputGradient) {
        int m = pass.input.dim(-2);
        if (gradOutput.size() != pass.result.size()) {
            throw new IllegalArgumentException("DeviceMlp.backward: gradient " + gradOutput.shape() + " for output "
                    + pass.result.shape());
        }
        boolean sharedInput = pass.input.shape().rank() == 2;
        List<DeviceTensor> temps = new ArrayList<>();
        try {
            DeviceTensor g = gradOutput.reshape(copies, m, sizes[sizes.length - 1]);
            for (int i = weights.size() - 1; i >= 0; i--) {
                int in = sizes[i], out = sizes[i + 1];
                if (acts[i] != Activation.IDENTITY) {
                    g = be.activationBackward(acts[i], alphas[i], pass.outputs.get(i), g);
                    temps.add(g);
                }
                DeviceTensor x = i == 0 ? pass.input : pass.outputs.get(i - 1);
                long strideX = i == 0 && sharedInput ? 0 : (long) m * in;
                if (parameterGradients) {
                    be.gemmBatched(copies, true, false, in, out, m, x, strideX, g, (long) m * out,
                            weightGrads.get(i), (long) in * out, true);
                    be.columnSumBatched(g, biasGrads.get(i), true);
                }
                if (i == 0 && !inputGradient) {
                    return null;
                }
                boolean sumOverCopies = i == 0 && sharedInput && copies > 1;
                DeviceTensor dx = i == 0 && sharedInput && !sumOverCopies ? device.empty(m, in) : device.empty(copies, m, in);
                be.gemmBatched(copies, false, true, m, in, out, g, (long) m * out, weights.get(i), (long) in * out,
                        dx, (long) m * in, false);
                if (i == 0 && !sumOverCopies) {
                    return dx;
                }
                temps.add(dx);
                if (sumOverCopies) {
                    DeviceTensor sum = device.empty(m, in);
                    be.columnSum(dx.reshape(copies, m * in), sum.reshape(m * in), false);
                    return sum;
                }
                g = dx;
            }
            return null;
        } finally {
            temps.forEach(DeviceTensor::close);
        }
    }

    /** Frees the parameters and gradients. */
    @Override
    public void close() {
        params.close();
        grads.close();
    }
}
