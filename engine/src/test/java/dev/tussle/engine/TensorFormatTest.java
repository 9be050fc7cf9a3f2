package dev.tussle.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Tensor.toString()}: PyTorch's layout (nested brackets, rows aligned under the opening
 * bracket, a blank line between matrices, four decimals, "..." summaries past 1000 elements)
 * with NumPy's column alignment of nan/inf, followed by the shape and dtype.
 */
class TensorFormatTest {

    @Test
    void scalars() {
        assertThat(Tensor.scalar(3f).toString()).isEqualTo("tensor(3., shape=[], dtype=float32)");
        assertThat(Tensor.scalar(2.5).toString()).isEqualTo("tensor(2.5000, shape=[], dtype=float64)");
        assertThat(Tensor.scalar(-0.0).toString()).isEqualTo("tensor(-0., shape=[], dtype=float64)");
        assertThat(Tensor.scalar(Double.NaN).toString()).isEqualTo("tensor(nan, shape=[], dtype=float64)");
        assertThat(Tensor.scalar(Float.NEGATIVE_INFINITY).toString()).isEqualTo("tensor(-inf, shape=[], dtype=float32)");
    }

    @Test
    void vectors() {
        assertThat(Tensor.of(new float[] {1, 2, 3}).toString()).isEqualTo("tensor([1., 2., 3.], shape=[3], dtype=float32)");
        assertThat(Tensor.of(new double[] {-1.5, 2.25, 10.125}).toString())
                .isEqualTo("tensor([-1.5000,  2.2500, 10.1250], shape=[3], dtype=float64)");
        assertThat(Tensor.of(new float[] {0.1f, 0.25f}).toString()).isEqualTo("tensor([0.1000, 0.2500], shape=[2], dtype=float32)");
        assertThat(Tensor.of(new float[] {7}, 1).toString()).isEqualTo("tensor([7.], shape=[1], dtype=float32)");
    }

    @Test
    void matrices() {
        assertThat(Tensor.of(new float[][] {{1, 2}, {3, 4}}).toString())
                .isEqualTo("tensor([[1., 2.],\n        [3., 4.]], shape=[2, 2], dtype=float32)");
        assertThat(Tensor.of(new float[][] {{-1, 2}, {3, -40}}).toString())
                .isEqualTo("tensor([[ -1.,   2.],\n        [  3., -40.]], shape=[2, 2], dtype=float32)");
        assertThat(Tensor.of(new double[][] {{0.5, -0.125, 3}}).toString())
                .isEqualTo("tensor([[ 0.5000, -0.1250,  3.0000]], shape=[1, 3], dtype=float64)");
    }

    @Test
    void threeDimensionalTensorsSeparateMatricesWithABlankLine() {
        assertThat(Tensor.arange(0, 8, 1, DType.F32).reshape(2, 2, 2).toString()).isEqualTo(
                "tensor([[[0., 1.],\n"
                        + "         [2., 3.]],\n"
                        + "\n"
                        + "        [[4., 5.],\n"
                        + "         [6., 7.]]], shape=[2, 2, 2], dtype=float32)");
        assertThat(Tensor.arange(0, 4, 1, DType.F64).reshape(1, 2, 1, 2).toString()).isEqualTo(
                "tensor([[[[0., 1.]],\n"
                        + "\n"
                        + "         [[2., 3.]]]], shape=[1, 2, 1, 2], dtype=float64)");
    }

    @Test
    void nanAndInfinitiesAlignWithTheOtherColumns() {
        assertThat(Tensor.of(new float[] {1, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}).toString())
                .isEqualTo("tensor([  1.,  nan,  inf, -inf], shape=[4], dtype=float32)");
        assertThat(Tensor.of(new double[] {1.5, Double.NaN}).toString())
                .isEqualTo("tensor([1.5000,    nan], shape=[2], dtype=float64)");
    }

    @Test
    void scientificNotationForTinyHugeOrWideRangingValues() {
        assertThat(Tensor.of(new double[] {1e-5, 1}).toString())
                .isEqualTo("tensor([1.0000e-05, 1.0000e+00], shape=[2], dtype=float64)");
        // Integral but too large to read digit by digit: PyTorch's 1e8 cut-off.
        assertThat(Tensor.of(new double[] {1e10, 3}).toString())
                .isEqualTo("tensor([1.0000e+10, 3.0000e+00], shape=[2], dtype=float64)");
        assertThat(Tensor.of(new double[] {1000.5, 0.25}).toString())
                .isEqualTo("tensor([1.0005e+03, 2.5000e-01], shape=[2], dtype=float64)");
        // A wide ratio among small numbers stays fixed-point.
        assertThat(Tensor.of(new double[] {0.001, 1.5}).toString())
                .isEqualTo("tensor([0.0010, 1.5000], shape=[2], dtype=float64)");
        assertThat(Tensor.of(new double[] {-2e-6}, 1).toString()).isEqualTo("tensor([-2.0000e-06], shape=[1], dtype=float64)");
    }

    @Test
    void emptyTensors() {
        assertThat(Tensor.zeros(0).toString()).isEqualTo("tensor([], shape=[0], dtype=float32)");
        assertThat(Tensor.zeros(DType.F64, 2, 0).toString()).isEqualTo("tensor([], shape=[2, 0], dtype=float64)");
    }

    @Test
    void autodiffStateIsShown() {
        Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
        assertThat(x.toString()).isEqualTo("tensor([1., 2.], shape=[2], dtype=float64, requires_grad=true)");
        assertThat(x.mul(2.0).toString()).isEqualTo("tensor([2., 4.], shape=[2], dtype=float64, grad_fn=mul)");
        assertThat(x.detach().toString()).isEqualTo("tensor([1., 2.], shape=[2], dtype=float64)");
    }

    @Test
    void largeTensorsAreSummarized() {
        assertThat(Tensor.arange(0, 1000, 1, DType.F32).toString()).doesNotContain("...");
        assertThat(Tensor.arange(0, 2000, 1, DType.F32).toString())
                .isEqualTo("tensor([   0.,    1.,    2., ..., 1997., 1998., 1999.], shape=[2000], dtype=float32)");
        assertThat(Tensor.arange(0, 2000, 1, DType.F32).reshape(40, 50).toString()).isEqualTo(
                "tensor([[   0.,    1.,    2., ...,   47.,   48.,   49.],\n"
                        + "        [  50.,   51.,   52., ...,   97.,   98.,   99.],\n"
                        + "        [ 100.,  101.,  102., ...,  147.,  148.,  149.],\n"
                        + "        ...,\n"
                        + "        [1850., 1851., 1852., ..., 1897., 1898., 1899.],\n"
                        + "        [1900., 1901., 1902., ..., 1947., 1948., 1949.],\n"
                        + "        [1950., 1951., 1952., ..., 1997., 1998., 1999.]], shape=[40, 50], dtype=float32)");
        // A short dimension is printed in full even when the tensor is summarized.
        assertThat(Tensor.arange(0, 2004, 1, DType.F32).reshape(2, 1002).toString()).isEqualTo(
                "tensor([[   0.,    1.,    2., ...,  999., 1000., 1001.],\n"
                        + "        [1002., 1003., 1004., ..., 2001., 2002., 2003.]], shape=[2, 1002], dtype=float32)");
    }

    @Test
    void summarizedThreeDimensionalTensorsKeepTheBlankLineAroundTheEllipsis() {
        String s = Tensor.arange(0, 2000, 1, DType.F32).reshape(20, 10, 10).toString();
        assertThat(s).startsWith("tensor([[[   0.,    1.,    2., ...,    7.,    8.,    9.],\n"
                + "         [  10.,   11.,   12., ...,   17.,   18.,   19.],\n"
                + "         [  20.,   21.,   22., ...,   27.,   28.,   29.],\n"
                + "         ...,\n"
                + "         [  70.,   71.,   72., ...,   77.,   78.,   79.],\n");
        assertThat(s).contains("[ 290.,  291.,  292., ...,  297.,  298.,  299.]],\n\n        ...,\n\n        [[1700., 1701.,");
        assertThat(s).endsWith("[1990., 1991., 1992., ..., 1997., 1998., 1999.]]], shape=[20, 10, 10], dtype=float32)");
        assertThat(s.lines().count()).as("6 matrices of 7 lines, 5 blank lines, ellipsis line").isEqualTo(6 * 7 + 6 + 1);
    }

    @Test
    void notationAndWidthDependOnlyOnPrintedElements() {
        Tensor t = Tensor.arange(0, 2000, 1, DType.F32);
        t.storageF32()[1000] = 123456.5f; // hidden by the summary: must not force decimals or widen columns
        assertThat(t.toString())
                .isEqualTo("tensor([   0.,    1.,    2., ..., 1997., 1998., 1999.], shape=[2000], dtype=float32)");
    }

    @Test
    void printingAMillionElementsIsFast() {
        Tensor big = Tensor.zeros(1000, 1000);
        long t0 = System.nanoTime();
        String s = big.toString();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(s).contains("...");
        assertThat(ms).as("toString of a 1000x1000 tensor formats only the printed elements (formatting all took 1.5 s)").isLessThan(500);
    }
}
