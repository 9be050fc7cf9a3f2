package dev.tussle.gan.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code --name value}, {@code --name=value} and bare boolean {@code --name} arguments
 * into an ordered map. Names must be among those the command declares; a value-taking flag
 * without a value (at the end, or followed by another flag), a repeated flag or a positional
 * argument is an error naming it. A value starting with "--" needs the {@code --name=value} form.
 */
final class Flags {
    private Flags() {
    }

    /**
     * @param valued   names that take a value
     * @param booleans names that may stand alone (meaning {@code true}) or take {@code true}/{@code false}
     */
    static Map<String, String> parse(String command, String[] args, Set<String> valued, Set<String> booleans) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() == 2) {
                throw new UsageException(command + ": unexpected argument '" + a + "' (flags look like --name value)");
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!valued.contains(name) && !booleans.contains(name)) {
                throw new UsageException(command + ": unknown flag --" + name + " (see tussle " + command + " --help)");
            }
            if (value == null) {
                if (booleans.contains(name) && (i + 1 >= args.length || args[i + 1].startsWith("--"))) {
                    value = "true";
                } else if (i + 1 >= args.length || isFlag(args[i + 1])) {
                    // `--out --gp-one-sided` is a forgotten value, not a folder named --gp-one-sided.
                    throw new UsageException(command + ": --" + name + " needs a value");
                } else {
                    value = args[++i];
                }
            }
            if (out.put(name, value) != null) {
                throw new UsageException(command + ": --" + name + " is given twice");
            }
        }
        return out;
    }

    /** Whether {@code arg} is a flag name ({@code --x}), which no value may start like. */
    private static boolean isFlag(String arg) {
        return arg.startsWith("--") && arg.length() > 2;
    }
}
