package dev.tussle.engine;

import java.util.Arrays;
import java.util.List;

/**
 * A dense N-d array of float32 or float64 in row-major order on the Java heap, and a node in the
 * autodiff graph when it requires gradients.
 *
 * <p>Tensors are immutable from the public API: every op returns a new tensor. (Reshapes and
 * {@link #detach()} share the storage of their input.) The few in-place updates an optimizer needs
 * go through {@link #storageF32()} / {@link #storageF64()} and are documented as such.
 *
 * <p>To hand a tensor to another thread, publish it safely (a concurrent collection, an
 * executor, a lock): its fields are not final, because a {@link TensorArena} scope reinitializes
 * tensor objects for reuse.
 *
 * <p>This class holds the data and the fluent face of the ops; the ops themselves live in
 * {@link Elementwise}, {@link Reductions}, {@link ShapeOps} and {@link LinearAlgebra}, each
 * forward next to its backward rule.
 */
public final class Tensor {
    // Not final: a TensorArena scope recycles tensor objects (see over).
    Shape shape;
    DType dtype;
    float[] f;
    double[] d;

    private boolean requiresGrad;
    private Tensor grad;
    Node gradFn;
    private String label;

    Tensor(Shape shape, float[] f) {
        this.shape = shape;
        this.dtype = DType.F32;
        this.f = f;
        this.d = null;
    }

    Tensor(Shape shape, double[] d) {
        this.shape = shape;
        this.dtype = DType.F64;
        this.f = null;
        this.d = d;
    }

    /** The empty object a {@link TensorArena} keeps for {@link #over} to reinitialize. */
    static Tensor blank() {
        return new Tensor(Shape.scalar(), NO_FLOATS);
    }

    /**
     * A tensor over {@code f} (float32) or {@code d} (float64) without autodiff state: while a
     * {@link TensorArena} scope is open on this thread, a recycled object reinitialized, else a new
     * one. Every tensor an op makes goes through here, so a steady-state step makes no objects.
     */
    private static Tensor over(Shape shape, float[] f, double[] d) {
        Tensor t = TensorArena.recycledTensor();
        if (t == null) {
            return f != null ? new Tensor(shape, f) : new Tensor(shape, d);
        }
        t.shape = shape;
        t.dtype = f != null ? DType.F32 : DType.F64;
        t.f = f;
        t.d = d;
        t.requiresGrad = false;
        t.grad = null;
        t.gradFn = null;
        t.label = null;
        return t;
    }

    /**
     * A new tensor of the given dtype and shape, filled with zeros (no autodiff state); its
     * storage comes from the thread's {@link TensorArena} while a scope is open.
     */
    static Tensor allocate(DType dtype, Shape shape) {
        requireDtype(dtype, shape);
        return dtype == DType.F32 ? over(shape, TensorArena.floats(shape.size(), true), null)
                : over(shape, null, TensorArena.doubles(shape.size(), true));
    }

    /**
     * {@link #allocate}, for an op that writes every element before anyone reads one: recycled
     * storage keeps its stale values instead of being zero-filled again (that fill was a fifth of
     * a MIX+GAN step).
     */
    static Tensor allocateOverwritten(DType dtype, Shape shape) {
        requireDtype(dtype, shape);
        return dtype == DType.F32 ? over(shape, TensorArena.floats(shape.size(), false), null)
                : over(shape, null, TensorArena.doubles(shape.size(), false));
    }

    /** Every factory allocates through here: a null dtype would otherwise mean float64 silently. */
    private static void requireDtype(DType dtype, Shape shape) {
        if (dtype == null) {
            throw new IllegalArgumentException("tensor of shape " + shape + ": dtype is null (use DType.F32 or DType.F64)");
        }
    }

    /** The data of every husk: empty arrays cannot be written, so all husks share them. */
    private static final float[] NO_FLOATS = new float[0];
    private static final double[] NO_DOUBLES = new double[0];

    /**
     * A stand-in with this tensor's shape, dtype, label and graph position but no data (an
     * empty array): what a freed graph keeps of an intermediate. Reading its elements fails.
     */
    Tensor husk() {
        Tensor h = dtype == DType.F32 ? over(shape, NO_FLOATS, null) : over(shape, null, NO_DOUBLES);
        h.gradFn = gradFn;
        h.requiresGrad = requiresGrad;
        h.label = label;
        return h;
    }

    /** The array holding this tensor's elements (views share it). */
    Object storage() {
        return dtype == DType.F32 ? f : d;
    }

    /** A tensor sharing this one's storage under another shape of the same size. */
    Tensor view(Shape newShape) {
        return over(newShape, f, d);
    }

    // ---------------------------------------------------------------- creation

    /** Zeros of the given shape, float32. */
    public static Tensor zeros(int... shape) {
        return zeros(DType.F32, shape);
    }

    /** Zeros of the given dtype and shape. */
    public static Tensor zeros(DType dtype, int... shape) {
        return allocate(dtype, shapeFor("zeros", shape));
    }

    /** Zeros of the given dtype and shape. */
    public static Tensor zeros(DType dtype, Shape shape) {
        return allocate(dtype, shape);
    }

    /** Ones of the given shape, float32. */
    public static Tensor ones(int... shape) {
        return fill("ones", DType.F32, 1.0, shape);
    }

    /** Ones of the given dtype and shape. */
    public static Tensor ones(DType dtype, int... shape) {
        return fill("ones", dtype, 1.0, shape);
    }

    /** A tensor of the given dtype and shape with every element equal to {@code value}. */
    public static Tensor full(DType dtype, double value, int... shape) {
        return fill("full", dtype, value, shape);
    }

    private static Tensor fill(String op, DType dtype, double value, int[] shape) {
        return filled(dtype, value, shapeFor(op, shape));
    }

    /** A tensor of {@code shape} with every element equal to {@code value}. */
    static Tensor filled(DType dtype, double value, Shape shape) {
        Tensor t = allocateOverwritten(dtype, shape);
        if (dtype == DType.F32) {
            Arrays.fill(t.f, (float) value);
        } else {
            Arrays.fill(t.d, value);
        }
        return t;
    }

    /** A 0-d tensor. */
    public static Tensor scalar(double value, DType dtype) {
        return filled(dtype, value, Shape.scalar());
    }

    /** A 0-d float32 tensor. */
    public static Tensor scalar(float value) {
        return filled(DType.F32, value, Shape.scalar());
    }

    /** A 0-d float64 tensor. */
    public static Tensor scalar(double value) {
        return filled(DType.F64, value, Shape.scalar());
    }

    /**
     * Values {@code start, start+step, ...} below {@code stop} (above it for a negative step),
     * as NumPy's {@code arange}.
     */
    public static Tensor arange(double start, double stop, double step, DType dtype) {
        if (step == 0 || !Double.isFinite(step) || !Double.isFinite(start) || !Double.isFinite(stop)) {
            throw new IllegalArgumentException("arange: start, stop and step must be finite and step non-zero "
                    + "(start=" + start + ", stop=" + stop + ", step=" + step + ")");
        }
        double count = Math.max(0, Math.ceil((stop - start) / step));
        if (count > Integer.MAX_VALUE) {
            // (int) would saturate to Integer.MAX_VALUE and fail later with an OutOfMemoryError.
            throw new IllegalArgumentException("arange: " + count + " elements (start=" + start + ", stop=" + stop
                    + ", step=" + step + ") exceed the maximum tensor size " + Integer.MAX_VALUE);
        }
        int n = (int) count;
        Tensor t = allocate(dtype, Shape.of(n));
        for (int i = 0; i < n; i++) {
            t.setFlat(i, start + i * step);
        }
        return t;
    }

    /** {@code n} evenly spaced values from {@code start} to {@code stop} inclusive. */
    public static Tensor linspace(double start, double stop, int n, DType dtype) {
        if (n < 0) {
            throw new IllegalArgumentException("linspace: number of points must be >= 0, got " + n);
        }
        Tensor t = allocate(dtype, Shape.of(n));
        double step = n > 1 ? (stop - start) / (n - 1) : 0;
        for (int i = 0; i < n; i++) {
            t.setFlat(i, n > 1 && i == n - 1 ? stop : start + i * step);
        }
        return t;
    }

    /**
     * A float32 tensor over a copy of {@code data}, in row-major order. Without a shape: 1-D of
     * {@code data.length}, except that one value gives a 0-d scalar — pass the shape
     * ({@code of(data, 1)}) where a 1-D tensor is needed whatever the length.
     */
    public static Tensor of(float[] data, int... shape) {
        Shape s = shape.length == 0 && data.length != 1 ? Shape.of(data.length) : shapeFor("of", shape);
        checkLength("of", data.length, s);
        return new Tensor(s, data.clone());
    }

    /** A float64 tensor over a copy of {@code data}, in row-major order; no shape as for {@link #of(float[], int...)}. */
    public static Tensor of(double[] data, int... shape) {
        Shape s = shape.length == 0 && data.length != 1 ? Shape.of(data.length) : shapeFor("of", shape);
        checkLength("of", data.length, s);
        return new Tensor(s, data.clone());
    }

    /** A float32 matrix from rows of equal length. */
    public static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("of: row " + i + " has length " + rows[i].length
                        + " but row 0 has length " + cols);
            }
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return new Tensor(Shape.of(rows.length, cols), flat);
    }

    /** A float64 matrix from rows of equal length. */
    public static Tensor of(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("of: row " + i + " has length " + rows[i].length
                        + " but row 0 has length " + cols);
            }
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return new Tensor(Shape.of(rows.length, cols), flat);
    }

    /** {@link Shape#of}, naming {@code op} in the message when the dimensions are invalid. */
    private static Shape shapeFor(String op, int[] dims) {
        try {
            return Shape.of(dims);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
        }
    }

    private static void checkLength(String op, int length, Shape shape) {
        if (length != shape.size()) {
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape " + shape
                    + " (" + shape.size() + " elements)");
        }
    }

    /** Uniform samples in [low, high) from {@code rng}. */
    public static Tensor rand(Rng rng, DType dtype, double low, double high, int... shape) {
        if (!Double.isFinite(low) || !Double.isFinite(high) || low > high) {
            throw new IllegalArgumentException("rand: need finite low <= high, got low=" + low + ", high=" + high);
        }
        Tensor t = allocate(dtype, shapeFor("rand", shape));
        // The largest value of the dtype below high: low + (high - low)·u can round up to high.
        double below = low == high ? low : dtype == DType.F32 ? Math.nextDown((float) high) : Math.nextDown(high);
        for (int i = 0; i < t.size(); i++) {
            double v = low + (high - low) * rng.nextDouble();
            t.setFlat(i, (dtype == DType.F32 ? (float) v : v) >= high ? below : v);
        }
        return t;
    }

    /** Normal samples N(mean, std²) from {@code rng}. */
    public static Tensor randn(Rng rng, DType dtype, double mean, double std, int... shape) {
        return randn(rng, dtype, mean, std, shapeFor("randn", shape));
    }

    /** Normal samples N(mean, std²) from {@code rng}, of the given shape. */
    public static Tensor randn(Rng rng, DType dtype, double mean, double std, Shape shape) {
        if (!Double.isFinite(mean) || !(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("randn: need a finite mean and a finite std >= 0, got mean=" + mean
                    + ", std=" + std);
        }
        Tensor t = allocateOverwritten(dtype, shape);
        // The bulk draw gives the values of one nextGaussian() per element, transforming large batches in parallel.
        if (dtype == DType.F32) {
            rng.nextGaussians(t.f, 0, t.size(), mean, std);
        } else {
            rng.nextGaussians(t.d, 0, t.size(), mean, std);
        }
        return t;
    }

    // ---------------------------------------------------------------- data access

    public Shape shape() {
        return shape;
    }

    public DType dtype() {
        return dtype;
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.rank();
    }

    /** Number of elements. */
    public int size() {
        return shape.size();
    }

    /** The element at a flat (row-major) index, as a double. */
    public double getFlat(int i) {
        if (isFreedIntermediate()) {
            throw new IllegalStateException("getFlat: this " + shape + " tensor is an intermediate whose data a backward "
                    + "pass freed (pass retainGraph=true to keep it)");
        }
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("getFlat: index " + i + " out of range for a tensor of shape " + shape
                    + " (" + size() + " elements)");
        }
        return dtype == DType.F32 ? f[i] : d[i];
    }

    void setFlat(int i, double v) {
        if (dtype == DType.F32) {
            f[i] = (float) v;
        } else {
            d[i] = v;
        }
    }

    /** The element at the given multi-index. */
    public double get(int... index) {
        if (index.length != rank()) {
            throw new IllegalArgumentException("get: index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates but the tensor has shape " + shape);
        }
        int flat = 0;
        int[] dims = shape.dims();
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= dims[i]) {
                throw new IndexOutOfBoundsException("get: index " + Arrays.toString(index)
                        + " is out of bounds for shape " + shape);
            }
            flat = flat * dims[i] + index[i];
        }
        return getFlat(flat);
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (size() != 1) {
            throw new IllegalStateException("item: tensor of shape " + shape + " has " + size()
                    + " elements, not 1");
        }
        return getFlat(0);
    }

    /** A copy of the elements as floats. */
    public float[] toFloatArray() {
        if (dtype == DType.F32) {
            return f.clone();
        }
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    /** A copy of the elements as doubles. */
    public double[] toDoubleArray() {
        if (dtype == DType.F64) {
            return d.clone();
        }
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f[i];
        }
        return out;
    }

    /**
     * The live float32 storage (row-major, length {@link #size()}), for kernels, optimizers and
     * I/O that update or read in place. Writing to it bypasses autodiff.
     */
    public float[] storageF32() {
        if (f == null) {
            throw new IllegalStateException("storageF32: tensor is " + dtype + ", not float32");
        }
        return f;
    }

    /** The live float64 storage; see {@link #storageF32()}. */
    public double[] storageF64() {
        if (d == null) {
            throw new IllegalStateException("storageF64: tensor is " + dtype + ", not float64");
        }
        return d;
    }

    /** Whether every element is finite (no NaN, no infinity). */
    public boolean allFinite() {
        int n = size();
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(getFlat(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A copy with its own storage and no autodiff history. The storage is always ordinary, even
     * inside a {@link TensorArena} scope: a copy is how a tensor outlives the scope.
     */
    public Tensor copy() {
        return dtype == DType.F32 ? new Tensor(shape, f.clone()) : new Tensor(shape, d.clone());
    }

    /**
     * A copy with its own storage and no history, from the current {@link TensorArena} scope if
     * one is open (so, like everything else made in the scope, not to be read after it): what the
     * backward pass gives a leaf as its gradient.
     */
    Tensor copyInScope() {
        Tensor c = allocateOverwritten(dtype, shape);
        if (dtype == DType.F32) {
            System.arraycopy(f, 0, c.f, 0, size());
        } else {
            System.arraycopy(d, 0, c.d, 0, size());
        }
        return c;
    }

    // ---------------------------------------------------------------- autodiff state

    /** Whether gradients flow to or through this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks a leaf tensor as a variable whose gradient {@link #backward()} accumulates into
     * {@link #grad()}. Returns this tensor.
     *
     * @throws IllegalStateException on a tensor produced by a recorded op (only leaves can change)
     */
    public Tensor requiresGrad(boolean on) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad: only leaf tensors can change requiresGrad; this one was "
                    + "made by op '" + gradFn.op() + "' (shape " + shape + "); use detach() for a new leaf");
        }
        requiresGrad = on;
        return this;
    }

    void markRecorded(Node node) {
        node.setOutput(this);
        this.gradFn = node;
        this.requiresGrad = true;
    }

    /** The node of the op that made this tensor, or {@code null} for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    /** Whether this tensor is a leaf of the graph (not made by a recorded op). */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The accumulated gradient of a leaf after {@link #backward()}, or {@code null}. */
    public Tensor grad() {
        return grad;
    }

    /**
     * Sets the gradient an optimizer will read, for gradients computed by other means than
     * {@link #backward()} (for example {@link Autodiff#grad} with a regularizer's correction).
     *
     * @throws IllegalArgumentException when {@code g} is not null and its shape or dtype differs
     */
    public void setGrad(Tensor g) {
        if (g != null && (!g.shape.equals(shape) || g.dtype != dtype)) {
            throw new IllegalArgumentException("setGrad: gradient is " + g.dtype + " " + g.shape + " but the tensor is "
                    + dtype + " " + shape);
        }
        this.grad = g;
    }

    /** Clears the accumulated gradient. */
    public void zeroGrad() {
        this.grad = null;
    }

    /** A tensor sharing this one's storage, cut from the graph (a leaf that does not require grad). */
    public Tensor detach() {
        return view(shape);
    }

    /** An optional name shown by graph printing. Returns this tensor. */
    public Tensor label(String name) {
        this.label = name;
        return this;
    }

    /** The name given by {@link #label(String)}, or {@code null}. */
    public String label() {
        return label;
    }

    /** Backpropagates from this scalar output into the {@link #grad()} of every leaf that requires grad. */
    public void backward() {
        Autodiff.backward(this, null, false, false);
    }

    /**
     * Backpropagates {@code gradOutput} (same shape as this tensor) into the leaves' {@link #grad()}.
     *
     * @param retainGraph keep the graph for another backward through it
     * @param createGraph record the backward pass, so that the gradients can be differentiated again
     */
    public void backward(Tensor gradOutput, boolean retainGraph, boolean createGraph) {
        Autodiff.backward(this, gradOutput, retainGraph, createGraph);
    }

    // ---------------------------------------------------------------- elementwise (Elementwise)

    public Tensor add(Tensor o) { return Elementwise.add(this, o); }
    public Tensor add(double c) { return Elementwise.add(this, constant(c)); }
    public Tensor sub(Tensor o) { return Elementwise.sub(this, o); }
    public Tensor sub(double c) { return Elementwise.sub(this, constant(c)); }
    public Tensor mul(Tensor o) { return Elementwise.mul(this, o); }
    public Tensor mul(double c) { return Elementwise.mul(this, constant(c)); }
    public Tensor div(Tensor o) { return Elementwise.div(this, o); }
    public Tensor div(double c) { return Elementwise.div(this, constant(c)); }
    public Tensor pow(Tensor o) { return Elementwise.pow(this, o); }
    public Tensor pow(double p) { return Elementwise.pow(this, p); }
    public Tensor maximum(Tensor o) { return Elementwise.maximum(this, o); }
    public Tensor minimum(Tensor o) { return Elementwise.minimum(this, o); }
    public Tensor neg() { return Elementwise.neg(this); }
    public Tensor exp() { return Elementwise.exp(this); }
    public Tensor log() { return Elementwise.log(this); }
    public Tensor log1p() { return Elementwise.log1p(this); }
    public Tensor expm1() { return Elementwise.expm1(this); }
    public Tensor sqrt() { return Elementwise.sqrt(this); }
    public Tensor abs() { return Elementwise.abs(this); }
    public Tensor square() { return Elementwise.square(this); }
    public Tensor reciprocal() { return Elementwise.reciprocal(this); }
    public Tensor sin() { return Elementwise.sin(this); }
    public Tensor cos() { return Elementwise.cos(this); }
    public Tensor tanh() { return Elementwise.tanh(this); }
    public Tensor sigmoid() { return Elementwise.sigmoid(this); }
    public Tensor relu() { return Elementwise.relu(this); }
    public Tensor leakyRelu(double slope) { return Elementwise.leakyRelu(this, slope); }
    public Tensor softplus() { return Elementwise.softplus(this); }
    public Tensor logSigmoid() { return Elementwise.logSigmoid(this); }
    public Tensor sign() { return Elementwise.sign(this); }
    public Tensor clamp(double min, double max) { return Elementwise.clamp(this, min, max); }
    public Tensor gt(Tensor o) { return Elementwise.compare(this, o, dev.tussle.engine.kernel.BinaryOp.GT); }
    public Tensor gt(double c) { return gt(constant(c)); }
    public Tensor ge(Tensor o) { return Elementwise.compare(this, o, dev.tussle.engine.kernel.BinaryOp.GE); }
    public Tensor ge(double c) { return ge(constant(c)); }
    public Tensor lt(Tensor o) { return Elementwise.compare(this, o, dev.tussle.engine.kernel.BinaryOp.LT); }
    public Tensor lt(double c) { return lt(constant(c)); }
    public Tensor le(Tensor o) { return Elementwise.compare(this, o, dev.tussle.engine.kernel.BinaryOp.LE); }
    public Tensor le(double c) { return le(constant(c)); }
    public Tensor eq(Tensor o) { return Elementwise.compare(this, o, dev.tussle.engine.kernel.BinaryOp.EQ); }
    public Tensor eq(double c) { return eq(constant(c)); }
    public Tensor ne(Tensor o) { return Elementwise.compare(this, o, dev.tussle.engine.kernel.BinaryOp.NE); }
    public Tensor ne(double c) { return ne(constant(c)); }
    /** Elementwise {@code mask != 0 ? a : b}, broadcasting all three. */
    public static Tensor where(Tensor mask, Tensor a, Tensor b) { return Elementwise.where(mask, a, b); }
    /** This tensor converted to {@code target} (differentiable; the same tensor if already of that dtype). */
    public Tensor to(DType target) {
        if (target == null) {
            throw new IllegalArgumentException("to: target dtype is null (use DType.F32 or DType.F64), tensor " + shape);
        }
        return Elementwise.cast(this, target);
    }

    /** A 0-d tensor of this tensor's dtype. */
    Tensor constant(double c) {
        return scalar(c, dtype);
    }

    // ---------------------------------------------------------------- reductions (Reductions)

    public Tensor sum() { return Reductions.sum(this, null, false); }
    public Tensor sum(int axis, boolean keepDim) { return Reductions.sum(this, Reductions.axis("sum", shape, axis), keepDim); }
    public Tensor sum(int[] axes, boolean keepDim) { return Reductions.sum(this, axes, keepDim); }
    public Tensor mean() { return Reductions.mean(this, null, false); }
    public Tensor mean(int axis, boolean keepDim) { return Reductions.mean(this, Reductions.axis("mean", shape, axis), keepDim); }
    public Tensor mean(int[] axes, boolean keepDim) { return Reductions.mean(this, axes, keepDim); }
    public Tensor max() { return Reductions.max(this, null, false); }
    public Tensor max(int axis, boolean keepDim) { return Reductions.max(this, new int[] {axis}, keepDim); }
    public Tensor max(int[] axes, boolean keepDim) { return Reductions.max(this, axes, keepDim); }
    public Tensor min() { return Reductions.min(this, null, false); }
    public Tensor min(int axis, boolean keepDim) { return Reductions.min(this, new int[] {axis}, keepDim); }
    public Tensor min(int[] axes, boolean keepDim) { return Reductions.min(this, axes, keepDim); }
    public Indices argmax() { return Reductions.argmax(this, null, false); }
    public Indices argmax(int axis, boolean keepDim) { return Reductions.argmax(this, axis, keepDim); }
    public Tensor logSumExp() { return Reductions.logSumExp(this, null, false); }
    public Tensor logSumExp(int axis, boolean keepDim) { return Reductions.logSumExp(this, new int[] {axis}, keepDim); }
    public Tensor logSumExp(int[] axes, boolean keepDim) { return Reductions.logSumExp(this, axes, keepDim); }
    /** Variance with {@code correction} subtracted from the count (0: population, 1: sample). */
    public Tensor variance(int[] axes, boolean keepDim, int correction) { return Reductions.variance(this, axes, keepDim, correction); }
    public Tensor variance() { return Reductions.variance(this, null, false, 0); }
    public Tensor softmax(int axis) { return Reductions.softmax(this, axis); }
    public Tensor logSoftmax(int axis) { return Reductions.logSoftmax(this, axis); }
    /** Euclidean norm along {@code axis} (per-sample norms for axis 1 of a batch). */
    public Tensor norm(int axis, boolean keepDim) { return Reductions.norm(this, axis, keepDim); }
    /** Euclidean norm of all elements. */
    public Tensor norm() { return Reductions.norm(this.reshape(size()), 0, false); }

    // ---------------------------------------------------------------- shape (ShapeOps)

    /** Same elements under a new shape; one dimension may be -1 (inferred). */
    public Tensor reshape(int... dims) { return ShapeOps.reshape(this, dims); }
    /** {@link #reshape(int...)} to two dimensions, without an argument array (a step's reshapes allocate nothing). */
    public Tensor reshape(int d0, int d1) { return ShapeOps.reshape(this, d0, d1); }
    /** {@link #reshape(int...)} to three dimensions, without an argument array. */
    public Tensor reshape(int d0, int d1, int d2) { return ShapeOps.reshape(this, d0, d1, d2); }
    /** A 1-d tensor of all elements. */
    public Tensor flatten() { return ShapeOps.reshape(this, size()); }
    public Tensor permute(int... axes) { return ShapeOps.permute(this, axes); }
    /** Swaps two axes. */
    public Tensor transpose(int a, int b) { return ShapeOps.transpose(this, a, b); }
    /** Swaps the last two axes (a matrix transpose). */
    public Tensor mT() { return ShapeOps.transpose(this, -2, -1); }
    public Tensor expand(int... dims) { return ShapeOps.expand(this, shapeFor("expand", dims)); }
    public Tensor broadcastTo(Shape target) { return ShapeOps.expand(this, target); }
    /** Elements {@code start, start+step, ...} below {@code end} along {@code axis}. */
    public Tensor slice(int axis, int start, int end, int step) { return ShapeOps.slice(this, axis, start, end, step); }
    public Tensor slice(int axis, int start, int end) { return ShapeOps.slice(this, axis, start, end, 1); }
    public Tensor squeeze() { return ShapeOps.squeeze(this); }
    public Tensor squeeze(int axis) { return ShapeOps.squeeze(this, axis); }
    public Tensor unsqueeze(int axis) { return ShapeOps.unsqueeze(this, axis); }
    /** Rows (or columns, ...) {@code indices} along {@code axis}. */
    public Tensor indexSelect(int axis, int... indices) { return ShapeOps.indexSelect(this, axis, indices); }
    /** {@code out[..., i, ...] = this[..., index[..., i, ...], ...]} along {@code axis} (torch.gather). */
    public Tensor gather(int axis, Indices index) { return ShapeOps.gather(this, axis, index); }
    public static Tensor concat(int axis, Tensor... parts) { return ShapeOps.concat(axis, List.of(parts)); }
    public static Tensor concat(int axis, List<Tensor> parts) { return ShapeOps.concat(axis, parts); }
    public static Tensor stack(int axis, Tensor... parts) { return ShapeOps.stack(axis, List.of(parts)); }
    public static Tensor stack(int axis, List<Tensor> parts) { return ShapeOps.stack(axis, parts); }

    // ---------------------------------------------------------------- linear algebra

    /** Matrix product with NumPy's rules: 1-d operands are promoted, batch dimensions broadcast. */
    public Tensor matmul(Tensor o) { return LinearAlgebra.matmul(this, o); }

    /**
     * The dense layer {@code activation(x·w + bias)} in one fused op: {@code x} [m, k],
     * {@code w} [k, n], {@code bias} [n] or null; or a stack of s independent layers in one
     * batched product: {@code w} [s, k, n], {@code bias} [s, n] or null, {@code x} [s, m, k] or
     * shared [m, k], out [s, m, n]. {@code alpha} is leaky ReLU's slope (&gt; 0).
     * Differentiable, to any order.
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor bias, dev.tussle.engine.kernel.Activation activation,
                                double alpha) {
        return LinearAlgebra.linear(x, w, bias, activation, alpha);
    }

    // ---------------------------------------------------------------- printing

    /** NumPy-style text: values, nested brackets, summarized with "..." when large. */
    @Override
    public String toString() {
        if (isFreedIntermediate()) {
            return "tensor(<freed by backward>, shape=" + shape + ", dtype=" + dtype + ")";
        }
        return TensorFormat.format(this);
    }

    /** Whether this is a freed graph's stand-in for an intermediate ({@link #husk()}): it has no elements. */
    public boolean isFreedIntermediate() {
        return size() > 0 && (f == NO_FLOATS || d == NO_DOUBLES);
    }
}
