package vmlp.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The safetensors layout, float32 only: an 8-byte little-endian unsigned header length {@code n},
 * {@code n} bytes of UTF-8 JSON, then the data section of raw little-endian values.
 *
 * <p>The header maps each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}}
 * (offsets relative to the data section) and may hold {@code "__metadata__"}, an object of strings.
 * {@link #readHeader} checks everything the header claims against the file before anything is
 * allocated whose size the file chooses: the length against the file size and a fixed cap, the
 * JSON's shape, each dtype, each shape's element count against its offsets, and that the tensors
 * tile the data section exactly (no overlap, no gap, nothing after), as the format requires.
 */
final class SafeTensors {

    /** The largest header read (the reference implementation's limit too). */
    static final long MAX_HEADER_BYTES = 100_000_000;
    /** {@code {"name": {"shape": [..]}}} is three levels; a little room, no more. */
    static final int MAX_JSON_DEPTH = 8;
    /** Bytes per read or write of the data section. */
    static final int CHUNK_BYTES = 1 << 16;
    static final String DTYPE = "F32";
    static final String METADATA = "__metadata__";

    /** One tensor: its name, shape, and where its bytes are in the data section. */
    record Tensor(String name, long[] shape, long begin, long end) {
        long elements() {
            return (end - begin) / Float.BYTES;
        }

        String shapeText() {
            return Arrays.toString(shape);
        }
    }

    /** What the header says, checked against the file: tensors in data-section order. */
    record Header(long dataStart, long dataBytes, Map<String, String> metadata, List<Tensor> tensors) {}

    private SafeTensors() {}

    // ---------------------------------------------------------------------------------- reading

    static Header readHeader(FileChannel channel, Path file) throws IOException {
        long size = channel.size();
        if (size < Long.BYTES) {
            throw new ModelFormatException(file, "is " + size + " bytes, too short for the 8-byte header"
                    + " length that starts a safetensors file");
        }
        ByteBuffer lengthField = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthField, 0, file, "the header length");
        long claimed = lengthField.getLong(0);
        long available = size - Long.BYTES;
        // every check on the claimed length comes before the header buffer is allocated
        if (claimed < 0 || claimed > available) {
            throw new ModelFormatException(file, "header claims " + Long.toUnsignedString(claimed)
                    + " bytes but only " + available + " follow the length field (truncated or not a"
                    + " safetensors file)");
        }
        if (claimed > MAX_HEADER_BYTES) {
            throw new ModelFormatException(file, "header of " + claimed + " bytes is over the limit of "
                    + MAX_HEADER_BYTES);
        }
        if (claimed < 2) {
            throw new ModelFormatException(file, "header of " + claimed + " bytes cannot hold a JSON object");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) claimed);
        readFully(channel, headerBytes, Long.BYTES, file, "the header");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(headerBytes.flip()).toString();
        } catch (CharacterCodingException e) {
            throw new ModelFormatException(file, "header is not valid UTF-8", e);
        }
        Object json;
        try {
            json = Json.parse(text, MAX_JSON_DEPTH);
        } catch (Json.SyntaxException e) {
            throw new ModelFormatException(file, "header is not valid JSON: " + e.getMessage(), e);
        }
        long dataStart = Long.BYTES + claimed;
        long dataBytes = size - dataStart;
        return interpret(json, dataStart, dataBytes, file);
    }

    private static Header interpret(Object json, long dataStart, long dataBytes, Path file)
            throws ModelFormatException {
        if (!(json instanceof Map<?, ?> top)) {
            throw new ModelFormatException(file, "header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Tensor> tensors = new ArrayList<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA)) {
                if (!(e.getValue() instanceof Map<?, ?> entries)) {
                    throw new ModelFormatException(file, "header's " + METADATA + " is not an object");
                }
                for (Map.Entry<?, ?> m : entries.entrySet()) {
                    if (!(m.getValue() instanceof String value)) {
                        throw new ModelFormatException(file, "metadata " + quoted((String) m.getKey())
                                + " is not a string (safetensors metadata values are strings)");
                    }
                    metadata.put((String) m.getKey(), value);
                }
            } else {
                tensors.add(tensor(name, e.getValue(), dataBytes, file));
            }
        }
        // the tensors must tile the data section: sorted by offset, each starts where the last ended
        tensors.sort(Comparator.comparingLong(Tensor::begin).thenComparingLong(Tensor::end));
        long cursor = 0;
        Tensor previous = null;
        for (Tensor t : tensors) {
            if (t.begin() < cursor) {
                throw new ModelFormatException(file, "tensor " + quoted(t.name()) + " at bytes ["
                        + t.begin() + ", " + t.end() + ") overlaps tensor " + quoted(previous.name())
                        + " at [" + previous.begin() + ", " + previous.end() + ")");
            }
            if (t.begin() > cursor) {
                throw new ModelFormatException(file, "bytes [" + cursor + ", " + t.begin()
                        + ") of the data section belong to no tensor");
            }
            cursor = t.end();
            previous = t;
        }
        if (cursor != dataBytes) {
            throw new ModelFormatException(file, "the data section has " + dataBytes + " bytes but the"
                    + " tensors cover " + cursor + " (trailing bytes)");
        }
        return new Header(dataStart, dataBytes, metadata, List.copyOf(tensors));
    }

    private static Tensor tensor(String name, Object value, long dataBytes, Path file)
            throws ModelFormatException {
        String what = "tensor " + quoted(name);
        if (!(value instanceof Map<?, ?> fields)) {
            throw new ModelFormatException(file, what + " is not an object");
        }
        for (Object key : fields.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw new ModelFormatException(file, what + " has an unknown field " + quoted((String) key));
            }
        }
        if (!(fields.get("dtype") instanceof String dtype)) {
            throw new ModelFormatException(file, what + " has no string dtype");
        }
        if (!dtype.equals(DTYPE)) {
            throw new ModelFormatException(file, what + " has dtype " + quoted(dtype) + "; vmlp reads only "
                    + DTYPE);
        }
        long[] shape = longs(fields.get("shape"), -1, what + " shape", file);
        long[] offsets = longs(fields.get("data_offsets"), 2, what + " data_offsets", file);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end) {
            throw new ModelFormatException(file, what + " data_offsets [" + begin + ", " + end
                    + "] end before they begin");
        }
        if (end > dataBytes) {
            throw new ModelFormatException(file, what + " data_offsets [" + begin + ", " + end
                    + "] run past the data section of " + dataBytes + " bytes (truncated, or the header is wrong)");
        }
        long elements = 1;
        for (long d : shape) {
            elements = multiplyOrMinus(elements, d);
        }
        long bytes = multiplyOrMinus(elements, Float.BYTES);
        if (bytes < 0) {
            throw new ModelFormatException(file, what + " shape " + Arrays.toString(shape)
                    + " has more elements than 64 bits count");
        }
        if (bytes != end - begin) {
            throw new ModelFormatException(file, what + " shape " + Arrays.toString(shape) + " needs "
                    + bytes + " bytes of " + DTYPE + " but data_offsets [" + begin + ", " + end + "] span "
                    + (end - begin));
        }
        return new Tensor(name, shape, begin, end);
    }

    /** A JSON array of non-negative integers ({@code length} of them unless it is -1). */
    private static long[] longs(Object value, int length, String what, Path file) throws ModelFormatException {
        if (!(value instanceof List<?> list)) {
            throw new ModelFormatException(file, what + " is missing or not an array");
        }
        if (length >= 0 && list.size() != length) {
            throw new ModelFormatException(file, what + " has " + list.size() + " entries, expected " + length);
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long v) || v < 0) {
                throw new ModelFormatException(file, what + " entry " + i + " (" + list.get(i)
                        + ") is not a non-negative integer");
            }
            out[i] = v;
        }
        return out;
    }

    private static long multiplyOrMinus(long a, long b) {
        if (a < 0) {
            return -1;
        }
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    /**
     * The CRC32C of the data section, read in chunks of {@link #CHUNK_BYTES} (so a check of the
     * whole file allocates nothing that grows with it).
     */
    static long checksum(FileChannel channel, Header header, Path file) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);
        long position = header.dataStart();
        long end = position + header.dataBytes();
        while (position < end) {
            int chunk = (int) Math.min(CHUNK_BYTES, end - position);
            buffer.clear().limit(chunk);
            readFully(channel, buffer, position, file, "the data section");
            crc.update(buffer.flip());
            position += chunk;
        }
        return crc.getValue();
    }

    /** Reads one tensor's values into {@code dst} from {@code offset}. */
    static void readTensor(FileChannel channel, Header header, Tensor tensor, float[] dst, int offset, Path file)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long position = header.dataStart() + tensor.begin();
        long end = header.dataStart() + tensor.end();
        int at = offset;
        while (position < end) {
            int chunk = (int) Math.min(CHUNK_BYTES, end - position);
            buffer.clear().limit(chunk);
            readFully(channel, buffer, position, file, "tensor " + quoted(tensor.name()));
            buffer.flip().asFloatBuffer().get(dst, at, chunk / Float.BYTES);
            at += chunk / Float.BYTES;
            position += chunk;
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path file, String what)
            throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new ModelFormatException(file, "ends at byte " + at + " inside " + what
                        + " (the file shrank while it was read)");
            }
            at += n;
        }
    }

    // ---------------------------------------------------------------------------------- writing

    /**
     * The 8-byte length and the header for these tensors, padded with spaces so that the data
     * section starts at a multiple of 8 bytes (as the reference writer does).
     *
     * @throws IllegalArgumentException when a metadata string cannot be encoded as UTF-8 (a lone
     *     surrogate)
     */
    static ByteBuffer header(Map<String, String> metadata, List<Tensor> tensors) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(METADATA, metadata);
        for (Tensor t : tensors) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("dtype", DTYPE);
            fields.put("shape", Arrays.stream(t.shape()).boxed().toList());
            fields.put("data_offsets", List.of(t.begin(), t.end()));
            json.put(t.name(), fields);
        }
        ByteBuffer text;
        try {
            text = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(Json.write(json)));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("metadata holds text that is not valid Unicode", e);
        }
        int length = text.remaining();
        int padded = (length + Long.BYTES - 1) / Long.BYTES * Long.BYTES;
        ByteBuffer out = ByteBuffer.allocate(Long.BYTES + padded).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(text);
        while (out.hasRemaining()) {
            out.put((byte) ' ');
        }
        return out.flip();
    }

    /** Passes {@code values} as little-endian bytes, {@link #CHUNK_BYTES} at a time, to {@code sink}. */
    static void forEachChunk(float[] values, ChunkSink sink) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = CHUNK_BYTES / Float.BYTES;
        for (int i = 0; i < values.length; i += perChunk) {
            int n = Math.min(perChunk, values.length - i);
            buffer.clear();
            buffer.asFloatBuffer().put(values, i, n);
            buffer.limit(n * Float.BYTES);
            sink.accept(buffer);
        }
    }

    /** Takes one chunk of bytes (its position to its limit). */
    @FunctionalInterface
    interface ChunkSink {
        void accept(ByteBuffer chunk) throws IOException;
    }

    /** The name as it appears in a message: quoted, and cut if a hostile file made it long. */
    static String quoted(String name) {
        String shown = name.length() <= 60 ? name : name.substring(0, 57) + "...";
        StringBuilder s = new StringBuilder("'");
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            s.append(c >= 0x20 && c != 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return s.append('\'').toString();
    }
}
