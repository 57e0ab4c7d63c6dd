package vmlp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxLoaderTest {

    @TempDir
    Path dir;

    /** An IDX file: magic 00 00 type rank, big-endian sizes, then the payload. */
    private static byte[] idx(int type, int[] dims, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(payload).array();
    }

    private Path write(String name, byte[] content, boolean gzip) throws IOException {
        byte[] bytes = content;
        if (gzip) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(out)) {
                z.write(content);
            }
            bytes = out.toByteArray();
        }
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] pixels() {
        byte[] p = new byte[3 * 2 * 2];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (i * 23);   // 0 … 253, above 127 as unsigned bytes
        }
        return p;
    }

    @Test
    void rawAndGzipImagesAndLabelsMakeADataSetScaledToOne() throws IOException {
        for (boolean gzip : new boolean[] {false, true}) {
            Path images = write("img" + gzip, idx(0x08, new int[] {3, 2, 2}, pixels()), gzip);
            Path labels = write("lab" + gzip, idx(0x08, new int[] {3}, new byte[] {7, 0, 9}), gzip);
            assertTrue(IdxLoader.isIdx(images));
            Dataset d = IdxLoader.load(images, labels);
            assertEquals(3, d.rows());
            assertEquals(4, d.cols());
            assertEquals(10, d.classes());
            assertArrayEquals(new int[] {7, 0, 9}, d.labels());
            assertEquals(253 / 255f, d.features()[11]);
            assertEquals(23 / 255f, d.features()[1]);
        }
    }

    @Test
    void otherTypesAreReadBigEndian() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).putFloat(1.5f).putFloat(-2f);
        IdxLoader.Idx floats = IdxLoader.read(write("f", idx(0x0D, new int[] {2, 1}, b.array()), false));
        assertArrayEquals(new float[] {1.5f, -2f}, floats.floats(1f));
        ByteBuffer s = ByteBuffer.allocate(4).putShort((short) 300).putShort((short) -5);
        assertArrayEquals(new int[] {300, -5}, IdxLoader.read(write("s", idx(0x0B, new int[] {2}, s.array()), true)).ints());
    }

    @Test
    void aCsvIsNotIdx() throws IOException {
        assertFalse(IdxLoader.isIdx(write("a.csv", "a,b\n1,2\n".getBytes(), false)));
    }

    private void assertMalformed(byte[] content, boolean gzip, String... parts) throws IOException {
        Path file = write("bad" + gzip, content, gzip);
        var e = assertThrows(MalformedDataException.class, () -> IdxLoader.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }

    @Test
    void badFilesAreClearErrors() throws IOException {
        assertMalformed(new byte[] {0, 0}, false, "2 bytes, too short");
        assertMalformed("P5\n28 28\n".getBytes(), false, "byte 0: magic number 0x50350a32 is not IDX");
        assertMalformed(idx(0x07, new int[] {1}, new byte[1]), false, "byte 2: unknown IDX data type 0x07");
        assertMalformed(idx(0x08, new int[] {}, new byte[0]), false, "byte 3", "at least 1 dimension");
        byte[] truncated = idx(0x08, new int[] {3, 2, 2}, pixels());
        byte[] cut = java.util.Arrays.copyOf(truncated, truncated.length - 5);
        assertMalformed(cut, false, "file is 23 bytes but the header (ubyte [3, 2, 2]) needs 28");
        assertMalformed(cut, true, "uncompressed size is 23 bytes but the header (ubyte [3, 2, 2]) needs 28");
        byte[] longer = java.util.Arrays.copyOf(truncated, truncated.length + 1);
        assertMalformed(longer, false, "29 bytes", "needs 28");
        assertMalformed(idx(0x08, new int[] {-1}, new byte[0]), false, "byte 4: dimension 0 has negative size -1");
        assertMalformed(idx(0x0E, new int[] {65536, 65536}, new byte[0]), false, "more than one Java array holds");
    }

    @Test
    void labelsThatDoNotMatchTheImagesAreRefused() throws IOException {
        Path images = write("img", idx(0x08, new int[] {3, 2, 2}, pixels()), false);
        Path two = write("two", idx(0x08, new int[] {2}, new byte[] {1, 2}), false);
        var e = assertThrows(MalformedDataException.class, () -> IdxLoader.load(images, two));
        assertTrue(e.getMessage().contains("2 labels for 3 images"), e.getMessage());
        Path matrix = write("matrix", idx(0x08, new int[] {3, 1}, new byte[] {1, 2, 3}), false);
        e = assertThrows(MalformedDataException.class, () -> IdxLoader.load(images, matrix));
        assertTrue(e.getMessage().contains("labels must be a vector"), e.getMessage());
        Path floats = write("floats", idx(0x0D, new int[] {3}, new byte[12]), false);
        e = assertThrows(MalformedDataException.class, () -> IdxLoader.load(images, floats));
        assertTrue(e.getMessage().contains("holds float values; integer labels were expected"), e.getMessage());
    }
}
