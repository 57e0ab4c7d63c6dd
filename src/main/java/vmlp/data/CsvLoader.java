package vmlp.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Loads a numeric CSV file into a {@link Dataset}: one column is the label (a class for
 * classification, a real value for regression), every other column is a feature.
 *
 * <p>Rules:
 * <ul>
 *   <li>Header: {@link Header#AUTO} (the default) takes the first non-blank line for a header when
 *       one of its fields is not a number; {@link Header#PRESENT} and {@link Header#ABSENT} force it.</li>
 *   <li>Label column: by name ({@link #labelColumn(String)}, needs a header) or by 0-based index
 *       ({@link #labelColumn(int)}). By default it is the column named {@code label} (any case) when
 *       the header has one, and otherwise the first column.</li>
 *   <li>Fields are separated by {@code ','} (see {@link #delimiter(char)}), may be surrounded by
 *       spaces and may be quoted ({@code "a, b"}, with {@code ""} for a quote). Blank lines are
 *       skipped; a UTF-8 byte-order mark is ignored.</li>
 *   <li>Features must be finite decimal numbers that fit a float; class labels must be whole
 *       numbers {@code >= 0} ({@code 3} and {@code 3.0} are both class 3).</li>
 * </ul>
 * A file that breaks a rule gives a {@link MalformedDataException} naming the file and the 1-based
 * line, and for a bad field the 1-based column with its header name, and the text found, e.g.
 * {@code iris.csv line 12: column 3 (petal_length): "4,7" is not a number}.
 *
 * <p>Instances are immutable; each setter returns a new loader.
 */
public final class CsvLoader {

    /** Whether the first non-blank line holds column names. */
    public enum Header {
        /** A header when the first line has a field that is not a number. */
        AUTO,
        /** The first line is a header. */
        PRESENT,
        /** There is no header: the first line is data. */
        ABSENT
    }

    private static final String DEFAULT_LABEL = "label";

    /** What the label column holds, or that only features are wanted. */
    private enum Mode { CLASSIFICATION, REGRESSION, FEATURES }

    private final Header header;
    private final String labelName;
    private final int labelIndex;
    private final char delimiter;

    private CsvLoader(Header header, String labelName, int labelIndex, char delimiter) {
        this.header = header;
        this.labelName = labelName;
        this.labelIndex = labelIndex;
        this.delimiter = delimiter;
    }

    /** Header detected, label column {@code label} or else the first, comma-separated. */
    public static CsvLoader defaults() {
        return new CsvLoader(Header.AUTO, null, -1, ',');
    }

    /** The same loader with the header rule {@code header}. */
    public CsvLoader header(Header header) {
        return new CsvLoader(Objects.requireNonNull(header, "header"), labelName, labelIndex, delimiter);
    }

    /** The same loader taking the label from the column named {@code name} (the file needs a header). */
    public CsvLoader labelColumn(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("label column name is blank");
        }
        return new CsvLoader(header, name.strip(), -1, delimiter);
    }

    /** The same loader taking the label from the column at 0-based {@code index}. */
    public CsvLoader labelColumn(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("label column index must be >= 0 (it counts from 0), got " + index);
        }
        return new CsvLoader(header, null, index, delimiter);
    }

    /** The same loader splitting fields at {@code delimiter} (for example {@code ';'} or {@code '\t'}). */
    public CsvLoader delimiter(char delimiter) {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("delimiter cannot be a quote or a line break");
        }
        return new CsvLoader(header, labelName, labelIndex, delimiter);
    }

    /** Loads {@code file} with integer class labels. @throws MalformedDataException for bad content */
    public Dataset classification(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return (Dataset) load(reader, file.toString(), Mode.CLASSIFICATION);
        }
    }

    /** Loads {@code file} with one real-valued target per row. @throws MalformedDataException for bad content */
    public Dataset regression(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return (Dataset) load(reader, file.toString(), Mode.REGRESSION);
        }
    }

    /**
     * Loads UTF-8 CSV text from {@code in} with integer class labels; {@code name} stands for the
     * source in error messages. The stream is read to its end but not closed.
     */
    public Dataset classification(InputStream in, String name) throws IOException {
        return (Dataset) load(new InputStreamReader(Objects.requireNonNull(in, "in"), StandardCharsets.UTF_8), name,
                Mode.CLASSIFICATION);
    }

    /** As {@link #classification(InputStream, String)}, with one real-valued target per row. */
    public Dataset regression(InputStream in, String name) throws IOException {
        return (Dataset) load(new InputStreamReader(Objects.requireNonNull(in, "in"), StandardCharsets.UTF_8), name,
                Mode.REGRESSION);
    }

    /**
     * Loads the class-path resource {@code resource}, resolved as {@link Class#getResource} does
     * relative to {@code anchor} (a leading {@code /} makes it absolute), with integer class labels.
     *
     * @throws IOException when there is no such resource
     */
    public Dataset classificationResource(Class<?> anchor, String resource) throws IOException {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no class-path resource " + resource + " relative to " + anchor.getName());
            }
            return classification(in, resource);
        }
    }

    /**
     * Loads {@code file} as inputs only, for prediction: every column is a feature except the label
     * column when there is one, that is when {@link #labelColumn} named it or the header has a
     * column called {@code label}.
     *
     * @throws MalformedDataException for bad content
     */
    public Matrix features(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return (Matrix) load(reader, file.toString(), Mode.FEATURES);
        }
    }

    /** A {@link Dataset} or, for {@link Mode#FEATURES}, a {@link Matrix}. */
    private Object load(Reader source, String name, Mode mode) throws IOException {
        boolean classification = mode == Mode.CLASSIFICATION;
        BufferedReader reader = source instanceof BufferedReader b ? b : new BufferedReader(source);
        int lineNumber = 0;
        String line;
        do {
            line = reader.readLine();
            lineNumber++;
            if (line != null && lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
        } while (line != null && line.isBlank());
        if (line == null) {
            throw new MalformedDataException(name, 0, "the file is empty");
        }

        List<String> fields = new ArrayList<>();
        split(line, name, lineNumber, fields);
        int width = fields.size();
        boolean hasHeader = switch (header) {
            case PRESENT -> true;
            case ABSENT -> false;
            case AUTO -> fields.stream().anyMatch(f -> !isNumber(f));
        };
        String[] names = hasHeader ? fields.toArray(String[]::new) : null;
        int label = mode == Mode.FEATURES && labelName == null && labelIndex < 0
                ? namedLabelColumn(names) : labelColumn(names, width, name);
        if (width - (label < 0 ? 0 : 1) < 1) {
            throw new MalformedDataException(name, lineNumber, width
                    + " field, but a label and at least one feature are needed");
        }

        int cols = width - (label < 0 ? 0 : 1);
        float[] features = new float[Math.max(16, cols * 256)];
        int[] labels = classification ? new int[256] : null;
        float[] targets = mode == Mode.REGRESSION ? new float[256] : null;
        int rows = 0;
        String pending = hasHeader ? null : line; // the first line is data: parse it again below
        while (true) {
            if (pending != null) {
                line = pending;
                pending = null;
            } else {
                line = reader.readLine();
                if (line == null) {
                    break;
                }
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
            }
            split(line, name, lineNumber, fields);
            if (fields.size() != width) {
                throw new MalformedDataException(name, lineNumber, fields.size() + " field"
                        + (fields.size() == 1 ? "" : "s") + ", expected " + width);
            }
            if ((long) (rows + 1) * cols > Integer.MAX_VALUE - 8) {
                throw new MalformedDataException(name, lineNumber, "too many values for one array");
            }
            if ((rows + 1) * cols > features.length) {
                features = Arrays.copyOf(features, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * features.length));
            }
            int at = rows * cols;
            for (int c = 0; c < width; c++) {
                if (c == label) {
                    continue;
                }
                features[at++] = parseFloat(fields.get(c), c, names, name, lineNumber);
            }
            if (classification) {
                if (rows == labels.length) {
                    labels = Arrays.copyOf(labels, 2 * rows);
                }
                labels[rows] = parseLabel(fields.get(label), label, names, name, lineNumber);
            } else if (targets != null) {
                if (rows == targets.length) {
                    targets = Arrays.copyOf(targets, 2 * rows);
                }
                targets[rows] = parseFloat(fields.get(label), label, names, name, lineNumber);
            }
            rows++;
        }
        if (rows == 0) {
            throw new MalformedDataException(name, 0, "the file has a header but no data rows");
        }
        float[] x = Arrays.copyOf(features, rows * cols);
        return switch (mode) {
            case CLASSIFICATION -> Dataset.classification(x, rows, cols, Arrays.copyOf(labels, rows));
            case REGRESSION -> Dataset.regression(x, rows, cols, Arrays.copyOf(targets, rows), 1);
            case FEATURES -> new Matrix(x, rows, cols);
        };
    }

    /** The column the header calls {@code label} (any case), or -1. */
    private static int namedLabelColumn(String[] names) {
        if (names != null) {
            for (int c = 0; c < names.length; c++) {
                if (names[c].toLowerCase(Locale.ROOT).equals(DEFAULT_LABEL)) {
                    return c;
                }
            }
        }
        return -1;
    }

    private int labelColumn(String[] names, int width, String source) {
        if (labelName != null) {
            if (names == null) {
                throw new MalformedDataException(source, 0, "the label column is given by name (\"" + labelName
                        + "\") but the file has no header; give its index instead");
            }
            for (int c = 0; c < names.length; c++) {
                if (names[c].equals(labelName)) {
                    return c;
                }
            }
            throw new MalformedDataException(source, 0, "no column named \"" + labelName + "\"; the columns are "
                    + String.join(", ", names));
        }
        if (labelIndex >= 0) {
            if (labelIndex >= width) {
                throw new MalformedDataException(source, 0, "label column index " + labelIndex
                        + " (counting from 0) is out of range: the lines have " + width + " fields");
            }
            return labelIndex;
        }
        int named = namedLabelColumn(names);
        return named >= 0 ? named : 0;
    }

    /** Splits {@code line} into {@code out}: fields trimmed, quotes removed. */
    private void split(String line, String source, int lineNumber, List<String> out) {
        out.clear();
        int n = line.length();
        int i = 0;
        while (true) {
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            if (i < n && line.charAt(i) == '"') {
                StringBuilder field = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new MalformedDataException(source, lineNumber, "a quoted field is not closed");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                while (i < n && line.charAt(i) != delimiter) {
                    if (!Character.isWhitespace(line.charAt(i))) {
                        throw new MalformedDataException(source, lineNumber, "text after the closing quote of field "
                                + (out.size() + 1));
                    }
                    i++;
                }
                out.add(field.toString());
            } else {
                int end = line.indexOf(delimiter, i);
                if (end < 0) {
                    end = n;
                }
                out.add(line.substring(i, end).strip());
                i = end;
            }
            if (i >= n) {
                return;
            }
            i++; // the delimiter
        }
    }

    /** True for a decimal number Java and Python read alike: digits, sign, point, exponent only. */
    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '+' && c != '-' && c != '.' && c != 'e' && c != 'E') {
                return false;
            }
        }
        if (!digit) {
            return false;
        }
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static float parseFloat(String text, int column, String[] names, String source, int line) {
        if (!isNumber(text)) {
            throw fieldError(source, line, column, names, text.isEmpty() ? "the field is empty" : quote(text) + " is not a number");
        }
        float value = Float.parseFloat(text);
        if (!Float.isFinite(value)) {
            throw fieldError(source, line, column, names, quote(text) + " is too large for a float");
        }
        return value;
    }

    private static int parseLabel(String text, int column, String[] names, String source, int line) {
        if (!isNumber(text)) {
            throw fieldError(source, line, column, names, text.isEmpty() ? "the class label is empty"
                    : "class label " + quote(text) + " is not a number");
        }
        double value = Double.parseDouble(text);
        if (value != Math.rint(value) || value > Integer.MAX_VALUE - 1) {
            throw fieldError(source, line, column, names, "class label " + quote(text) + " is not an integer");
        }
        if (value < 0) {
            throw fieldError(source, line, column, names, "class label " + quote(text) + " is negative");
        }
        return (int) value;
    }

    private static MalformedDataException fieldError(String source, int line, int column, String[] names, String problem) {
        String where = "column " + (column + 1) + (names != null ? " (" + names[column] + ")" : "");
        return new MalformedDataException(source, line, where + ": " + problem);
    }

    private static String quote(String text) {
        return "\"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
    }

    @Override
    public String toString() {
        return "CsvLoader[header=" + header + ", label=" + (labelName != null ? "\"" + labelName + "\""
                : labelIndex >= 0 ? "column " + labelIndex : "default") + ", delimiter='" + delimiter + "']";
    }
}
