package vmlp.serve;

import java.nio.charset.StandardCharsets;

/**
 * The JSON the server speaks, and nothing more: a request object whose {@code "inputs"} is an
 * array of rows of numbers (plus an optional integer {@code "layer"}), and responses made of rows of
 * floats. Parsing goes straight from the bytes into a {@code float[]}, without building a tree, and
 * is strict: anything that is not exactly such an object is a 400 that says where it went wrong.
 */
final class JsonRows {

    /** A parsed request: {@code rows × cols} inputs, row-major, and the layer asked for (or -1). */
    record Request(float[] inputs, int rows, int cols, int layer) {}

    private final byte[] text;
    private final int end;
    private int pos;

    private JsonRows(byte[] text, int length) {
        this.text = text;
        this.end = length;
    }

    /**
     * Parses {@code {"inputs": [[...], ...], "layer": n}} with every row {@code expectedCols} wide.
     *
     * @throws BadRequestException (400) naming what is wrong and where
     */
    static Request parseRequest(byte[] body, int length, int expectedCols, int maxRows) throws BadRequestException {
        return new JsonRows(body, length).request(expectedCols, maxRows);
    }

    private Request request(int cols, int maxRows) throws BadRequestException {
        float[] inputs = null;
        int rows = 0;
        int layer = -1;
        expect('{');
        if (peek() == '}') {
            throw error("the object has no \"inputs\"");
        }
        do {
            String key = string();
            expect(':');
            switch (key) {
                case "inputs" -> {
                    if (inputs != null) {
                        throw error("\"inputs\" appears twice");
                    }
                    FloatList values = new FloatList(Math.max(cols, 16));
                    rows = rows(values, cols, maxRows);
                    inputs = values.toArray();
                }
                case "layer" -> layer = integer("layer");
                default -> throw error("unknown field \"" + key + "\"; expected \"inputs\" and optionally \"layer\"");
            }
        } while (consume(','));
        expect('}');
        skipSpace();
        if (pos != end) {
            throw error("text after the closing brace");
        }
        if (inputs == null) {
            throw error("the object has no \"inputs\"");
        }
        return new Request(inputs, rows, cols, layer);
    }

    private int rows(FloatList values, int cols, int maxRows) throws BadRequestException {
        expect('[');
        int rows = 0;
        if (consume(']')) {
            throw error("\"inputs\" is empty");
        }
        do {
            if (rows == maxRows) {
                throw new BadRequestException(413, "too_many_rows",
                        "more than " + maxRows + " rows in one request");
            }
            expect('[');
            int width = 0;
            if (!consume(']')) {
                do {
                    values.add(number(rows, width));
                    width++;
                } while (consume(','));
                expect(']');
            }
            if (width != cols) {
                throw new BadRequestException(400, "wrong_width",
                        "row " + rows + " has " + width + " values; the model takes " + cols);
            }
            rows++;
        } while (consume(','));
        expect(']');
        return rows;
    }

    private float number(int row, int col) throws BadRequestException {
        skipSpace();
        int start = pos;
        while (pos < end && isNumberChar(text[pos])) {
            pos++;
        }
        if (start == pos) {
            throw error("row " + row + ", value " + col + " is not a number");
        }
        String literal = new String(text, start, pos - start, StandardCharsets.US_ASCII);
        float value;
        try {
            if (!isJsonNumber(start, pos)) {
                throw new NumberFormatException();
            }
            value = Float.parseFloat(literal);
        } catch (NumberFormatException e) {
            throw error("row " + row + ", value " + col + ": '" + literal + "' is not a JSON number");
        }
        if (!Float.isFinite(value)) {
            throw new BadRequestException(400, "non_finite",
                    "row " + row + ", value " + col + " (" + literal + ") does not fit a finite float");
        }
        return value;
    }

    /** The JSON grammar {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?} on text[from, to). */
    private boolean isJsonNumber(int from, int to) {
        int i = from;
        if (i < to && text[i] == '-') {
            i++;
        }
        if (i < to && text[i] == '0') {
            i++;
        } else {
            int digits = i;
            while (i < to && isDigit(text[i])) {
                i++;
            }
            if (i == digits) {
                return false;
            }
        }
        if (i < to && text[i] == '.') {
            int digits = ++i;
            while (i < to && isDigit(text[i])) {
                i++;
            }
            if (i == digits) {
                return false;
            }
        }
        if (i < to && (text[i] == 'e' || text[i] == 'E')) {
            i++;
            if (i < to && (text[i] == '+' || text[i] == '-')) {
                i++;
            }
            int digits = i;
            while (i < to && isDigit(text[i])) {
                i++;
            }
            if (i == digits) {
                return false;
            }
        }
        return i == to;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private int integer(String field) throws BadRequestException {
        skipSpace();
        int start = pos;
        while (pos < end && isNumberChar(text[pos])) {
            pos++;
        }
        String literal = new String(text, start, pos - start, StandardCharsets.US_ASCII);
        try {
            return Integer.parseInt(literal);
        } catch (NumberFormatException e) {
            throw error("\"" + field + "\" must be an integer, got '" + literal + "'");
        }
    }

    private String string() throws BadRequestException {
        expect('"');
        int start = pos;
        while (pos < end && text[pos] != '"') {
            if (text[pos] == '\\') {
                throw error("escapes are not expected in field names");
            }
            pos++;
        }
        if (pos == end) {
            throw error("unterminated string");
        }
        String s = new String(text, start, pos - start, StandardCharsets.UTF_8);
        pos++;
        return s;
    }

    private static boolean isNumberChar(byte b) {
        return (b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E';
    }

    private void skipSpace() {
        while (pos < end && (text[pos] == ' ' || text[pos] == '\n' || text[pos] == '\r' || text[pos] == '\t')) {
            pos++;
        }
    }

    private int peek() {
        skipSpace();
        return pos < end ? text[pos] : -1;
    }

    private boolean consume(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws BadRequestException {
        if (!consume(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private BadRequestException error(String what) {
        return new BadRequestException(400, "malformed_json", "malformed JSON at byte " + pos + ": " + what);
    }

    /** Writes {@code rows × cols} floats as a JSON array of arrays, each float in its shortest exact form. */
    static void appendRows(StringBuilder out, float[] values, int rows, int cols) {
        out.append('[');
        for (int r = 0; r < rows; r++) {
            out.append(r == 0 ? "[" : ",[");
            for (int j = 0; j < cols; j++) {
                if (j > 0) {
                    out.append(',');
                }
                out.append(values[r * cols + j]);
            }
            out.append(']');
        }
        out.append(']');
    }

    /** A growable float array: parsing does not know the row count in advance. */
    private static final class FloatList {
        private float[] values;
        private int size;

        FloatList(int capacity) {
            values = new float[capacity];
        }

        void add(float v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
