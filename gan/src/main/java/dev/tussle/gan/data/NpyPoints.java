package dev.tussle.gan.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads points from a NumPy {@code .npy} file, strictly: format versions 1.0, 2.0 and 3.0, dtype
 * little-endian float32 ({@code <f4}) or float64 ({@code <f8}), C order, shape (n,) (n points
 * of dimension 1) or (n, d). Anything else, a truncated file or bytes after the data are
 * rejected with a {@link DataFileException} that says what was found.
 *
 * <p>The header is the Python literal NumPy writes, {@code {'descr': '<f4', 'fortran_order':
 * False, 'shape': (3, 2), }}; it is parsed by a small recursive-descent reader over exactly
 * that grammar, not evaluated.
 */
public final class NpyPoints {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private NpyPoints() {
    }

    /**
     * Reads the points of {@code file}.
     *
     * @return one row per point: n rows of 1 value for a 1-D array, n rows of d values for a
     *         2-D array
     * @throws DataFileException if the file is not a well-formed .npy file of the supported kind
     * @throws IOException       if the file cannot be read
     */
    public static double[][] read(Path file) throws IOException {
        return parse(file, Files.readAllBytes(file));
    }

    /** Parses the bytes of a .npy file; {@code file} is used in messages only. */
    static double[][] parse(Path file, byte[] bytes) {
        if (bytes.length < MAGIC.length + 2) {
            throw new DataFileException(file, "too short to be a .npy file (" + bytes.length + " bytes)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new DataFileException(file, "does not start with the .npy magic \\x93NUMPY");
            }
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int major = bytes[6] & 0xFF;
        int minor = bytes[7] & 0xFF;
        buf.position(8);
        long headerLength;
        if (major == 1 && minor == 0) {
            requireRemaining(file, buf, 2);
            headerLength = Short.toUnsignedInt(buf.getShort());
        } else if ((major == 2 || major == 3) && minor == 0) {
            requireRemaining(file, buf, 4);
            headerLength = Integer.toUnsignedLong(buf.getInt());
        } else {
            throw new DataFileException(file, "unsupported .npy format version " + major + "." + minor
                    + " (supported: 1.0, 2.0, 3.0)");
        }
        if (headerLength > buf.remaining()) {
            throw new DataFileException(file, "header declares " + headerLength + " bytes but only "
                    + buf.remaining() + " follow");
        }
        String header = new String(bytes, buf.position(), (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        buf.position(buf.position() + (int) headerLength);
        Header h = new HeaderParser(file, header).parse();
        return readData(file, buf, h);
    }

    private static void requireRemaining(Path file, ByteBuffer buf, int n) {
        if (buf.remaining() < n) {
            throw new DataFileException(file, "truncated inside the header length field");
        }
    }

    private record Header(int itemSize, long[] shape) {
    }

    private static double[][] readData(Path file, ByteBuffer buf, Header h) {
        long rows = h.shape()[0];
        long cols = h.shape().length == 2 ? h.shape()[1] : 1;
        long expected = rows * cols * h.itemSize();
        String declared = "shape " + shapeText(h.shape()) + " of " + (h.itemSize() == 4 ? "float32" : "float64");
        if (rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE || expected > Integer.MAX_VALUE) {
            throw new DataFileException(file, declared + " is too large to load");
        }
        if (buf.remaining() != expected) {
            throw new DataFileException(file, "header declares " + declared + " = " + expected + " bytes of data but "
                    + buf.remaining() + " follow");
        }
        if (rows == 0 || cols == 0) {
            throw new DataFileException(file, declared + " contains no points");
        }
        double[][] out = new double[(int) rows][(int) cols];
        for (double[] row : out) {
            for (int j = 0; j < row.length; j++) {
                row[j] = h.itemSize() == 4 ? buf.getFloat() : buf.getDouble();
            }
        }
        return out;
    }

    private static String shapeText(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /** Recursive descent over the header dictionary: keys descr, fortran_order, shape, each once. */
    private static final class HeaderParser {
        private final Path file;
        private final String text;
        private int pos;

        HeaderParser(Path file, String text) {
            this.file = file;
            this.text = text;
        }

        Header parse() {
            if (!text.endsWith("\n")) {
                throw fail("header does not end with a newline");
            }
            Map<String, Object> entries = new HashMap<>();
            skipSpaces();
            expect('{');
            skipSpaces();
            while (peek() != '}') {
                String key = quoted();
                skipSpaces();
                expect(':');
                skipSpaces();
                Object value = switch (key) {
                    case "descr" -> quoted();
                    case "fortran_order" -> bool();
                    case "shape" -> tuple();
                    default -> throw fail("unexpected header key '" + key + "'");
                };
                if (entries.put(key, value) != null) {
                    throw fail("header key '" + key + "' appears twice");
                }
                skipSpaces();
                if (peek() == ',') {
                    pos++;
                    skipSpaces();
                } else if (peek() != '}') {
                    throw fail("expected ',' or '}' at header position " + pos);
                }
            }
            pos++;
            skipSpaces();
            if (pos != text.length()) {
                throw fail("unexpected text after the header dictionary at position " + pos);
            }
            for (String key : List.of("descr", "fortran_order", "shape")) {
                if (!entries.containsKey(key)) {
                    throw fail("header has no '" + key + "' entry");
                }
            }
            return check((String) entries.get("descr"), (Boolean) entries.get("fortran_order"),
                    (long[]) entries.get("shape"));
        }

        private Header check(String descr, boolean fortranOrder, long[] shape) {
            int itemSize = switch (descr) {
                case "<f4" -> 4;
                case "<f8" -> 8;
                case ">f4", ">f8" -> throw fail("dtype '" + descr + "' is big-endian; only little-endian <f4 and <f8 are supported");
                default -> throw fail("dtype '" + descr + "' is not supported; expected '<f4' (float32) or '<f8' (float64)");
            };
            if (fortranOrder) {
                throw fail("array is in Fortran order; only C order is supported");
            }
            if (shape.length != 1 && shape.length != 2) {
                throw fail("array has " + shape.length + " dimensions " + shapeText(shape) + "; expected 1 or 2");
            }
            return new Header(itemSize, shape);
        }

        private String quoted() {
            char q = peek();
            if (q != '\'' && q != '"') {
                throw fail("expected a quoted string at header position " + pos);
            }
            int end = text.indexOf(q, pos + 1);
            if (end < 0) {
                throw fail("unterminated string at header position " + pos);
            }
            String s = text.substring(pos + 1, end);
            pos = end + 1;
            return s;
        }

        private boolean bool() {
            if (text.startsWith("True", pos)) {
                pos += 4;
                return true;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return false;
            }
            throw fail("expected True or False for 'fortran_order' at header position " + pos);
        }

        private long[] tuple() {
            expect('(');
            List<Long> dims = new ArrayList<>();
            skipSpaces();
            while (peek() != ')') {
                int start = pos;
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
                if (start == pos || pos - start > 18) {
                    throw fail("expected a dimension (a non-negative integer) in 'shape' at header position " + start);
                }
                dims.add(Long.parseLong(text.substring(start, pos)));
                skipSpaces();
                if (peek() == ',') {
                    pos++;
                    skipSpaces();
                } else if (peek() != ')') {
                    throw fail("expected ',' or ')' in 'shape' at header position " + pos);
                }
            }
            pos++;
            long[] out = new long[dims.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = dims.get(i);
            }
            return out;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw fail("expected '" + c + "' at header position " + pos);
            }
            pos++;
        }

        private char peek() {
            if (pos >= text.length()) {
                throw fail("header ends unexpectedly");
            }
            return text.charAt(pos);
        }

        private void skipSpaces() {
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\n')) {
                pos++;
            }
        }

        private DataFileException fail(String problem) {
            return new DataFileException(file, problem);
        }
    }
}
