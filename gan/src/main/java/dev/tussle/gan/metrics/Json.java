package dev.tussle.gan.metrics;

/**
 * Just enough JSON writing for the metrics reports, with no dependency: objects of numbers,
 * strings, integer arrays and nested objects. Non-finite doubles have no JSON form and are
 * written as {@code null}.
 */
final class Json {
    private Json() {
    }

    /** Writes one JSON object field by field, in the order the fields are added. */
    static final class ObjectWriter {
        private final StringBuilder sb = new StringBuilder("{");
        private boolean empty = true;

        private StringBuilder key(String name) {
            if (!empty) {
                sb.append(',');
            }
            empty = false;
            return string(sb, name).append(':');
        }

        ObjectWriter field(String name, long value) {
            key(name).append(value);
            return this;
        }

        ObjectWriter field(String name, double value) {
            key(name).append(number(value));
            return this;
        }

        ObjectWriter field(String name, String value) {
            if (value == null) {
                key(name).append("null");
            } else {
                string(key(name), value);
            }
            return this;
        }

        ObjectWriter field(String name, int[] values) {
            StringBuilder out = key(name).append('[');
            for (int i = 0; i < values.length; i++) {
                out.append(i == 0 ? "" : ",").append(values[i]);
            }
            out.append(']');
            return this;
        }

        /** A field whose value is already JSON (a nested object), or null. */
        ObjectWriter rawField(String name, String json) {
            key(name).append(json == null ? "null" : json);
            return this;
        }

        @Override
        public String toString() {
            return sb + "}";
        }
    }

    /**
     * A double as JSON: Java's shortest round-tripping decimal (its forms, such as {@code 2.0}
     * and {@code 1.0E-5}, are valid JSON numbers); null if not finite.
     */
    static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    /** Appends {@code s} as a JSON string literal with the required escapes. */
    static StringBuilder string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }
}
