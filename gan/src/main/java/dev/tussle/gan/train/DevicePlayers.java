package dev.tussle.gan.train;

import dev.tussle.engine.Tensor;
import dev.tussle.engine.cuda.CudaBackend;
import dev.tussle.engine.cuda.CudaDevice;
import dev.tussle.engine.cuda.DeviceMlp;
import dev.tussle.engine.cuda.DeviceOptimizer;
import dev.tussle.engine.cuda.DeviceTensor;
import dev.tussle.engine.kernel.BinaryOp;
import dev.tussle.engine.kernel.ReduceOp;
import dev.tussle.engine.kernel.UnaryOp;
import dev.tussle.engine.nn.Module;
import dev.tussle.engine.optim.Optimizer;
import dev.tussle.gan.objective.MeasuringFunction;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The two players of a GAN (or the two stacks of a MIX+GAN mixture) on a CUDA device, for
 * {@code --device cuda}: their networks ({@link DeviceMlp}) and optimizers
 * ({@link DeviceOptimizer}) live on the device, and a training step runs every layer's forward
 * and backward there, and the elementwise part of the objective too
 * ({@link CudaBackend#ganHeadTerms}): the discriminator's outputs never leave the device.
 *
 * <p>What crosses between host and device in a step is explicit and small: the real batch, the
 * latent noise and instance noise go up (drawn on the host from the run's
 * {@link dev.tussle.engine.Rng}, in the CPU trainer's order, so both paths see the same numbers);
 * the means of the objective's terms come down, one number per block of outputs (per
 * generator–discriminator pair for a mixture), and the trainer combines them into the loss on the
 * host with the same code as the CPU path ({@link dev.tussle.gan.objective.Objective#valueFromMeans}
 * and friends), which is also where the mixture's payoff, entropy term and weights are handled; the
 * loss's gradient with respect to those means goes back up, one number per block; gradient norms
 * come down as one number each.
 *
 * <p>The CPU modules and optimizers remain the run's record: {@link #download()} copies the
 * device's parameters and optimizer state into them (the trainers do so before sampling,
 * evaluating or writing a checkpoint), {@link #upload()} the other way (after a resume).
 */
public final class DevicePlayers implements AutoCloseable {
    private final CudaDevice device;
    private final Module cpuG;
    private final Module cpuD;
    private final Optimizer cpuOptG;
    private final Optimizer cpuOptD;
    private final DeviceMlp g;
    private final DeviceMlp d;
    private final DeviceOptimizer optG;
    private final DeviceOptimizer optD;
    private final int measuringFunction;
    private final double l2;
    private final List<AutoCloseable> stepTemporaries = new ArrayList<>();

    /**
     * Copies the players to {@code device}; {@code f} is the objective's measuring function and
     * {@code l2} the weight λ of each player's penalty λ·Σ‖θ‖² on its own parameters (0: none).
     *
     * @throws IllegalArgumentException if a network, optimizer or the measuring function has no CUDA form
     */
    public DevicePlayers(CudaDevice device, MeasuringFunction f, double l2, DeviceMlp generator, Module cpuG,
                         Optimizer cpuOptG, DeviceMlp discriminator, Module cpuD, Optimizer cpuOptD) {
        if (f.deviceCode() < 0) {
            throw new IllegalArgumentException("--device cuda: the objective's measuring function has no CUDA head "
                    + "(the built-in log, identity, least-squares and hinge functions do)");
        }
        this.measuringFunction = f.deviceCode();
        this.l2 = l2;
        this.device = device;
        this.cpuG = cpuG;
        this.cpuD = cpuD;
        this.cpuOptG = cpuOptG;
        this.cpuOptD = cpuOptD;
        this.g = generator;
        this.d = discriminator;
        this.optG = new DeviceOptimizer(cpuOptG, g);
        this.optD = new DeviceOptimizer(cpuOptD, d);
    }

    /** The device. */
    public CudaDevice device() {
        return device;
    }

    /** {@code t} copied to the device for the current step (freed by {@link #endStep()}). */
    DeviceTensor upload(Tensor t) {
        return keep(device.to(t));
    }

    /** The generator's pass on uploaded noise, plus uploaded instance noise when it is not null. */
    Generated generate(DeviceTensor z, Tensor instanceNoise) {
        DeviceMlp.Pass pass = keep(g.forward(z));
        DeviceTensor out = pass.output();
        if (instanceNoise != null) {
            out = keep(device.backend().zip(BinaryOp.ADD, out, upload(instanceNoise)));
        }
        return new Generated(pass, out);
    }

    /**
     * A generator pass and the samples the discriminator sees (its output, plus instance noise).
     *
     * @param pass    the generator's pass
     * @param samples the samples
     */
    record Generated(DeviceMlp.Pass pass, DeviceTensor samples) {
    }

    /** The discriminator's pass on {@code x}. */
    DeviceMlp.Pass discriminate(DeviceTensor x) {
        return keep(d.forward(x));
    }

    /**
     * The means of a term of the objective over equal blocks of a discriminator pass's outputs,
     * as a host leaf of shape {@code dims} (one block per element; {@code []} for one block) that
     * records the loss's gradient, and mean D over all the outputs when {@code reportD} (else NaN).
     *
     * @param term 0 f(D(x)), 1 f(1 − D(x)), 2 the raw score (see {@link CudaBackend#ganHeadTerms})
     */
    HeadMeans headMeans(DeviceMlp.Pass pass, int term, boolean reportD, int... dims) {
        return headMeans(new HeadRequest(pass, term, reportD, dims))[0];
    }

    /**
     * One term's block means to compute ({@link #headMeans(DeviceMlp.Pass, int, boolean, int...)}).
     *
     * @param pass    the discriminator's pass
     * @param term    the term's code
     * @param reportD whether to report mean D too
     * @param dims    the blocks, as the shape of the means
     */
    record HeadRequest(DeviceMlp.Pass pass, int term, boolean reportD, int[] dims) {
    }

    /**
     * Several terms' block means, computed on the device into one small buffer and read back in
     * one copy, so the host waits for the device once.
     */
    HeadMeans[] headMeans(HeadRequest... requests) {
        CudaBackend be = device.backend();
        // Per request: its block sums, then its sum of D, each at an offset that is a multiple of 4 (views' alignment).
        int[] at = new int[requests.length];
        int size = 0;
        for (int r = 0; r < requests.length; r++) {
            at[r] = size;
            size += align4(blocks(requests[r].dims())) + 4;
        }
        DeviceTensor sums = keep(device.empty(size));
        for (int r = 0; r < requests.length; r++) {
            HeadRequest q = requests[r];
            DeviceTensor out = q.pass().output();
            int n = out.size();
            int blocks = blocks(q.dims());
            DeviceTensor value = keep(device.empty(n));
            DeviceTensor prob = q.reportD() ? keep(device.empty(n)) : null;
            be.ganHeadTerms(measuringFunction, q.term(), out, value, prob);
            be.columnSumBatched(value.reshape(blocks, n / blocks, 1), sums.view(at[r], blocks), false);
            if (prob != null) {
                be.columnSumBatched(prob.reshape(1, n, 1), sums.view(at[r] + align4(blocks), 1), false);
            }
        }
        float[] host = sums.toCpu().toFloatArray();
        HeadMeans[] result = new HeadMeans[requests.length];
        for (int r = 0; r < requests.length; r++) {
            HeadRequest q = requests[r];
            int n = q.pass().output().size();
            int blocks = blocks(q.dims());
            int blockLen = n / blocks;
            float[] means = new float[blocks];
            for (int i = 0; i < blocks; i++) {
                means[i] = host[at[r] + i] / blockLen;
            }
            double meanD = q.reportD() ? (double) host[at[r] + align4(blocks)] / n : Double.NaN;
            result[r] = new HeadMeans(Tensor.of(means, q.dims()).requiresGrad(true), meanD, q.term(), blockLen);
        }
        return result;
    }

    private static int blocks(int[] dims) {
        int blocks = 1;
        for (int d : dims) {
            blocks *= d;
        }
        return blocks;
    }

    private static int align4(int n) {
        return (n + 3) / 4 * 4;
    }

    /**
     * Block means of one term of the objective, on the host.
     *
     * @param means    the means, a leaf recording its gradient
     * @param meanD    mean D over the outputs, or NaN when not asked for
     * @param term     the term's code
     * @param blockLen outputs per block
     */
    record HeadMeans(Tensor means, double meanD, int term, int blockLen) {
    }

    /** The gradient of the loss with respect to every output of {@code pass}, from the gradient on the means. */
    private DeviceTensor outputGradient(DeviceMlp.Pass pass, HeadMeans m) {
        Tensor g = m.means().grad();
        float[] scale = g == null ? new float[m.means().size()] : g.toFloatArray();
        for (int i = 0; i < scale.length; i++) {
            scale[i] /= m.blockLen();
        }
        DeviceTensor grad = keep(device.empty(pass.output().shape().dims()));
        device.backend().ganHeadGradient(measuringFunction, m.term(), pass.output(), m.blockLen(),
                upload(Tensor.of(scale, scale.length)), grad);
        return grad;
    }

    /** Adds to the discriminator's gradients the backward of {@code pass}, from the loss's gradient on {@code m}. */
    void backwardDiscriminator(DeviceMlp.Pass pass, HeadMeans m) {
        d.backward(pass, outputGradient(pass, m), true, false);
    }

    /**
     * Backpropagates the loss's gradient on {@code m} through the discriminator's {@code pass}
     * (its parameters get no gradient) and on through the generator's, adding to the
     * generator's gradients.
     */
    void backwardGenerator(Generated fake, DeviceMlp.Pass pass, HeadMeans m) {
        DeviceTensor gradSamples = keep(d.backward(pass, outputGradient(pass, m), false, true));
        g.backward(fake.pass(), gradSamples.reshape(fake.pass().output().shape().dims()), true, false);
    }

    /**
     * The result of one update: the loss's value, the updated player's gradient norm, and mean D
     * on the real and generated samples (NaN for a generator update).
     *
     * @param loss     the loss
     * @param gradNorm the gradient norm before the step
     * @param meanReal mean D(real)
     * @param meanFake mean D(fake)
     */
    public record Update(double loss, double gradNorm, double meanReal, double meanFake) {
    }

    /**
     * One discriminator update: the generator's samples from noise {@code z} (plus
     * {@code fakeNoise}, instance noise, when not null; a stack's {@code [k, b, dim]} samples are
     * seen by every discriminator as {@code [k·b, dim]}), the discriminator on {@code real} and on
     * them, the term means f(D) over blocks {@code realDims} and f(1 − D) over blocks
     * {@code fakeDims}, the loss {@code lossFromMeans} builds from those two host leaves, its
     * backward through the discriminator, and the optimizer step.
     */
    public Update discriminatorUpdate(Tensor real, Tensor z, Tensor fakeNoise, int[] realDims, int[] fakeDims,
                                      BinaryOperator<Tensor> lossFromMeans) {
        try {
            Generated fake = generate(upload(z), fakeNoise);
            DeviceMlp.Pass onReal = discriminate(upload(real));
            DeviceMlp.Pass onFake = discriminate(flat(fake.samples()));
            HeadMeans[] m = headMeans(new HeadRequest(onReal, 0, true, realDims),
                    new HeadRequest(onFake, 1, true, fakeDims));
            HeadMeans r = m[0];
            HeadMeans f = m[1];
            Tensor loss = lossFromMeans.apply(r.means(), f.means());
            loss.backward();
            zeroGradDiscriminator();
            backwardDiscriminator(onReal, r);
            backwardDiscriminator(onFake, f);
            double penalty = addL2(d);
            double norm = stepDiscriminator();
            return new Update(loss.item() + penalty, norm, r.meanD(), f.meanD());
        } finally {
            endStep();
        }
    }

    /**
     * One generator update: samples from {@code z} (plus instance noise), the discriminator on
     * them, the means of the generator's term ({@code term}) over blocks {@code dims}, the loss
     * {@code lossFromMean} builds from that host leaf, its backward through the discriminator
     * (whose parameters get no gradient) and the generator, and the optimizer step.
     */
    public Update generatorUpdate(Tensor z, Tensor fakeNoise, int term, int[] dims, UnaryOperator<Tensor> lossFromMean) {
        try {
            Generated fake = generate(upload(z), fakeNoise);
            DeviceMlp.Pass onFake = discriminate(flat(fake.samples()));
            HeadMeans m = headMeans(onFake, term, false, dims);
            Tensor loss = lossFromMean.apply(m.means());
            loss.backward();
            zeroGradGenerator();
            backwardGenerator(fake, onFake, m);
            double penalty = addL2(g);
            double norm = stepGenerator();
            return new Update(loss.item() + penalty, norm, Double.NaN, Double.NaN);
        } finally {
            endStep();
        }
    }

    /**
     * With {@code --l2}: adds the penalty's gradient 2λ·θ to the network's gradients and returns
     * its value λ·Σ‖θ‖² (0, and nothing done, without).
     */
    private double addL2(DeviceMlp net) {
        if (l2 == 0) {
            return 0;
        }
        CudaBackend be = device.backend();
        DeviceTensor p = net.parameters();
        double value = l2 * be.reduce(ReduceOp.SUM, keep(be.map(UnaryOp.SQUARE, 0, p)));
        DeviceTensor scaled = keep(be.zip(BinaryOp.MUL, p, upload(Tensor.of(new float[] {(float) (2 * l2)}, 1))));
        net.gradients().copyFrom(keep(be.zip(BinaryOp.ADD, net.gradients(), scaled)));
        return value;
    }

    /** Samples {@code [k, b, dim]} as {@code [k·b, dim]}; 2-d samples as they are. */
    private static DeviceTensor flat(DeviceTensor samples) {
        return samples.shape().rank() == 3 ? samples.reshape(samples.dim(0) * samples.dim(1), samples.dim(2)) : samples;
    }

    /** Clears the discriminator's gradients. */
    void zeroGradDiscriminator() {
        d.zeroGrad();
    }

    /** Clears the generator's gradients. */
    void zeroGradGenerator() {
        g.zeroGrad();
    }

    /** The discriminator's gradient norm, then its optimizer step; returns the norm. */
    double stepDiscriminator() {
        double norm = optD.gradNorm();
        optD.step();
        return norm;
    }

    /** The generator's gradient norm, then its optimizer step; returns the norm. */
    double stepGenerator() {
        double norm = optG.gradNorm();
        optG.step();
        return norm;
    }

    /** Frees the step's temporaries (the pool keeps the memory for the next step). */
    void endStep() {
        for (int i = stepTemporaries.size() - 1; i >= 0; i--) {
            try {
                stepTemporaries.get(i).close();
            } catch (Exception e) {
                throw new IllegalStateException("DevicePlayers: freeing a step temporary failed", e);
            }
        }
        stepTemporaries.clear();
    }

    /** Copies the device's parameters and optimizer state into the CPU modules and optimizers. */
    public void download() {
        g.download(cpuG);
        d.download(cpuD);
        optG.download();
        optD.download();
    }

    /** Copies the CPU modules' parameters and the optimizers' state to the device. */
    public void upload() {
        g.upload(cpuG);
        d.upload(cpuD);
        optG.upload();
        optD.upload();
    }

    private <T extends AutoCloseable> T keep(T t) {
        stepTemporaries.add(t);
        return t;
    }

    /** Frees everything on the device (the device itself stays open). */
    @Override
    public void close() {
        endStep();
        optG.close();
        optD.close();
        g.close();
        d.close();
    }
}
