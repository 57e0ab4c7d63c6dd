package vmlp.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal, strict JSON reader and writer, for the headers of model files and the small documents
 * of the server: enough of RFC 8259 to read any header that safetensors writers produce, and
 * nothing more lenient.
 *
 * <p>Values come back as {@code Map<String, Object>} (insertion-ordered, duplicate keys rejected),
 * {@code List<Object>}, {@code String}, {@code Long} (numbers written without fraction or
 * exponent; one that does not fit a long is an error), {@code Double} (other numbers),
 * {@code Boolean} and {@link #NULL}. The reader is bounded: nesting deeper than {@code maxDepth}
 * is an error, so a hostile header cannot exhaust the stack; its size is bounded by the caller,
 * who has already checked the text's length.
 */
public final class Json {

    /** JSON {@code null}. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Malformed JSON; the message says what was expected and at which character. */
    public static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            super(message);
        }
    }

    private final String text;
    private final int maxDepth;
    private int pos;

    private Json(String text, int maxDepth) {
        this.text = text;
        this.maxDepth = maxDepth;
    }

    /**
     * Parses {@code text}, which must hold exactly one value (whitespace around it allowed).
     *
     * @throws SyntaxException when it is not valid JSON or nests deeper than {@code maxDepth}
     */
    public static Object parse(String text, int maxDepth) throws SyntaxException {
        Json p = new Json(text, maxDepth);
        p.skipWhitespace();
        Object value = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("unexpected text after the value");
        }
        return value;
    }

    private Object value(int depth) throws SyntaxException {
        if (pos >= text.length()) {
            throw error("unexpected end, expected a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected character '" + printable(c) + "', expected a value");
            }
        };
    }

    private Map<String, Object> object(int depth) throws SyntaxException {
        checkDepth(depth);
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a string key");
            }
            int keyAt = pos;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object v = value(depth);
            if (map.putIfAbsent(key, v) != null) {
                pos = keyAt;
                throw error("duplicate key \"" + key + "\"");
            }
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) throws SyntaxException {
        checkDepth(depth);
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipWhitespace();
            list.add(value(depth));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() throws SyntaxException {
        pos++; // opening quote
        StringBuilder s = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return s.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("control character in a string");
            }
            if (c != '\\') {
                s.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated escape");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> s.append(e);
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'n' -> s.append('\n');
                case 'r' -> s.append('\r');
                case 't' -> s.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("unterminated \\u escape");
                    }
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = Character.digit(text.charAt(pos++), 16);
                        if (digit < 0) {
                            pos--;
                            throw error("bad hex digit in a \\u escape");
                        }
                        code = code * 16 + digit;
                    }
                    s.append((char) code);
                }
                default -> {
                    pos--;
                    throw error("unknown escape '\\" + printable(e) + "'");
                }
            }
        }
    }

    private Object number() throws SyntaxException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            throw error("expected a digit");
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after '.'");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        String literal = text.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("integer " + abbreviate(literal) + " does not fit 64 bits");
            }
        }
        return Double.parseDouble(literal);
    }

    private Object literal(String word, Object value) throws SyntaxException {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected word, expected a value");
        }
        pos += word.length();
        return value;
    }

    private void checkDepth(int depth) throws SyntaxException {
        if (depth > maxDepth) {
            throw error("nested deeper than " + maxDepth + " levels");
        }
    }

    private void expect(char c) throws SyntaxException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    /** The next character, or 0 at the end (0 is never valid outside a string). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private SyntaxException error(String problem) {
        return new SyntaxException(problem + " at character " + pos);
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }

    private static String abbreviate(String s) {
        return s.length() <= 30 ? s : s.substring(0, 27) + "...";
    }

    // ---------------------------------------------------------------------------------- writing

    /**
     * {@code value} as compact JSON: maps (with string keys), lists, strings, integral numbers
     * ({@code Integer}, {@code Long}), finite floats and doubles, booleans and {@link #NULL}.
     *
     * @throws IllegalArgumentException for any other value, or a non-finite number
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case String s -> quote(s, out);
            case Integer i -> out.append(i.intValue());
            case Long l -> out.append(l.longValue());
            case Float f when Float.isFinite(f) -> out.append(f.floatValue());
            case Double d when Double.isFinite(d) -> out.append(d.doubleValue());
            case Boolean b -> out.append(b.booleanValue());
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("JSON object keys must be strings, got " + e.getKey());
                    }
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    quote(key, out);
                    out.append(':');
                    write(e.getValue(), out);
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(list.get(i), out);
                }
                out.append(']');
            }
            default -> {
                if (value == NULL) {
                    out.append("null");
                } else {
                    throw new IllegalArgumentException("cannot write " + value + " as JSON");
                }
            }
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
