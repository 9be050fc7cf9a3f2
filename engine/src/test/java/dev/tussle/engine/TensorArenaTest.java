package dev.tussle.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TensorArenaTest {

    /** The tensors of a small step: an input, two intermediates and a sum. */
    private static double step(Rng rng) {
        Tensor x = Tensor.randn(rng, DType.F32, 0, 1, 7, 5);
        Tensor y = x.mul(x).add(1).sum();
        return y.item();
    }

    @Test
    void aRepeatedScopeReusesItsArraysAndComputesTheSameValues() {
        TensorArena arena = new TensorArena();
        double plain = step(new Rng(3));
        double first;
        try (var s = arena.open()) {
            first = step(new Rng(3));
        }
        int arrays = arena.arrayCount();
        long bytes = arena.bytes();
        assertThat(arrays).isGreaterThanOrEqualTo(4);
        for (int i = 0; i < 5; i++) {
            try (var s = arena.open()) {
                assertThat(step(new Rng(3))).isEqualTo(first);
            }
        }
        assertThat(first).isEqualTo(plain);
        assertThat(arena.arrayCount()).isEqualTo(arrays);
        assertThat(arena.bytes()).isEqualTo(bytes);
    }

    /** Ops that skip zero-filling recycled storage must write every element: poison shows any they miss. */
    private static double[] opsThatOverwrite(Rng rng) {
        Tensor x = Tensor.randn(rng, DType.F32, 0, 1, 3, 37, 5).requiresGrad(true);
        Tensor w = Tensor.randn(rng, DType.F32, 0, 1, 3, 5, 19).requiresGrad(true);
        Tensor b = Tensor.randn(rng, DType.F32, 0, 1, 3, 19).requiresGrad(true);
        Tensor h = Tensor.linear(x, w, b, dev.tussle.engine.kernel.Activation.LEAKY_RELU, 0.2);
        Tensor y = h.matmul(w.mT()).mul(x.exp()).sub(x.reshape(3, 37, 5).slice(2, 0, 1)).leakyRelu(0.1).sum();
        y.backward();
        double[] out = new double[] {y.item(), x.grad().sum().item(), w.grad().sum().item(), b.grad().sum().item()};
        x.zeroGrad();
        w.zeroGrad();
        b.zeroGrad();
        return out;
    }

    @Test
    void opsThatOverwriteTheirOutputGiveThePlainBitsInAPoisoningArena() {
        double[] plain = opsThatOverwrite(new Rng(8));
        TensorArena arena = new TensorArena(true);
        for (int i = 0; i < 3; i++) {
            try (var s = arena.open()) {
                assertThat(opsThatOverwrite(new Rng(8))).containsExactly(plain);
            }
        }
    }

    @Test
    void recycledStorageStartsAsZeros() {
        TensorArena arena = new TensorArena();
        try (var s = arena.open()) {
            Tensor.ones(DType.F64, 4, 3).mul(5);
            Tensor.ones(DType.F32, 12).mul(5);
        }
        try (var s = arena.open()) {
            assertThat(Tensor.zeros(DType.F64, 4, 3).toDoubleArray()).containsOnly(0.0);
            assertThat(Tensor.zeros(DType.F32, 12).toDoubleArray()).containsOnly(0.0);
            assertThat(Tensor.zeros(DType.F64, 12).toDoubleArray()).containsOnly(0.0);
        }
    }

    @Test
    void aPoisoningArenaTurnsATensorReadAfterItsScopeIntoNaN() {
        TensorArena arena = new TensorArena(true);
        Tensor escaped;
        Tensor copied;
        Tensor kept;
        try (var s = arena.open()) {
            escaped = Tensor.ones(2, 2).add(1);
            copied = escaped.copy();
            try (var outside = TensorArena.suspend()) {
                kept = Tensor.ones(2, 2).add(1);
            }
        }
        assertThat(escaped.toDoubleArray()).containsOnly(Double.NaN);
        assertThat(copied.toDoubleArray()).containsOnly(2.0);
        assertThat(kept.toDoubleArray()).containsOnly(2.0);
    }

    /**
     * A leaf's gradient from a backward pass inside a scope is made in the scope like any other
     * tensor there (a training step allocates no gradient storage of its own), so it is recycled at
     * the scope's end; outside any scope it is ordinary storage.
     */
    @Test
    void backwardInAScopeGivesLeavesGradientsFromTheScope() {
        TensorArena arena = new TensorArena(true);
        Tensor w = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor inScope;
        try (var s = arena.open()) {
            w.mul(w).sum().backward();
            inScope = w.grad();
            assertThat(inScope.toDoubleArray()).containsExactly(2, 4, 6);
        }
        assertThat(inScope.toDoubleArray()).containsOnly(Double.NaN);
        w.zeroGrad();
        w.mul(w).sum().backward();
        Tensor plain = w.grad();
        try (var s = arena.open()) {
            Tensor.ones(3).add(1);
        }
        assertThat(plain.toDoubleArray()).containsExactly(2, 4, 6);
    }

    /** A layer's training step: forward through linear, matmul, sum and mean, backward into the leaves. */
    private static Tensor[] layerStep(Rng rng, Tensor w, Tensor b) {
        Tensor x = Tensor.randn(rng, DType.F32, 0, 1, 11, 6);
        Tensor h = Tensor.linear(x, w, b, dev.tussle.engine.kernel.Activation.LEAKY_RELU, 0.2);
        Tensor loss = h.matmul(w.mT()).sum(1, false).logSigmoid().mean();
        loss.backward();
        return new Tensor[] {x, h, loss};
    }

    @Test
    void aRepeatedScopeReusesItsTensorObjectsNodesAndRuleState() {
        Rng init = new Rng(5);
        Tensor w = Tensor.randn(init, DType.F32, 0, 1, 6, 6).requiresGrad(true);
        Tensor b = Tensor.randn(init, DType.F32, 0, 1, 6).requiresGrad(true);
        Tensor[] plain = layerStep(new Rng(9), w, b);
        double[] plainW = w.grad().toDoubleArray();
        double[] plainB = b.grad().toDoubleArray();
        double plainLoss = plain[2].item();
        w.zeroGrad();
        b.zeroGrad();
        TensorArena arena = new TensorArena(true);
        Tensor[] first = null;
        Node firstNode = null;
        int objects = 0;
        for (int i = 0; i < 4; i++) {
            try (var s = arena.open()) {
                Tensor[] made = layerStep(new Rng(9), w, b);
                // The same bits as without an arena, every time: recycled nodes and rule state
                // (the linear rule's shared G') start afresh in each scope.
                assertThat(made[2].item()).isEqualTo(plainLoss);
                assertThat(w.grad().toDoubleArray()).containsExactly(plainW);
                assertThat(b.grad().toDoubleArray()).containsExactly(plainB);
                w.zeroGrad();
                b.zeroGrad();
                if (first == null) {
                    first = made;
                    firstNode = made[1].gradFn();
                    assertThat(firstNode.op()).isEqualTo("linear");
                } else {
                    // Made in the same order, so the same objects.
                    for (int t = 0; t < made.length; t++) {
                        assertThat(made[t]).isSameAs(first[t]);
                    }
                    assertThat(made[1].gradFn()).isSameAs(firstNode);
                    assertThat(arena.objectCount()).isEqualTo(objects);
                }
                objects = arena.objectCount();
            }
        }
        assertThat(objects).isGreaterThan(10);
        assertThat(firstNode.inputs()).hasSize(3);
    }

    /** Scopes that alternate ops of different arities (a trainer's updates) hand one node to both. */
    @Test
    void aNodeRecycledForAnOpOfAnotherArityHasThatOpsInputs() {
        Rng init = new Rng(6);
        Tensor x = Tensor.randn(init, DType.F32, 0, 1, 4, 3);
        Tensor w = Tensor.randn(init, DType.F32, 0, 1, 3, 2).requiresGrad(true);
        Tensor b = Tensor.randn(init, DType.F32, 0, 1, 2).requiresGrad(true);
        TensorArena arena = new TensorArena(true);
        Node linear = null;
        for (int i = 0; i < 2; i++) {
            try (var s = arena.open()) {
                Tensor y = Tensor.linear(x, w, b, dev.tussle.engine.kernel.Activation.TANH, 0);
                assertThat(y.gradFn().inputs()).containsExactly(x, w, b);
                linear = y.gradFn();
            }
            try (var s = arena.open()) {
                Tensor y = w.neg();
                assertThat(y.gradFn()).isSameAs(linear);
                assertThat(y.gradFn().inputs()).containsExactly(w);
                assertThat(y.gradFn().op()).isNotEqualTo("linear");
                y.sum().backward();
                assertThat(w.grad().toDoubleArray()).containsOnly(-1.0);
                w.zeroGrad();
            }
        }
    }

    @Test
    void aRecycledTensorObjectStartsWithoutTheAutodiffStateOfItsLastUse() {
        TensorArena arena = new TensorArena();
        Tensor used;
        try (var s = arena.open()) {
            used = Tensor.zeros(2, 3).requiresGrad(true).label("old");
            used.setGrad(Tensor.ones(2, 3));
        }
        try (var s = arena.open()) {
            Tensor again = Tensor.randn(new Rng(1), DType.F64, 0, 1, 4);
            assertThat(again).isSameAs(used);
            assertThat(again.requiresGrad()).isFalse();
            assertThat(again.grad()).isNull();
            assertThat(again.gradFn()).isNull();
            assertThat(again.label()).isNull();
            assertThat(again.dtype()).isEqualTo(DType.F64);
            assertThat(again.shape()).isEqualTo(Shape.of(4));
            Tensor y = again.exp();
            assertThat(y.gradFn()).isNull(); // its input no longer requires grad: nothing recorded
        }
    }

    @Test
    void aCopyMadeInAScopeOutlivesIt() {
        TensorArena arena = new TensorArena(true);
        Tensor kept;
        try (var s = arena.open()) {
            kept = Tensor.ones(3).mul(2.0).copy();
        }
        try (var s = arena.open()) {
            Tensor other = Tensor.zeros(3).add(7.0);
            assertThat(other).isNotSameAs(kept);
        }
        assertThat(kept.toDoubleArray()).containsExactly(2, 2, 2);
    }

    @Test
    void otherThreadsAndSuspendedCodeAllocateNormally() throws InterruptedException {
        TensorArena arena = new TensorArena();
        AtomicReference<Tensor> fromOtherThread = new AtomicReference<>();
        try (var s = arena.open()) {
            Thread t = new Thread(() -> fromOtherThread.set(Tensor.ones(3, 3)));
            t.start();
            t.join();
            try (var outside = TensorArena.suspend()) {
                Tensor.ones(5, 5);
            }
            Tensor.ones(2, 2);
        }
        assertThat(arena.arrayCount()).isEqualTo(1);
        assertThat(fromOtherThread.get().toDoubleArray()).containsOnly(1.0);
    }

    @Test
    void scopesDoNotNest() {
        TensorArena arena = new TensorArena();
        TensorArena other = new TensorArena();
        try (var s = arena.open()) {
            assertThatThrownBy(arena::open).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("TensorArena.open: this arena already has an open scope on thread");
            assertThatThrownBy(other::open).isInstanceOf(IllegalStateException.class)
                    .hasMessageEndingWith("is already inside another arena's scope (scopes do not nest)");
        }
        try (var s = other.open()) {
            assertThat(Tensor.ones(2).toDoubleArray()).containsOnly(1.0);
        }
        assertThat(other.arrayCount()).isEqualTo(1);
    }

    @Test
    void aRestartedScopeHandsOutAgainWhatItMadeAndStaysOpen() {
        TensorArena arena = new TensorArena(true);
        try (var s = arena.open()) {
            Tensor first = Tensor.ones(4, 3);
            Object storage = first.storage();
            s.restart();
            assertThat(s.isOpen()).isTrue();
            // Restarted, the scope poisons what it took back and hands the same array out again, zeroed.
            assertThat(first.toDoubleArray()).containsOnly(Double.NaN);
            Tensor second = Tensor.zeros(4, 3);
            assertThat(second.storage()).isSameAs(storage);
            assertThat(second.toDoubleArray()).containsOnly(0.0);
        }
        assertThat(arena.arrayCount()).isEqualTo(1);
    }

    @Test
    void aScopeRestartsOnlyOnItsThread() throws InterruptedException {
        TensorArena arena = new TensorArena();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (var s = arena.open()) {
            Thread t = new Thread(() -> {
                try {
                    s.restart();
                } catch (Throwable e) {
                    thrown.set(e);
                }
            }, "helper");
            t.start();
            t.join();
        }
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class)
                .hasMessage("TensorArena.Scope.restart: the scope belongs to thread " + Thread.currentThread().getName()
                        + ", not helper");
    }

    @Test
    void aClosedScopeReopensAsANewOneWouldOpen() {
        TensorArena arena = new TensorArena();
        TensorArena other = new TensorArena();
        var s = arena.open();
        try {
            reopenChecks(arena, other, s);
        } finally {
            s.close();
        }
    }

    private static void reopenChecks(TensorArena arena, TensorArena other, TensorArena.Scope s) {
        Object storage = Tensor.ones(6).storage();
        assertThatThrownBy(s::reopen).isInstanceOf(IllegalStateException.class)
                .hasMessage("TensorArena.Scope.reopen: the scope is already open");
        s.close();
        assertThat(s.isOpen()).isFalse();
        assertThat(Tensor.ones(6).storage()).isNotSameAs(storage); // closed: an ordinary tensor
        s.reopen();
        assertThat(s.isOpen()).isTrue();
        assertThat(Tensor.ones(6).storage()).isSameAs(storage);
        assertThatThrownBy(other::open).isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("is already inside another arena's scope (scopes do not nest)");
        s.close();
        s.close(); // idempotent
        try (var o = other.open()) {
            assertThatThrownBy(s::reopen).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("TensorArena.Scope.reopen: thread ")
                    .hasMessageEndingWith("is already inside another arena's scope (scopes do not nest)");
        }
        var second = arena.open();
        assertThatThrownBy(s::reopen).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("TensorArena.Scope.reopen: this arena already has an open scope on thread");
        second.close();
        var nothing = TensorArena.open(null);
        nothing.close();
        nothing.reopen();
        assertThat(nothing.isOpen()).isTrue();
        nothing.close();
    }

    @Test
    void aNullArenaOpensAScopeThatDoesNothing() {
        try (var s = TensorArena.open(null)) {
            assertThat(Tensor.ones(2).add(1).toDoubleArray()).containsOnly(2.0);
        }
    }

    @Test
    void manyDistinctLengthsAreKeptApart() {
        TensorArena arena = new TensorArena();
        for (int round = 0; round < 2; round++) {
            try (var s = arena.open()) {
                for (int n = 1; n <= 300; n++) {
                    Tensor t = Tensor.zeros(DType.F32, n).add(n);
                    assertThat(t.toDoubleArray()).hasSize(n).containsOnly((double) n);
                }
            }
        }
        // Each length: the zeros and the sum; and 300 arrays of length 1 for the scalars n.
        assertThat(arena.arrayCount()).isEqualTo(900);
    }
    private static final int CHAIN = 12;

    /** x·c·c·…·c ({@link #CHAIN} products, each a new gradient in backward), summed. */
    private static Tensor chain(Tensor x, Tensor c) {
        Tensor h = x;
        for (int i = 0; i < CHAIN; i++) {
            h = h.mul(c);
        }
        return h.sum();
    }

    /**
     * A backward pass gives each gradient it made back to the arena once its node is done, so a
     * chain's backward works in a couple of arrays instead of one per link, with the same values.
     * The control: a pass that returns its gradients to the caller keeps every one of them.
     */
    @Test
    void backwardGivesTheGradientsItHasConsumedBackToTheArena() {
        Rng rng = new Rng(11);
        Tensor x = Tensor.randn(rng, DType.F32, 0, 1, 64, 33).requiresGrad(true);
        Tensor c = Tensor.randn(rng, DType.F32, 1, 0.1, 64, 33);
        chain(x, c).backward();
        double[] plain = x.grad().toDoubleArray();
        x.zeroGrad();

        TensorArena recycling = new TensorArena(true);
        try (var s = recycling.open()) {
            chain(x, c).backward();
            assertThat(x.grad().toDoubleArray()).containsExactly(plain);
        }
        x.zeroGrad();
        TensorArena keeping = new TensorArena(true);
        try (var s = keeping.open()) {
            Tensor g = Autodiff.grad(chain(x, c), List.of(x), false).get(0);
            assertThat(g.toDoubleArray()).containsExactly(plain);
        }
        // Forward: CHAIN products and the sum; backward: the seed, the leaf's copy and, when
        // consumed gradients are given back, two more (the one consumed and the one made).
        assertThat(recycling.arrayCount()).isLessThanOrEqualTo(CHAIN + 5);
        assertThat(keeping.arrayCount()).isGreaterThanOrEqualTo(2 * CHAIN);
    }

    /** A retained graph's second pass and a pass with two paths to a leaf get the plain values too. */
    @Test
    void givenBackGradientsAreNeverReadAgain() {
        Rng rng = new Rng(12);
        Tensor x = Tensor.randn(rng, DType.F32, 0, 1, 9, 7).requiresGrad(true);
        Tensor c = Tensor.randn(rng, DType.F32, 1, 0.1, 9, 7);
        java.util.function.Supplier<Tensor> twoPaths = () -> {
            Tensor h = x.mul(c).tanh();
            return chain(h, c).add(h.mul(h).mul(c).sum()).add(x.reshape(63).mul(2).sum());
        };
        Tensor loss = twoPaths.get();
        loss.backward(null, true, false);
        loss.backward(null, false, false);
        double[] plain = x.grad().toDoubleArray();
        x.zeroGrad();
        TensorArena arena = new TensorArena(true);
        try (var s = arena.open()) {
            Tensor inScope = twoPaths.get();
            inScope.backward(null, true, false);
            inScope.backward(null, false, false);
            assertThat(x.grad().toDoubleArray()).containsExactly(plain);
        }
        x.zeroGrad();
    }
}
