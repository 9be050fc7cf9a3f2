package dev.tussle.bench;

/**
 * A product {@code (m×k) @ (k×n)} named as in the benchmark parameters: {@code "MxKxN"}, or a
 * single number for a square product.
 *
 * @param m rows of the left operand and of the result
 * @param k the shared (inner) dimension
 * @param n columns of the right operand and of the result
 */
public record MatrixShape(int m, int k, int n) {

    /**
     * Parses {@code "1024"} (square) or {@code "500x15x50"} (m×k times k×n).
     *
     * @throws IllegalArgumentException if the text is not one or three positive integers joined by 'x'
     */
    public static MatrixShape parse(String text) {
        String[] parts = text.split("x");
        try {
            if (parts.length == 1) {
                int s = Integer.parseInt(parts[0]);
                return new MatrixShape(s, s, s);
            }
            if (parts.length == 3) {
                return new MatrixShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
            }
        } catch (NumberFormatException e) {
            // Falls through to the message below.
        }
        throw new IllegalArgumentException("MatrixShape.parse: expected N or MxKxN, got '" + text + "'");
    }

    /** Floating-point operations of one product: {@code 2·m·n·k}. */
    public double flops() {
        return 2.0 * m * n * k;
    }

    /** A deterministic pseudo-random array in [-1, 1). */
    public static float[] randomFloats(int length, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }
}
