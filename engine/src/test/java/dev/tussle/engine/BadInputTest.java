package dev.tussle.engine;

import dev.tussle.engine.autodiff.GradCheck;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every validating public op rejects bad input with the right exception type and a message that
 * names the op and the offending shapes or values, PyTorch's bar for error messages.
 */
class BadInputTest {

    /** Asserts the exception type and that the message contains every fragment. */
    static AbstractThrowableAssert<?, ?> rejects(Class<? extends Throwable> type, ThrowingCallable call,
                                                String... fragments) {
        AbstractThrowableAssert<?, ?> a = assertThatThrownBy(call).isInstanceOf(type);
        for (String f : fragments) {
            a.hasMessageContaining(f);
        }
        return a;
    }

    static final Tensor M23 = Tensor.ones(2, 3);
    static final Tensor V4 = Tensor.ones(4);

    @Nested
    class RandomTensors {
        @Test
        void badBoundsAndSpreadsNameTheOpAndValues() {
            Rng rng = new Rng(1);
            rejects(IllegalArgumentException.class, () -> Tensor.rand(rng, DType.F32, 1, 0, 3), "rand", "low=1.0", "high=0.0");
            rejects(IllegalArgumentException.class, () -> Tensor.rand(rng, DType.F64, Double.NaN, 1, 3), "rand", "low=NaN");
            rejects(IllegalArgumentException.class, () -> Tensor.randn(rng, DType.F32, 0, -1, 3), "randn", "std=-1.0");
            rejects(IllegalArgumentException.class, () -> Tensor.randn(rng, DType.F64, 0, Double.NaN, 3), "randn", "std=NaN");
            rejects(IllegalArgumentException.class, () -> new Rng(1).restore(new long[6]), "restore", "all 0");
        }

        @Test
        void flatIndexOutOfRangeAndNullActivationNameTheOp() {
            rejects(IndexOutOfBoundsException.class, () -> M23.getFlat(6), "getFlat", "index 6", "[2, 3]");
            rejects(IndexOutOfBoundsException.class, () -> M23.getFlat(-1), "getFlat", "index -1");
            rejects(IllegalArgumentException.class, () -> Tensor.linear(M23, Tensor.ones(3, 2), null, null, 0),
                    "linear", "activation is null", "[2, 3]", "[3, 2]");
        }

        @Test
        void stackOfMixedDtypesAndNegativeExpandNameTheirOp() {
            rejects(IllegalArgumentException.class, () -> Tensor.stack(0, List.of(M23.to(DType.F32), M23.to(DType.F64))),
                    "stack", "tensor 1 is float64", "tensor 0 is float32", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> V4.expand(-1, 4), "expand", "negative");
        }

        @Test
        void aFreedIntermediatePrintsAsFreedAndReadingItSaysWhy() {
            Tensor x = Tensor.ones(2, 3).requiresGrad(true);
            Tensor y = x.mul(2).exp();
            y.sum().backward();
            Tensor freed = y.gradFn().inputs().get(0);
            org.assertj.core.api.Assertions.assertThat(freed.isFreedIntermediate()).isTrue();
            org.assertj.core.api.Assertions.assertThat(freed.toString()).contains("freed by backward", "[2, 3]");
            rejects(IllegalStateException.class, () -> freed.getFlat(0), "getFlat", "freed", "retainGraph");
            org.assertj.core.api.Assertions.assertThat(x.isFreedIntermediate()).isFalse();
        }

        @Test
        void softmaxAxesOutOfRangeNameSoftmax() {
            rejects(IllegalArgumentException.class, () -> M23.softmax(5), "softmax", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> M23.logSoftmax(-5), "logSoftmax", "[2, 3]");
        }

        @Test
        void aNullDtypeIsRejectedNotTakenForFloat64() {
            rejects(IllegalArgumentException.class, () -> Tensor.zeros((DType) null, 2), "[2]", "dtype is null");
            rejects(IllegalArgumentException.class, () -> Tensor.full(null, 1.0, 3), "[3]", "dtype is null");
            rejects(IllegalArgumentException.class, () -> Tensor.scalar(1.0, null), "dtype is null");
            rejects(IllegalArgumentException.class, () -> Tensor.ones(2).to(null), "to", "dtype is null", "[2]");
        }

        /** A uniform draw that rounds up to high in float32 is the largest float below it: [low, high) holds. */
        @Test
        void uniformDrawsStayBelowHighInBothDtypes() {
            for (DType dtype : DType.values()) {
                double high = 1e7 + 1;
                for (double v : Tensor.rand(new Rng(1), dtype, 1e7, high, 4000).toDoubleArray()) {
                    org.assertj.core.api.Assertions.assertThat(v).as("%s", dtype).isGreaterThanOrEqualTo(1e7).isLessThan(high);
                }
            }
            org.assertj.core.api.Assertions.assertThat(Tensor.rand(new Rng(2), DType.F32, 3, 3, 5).toDoubleArray())
                    .containsOnly(3.0);
        }
    }

    @Nested
    class ElementwiseOps {
        @Test
        void mismatchedBroadcastShapesNameTheOpAndBothShapes() {
            rejects(IllegalArgumentException.class, () -> M23.add(V4), "add", "[2, 3]", "[4]", "broadcast");
            rejects(IllegalArgumentException.class, () -> M23.sub(V4), "sub", "[2, 3]", "[4]");
            rejects(IllegalArgumentException.class, () -> M23.mul(V4), "mul", "[2, 3]", "[4]");
            rejects(IllegalArgumentException.class, () -> M23.div(V4), "div", "[2, 3]", "[4]");
            rejects(IllegalArgumentException.class, () -> M23.pow(V4), "pow", "[2, 3]", "[4]");
            rejects(IllegalArgumentException.class, () -> M23.maximum(V4), "maximum", "[2, 3]", "[4]");
            rejects(IllegalArgumentException.class, () -> M23.minimum(V4), "minimum", "[2, 3]", "[4]");
            rejects(IllegalArgumentException.class, () -> M23.gt(V4), "gt", "[2, 3]", "[4]");
            rejects(IllegalArgumentException.class, () -> M23.eq(V4), "eq", "[2, 3]", "[4]");
            rejects(IllegalArgumentException.class, () -> Tensor.ones(2, 1, 3).add(Tensor.ones(4, 2)),
                    "add", "[2, 1, 3]", "[4, 2]", "dimension 3 vs 2");
        }

        @Test
        void dtypeMismatchNamesBothDtypesAndShapes() {
            Tensor d = Tensor.ones(DType.F64, 3);
            rejects(IllegalArgumentException.class, () -> M23.add(d), "add", "float32 [2, 3]", "float64 [3]", "to(DType)");
            rejects(IllegalArgumentException.class, () -> M23.mul(d), "mul", "float32", "float64");
            rejects(IllegalArgumentException.class, () -> M23.lt(d), "lt", "float32 [2, 3]", "float64 [3]");
            rejects(IllegalArgumentException.class, () -> Tensor.where(M23, M23, d), "where", "float32 [2, 3]", "float64 [3]");
            rejects(IllegalArgumentException.class, () -> Tensor.where(d, M23, M23), "where", "float64 [3]", "float32 [2, 3]");
            rejects(IllegalArgumentException.class, () -> M23.matmul(Tensor.ones(DType.F64, 3, 2)), "matmul", "float32", "float64");
        }

        @Test
        void whereShapeMismatch() {
            rejects(IllegalArgumentException.class, () -> Tensor.where(Tensor.ones(3), M23, Tensor.ones(2)),
                    "where", "[2, 3]", "[2]");
            // The message names the three operands, not an intermediate broadcast ([2, 3] here).
            rejects(IllegalArgumentException.class, () -> Tensor.where(Tensor.ones(2, 1), Tensor.ones(1, 3), Tensor.ones(4)),
                    "where", "[2, 1]", "[1, 3]", "[4]");
        }

        @Test
        void badScalarParameters() {
            rejects(IllegalArgumentException.class, () -> M23.clamp(1, 0), "clamp", "min=1.0", "max=0.0");
            rejects(IllegalArgumentException.class, () -> M23.clamp(Double.NaN, 0), "clamp", "NaN");
            rejects(IllegalArgumentException.class, () -> M23.pow(Double.POSITIVE_INFINITY), "pow", "Infinity");
            rejects(IllegalArgumentException.class, () -> M23.pow(Double.NaN), "pow", "NaN");
            rejects(IllegalArgumentException.class, () -> M23.leakyRelu(Double.NaN), "leakyRelu", "NaN");
        }
    }

    @Nested
    class Shapes {
        @Test
        void negativeSizesNameTheOpAndTheDims() {
            rejects(IllegalArgumentException.class, () -> Tensor.zeros(2, -1), "zeros", "[2, -1]", "negative");
            rejects(IllegalArgumentException.class, () -> Tensor.ones(-3), "ones", "[-3]", "negative");
            rejects(IllegalArgumentException.class, () -> Tensor.full(DType.F64, 1, 4, -2), "full", "[4, -2]");
            rejects(IllegalArgumentException.class, () -> Tensor.rand(new Rng(1), DType.F32, 0, 1, -1), "rand", "[-1]");
            rejects(IllegalArgumentException.class, () -> Tensor.randn(new Rng(1), DType.F32, 0, 1, 2, -5), "randn", "[2, -5]");
            rejects(IllegalArgumentException.class, () -> Shape.of(3, -1), "[3, -1]", "dimension 1 is negative");
        }

        @Test
        void tooManyElements() {
            rejects(IllegalArgumentException.class, () -> Shape.of(1 << 16, 1 << 16), "[65536, 65536]",
                    String.valueOf(Integer.MAX_VALUE));
        }

        @Test
        void badAxesNameTheOpTheAxisAndTheShape() {
            rejects(IllegalArgumentException.class, () -> M23.sum(2, false), "sum", "axis 2", "[2, 3]", "rank 2");
            rejects(IllegalArgumentException.class, () -> M23.sum(-3, false), "sum", "axis -3", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> M23.mean(5, true), "mean", "axis 5", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> M23.max(2, false), "max", "axis 2", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> M23.min(-5, false), "min", "axis -5", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> M23.argmax(2, false), "argmax", "axis 2", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> M23.logSumExp(3, false), "logSumExp", "axis 3", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> M23.softmax(2), "axis 2", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> M23.norm(2, false), "norm", "axis 2", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> M23.sum(new int[] {1, -1}, false), "sum", "listed twice", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> M23.variance(new int[] {0}, false, -1), "variance", "-1");
            rejects(IllegalArgumentException.class, () -> Tensor.scalar(1f).sum(0, false), "sum", "axis 0", "[]");
        }

        @Test
        void reductionsWithoutIdentityOverEmptyAxes() {
            Tensor e = Tensor.zeros(3, 0);
            rejects(IllegalArgumentException.class, () -> e.max(1, false), "max", "size 0", "[3, 0]");
            rejects(IllegalArgumentException.class, () -> e.min(), "min", "size 0", "[3, 0]");
            rejects(IllegalArgumentException.class, () -> e.argmax(), "argmax", "[3, 0]", "empty");
            rejects(IllegalArgumentException.class, () -> e.argmax(1, false), "argmax", "size 0", "[3, 0]");
        }

        @Test
        void reshapeErrors() {
            rejects(IllegalArgumentException.class, () -> M23.reshape(4, 2), "reshape", "[2, 3]", "[4, 2]", "6", "8");
            rejects(IllegalArgumentException.class, () -> M23.reshape(-1, -1), "reshape", "only one", "[-1, -1]", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> M23.reshape(-1, 4), "reshape", "infer", "[-1, 4]", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> M23.reshape(3, -2), "reshape", "-2", "[3, -2]");
            rejects(IllegalArgumentException.class, () -> Tensor.zeros(0, 3).reshape(0, -1), "reshape", "infer", "[0, -1]");
        }

        @Test
        void permuteAndTransposeErrors() {
            rejects(IllegalArgumentException.class, () -> M23.permute(0, 0), "permute", "[0, 0]", "not a permutation", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> M23.permute(0), "permute", "[0]", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> M23.permute(0, 1, 2), "permute", "[0, 1, 2]", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> M23.permute(0, 2), "permute", "axis 2", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> V4.transpose(0, 1), "transpose", "at least 2", "[4]");
            rejects(IllegalArgumentException.class, () -> M23.transpose(0, 2), "transpose", "axis 2", "[2, 3]");
            rejects(IllegalArgumentException.class, V4::mT, "transpose", "[4]");
        }

        @Test
        void expandErrors() {
            rejects(IllegalArgumentException.class, () -> M23.expand(4, 3), "expand", "[2, 3]", "[4, 3]");
            rejects(IllegalArgumentException.class, () -> M23.expand(3), "expand", "[2, 3]", "[3]");
            rejects(IllegalArgumentException.class, () -> M23.expand(2, -1), "[2, -1]");
        }

        @Test
        void sliceErrors() {
            rejects(IllegalArgumentException.class, () -> M23.slice(1, 0, 3, 0), "slice", "step", "0");
            rejects(IllegalArgumentException.class, () -> M23.slice(1, 3, 0, -1), "slice", "step", "-1");
            rejects(IllegalArgumentException.class, () -> M23.slice(2, 0, 1), "slice", "axis 2", "[2, 3]");
        }

        @Test
        void concatAndStackErrors() {
            rejects(IllegalArgumentException.class, () -> Tensor.concat(0, List.of()), "concat", "at least one");
            rejects(IllegalArgumentException.class, () -> Tensor.concat(0, Tensor.scalar(1f), Tensor.scalar(2f)), "concat", "0-d");
            rejects(IllegalArgumentException.class, () -> Tensor.concat(0, M23, Tensor.ones(2, 4)),
                    "concat", "tensor 1", "[2, 4]", "[2, 3]", "axis 0");
            rejects(IllegalArgumentException.class, () -> Tensor.concat(1, M23, Tensor.ones(2, 3, 1)),
                    "concat", "[2, 3, 1]", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> Tensor.concat(2, M23, M23), "concat", "axis 2", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> Tensor.concat(0, M23, Tensor.ones(DType.F64, 2, 3)),
                    "concat", "float32 [2, 3]", "float64 [2, 3]");
            rejects(IllegalArgumentException.class, () -> Tensor.stack(0, List.of()), "stack", "at least one");
            rejects(IllegalArgumentException.class, () -> Tensor.stack(0, M23, Tensor.ones(3, 2)),
                    "stack", "tensor 1", "[3, 2]", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> Tensor.stack(3, M23, M23), "stack", "axis 3", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> Tensor.stack(-4, M23, M23), "stack", "axis -4", "[2, 3]");
        }

        @Test
        void squeezeAndUnsqueezeErrors() {
            rejects(IllegalArgumentException.class, () -> M23.squeeze(0), "squeeze", "axis 0", "size 2", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> M23.squeeze(2), "squeeze", "axis 2", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> M23.unsqueeze(3), "unsqueeze", "axis 3", "[2, 3]", "-3 to 2");
            rejects(IllegalArgumentException.class, () -> M23.unsqueeze(-4), "unsqueeze", "axis -4", "[2, 3]");
        }

        @Test
        void indexSelectAndGatherOutOfRange() {
            rejects(IndexOutOfBoundsException.class, () -> M23.indexSelect(1, 0, 3), "indexSelect", "index 3",
                    "axis 1", "size 3", "[2, 3]");
            rejects(IndexOutOfBoundsException.class, () -> M23.indexSelect(0, -1), "indexSelect", "index -1", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> M23.indexSelect(2, 0), "indexSelect", "axis 2", "[2, 3]");
            rejects(IndexOutOfBoundsException.class, () -> M23.gather(1, Indices.of(new int[] {0, 3}, 2, 1)),
                    "gather", "index 3", "axis 1", "size 3", "[2, 3]");
            rejects(IndexOutOfBoundsException.class, () -> M23.gather(0, Indices.of(new int[] {-1}, 1, 1)),
                    "gather", "index -1", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> M23.gather(1, Indices.of(new int[] {0, 1, 2}, 3, 1)),
                    "gather", "[3, 1]", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> M23.gather(1, Indices.of(new int[] {0, 1})),
                    "gather", "[2]", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> Indices.of(new int[] {1, 2, 3}, 2, 2), "Indices.of", "3", "[2, 2]");
        }

        @Test
        void matmulMisalignmentAndZeroDimOperands() {
            rejects(IllegalArgumentException.class, () -> M23.matmul(Tensor.ones(2, 3)), "matmul", "[2, 3]", "not aligned", "3", "2");
            rejects(IllegalArgumentException.class, () -> Tensor.ones(3).matmul(Tensor.ones(4)), "matmul", "[3]", "[4]", "not aligned");
            rejects(IllegalArgumentException.class, () -> Tensor.ones(3).matmul(Tensor.ones(4, 5)), "matmul", "[3]", "[4, 5]", "not aligned");
            rejects(IllegalArgumentException.class, () -> Tensor.ones(4, 5).matmul(Tensor.ones(3)), "matmul", "[4, 5]", "[3]", "not aligned");
            rejects(IllegalArgumentException.class, () -> Tensor.ones(2, 3, 4).matmul(Tensor.ones(3, 5, 6)),
                    "matmul", "[2, 3, 4]", "[3, 5, 6]");
            rejects(IllegalArgumentException.class, () -> Tensor.ones(2, 3, 4).matmul(Tensor.ones(3, 4, 6)),
                    "matmul", "[2, 3, 4]", "[3, 4, 6]", "broadcast");
            rejects(IllegalArgumentException.class, () -> Tensor.scalar(1f).matmul(M23), "matmul", "at least 1", "[]", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> M23.matmul(Tensor.scalar(1f)), "matmul", "[2, 3]", "[]");
        }
    }

    @Nested
    class Creation {
        @Test
        void ofLengthMismatch() {
            rejects(IllegalArgumentException.class, () -> Tensor.of(new float[] {1, 2, 3}, 2, 2), "of", "3 values", "[2, 2]", "4 elements");
            rejects(IllegalArgumentException.class, () -> Tensor.of(new double[] {1, 2}, 3), "of", "2 values", "[3]");
            rejects(IllegalArgumentException.class, () -> Tensor.of(new double[] {1, 2}, -2), "of", "[-2]", "negative");
            rejects(IllegalArgumentException.class, () -> Tensor.of(new double[][] {{1, 2}, {3}}), "of", "row 1", "length 1", "length 2");
            rejects(IllegalArgumentException.class, () -> Tensor.of(new float[][] {{1}, {2, 3}}), "of", "row 1", "length 2");
        }

        @Test
        void arangeAndLinspaceBadArguments() {
            rejects(IllegalArgumentException.class, () -> Tensor.arange(0, 5, 0, DType.F32), "arange", "step=0.0");
            rejects(IllegalArgumentException.class, () -> Tensor.arange(0, Double.POSITIVE_INFINITY, 1, DType.F32), "arange", "stop=Infinity");
            rejects(IllegalArgumentException.class, () -> Tensor.arange(Double.NaN, 5, 1, DType.F32), "arange", "start=NaN");
            rejects(IllegalArgumentException.class, () -> Tensor.arange(0, 5, Double.NaN, DType.F32), "arange", "step=NaN");
            // 1e10 elements cannot be held in one Java array: an error, not an OutOfMemoryError or a silent truncation.
            rejects(IllegalArgumentException.class, () -> Tensor.arange(0, 1e10, 1, DType.F32), "arange", "1.0E10");
            rejects(IllegalArgumentException.class, () -> Tensor.linspace(0, 1, -1, DType.F64), "linspace", "-1");
        }

        @Test
        void elementAccessErrors() {
            rejects(IllegalArgumentException.class, () -> M23.get(1), "get", "[1]", "[2, 3]");
            rejects(IndexOutOfBoundsException.class, () -> M23.get(2, 0), "get", "[2, 0]", "[2, 3]");
            rejects(IndexOutOfBoundsException.class, () -> M23.get(0, -1), "get", "[0, -1]", "[2, 3]");
            rejects(IllegalStateException.class, M23::item, "item", "[2, 3]", "6 elements");
            rejects(IllegalStateException.class, () -> Tensor.ones(DType.F64, 2).storageF32(), "storageF32", "float64");
            rejects(IllegalStateException.class, () -> M23.storageF64(), "storageF64", "float32");
        }
    }

    @Nested
    class Autograd {
        @Test
        void backwardOnNonScalarWithoutGradOutput() {
            Tensor x = Tensor.ones(DType.F64, 2, 3).requiresGrad(true);
            Tensor y = x.mul(2.0);
            rejects(IllegalArgumentException.class, y::backward, "backward", "[2, 3]", "gradOutput");
        }

        @Test
        void backwardWithGradOutputOfTheWrongShapeOrDtype() {
            Tensor x = Tensor.ones(DType.F64, 2, 3).requiresGrad(true);
            Tensor y = x.mul(2.0);
            rejects(IllegalArgumentException.class, () -> y.backward(Tensor.ones(DType.F64, 3, 2), false, false),
                    "backward", "gradOutput", "[3, 2]", "[2, 3]");
            rejects(IllegalArgumentException.class, () -> y.backward(Tensor.ones(DType.F32, 2, 3), false, false),
                    "backward", "float32 [2, 3]", "float64 [2, 3]");
        }

        @Test
        void backwardOnATensorThatDoesNotRequireGrad() {
            Tensor y = Tensor.ones(2).sum();
            rejects(IllegalStateException.class, y::backward, "backward", "[]", "does not require grad");
        }

        @Test
        void backwardTwiceThroughAFreedGraph() {
            Tensor x = Tensor.ones(DType.F64, 3).requiresGrad(true);
            Tensor y = x.exp().sum();
            y.backward();
            rejects(IllegalStateException.class, y::backward, "backward", "sum", "already freed", "retainGraph");
            // With retainGraph the second pass works and accumulates.
            Tensor x2 = Tensor.ones(DType.F64, 3).requiresGrad(true);
            Tensor y2 = x2.mul(2.0).sum();
            y2.backward(null, true, false);
            y2.backward(null, false, false);
            org.assertj.core.api.Assertions.assertThat(x2.grad().toDoubleArray()).containsExactly(4, 4, 4);
        }

        @Test
        void backwardThroughASharedSubgraphFreedByAnEarlierBackward() {
            Tensor x = Tensor.ones(DType.F64, 3).requiresGrad(true);
            Tensor y = x.exp();
            Tensor a = y.sum();
            Tensor b = y.mul(2.0).sum();
            a.backward();
            rejects(IllegalStateException.class, b::backward, "backward", "'exp'", "[3]", "already freed", "retainGraph=true");
        }

        @Test
        void requiresGradOnANonLeaf() {
            Tensor x = Tensor.ones(DType.F64, 2, 2).requiresGrad(true);
            Tensor y = x.add(1.0);
            rejects(IllegalStateException.class, () -> y.requiresGrad(false), "requiresGrad", "leaf", "add", "[2, 2]", "detach");
        }

        @Test
        void gradApiErrors() {
            Tensor x = Tensor.ones(DType.F64, 2).requiresGrad(true);
            Tensor c = Tensor.ones(DType.F64, 2);
            Tensor y = x.mul(c).sum();
            rejects(IllegalArgumentException.class, () -> Autodiff.grad(List.of(y), List.of(x), List.of(), false, false),
                    "grad", "1 outputs", "0 gradOutputs");
            rejects(IllegalArgumentException.class, () -> Autodiff.grad(y, List.of(c), false), "grad", "input 0", "[2]", "requiresGrad");
            rejects(IllegalStateException.class, () -> Autodiff.grad(c.sum(), List.of(x), false), "grad", "output 0", "does not require grad");
            rejects(IllegalArgumentException.class, () -> Autodiff.grad(t -> t.mul(2.0)).apply(Tensor.ones(DType.F64, 3)),
                    "grad", "scalar", "[3]");
        }

        @Test
        void gradcheckRejectsFloat32AndInputsWithoutGrad() {
            Tensor f32 = Tensor.ones(DType.F32, 2, 2).requiresGrad(true);
            rejects(IllegalArgumentException.class, () -> GradCheck.check(xs -> xs[0].sum(), f32),
                    "gradcheck", "input 0", "float32 [2, 2]", "float64");
            rejects(IllegalArgumentException.class, () -> GradCheck.checkSecondOrder(xs -> xs[0].sum(), f32),
                    "gradgradcheck", "float32 [2, 2]");
            rejects(IllegalArgumentException.class, () -> GradCheck.check(xs -> xs[0].sum(), Tensor.ones(DType.F64, 2)),
                    "gradcheck", "no input requires grad");
            rejects(IllegalArgumentException.class, () -> GradCheck.check(xs -> xs[0].sum().to(DType.F32),
                    Tensor.ones(DType.F64, 2).requiresGrad(true)), "gradcheck", "float32");
        }
    }

    @Nested
    class RandomNumbers {
        @Test
        void rngBadArguments() {
            Rng r = new Rng(1);
            rejects(IllegalArgumentException.class, () -> r.nextInt(0), "nextInt", "0");
            rejects(IllegalArgumentException.class, () -> r.nextInt(-5), "nextInt", "-5");
            rejects(IllegalArgumentException.class, () -> r.nextCategorical(new double[] {1, -1}), "nextCategorical", "weight 1", "-1.0");
            rejects(IllegalArgumentException.class, () -> r.nextCategorical(new double[] {Double.NaN}), "nextCategorical", "NaN");
            rejects(IllegalArgumentException.class, () -> r.nextCategorical(new double[] {1, Double.POSITIVE_INFINITY}),
                    "nextCategorical", "Infinity");
            rejects(IllegalArgumentException.class, () -> r.nextCategorical(new double[] {0, 0}), "nextCategorical", "[0.0, 0.0]", "sum to 0");
            rejects(IllegalArgumentException.class, () -> r.nextCategorical(new double[0]), "nextCategorical", "[]");
            rejects(IllegalArgumentException.class, () -> r.restore(new long[4]), "restore", "6 words", "4");
        }
    }
}
