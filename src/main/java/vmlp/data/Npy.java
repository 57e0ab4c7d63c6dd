package vmlp.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NumPy's {@code .npy} format: read 1-D and 2-D arrays of float32, float64, uint8, int32 and int64
 * (little-endian, C order) and write float32 and int32 ones.
 *
 * <p>A file is the magic {@code \x93NUMPY}, a version byte pair (1.0, 2.0 or 3.0), the header's
 * length (2 bytes in 1.0, 4 in 2.0 and 3.0, little-endian), the header, a Python dict literal such
 * as {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}, then the raw data. The
 * reader parses the dict strictly (exactly those three keys; strings, booleans and a tuple of
 * integers) and checks that {@code rows × cols × itemsize} is exactly the rest of the file before
 * it allocates anything of the file's choosing. Anything else, a big-endian or Fortran-order array,
 * three dimensions, an object or structured dtype, gives a {@link MalformedDataException} naming
 * the file and the problem.
 *
 * <p>The writer writes version 1.0 with the header padded to 128 bytes (a multiple of 64, as
 * numpy pads), atomically: a temporary file in the same folder renamed over the target. For files
 * larger than memory use {@link NpyReader} and {@link NpyWriter}.
 */
public final class Npy {

    /** The element types read; only {@link #FLOAT32} and {@link #INT32} are written. */
    public enum DType {
        FLOAT32("<f4", 4),
        FLOAT64("<f8", 8),
        UINT8("|u1", 1),
        INT32("<i4", 4),
        INT64("<i8", 8);

        private final String descr;
        private final int size;

        DType(String descr, int size) {
            this.descr = descr;
            this.size = size;
        }

        /** numpy's name for it, e.g. {@code <f4}. */
        public String descr() {
            return descr;
        }

        /** Bytes per element. */
        public int size() {
            return size;
        }
    }

    /** A checked header: {@code dimensions} is 1 or 2, a 1-D array has {@code cols} 1. */
    record Header(DType dtype, int dimensions, long rows, int cols, long dataOffset) {}

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Headers longer than this are not plain arrays (numpy's own reader stops at 10 000 by default). */
    static final int MAX_HEADER_BYTES = 65_536;
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private Npy() {}

    /**
     * The whole array as floats (any supported dtype, converted).
     *
     * @throws MalformedDataException when the file is not an NPY file vmlp reads, or holds more
     *     values than one array can (then read it in chunks with {@link NpyReader})
     */
    public static Matrix readMatrix(Path file) throws IOException {
        try (NpyReader in = NpyReader.open(file)) {
            long count = in.rows() * in.cols();
            if (count > MAX_ARRAY) {
                throw new MalformedDataException(file.toString(), 0, "holds " + count
                        + " values, more than one array can hold; read it in chunks with NpyReader");
            }
            float[] values = new float[(int) count];
            in.readRows(values, (int) in.rows());
            return new Matrix(values, (int) in.rows(), in.cols());
        }
    }

    /**
     * Class labels: a 1-D array (or {@code n × 1}) of any supported dtype whose values are whole
     * numbers from 0 up.
     *
     * @throws MalformedDataException when the file is not such an array, naming the first bad value
     */
    public static int[] readLabels(Path file) throws IOException {
        try (NpyReader in = NpyReader.open(file)) {
            if (in.cols() != 1) {
                throw new MalformedDataException(file.toString(), 0, "labels must be 1-D (or one column), got "
                        + in.rows() + " × " + in.cols());
            }
            if (in.rows() > MAX_ARRAY) {
                throw new MalformedDataException(file.toString(), 0, "holds " + in.rows()
                        + " labels, more than one array can hold");
            }
            int[] labels = new int[(int) in.rows()];
            in.readLabels(labels, 0, labels.length);
            return labels;
        }
    }

    /**
     * A classification data set from a features file ({@code rows × cols}, finite values) and a
     * labels file ({@code rows} whole numbers).
     *
     * @throws MalformedDataException when either file is malformed, a feature is not finite, or the
     *     row counts differ
     */
    public static Dataset readClassification(Path features, Path labels) throws IOException {
        Matrix x = readFeatures(features);
        int[] y = readLabels(labels);
        if (y.length != x.rows()) {
            throw new MalformedDataException(labels.toString(), 0, y.length + " labels for the " + x.rows()
                    + " rows of " + features);
        }
        return Dataset.classification(x.values(), x.rows(), x.cols(), y);
    }

    /**
     * A regression data set from a features file and a targets file ({@code rows} values, or
     * {@code rows × targetCols}).
     *
     * @throws MalformedDataException when either file is malformed, a value is not finite, or the
     *     row counts differ
     */
    public static Dataset readRegression(Path features, Path targets) throws IOException {
        Matrix x = readFeatures(features);
        Matrix t = readFeatures(targets);
        if (t.rows() != x.rows()) {
            throw new MalformedDataException(targets.toString(), 0, t.rows() + " target rows for the "
                    + x.rows() + " rows of " + features);
        }
        return Dataset.regression(x.values(), x.rows(), x.cols(), t.values(), t.cols());
    }

    private static Matrix readFeatures(Path file) throws IOException {
        Matrix m = readMatrix(file);
        float[] v = m.values();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new MalformedDataException(file.toString(), 0, "value [" + i / m.cols() + ", "
                        + i % m.cols() + "] is " + v[i]);
            }
        }
        return m;
    }

    /** Writes a 2-D float32 array of {@code rows × cols} (row-major {@code values}). */
    public static void writeMatrix(Path file, float[] values, int rows, int cols) throws IOException {
        if (rows < 0 || cols < 1 || (long) rows * cols != values.length) {
            throw new IllegalArgumentException(values.length + " values are not " + rows + " rows × " + cols
                    + " columns");
        }
        try (NpyWriter out = NpyWriter.create(file, cols)) {
            out.writeRows(values, 0, rows);
            out.finish();
        }
    }

    /** Writes a 1-D float32 array. */
    public static void writeVector(Path file, float[] values) throws IOException {
        try (NpyWriter out = new NpyWriter(file, DType.FLOAT32, 1, true)) {
            out.writeRows(values, 0, values.length);
            out.finish();
        }
    }

    /** Writes a 1-D int32 array (class labels, for example). */
    public static void writeLabels(Path file, int[] labels) throws IOException {
        try (NpyWriter out = new NpyWriter(file, DType.INT32, 1, true)) {
            out.writeInts(labels);
            out.finish();
        }
    }

    // ---------------------------------------------------------------------------------- header

    /** Reads and checks the header of the file behind {@code channel}, named {@code source} in errors. */
    static Header readHeader(FileChannel channel, String source) throws IOException {
        long size = channel.size();
        if (size < MAGIC.length + 4) {
            throw new MalformedDataException(source, 0, "is " + size + " bytes, too short for an NPY header");
        }
        ByteBuffer prefix = ByteBuffer.allocate(MAGIC.length + 6).order(ByteOrder.LITTLE_ENDIAN);
        prefix.limit((int) Math.min(prefix.capacity(), size));
        readFully(channel, prefix, 0, source);
        for (int i = 0; i < MAGIC.length; i++) {
            if (prefix.get(i) != MAGIC[i]) {
                throw new MalformedDataException(source, 0, "is not an NPY file (it does not start with"
                        + " \\x93NUMPY)");
            }
        }
        int major = prefix.get(6) & 0xff;
        int minor = prefix.get(7) & 0xff;
        long headerLength;
        int lengthBytes;
        if (major == 1 && minor == 0) {
            lengthBytes = 2;
            headerLength = prefix.getShort(8) & 0xffff;
        } else if ((major == 2 || major == 3) && minor == 0) {
            lengthBytes = 4;
            if (size < MAGIC.length + 6) {
                throw new MalformedDataException(source, 0, "is " + size + " bytes, too short for an NPY "
                        + major + ".0 header");
            }
            headerLength = prefix.getInt(8) & 0xffffffffL;
        } else {
            throw new MalformedDataException(source, 0, "NPY version " + major + "." + minor
                    + " is not supported (1.0, 2.0 and 3.0 are)");
        }
        long dataOffset = MAGIC.length + 2 + lengthBytes + headerLength;
        // the claimed length is checked against the file and a cap before the header is allocated
        if (dataOffset > size) {
            throw new MalformedDataException(source, 0, "header claims " + headerLength + " bytes but only "
                    + (size - MAGIC.length - 2 - lengthBytes) + " follow (truncated)");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new MalformedDataException(source, 0, "header of " + headerLength + " bytes is over the"
                    + " limit of " + MAX_HEADER_BYTES + " (not a plain array)");
        }
        ByteBuffer raw = ByteBuffer.allocate((int) headerLength);
        readFully(channel, raw, MAGIC.length + 2 + lengthBytes, source);
        String text;
        try {
            // 1.0 and 2.0 headers are latin-1 (every byte decodes), 3.0 ones UTF-8
            text = major == 3
                    ? StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(raw.flip()).toString()
                    : StandardCharsets.ISO_8859_1.decode(raw.flip()).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedDataException(source, 0, "header is not valid UTF-8");
        }
        Map<String, Object> dict = new DictParser(text, source).parse();
        Header header = interpret(dict, dataOffset, source);
        long needed = multiplyOrMinus(multiplyOrMinus(header.rows(), header.cols()), header.dtype().size());
        long available = size - dataOffset;
        if (needed < 0) {
            throw new MalformedDataException(source, 0, "shape " + Arrays.toString((long[]) dict.get("shape"))
                    + " has more elements than 64 bits count");
        }
        if (needed != available) {
            throw new MalformedDataException(source, 0, "shape " + shapeText(header) + " of "
                    + header.dtype().descr() + " needs " + needed + " bytes of data after byte " + dataOffset
                    + " but the file has " + available + (needed > available ? " (truncated)" : " (trailing bytes)"));
        }
        return header;
    }

    private static Header interpret(Map<String, Object> dict, long dataOffset, String source) {
        if (!dict.keySet().equals(Set.of("descr", "fortran_order", "shape"))) {
            throw new MalformedDataException(source, 0, "header has keys " + dict.keySet()
                    + ", expected exactly descr, fortran_order and shape");
        }
        Object descr = dict.get("descr");
        if (!(descr instanceof String d)) {
            throw new MalformedDataException(source, 0, "descr " + descr + " is not a dtype string; vmlp reads"
                    + " plain arrays of <f4, <f8, |u1, <i4, <i8");
        }
        DType dtype = dtype(d, source);
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new MalformedDataException(source, 0, "fortran_order is not True or False");
        }
        if (fortran) {
            throw new MalformedDataException(source, 0, "is in Fortran (column-major) order; vmlp reads C order"
                    + " (save np.ascontiguousarray(a))");
        }
        if (!(dict.get("shape") instanceof long[] shape)) {
            throw new MalformedDataException(source, 0, "shape is not a tuple of integers");
        }
        return switch (shape.length) {
            case 1 -> new Header(dtype, 1, shape[0], 1, dataOffset);
            case 2 -> {
                if (shape[1] < 1 || shape[1] > Integer.MAX_VALUE) {
                    throw new MalformedDataException(source, 0, "shape (" + shape[0] + ", " + shape[1]
                            + ") needs 1 to " + Integer.MAX_VALUE + " columns");
                }
                yield new Header(dtype, 2, shape[0], (int) shape[1], dataOffset);
            }
            default -> throw new MalformedDataException(source, 0, "is a " + shape.length + "-D array "
                    + Arrays.toString(shape) + "; vmlp reads 1-D and 2-D arrays");
        };
    }

    private static DType dtype(String descr, String source) {
        for (DType t : DType.values()) {
            if (t.descr.equals(descr)) {
                return t;
            }
        }
        if (descr.equals("<u1") || descr.equals(">u1") || descr.equals("u1")) {
            return DType.UINT8;
        }
        if (descr.startsWith(">")) {
            throw new MalformedDataException(source, 0, "dtype '" + descr + "' is big-endian; vmlp reads"
                    + " little-endian (save a.astype('<" + descr.substring(1) + "'))");
        }
        if (descr.contains("O")) {
            throw new MalformedDataException(source, 0, "holds Python objects (dtype '" + descr
                    + "'); vmlp reads numeric arrays and never unpickles");
        }
        throw new MalformedDataException(source, 0, "dtype '" + descr + "' is not supported; vmlp reads"
                + " <f4, <f8, |u1, <i4, <i8");
    }

    private static String shapeText(Header h) {
        return h.dimensions() == 1 ? "(" + h.rows() + ",)" : "(" + h.rows() + ", " + h.cols() + ")";
    }

    private static long multiplyOrMinus(long a, long b) {
        if (a < 0 || b < 0) {
            return -1;
        }
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position, String source)
            throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new MalformedDataException(source, 0, "ends at byte " + at + ", inside the header");
            }
            at += n;
        }
    }

    /**
     * The version 1.0 header for this array, padded with spaces to {@link NpyWriter#HEADER_BYTES}
     * bytes in all (magic and length included) and ending in a newline.
     */
    static byte[] header(DType dtype, boolean vector, long rows, int cols) {
        String shape = vector ? "(" + rows + ",)" : "(" + rows + ", " + cols + ")";
        String dict = "{'descr': '" + dtype.descr() + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int textBytes = NpyWriter.HEADER_BYTES - MAGIC.length - 4;
        StringBuilder text = new StringBuilder(dict);
        while (text.length() < textBytes - 1) {
            text.append(' ');
        }
        text.append('\n');
        ByteBuffer out = ByteBuffer.allocate(NpyWriter.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) textBytes);
        out.put(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        return out.array();
    }

    /**
     * The header's dict literal: {@code {'key': value, ...}} with string keys and values that are
     * strings, {@code True}/{@code False}, or a tuple of non-negative integers (returned as
     * {@code long[]}). Anything else (a list: a structured dtype's descr) is an error.
     */
    private static final class DictParser {
        private final String text;
        private final String source;
        private int pos;

        DictParser(String text, String source) {
            this.text = text;
            this.source = source;
        }

        Map<String, Object> parse() {
            skipSpace();
            expect('{');
            Map<String, Object> dict = new LinkedHashMap<>();
            skipSpace();
            while (peek() != '}') {
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                if (dict.put(key, value()) != null) {
                    throw error("duplicate key '" + key + "'");
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                    skipSpace();
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'");
                }
            }
            pos++;
            skipSpace();
            if (pos != text.length()) {
                throw error("unexpected text after the dict");
            }
            return dict;
        }

        private Object value() {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (text.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            if (c == '(') {
                return tuple();
            }
            if (c == '[') {
                // a structured dtype, [('name', '<f4'), ...]: reported, not read
                throw new MalformedDataException(source, 0, "header holds a list at character " + pos
                        + " (a structured dtype); vmlp reads plain arrays of <f4, <f8, |u1, <i4, <i8");
            }
            throw error("unsupported value");
        }

        private long[] tuple() {
            pos++; // '('
            List<Long> values = new ArrayList<>();
            skipSpace();
            while (peek() != ')') {
                values.add(integer());
                if (values.size() > 32) {
                    throw error("more than 32 dimensions");
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                    skipSpace();
                } else if (peek() != ')') {
                    throw error("expected ',' or ')' in the shape");
                }
            }
            pos++;
            return values.stream().mapToLong(Long::longValue).toArray();
        }

        private long integer() {
            int start = pos;
            while (peek() >= '0' && peek() <= '9') {
                pos++;
            }
            if (pos == start) {
                throw error("expected a non-negative integer");
            }
            if (pos - start > 18) {
                throw error("dimension " + text.substring(start, Math.min(pos, start + 30)) + " is too large");
            }
            long value = Long.parseLong(text.substring(start, pos));
            if (peek() == 'L') {
                pos++; // written by Python 2's numpy, e.g. (3L, 4L)
            }
            return value;
        }

        private String string() {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("expected a quoted string");
            }
            int start = ++pos;
            while (pos < text.length() && text.charAt(pos) != quote) {
                if (text.charAt(pos) == '\\') {
                    throw error("escapes in strings are not supported");
                }
                pos++;
            }
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            return text.substring(start, pos++);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private char peek() {
            if (pos >= text.length()) {
                throw error("unexpected end of the header");
            }
            return text.charAt(pos);
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private MalformedDataException error(String problem) {
            return new MalformedDataException(source, 0, "header " + problem + " at character " + pos
                    + " of " + abbreviate(text.strip()));
        }

        private static String abbreviate(String s) {
            return s.length() <= 80 ? s : s.substring(0, 77) + "...";
        }
    }
}
