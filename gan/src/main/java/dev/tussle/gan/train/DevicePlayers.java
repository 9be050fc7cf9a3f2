package dev.tussle.gan.train;

import dev.tussle.engine.Tensor;
import dev.tussle.engine.cuda.CudaDevice;
import dev.tussle.engine.cuda.DeviceMlp;
import dev.tussle.engine.cuda.DeviceOptimizer;
import dev.tussle.engine.cuda.DeviceTensor;
import dev.tussle.engine.kernel.BinaryOp;
import dev.tussle.engine.nn.Module;
import dev.tussle.engine.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;

/**
 * The two players of a GAN (or the two stacks of a MIX+GAN mixture) on a CUDA device, for
 * {@code --device cuda}: their networks ({@link DeviceMlp}) and optimizers
 * ({@link DeviceOptimizer}) live on the device, and a training step runs every layer's forward
 * and backward there. What crosses between host and device in a step is explicit and small:
 * the real batch, the latent noise and instance noise go up (drawn on the host from the run's
 * {@link dev.tussle.engine.Rng}, in the CPU trainer's order, so both paths see the same numbers);
 * the discriminator's outputs (one number per sample and pair) come down to the objective's head,
 * which runs as a CPU autodiff graph on them (so every objective, the mixture's payoff and its
 * weights work unchanged), and the head's gradient with respect to those outputs goes back up.
 * Gradient norms are reduced on the device and read as one number each.
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
    private final List<AutoCloseable> stepTemporaries = new ArrayList<>();

    /**
     * Copies the players to {@code device}.
     *
     * @throws IllegalArgumentException if a network or optimizer has no CUDA form
     */
    public DevicePlayers(CudaDevice device, DeviceMlp generator, Module cpuG, Optimizer cpuOptG,
                         DeviceMlp discriminator, Module cpuD, Optimizer cpuOptD) {
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

    /** The pass's output on the host, as a leaf that records its gradient (the head's input). */
    public static Tensor headInput(DeviceMlp.Pass pass) {
        return pass.output().toCpu().requiresGrad(true);
    }

    /** Adds to the discriminator's gradients the backward of {@code pass} from the head's gradient on {@code out}. */
    public void backwardDiscriminator(DeviceMlp.Pass pass, Tensor out) {
        d.backward(pass, upload(gradientOf(out)), true, false);
    }

    /**
     * Backpropagates the head's gradient on {@code out} through the discriminator's {@code pass}
     * (its parameters get no gradient) and on through the generator's, adding to the
     * generator's gradients.
     */
    public void backwardGenerator(Generated fake, DeviceMlp.Pass pass, Tensor out) {
        DeviceTensor gradSamples = keep(d.backward(pass, upload(gradientOf(out)), false, true));
        g.backward(fake.pass(), gradSamples.reshape(fake.pass().output().shape().dims()), true, false);
    }

    private static Tensor gradientOf(Tensor out) {
        Tensor grad = out.grad();
        return grad != null ? grad : Tensor.zeros(out.dtype(), out.shape().dims());
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
