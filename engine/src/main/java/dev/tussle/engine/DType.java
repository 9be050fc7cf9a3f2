package dev.tussle.engine;

/**
 * Element type of a tensor. Tussle never promotes silently: a binary op on a float32 and a
 * float64 tensor is an error; convert one side with {@link Tensor#to(DType)}.
 */
public enum DType {
    /** IEEE 754 binary32, stored in a {@code float[]}. The default for training. */
    F32("float32", 4),
    /** IEEE 754 binary64, stored in a {@code double[]}. Used by gradient checks. */
    F64("float64", 8);

    private final String displayName;
    private final int byteSize;

    DType(String displayName, int byteSize) {
        this.displayName = displayName;
        this.byteSize = byteSize;
    }

    /** Size of one element in bytes. */
    public int byteSize() {
        return byteSize;
    }

    /** The NumPy / PyTorch spelling: {@code float32} or {@code float64}. */
    @Override
    public String toString() {
        return displayName;
    }
}
