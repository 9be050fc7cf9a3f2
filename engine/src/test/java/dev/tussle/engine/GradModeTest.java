package dev.tussle.engine;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** GradMode: noGrad records nothing, scopes restore on close and nest, the mode is per thread. */
class GradModeTest {

    @Test
    void noGradRecordsNothingAndIsRestoredAfterClose() {
        Tensor x = Tensor.ones(DType.F64, 3).requiresGrad(true);
        assertThat(GradMode.isEnabled()).isTrue();
        Tensor inside;
        try (var scope = GradMode.noGrad()) {
            assertThat(GradMode.isEnabled()).isFalse();
            inside = x.mul(2.0).exp().sum();
        }
        assertThat(inside.requiresGrad()).isFalse();
        assertThat(inside.gradFn()).isNull();
        assertThat(inside.isLeaf()).isTrue();
        assertThat(GradMode.isEnabled()).isTrue();
        Tensor after = x.mul(2.0).sum();
        assertThat(after.requiresGrad()).isTrue();
        assertThat(after.gradFn().op()).isEqualTo("sum");
        assertThat(after.gradFn().inputs().get(0).gradFn().op()).isEqualTo("mul");
    }

    @Test
    void scopesNest() {
        Tensor x = Tensor.ones(DType.F64, 2).requiresGrad(true);
        try (var outer = GradMode.noGrad()) {
            try (var inner = GradMode.noGrad()) {
                assertThat(GradMode.isEnabled()).isFalse();
            }
            assertThat(GradMode.isEnabled()).as("closing the inner noGrad keeps the outer one").isFalse();
            try (var enable = GradMode.enableGrad()) {
                assertThat(GradMode.isEnabled()).isTrue();
                assertThat(x.neg().gradFn()).as("enableGrad inside noGrad records").isNotNull();
                try (var again = GradMode.noGrad()) {
                    assertThat(x.neg().gradFn()).isNull();
                }
                assertThat(GradMode.isEnabled()).isTrue();
            }
            assertThat(GradMode.isEnabled()).isFalse();
            assertThat(x.neg().gradFn()).isNull();
        }
        assertThat(GradMode.isEnabled()).isTrue();
    }

    @Test
    void anExceptionInsideTheScopeStillRestores() {
        try (var scope = GradMode.noGrad()) {
            Tensor.ones(2).add(Tensor.ones(3));
        } catch (IllegalArgumentException expected) {
            // fine
        }
        assertThat(GradMode.isEnabled()).isTrue();
    }

    @Test
    void theModeIsPerThread() throws InterruptedException {
        AtomicBoolean otherSees = new AtomicBoolean();
        try (var scope = GradMode.noGrad()) {
            Thread t = new Thread(() -> otherSees.set(GradMode.isEnabled()));
            t.start();
            t.join();
        }
        assertThat(otherSees).as("another thread keeps recording while this one is in noGrad").isTrue();
    }

    @Test
    void backwardDoesNotRecordUnlessCreateGraph() {
        Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
        x.square().sum().backward();
        assertThat(x.grad().gradFn()).isNull();
        assertThat(x.grad().toDoubleArray()).containsExactly(2, 4);
        assertThat(GradMode.isEnabled()).isTrue();

        Tensor z = Tensor.of(new double[] {1, 2}).requiresGrad(true);
        List<Tensor> g = Autodiff.grad(z.square().sum(), List.of(z), true);
        assertThat(g.get(0).gradFn()).as("createGraph records the backward pass").isNotNull();
        assertThat(GradMode.isEnabled()).isTrue();
        try (var scope = GradMode.noGrad()) {
            Tensor w = Tensor.of(new double[] {3}).requiresGrad(true);
            assertThat(w.square().requiresGrad()).isFalse();
        }
    }
}
