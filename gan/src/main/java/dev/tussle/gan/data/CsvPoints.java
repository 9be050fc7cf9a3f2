package dev.tussle.gan.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads points from a CSV file: one point per line, coordinates separated by commas (for
 * example {@code x,y}), every line with the same number of values. The first line may be a
 * header (it is one when any of its fields is not a number); blank lines are skipped.
 */
public final class CsvPoints {
    private CsvPoints() {
    }

    /**
     * Reads the points of {@code file}.
     *
     * @return one row per point
     * @throws DataFileException if a value is not a finite number, rows differ in length, or
     *                           there are no points
     * @throws IOException       if the file cannot be read
     */
    public static double[][] read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<double[]> rows = new ArrayList<>();
        boolean firstContentLine = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (firstContentLine && !allNumeric(fields)) {
                firstContentLine = false;
                continue; // a header such as "x,y"
            }
            firstContentLine = false;
            rows.add(parseRow(file, i + 1, fields, rows.isEmpty() ? -1 : rows.get(0).length));
        }
        if (rows.isEmpty()) {
            throw new DataFileException(file, "contains no points");
        }
        return rows.toArray(new double[0][]);
    }

    private static double[] parseRow(Path file, int lineNumber, String[] fields, int expectedLength) {
        if (expectedLength >= 0 && fields.length != expectedLength) {
            throw new DataFileException(file, "line " + lineNumber + " has " + fields.length
                    + " values but the first point has " + expectedLength);
        }
        double[] row = new double[fields.length];
        for (int j = 0; j < fields.length; j++) {
            String field = fields[j].strip();
            try {
                row[j] = Double.parseDouble(field);
            } catch (NumberFormatException e) {
                throw new DataFileException(file, "line " + lineNumber + ", column " + (j + 1) + ": '" + field
                        + "' is not a number");
            }
            if (!Double.isFinite(row[j])) {
                throw new DataFileException(file, "line " + lineNumber + ", column " + (j + 1) + ": value " + field
                        + " is not finite");
            }
        }
        return row;
    }

    private static boolean allNumeric(String[] fields) {
        for (String f : fields) {
            try {
                Double.parseDouble(f.strip());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }
}
