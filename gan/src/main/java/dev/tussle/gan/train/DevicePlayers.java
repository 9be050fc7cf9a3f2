package dev.tussle.gan.train;

import dev.tussle.engine.Tensor;
import dev.tussle.engine.cuda.CudaBackend;
import dev.tussle.engine.cuda.CudaDevice;
import dev.tussle.engine.cuda.DeviceMlp;
import dev.tussle.engine.cuda.DeviceOptimizer;
import dev.tussle.engine.cuda.DeviceTensor;
import dev.tussle.engine.kernel.BinaryOp;
import dev.tussle.engine.kernel.ReduceOp;
import dev.tussle.engine.nn.Module;
import dev.tussle.engine.optim.Optimizer;
import dev.tussle.gan.objective.MeasuringFunction;

import java.util.ArrayList;
import java.util.List;

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
    private final List<AutoCloseable> stepTemporaries = new ArrayList<>();

    /**
     * Copies the players to {@code device}; {@code f} is the objective's measuring function.
     *
     * @throws IllegalArgumentException if a network, optimizer or the measuring function has no CUDA form
     */
    public DevicePlayers(CudaDevice device, MeasuringFunction f, DeviceMlp generator, Module cpuG, Optimizer cpuOptG,
                         DeviceMlp discriminator, Module cpuD, Optimizer cpuOptD) {
        if (f.deviceCode() < 0) {
            throw new IllegalArgumentException("--device cuda: the objective's measuring function has no CUDA head "
                    + "(the built-in log, identity, least-squares and hinge functions do)");
        }
        this.measuringFunction = f.deviceCode();
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
    public DeviceTensor upload(Tensor t) {
        return keep(device.to(t));
    }

    /** The generator's pass on uploaded noise, plus uploaded instance noise when it is not null. */
    public Generated generate(DeviceTensor z, Tensor instanceNoise) {
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
    public record Generated(DeviceMlp.Pass pass, DeviceTensor samples) {
    }

    /** The discriminator's pass on {@code x}. */
    public DeviceMlp.Pass discriminate(DeviceTensor x) {
        return keep(d.forward(x));
    }

    /**
     * The means of a term of the objective over equal blocks of a discriminator pass's outputs,
     * as a host leaf of shape {@code dims} (one block per element; {@code []} for one block) that
     * records the loss's gradient, and mean D over all the outputs when {@code reportD} (else NaN).
     *
     * @param term 0 f(D(x)), 1 f(1 − D(x)), 2 the raw score (see {@link CudaBackend#ganHeadTerms})
     */
    public HeadMeans headMeans(DeviceMlp.Pass pass, int term, boolean reportD, int... dims) {
        DeviceTensor out = pass.output();
        int n = out.size();
        int blocks = 1;
        for (int d : dims) {
            blocks *= d;
        }
        int blockLen = n / blocks;
        DeviceTensor value = keep(device.empty(n));
        DeviceTensor prob = reportD ? keep(device.empty(n)) : null;
        CudaBackend be = device.backend();
        be.ganHeadTerms(measuringFunction, term, out, value, prob);
        DeviceTensor sums = keep(device.empty(blocks));
        be.columnSumBatched(value.reshape(blocks, blockLen, 1), sums, false);
        double meanD = reportD ? be.reduce(ReduceOp.SUM, prob) / n : Double.NaN;
        float[] means = sums.toCpu().toFloatArray();
        for (int i = 0; i < blocks; i++) {
            means[i] /= blockLen;
        }
        return new HeadMeans(Tensor.of(means, dims).requiresGrad(true), meanD, term, blockLen);
    }

    /**
     * Block means of one term of the objective, on the host.
     *
     * @param means    the means, a leaf recording its gradient
     * @param meanD    mean D over the outputs, or NaN when not asked for
     * @param term     the term's code
     * @param blockLen outputs per block
     */
    public record HeadMeans(Tensor means, double meanD, int term, int blockLen) {
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
    public void backwardDiscriminator(DeviceMlp.Pass pass, HeadMeans m) {
        d.backward(pass, outputGradient(pass, m), true, false);
    }

    /**
     * Backpropagates the loss's gradient on {@code m} through the discriminator's {@code pass}
     * (its parameters get no gradient) and on through the generator's, adding to the
     * generator's gradients.
     */
    public void backwardGenerator(Generated fake, DeviceMlp.Pass pass, HeadMeans m) {
        DeviceTensor gradSamples = keep(d.backward(pass, outputGradient(pass, m), false, true));
        g.backward(fake.pass(), gradSamples.reshape(fake.pass().output().shape().dims()), true, false);
    }

    /** Clears the discriminator's gradients. */
    public void zeroGradDiscriminator() {
        d.zeroGrad();
    }

    /** Clears the generator's gradients. */
    public void zeroGradGenerator() {
        g.zeroGrad();
    }

    /** The discriminator's gradient norm, then its optimizer step; returns the norm. */
    public double stepDiscriminator() {
        double norm = optD.gradNorm();
        optD.step();
        return norm;
    }

    /** The generator's gradient norm, then its optimizer step; returns the norm. */
    public double stepGenerator() {
        double norm = optG.gradNorm();
        optG.step();
        return norm;
    }

    /** Frees the step's temporaries (the pool keeps the memory for the next step). */
    public void endStep() {
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
