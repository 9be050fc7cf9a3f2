package dev.tussle.gan.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Rectangle;
import java.awt.geom.PathIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/** Marching squares against functions whose contours are known. */
class ContoursTest {
    private final Axes axes = new Axes(new Rectangle(0, 0, 400, 400), new Range(-2, 2), new Range(-2, 2));

    @Test
    void aLinearFunctionHasAStraightContourAtTheRightPlace() {
        List<double[]> ends = segmentEnds((x, y) -> x - 0.3, 0.0, 41);
        assertThat(ends).isNotEmpty();
        for (double[] p : ends) {
            // Linear interpolation is exact for a linear function.
            assertThat(axes.dataX(p[0])).isCloseTo(0.3, within(1e-9));
        }
    }

    @Test
    void aConeHasACircularContour() {
        List<double[]> ends = segmentEnds((x, y) -> Math.hypot(x, y), 1.0, 81);
        assertThat(ends.size()).isGreaterThan(100);
        for (double[] p : ends) {
            // Vertices lie on cell edges; the cone is linear along each edge up to the curvature error.
            assertThat(Math.hypot(axes.dataX(p[0]), axes.dataY(p[1]))).isCloseTo(1.0, within(0.01));
        }
    }

    @Test
    void aFunctionThatNeverCrossesTheLevelHasNoContour() {
        assertThat(segmentEnds((x, y) -> 5.0, 1.0, 11)).isEmpty();
    }

    private List<double[]> segmentEnds(DoubleBinaryOperator f, double level, int n) {
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = -2 + 4.0 * i / (n - 1);
            ys[i] = xs[i];
        }
        double[][] values = new double[n][n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                values[r][c] = f.applyAsDouble(xs[c], ys[r]);
            }
        }
        List<double[]> ends = new ArrayList<>();
        PathIterator it = Contours.lines(values, xs, ys, level, axes).getPathIterator(null);
        double[] coords = new double[6];
        while (!it.isDone()) {
            it.currentSegment(coords);
            ends.add(new double[] {coords[0], coords[1]});
            it.next();
        }
        return ends;
    }
}
