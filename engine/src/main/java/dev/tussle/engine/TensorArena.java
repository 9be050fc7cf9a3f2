package dev.tussle.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Recycles the storage of the tensors made inside a scope, so that a loop that repeats the same
 * computation — a training step — allocates its tensors' arrays once and then reuses them.
 *
 * <p>While a scope is open on a thread ({@link #open()}), every tensor that thread creates takes
 * its array from the arena: the first free array of the same dtype and length if there is one
 * (zero-filled again, so a tensor starts as zeros exactly as a fresh one would), else a new array
 * that the arena keeps. Closing the scope marks all of them free for the next scope. Since a step
 * creates the same tensors in the same order each time, from the second step on it takes every
 * array from the arena. The objects around the arrays are recycled the same way: the tensor
 * objects themselves, the graph's nodes and the saved state of the ops' backward rules, so that
 * a steady-state step allocates (almost) nothing at all. Values are unaffected: an op computes
 * the same bits into a recycled array as into a fresh one.
 *
 * <p>The contract: <b>no tensor created inside a scope may be used after the scope closes</b>
 * (its array will hold another tensor's values in the next scope, and the tensor object itself
 * may have become another tensor). Whatever must outlive the
 * step — a loss as a {@code double}, statistics, parameters updated in place, optimizer state —
 * must be copied out as numbers, or created outside the scope or inside {@link #suspend()}.
 * Gradients left in parameters' {@code grad} are such tensors: clear them before the scope ends
 * if anyone may read them later. A {@linkplain #TensorArena(boolean) poisoning} arena fills every
 * array with NaN when its scope closes, so that a tensor read after its scope shows up as NaN in
 * the results: tests run training with and without an arena and compare the bits.
 *
 * <p>An arena belongs to one thread at a time and its scopes do not nest; other threads (and
 * code under {@link #suspend()}) allocate normally. The arena keeps the largest set of arrays any
 * scope needed, until it is dropped.
 */
public final class TensorArena {
    private static final ThreadLocal<TensorArena> CURRENT = new ThreadLocal<>();

    private final boolean poison;
    private final SizeTable<float[]> floats = new SizeTable<>(float[]::new, x -> Arrays.fill(x, 0f),
            x -> Arrays.fill(x, Float.NaN));
    private final SizeTable<double[]> doubles = new SizeTable<>(double[]::new, x -> Arrays.fill(x, 0.0),
            x -> Arrays.fill(x, Double.NaN));
    private final Recycler<Tensor> tensors = new Recycler<>();
    private final Recycler<Node> nodes = new Recycler<>();
    private final IdentityHashMap<Class<?>, Recycler<?>> others = new IdentityHashMap<>();
    private final ArrayList<Recycler<?>> otherList = new ArrayList<>();
    private Thread owner;

    /** An arena that leaves recycled arrays as they are until they are handed out again (zero-filled). */
    public TensorArena() {
        this(false);
    }

    /**
     * @param poison fill every array with NaN when a scope closes (a check that no tensor is
     *               read after its scope; costs one pass over the arena's memory per scope)
     */
    public TensorArena(boolean poison) {
        this.poison = poison;
    }

    /**
     * Opens a scope on the calling thread: tensors it creates until {@link Scope#close()} take
     * their storage from this arena.
     *
     * @throws IllegalStateException when this arena already has an open scope, or the thread is
     *                               inside another arena's scope
     */
    public Scope open() {
        enter("TensorArena.open");
        return new Scope(this);
    }

    /** Makes this arena the calling thread's, for a scope being opened by {@code op}. */
    private void enter(String op) {
        if (owner != null) {
            throw new IllegalStateException(op + ": this arena already has an open scope on thread "
                    + owner.getName() + " (scopes do not nest)");
        }
        if (CURRENT.get() != null) {
            throw new IllegalStateException(op + ": thread " + Thread.currentThread().getName()
                    + " is already inside another arena's scope (scopes do not nest)");
        }
        owner = Thread.currentThread();
        CURRENT.set(this);
    }

    /** {@code arena.open()}, or a scope that does nothing when {@code arena} is null. */
    public static Scope open(TensorArena arena) {
        return arena == null ? new Scope(null) : arena.open();
    }

    /**
     * Suspends the calling thread's arena (if any) until the returned handle is closed: tensors
     * created meanwhile are ordinary, for whatever must outlive the scope.
     */
    public static Suspension suspend() {
        TensorArena a = CURRENT.get();
        CURRENT.set(null);
        return new Suspension(a);
    }

    /** Arrays this arena holds, of both dtypes (for tests and diagnostics). */
    public int arrayCount() {
        return floats.count() + doubles.count();
    }

    /** Bytes of the arrays this arena holds. */
    public long bytes() {
        return 4L * floats.elements() + 8L * doubles.elements();
    }

    /**
     * Storage for a new float32 tensor of {@code n} elements, from the thread's arena if a scope
     * is open: zero-filled, or when not {@code zeroed} possibly holding stale values (for an op
     * that overwrites every element).
     */
    static float[] floats(int n, boolean zeroed) {
        TensorArena a = CURRENT.get();
        boolean recyclable = a != null && n != 0;
        float[] x = recyclable ? a.floats.get(n, zeroed) : new float[n];
        Autodiff.noteAllocation(x, recyclable);
        return x;
    }

    /** {@link #floats(int, boolean)} for float64. */
    static double[] doubles(int n, boolean zeroed) {
        TensorArena a = CURRENT.get();
        boolean recyclable = a != null && n != 0;
        double[] x = recyclable ? a.doubles.get(n, zeroed) : new double[n];
        Autodiff.noteAllocation(x, recyclable);
        return x;
    }

    /**
     * Hands {@code storage}, an array this thread's arena gave out in the open scope, back before
     * the scope ends, for the next request of its length in the scope (the most recently handed
     * back first: memory the cache still holds). Only for storage nothing will read again: the
     * backward pass gives back the gradients it made and has consumed, so that a step's backward
     * works in a few arrays instead of one per gradient (a MIX+GAN step's arena: 52 -> 40 MB).
     * Poisoned at once by a poisoning arena. Does nothing outside a scope.
     */
    static void recycle(Object storage) {
        TensorArena a = CURRENT.get();
        if (a == null) {
            return;
        }
        if (storage instanceof float[] x) {
            a.floats.giveBack(x, x.length, a.poison);
        } else {
            a.doubles.giveBack((double[]) storage, ((double[]) storage).length, a.poison);
        }
    }

    /**
     * A tensor object to reinitialize, from the thread's arena while a scope is open (the next
     * one the scope has not handed out yet, or a new one the arena keeps), else null.
     */
    static Tensor recycledTensor() {
        TensorArena a = CURRENT.get();
        return a == null ? null : a.tensors.next(Tensor::blank);
    }

    /** {@link #recycledTensor()} for graph nodes. */
    static Node recycledNode() {
        TensorArena a = CURRENT.get();
        return a == null ? null : a.nodes.next(Node::new);
    }

    /**
     * An object of {@code type} to reinitialize (an op's backward state), recycled by the
     * thread's arena while a scope is open, else a new one from {@code create}.
     */
    static <T> T recycled(Class<T> type, Supplier<T> create) {
        TensorArena a = CURRENT.get();
        if (a == null) {
            return create.get();
        }
        @SuppressWarnings("unchecked")
        Recycler<T> r = (Recycler<T>) a.others.get(type);
        if (r == null) {
            r = new Recycler<>();
            a.others.put(type, r);
            a.otherList.add(r);
        }
        return r.next(create);
    }

    /** Objects (besides arrays) this arena holds for reuse, for tests and diagnostics. */
    public int objectCount() {
        int n = tensors.items.size() + nodes.items.size();
        for (Recycler<?> r : otherList) {
            n += r.items.size();
        }
        return n;
    }

    private void close() {
        CURRENT.set(null); // not remove(): the next open() would allocate a new thread-local entry
        owner = null;
        release();
    }

    /** Takes back everything the open scope handed out. */
    private void release() {
        floats.release(poison);
        doubles.release(poison);
        tensors.release();
        nodes.release();
        for (int i = 0; i < otherList.size(); i++) { // indexed: no iterator
            otherList.get(i).release();
        }
    }

    /** An open scope of an arena; closing it recycles the storage of every tensor created in it. */
    public static final class Scope implements AutoCloseable {
        /** The scope's arena; null for {@code open(null)}'s scope, which does nothing. */
        private final TensorArena arena;
        private boolean open = true;

        private Scope(TensorArena arena) {
            this.arena = arena;
        }

        /** Whether the scope is open (not yet closed, or reopened since). */
        public boolean isOpen() {
            return open;
        }

        /**
         * Takes back everything made in the scope so far, leaving it open: the same as closing it
         * and opening a new one, without a new handle (a training step that restarts its scope
         * between updates then allocates nothing). Does nothing for a closed scope or
         * {@code open(null)}'s; like {@code close}, only on the thread that opened it.
         *
         * @throws IllegalStateException when called from another thread than the scope's
         */
        public void restart() {
            if (open && arena != null) {
                if (arena.owner != Thread.currentThread()) {
                    throw new IllegalStateException("TensorArena.Scope.restart: the scope belongs to thread "
                            + arena.owner.getName() + ", not " + Thread.currentThread().getName());
                }
                arena.release();
            }
        }

        /**
         * Opens this closed scope again on the calling thread, as {@link TensorArena#open()} would
         * open a new one (for code that opens its arena's scope over and over, such as a training
         * step: no new handle each time).
         *
         * @throws IllegalStateException when the scope is open, its arena has another open scope,
         *                               or the thread is inside another arena's scope
         */
        public void reopen() {
            if (open) {
                throw new IllegalStateException("TensorArena.Scope.reopen: the scope is already open");
            }
            if (arena != null) {
                arena.enter("TensorArena.Scope.reopen");
            }
            open = true;
        }

        /** Ends the scope (idempotent). */
        @Override
        public void close() {
            if (open) {
                open = false;
                if (arena != null) {
                    arena.close();
                }
            }
        }
    }

    /** The handle of {@link #suspend()}; closing it resumes the suspended arena. */
    public static final class Suspension implements AutoCloseable {
        private final TensorArena suspended;

        private Suspension(TensorArena suspended) {
            this.suspended = suspended;
        }

        @Override
        public void close() {
            if (suspended != null) {
                CURRENT.set(suspended);
            }
        }
    }

    /**
     * Arrays by length: for each length the arrays the arena owns and how many of them the open
     * scope has handed out. Open addressing on the length, so that a lookup allocates nothing.
     */
    private static final class SizeTable<A> {
        private final IntFunction<A> create;
        private final Consumer<A> zero;
        private final Consumer<A> poison;
        private int[] lengths = new int[64];
        private Slot<A>[] slots = newSlots(64);
        private int used;

        SizeTable(IntFunction<A> create, Consumer<A> zero, Consumer<A> poison) {
            this.create = create;
            this.zero = zero;
            this.poison = poison;
        }

        /**
         * A free array of length n, marked in use (zero-filled if asked): the one given back last,
         * else the next one the scope has not handed out, else a new one the table keeps.
         */
        A get(int n, boolean zeroed) {
            A x = take(n);
            if (x == null) {
                return keep(n, create.apply(n));
            }
            if (zeroed) {
                zero.accept(x);
            }
            return x;
        }

        @SuppressWarnings("unchecked")
        private static <A> Slot<A>[] newSlots(int n) {
            return (Slot<A>[]) new Slot[n];
        }

        private A take(int n) {
            Slot<A> s = find(n, false);
            if (s == null) {
                return null;
            }
            if (!s.givenBack.isEmpty()) {
                return s.givenBack.removeLast();
            }
            return s.inUse == s.arrays.size() ? null : s.arrays.get(s.inUse++);
        }

        /** Marks {@code x}, handed out in this scope, free again for the rest of the scope. */
        void giveBack(A x, int n, boolean poisoned) {
            Slot<A> s = find(n, false);
            if (s == null) {
                throw new IllegalStateException("TensorArena.recycle: no array of length " + n
                        + " was handed out by this arena");
            }
            if (poisoned) {
                poison.accept(x);
            }
            s.givenBack.add(x);
        }

        private A keep(int n, A array) {
            Slot<A> s = find(n, true);
            s.arrays.add(array);
            s.inUse++;
            return array;
        }

        /** Marks every array free, poisoning them first when asked. */
        void release(boolean poisoned) {
            for (Slot<A> s : slots) {
                if (s != null) {
                    if (poisoned) {
                        s.arrays.forEach(poison);
                    }
                    s.inUse = 0;
                    s.givenBack.clear();
                }
            }
        }

        int count() {
            int c = 0;
            for (Slot<A> s : slots) {
                c += s == null ? 0 : s.arrays.size();
            }
            return c;
        }

        long elements() {
            long e = 0;
            for (int i = 0; i < slots.length; i++) {
                e += slots[i] == null ? 0 : (long) lengths[i] * slots[i].arrays.size();
            }
            return e;
        }

        private Slot<A> find(int n, boolean create) {
            int mask = lengths.length - 1;
            for (int i = home(n, lengths.length); ; i = (i + 1) & mask) {
                if (slots[i] == null) {
                    if (!create) {
                        return null;
                    }
                    if (2 * (used + 1) > lengths.length) {
                        grow();
                        return find(n, true);
                    }
                    lengths[i] = n;
                    slots[i] = new Slot<>();
                    used++;
                    return slots[i];
                }
                if (lengths[i] == n) {
                    return slots[i];
                }
            }
        }

        /** Fibonacci hashing: the top bits of n·φ·2³², so lengths differing only in high bits spread too. */
        private static int home(int n, int capacity) {
            return (n * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(capacity));
        }

        private void grow() {
            int[] oldLengths = lengths;
            Slot<A>[] oldSlots = slots;
            lengths = new int[oldLengths.length * 2];
            slots = newSlots(oldLengths.length * 2);
            int mask = lengths.length - 1;
            for (int j = 0; j < oldSlots.length; j++) {
                if (oldSlots[j] != null) {
                    int i = home(oldLengths[j], lengths.length);
                    while (slots[i] != null) {
                        i = (i + 1) & mask;
                    }
                    lengths[i] = oldLengths[j];
                    slots[i] = oldSlots[j];
                }
            }
        }
    }

    /** Objects handed out in order during a scope and all taken back when it closes. */
    private static final class Recycler<T> {
        final ArrayList<T> items = new ArrayList<>();
        private int used;

        T next(Supplier<T> create) {
            if (used == items.size()) {
                items.add(create.get());
            }
            return items.get(used++);
        }

        void release() {
            used = 0;
        }
    }

    private static final class Slot<A> {
        final List<A> arrays = new ArrayList<>();
        int inUse;
        /** Arrays handed out and given back during the open scope, the last given back last. */
        final ArrayList<A> givenBack = new ArrayList<>();
    }
}
