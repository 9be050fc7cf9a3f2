package dev.tussle.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Shapes come from a shared cache for ranks up to 4: every way of making one must give exactly its dimensions. */
class ShapeTest {

    private static int[] randomDims(SplittableRandom r, int rank) {
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) {
            d[i] = r.nextInt(r.nextBoolean() ? 4 : 3000);
        }
        return d;
    }

    private static void hasDims(Shape s, int[] dims) {
        assertThat(s.dims()).containsExactly(dims);
        assertThat(s.rank()).isEqualTo(dims.length);
        long size = 1;
        for (int d : dims) {
            size *= d;
        }
        assertThat(s.size()).isEqualTo((int) size);
    }

    @Test
    void manyMoreShapesThanTheCacheHoldsEachKeepTheirOwnDimensions() {
        SplittableRandom r = new SplittableRandom(4);
        for (int n = 0; n < 20_000; n++) {
            int[] dims = randomDims(r, 1 + r.nextInt(6));
            if (Arrays.stream(dims).asDoubleStream().reduce(1, (a, b) -> a * b) > Integer.MAX_VALUE) {
                assertThatThrownBy(() -> Shape.of(dims)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("has more than " + Integer.MAX_VALUE + " elements");
                continue;
            }
            Shape s = Shape.of(dims);
            hasDims(s, dims);
            assertThat(s).isEqualTo(Shape.of(dims.clone())).hasSameHashCodeAs(Shape.of(dims.clone()));
            switch (dims.length) {
                case 1 -> hasDims(Shape.of(dims[0]), dims);
                case 2 -> hasDims(Shape.of(dims[0], dims[1]), dims);
                case 3 -> hasDims(Shape.of(dims[0], dims[1], dims[2]), dims);
                default -> { }
            }
        }
    }

    @Test
    void withAndWithoutAnAxisAgreeWithTheDimensionsEditedByHand() {
        SplittableRandom r = new SplittableRandom(11);
        for (int n = 0; n < 3000; n++) {
            int rank = 1 + r.nextInt(6);
            int[] dims = randomDims(r, rank);
            for (int i = 0; i < rank; i++) {
                dims[i] = Math.min(dims[i], 9); // keep the size an int at rank 6
            }
            Shape s = Shape.of(dims);
            int axis = r.nextInt(rank);
            int value = r.nextInt(20);
            int[] with = dims.clone();
            with[axis] = value;
            hasDims(s.with(axis, value), with);
            int[] without = new int[rank - 1];
            for (int i = 0, j = 0; i < rank; i++) {
                if (i != axis) {
                    without[j++] = dims[i];
                }
            }
            hasDims(s.without(axis), without);
        }
        assertThat(Shape.of(7).without(0)).isSameAs(Shape.scalar());
    }

    @Test
    void aZeroDimensionMakesAnEmptyShapeEvenAfterHugeOnes() {
        assertThat(Shape.of(70_000, 70_000, 0).size()).isZero();
        assertThat(Shape.of(70_000, 70_000, 70_000, 0, 5, 6).size()).isZero();
        assertThatThrownBy(() -> Shape.of(70_000, 70_000, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[70000, 70000, 1] has more than");
    }

    @Test
    void negativeDimensionsAreRejectedWhetherOrNotTheRankIsCached() {
        assertThatThrownBy(() -> Shape.of(3, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[3, -1]").hasMessageContaining("dimension 1 is negative (-1)");
        assertThatThrownBy(() -> Shape.of(1, 2, 3, 4, -5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[1, 2, 3, 4, -5]").hasMessageContaining("dimension 4 is negative (-5)");
        assertThatThrownBy(() -> Shape.of(4, 5).with(0, -2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[-2, 5]");
        assertThatThrownBy(() -> Shape.of(-7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension 0 is negative (-7)");
    }

    @Test
    void threadsMakingShapesAtOnceEachGetTheirOwnDimensions() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> checked = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                checked.add(pool.submit(() -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    int n = 0;
                    for (; n < 50_000; n++) {
                        int[] dims = {r.nextInt(40), r.nextInt(40), r.nextInt(3)};
                        Shape s = Shape.of(dims[0], dims[1], dims[2]);
                        if (s.dim(0) != dims[0] || s.dim(1) != dims[1] || s.dim(2) != dims[2] || s.rank() != 3) {
                            throw new AssertionError("Shape.of" + Arrays.toString(dims) + " gave " + s);
                        }
                    }
                    return n;
                }));
            }
            for (Future<Integer> f : checked) {
                assertThat(f.get()).isEqualTo(50_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
