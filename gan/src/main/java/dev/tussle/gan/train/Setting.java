package dev.tussle.gan.train;

/**
 * One training setting: its command-line flag name (without {@code --}), its default as text,
 * and its help line. The same names key the settings in a run's {@code config.json} and in the
 * checkpoint metadata, so a run can be resumed from its checkpoint alone.
 *
 * @param name         the flag name, e.g. {@code lr-d}
 * @param defaultValue the default, as it would be typed on the command line
 * @param help         one line for {@code --help}
 */
public record Setting(String name, String defaultValue, String help) {
}
