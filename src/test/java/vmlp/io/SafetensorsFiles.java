package vmlp.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/** Reads and crafts safetensors files byte by byte, for tests that need files no writer would make. */
final class SafetensorsFiles {

    /** A file taken apart: its header as parsed JSON (editable) and its data section. */
    record Parts(Map<String, Object> header, byte[] data) {
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata() {
            return (Map<String, Object>) header.get("__metadata__");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> tensor(String name) {
            return (Map<String, Object>) header.get(name);
        }
    }

    private SafetensorsFiles() {}

    @SuppressWarnings("unchecked")
    static Parts read(Path file) throws Exception {
        byte[] all = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        String text = new String(all, 8, (int) n, StandardCharsets.UTF_8);
        Map<String, Object> header = new LinkedHashMap<>((Map<String, Object>) Json.parse(text, 8));
        header.replaceAll((k, v) -> v instanceof Map<?, ?> m ? new LinkedHashMap<>(m) : v);
        return new Parts(header, Arrays.copyOfRange(all, 8 + (int) n, all.length));
    }

    /** Writes the header (as JSON) and the data; with {@code fixChecksum}, vmlp.checksum is recomputed. */
    static void write(Path file, Parts parts, boolean fixChecksum) throws IOException {
        if (fixChecksum) {
            parts.metadata().put("vmlp.checksum", crc(parts.data()));
        }
        writeRaw(file, Json.write(parts.header()), parts.data());
    }

    /** Writes {@code header} as it is (no padding) with an honest length field, then {@code data}. */
    static void writeRaw(Path file, String header, byte[] data) throws IOException {
        byte[] text = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(text.length).put(text).put(data);
        Files.write(file, b.array());
    }

    /** A header of F32 tensors laid one after another, from (name, shape...) pairs. */
    static String header(Map<String, String> metadata, Object... namesAndShapes) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (metadata != null) {
            json.put("__metadata__", metadata);
        }
        long offset = 0;
        for (int i = 0; i < namesAndShapes.length; i += 2) {
            long[] shape = (long[]) namesAndShapes[i + 1];
            long bytes = 4 * Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            json.put((String) namesAndShapes[i], Map.of("dtype", "F32",
                    "shape", Arrays.stream(shape).boxed().toList(), "data_offsets", List.of(offset, offset + bytes)));
            offset += bytes;
        }
        return Json.write(json);
    }

    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    static String crc(byte[] data) {
        CRC32C c = new CRC32C();
        c.update(data);
        return String.format("crc32c:%08x", c.getValue());
    }
}
