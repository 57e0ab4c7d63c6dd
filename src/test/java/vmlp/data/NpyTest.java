package vmlp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @TempDir
    Path dir;

    /** {@code np.arange(12).reshape(3, 4) / 4 - 1}, the values of the 2-D float fixtures. */
    private static final float[] GRID = {
        -1f, -0.75f, -0.5f, -0.25f, 0f, 0.25f, 0.5f, 0.75f, 1f, 1.25f, 1.5f, 1.75f};

    static Path fixture(String name) {
        try {
            return Path.of(NpyTest.class.getResource("/vmlp/data/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void numpyWrittenFloatMatricesReadInEveryVersion() throws IOException {
        for (String name : List.of("f4-2d.npy", "f8-2d.npy", "f4-2d-v2.npy", "f4-2d-v3.npy")) {
            Matrix m = Npy.readMatrix(fixture(name));
            assertEquals(3, m.rows(), name);
            assertEquals(4, m.cols(), name);
            assertArrayEquals(GRID, m.values(), name);
        }
    }

    @Test
    void numpyWrittenIntegerAndOneDimensionalArraysRead() throws IOException {
        Matrix bytes = Npy.readMatrix(fixture("u1-2d.npy"));
        float[] expected = new float[12];
        for (int i = 0; i < 12; i++) {
            expected[i] = i * 20;
        }
        assertArrayEquals(expected, bytes.values());
        assertEquals(4, bytes.cols());

        Matrix vector = Npy.readMatrix(fixture("f4-1d.npy"));
        assertEquals(3, vector.rows());
        assertEquals(1, vector.cols());
        assertArrayEquals(new float[] {0.5f, -1.25f, 3f}, vector.values());
        assertArrayEquals(new float[] {0, 7, 255}, Npy.readMatrix(fixture("u1-1d.npy")).values());

        assertArrayEquals(new int[] {2, 0, 1, 2}, Npy.readLabels(fixture("i4-1d.npy")));
        assertArrayEquals(new int[] {1, 0, 3}, Npy.readLabels(fixture("i8-1d.npy")));
        assertArrayEquals(new int[] {0, 7, 255}, Npy.readLabels(fixture("u1-1d.npy")));
        assertArrayEquals(new float[] {1, 0, 3}, Npy.readMatrix(fixture("i8-1d.npy")).values());
        try (NpyReader in = NpyReader.open(fixture("i8-1d.npy"))) {
            assertEquals(Npy.DType.INT64, in.dtype());
            assertEquals(1, in.dimensions());
        }
    }

    @Test
    void numpyWrittenArraysVmlpDoesNotReadGiveClearErrors() {
        assertProblem(fixture("big-endian.npy"), "big-endian");
        assertProblem(fixture("fortran-order.npy"), "Fortran");
        assertProblem(fixture("three-d.npy"), "3-D array [2, 2, 2]");
        assertProblem(fixture("object.npy"), "Python objects");
        assertProblem(fixture("f2.npy"), "dtype '<f2' is not supported");
    }

    @Test
    void featuresAndLabelsFilesMakeADataSet() throws IOException {
        Dataset data = Npy.readClassification(fixture("f4-2d.npy"), fixture("i8-1d.npy"));
        assertEquals(3, data.rows());
        assertEquals(4, data.cols());
        assertEquals(4, data.classes());
        assertArrayEquals(GRID, data.features());
        assertArrayEquals(new int[] {1, 0, 3}, data.labels());

        Dataset regression = Npy.readRegression(fixture("f8-2d.npy"), fixture("f4-1d.npy"));
        assertEquals(1, regression.targetCols());
        assertArrayEquals(new float[] {0.5f, -1.25f, 3f}, regression.targets());

        var e = assertThrows(MalformedDataException.class,
                () -> Npy.readClassification(fixture("f4-2d.npy"), fixture("i4-1d.npy")));
        assertTrue(e.getMessage().contains("4 labels for the 3 rows"), e.getMessage());
        var notWhole = assertThrows(MalformedDataException.class, () -> Npy.readLabels(fixture("f4-1d.npy")));
        assertTrue(notWhole.getMessage().contains("label 0.5 at index 0 is not a class"), notWhole.getMessage());
        var twoDimensional = assertThrows(MalformedDataException.class, () -> Npy.readLabels(fixture("f4-2d.npy")));
        assertTrue(twoDimensional.getMessage().contains("1-D"), twoDimensional.getMessage());
    }

    @Test
    void negativeLabelsAndNonFiniteFeaturesAreRejected() throws IOException {
        Path labels = dir.resolve("labels.npy");
        Npy.writeLabels(labels, new int[] {0, -3, 1});
        var e = assertThrows(MalformedDataException.class, () -> Npy.readLabels(labels));
        assertTrue(e.getMessage().startsWith(labels + ": label -3 at index 1"), e.getMessage());

        Path features = dir.resolve("x.npy");
        Npy.writeMatrix(features, new float[] {1, 2, Float.NaN, 4}, 2, 2);
        Npy.writeLabels(labels, new int[] {0, 1});
        var nan = assertThrows(MalformedDataException.class, () -> Npy.readClassification(features, labels));
        assertTrue(nan.getMessage().contains("value [1, 0] is NaN"), nan.getMessage());
    }

    @Test
    void writtenFilesReadBackBitForBit() throws IOException {
        float[] values = {0f, -0f, Float.MIN_VALUE, -Float.MAX_VALUE, 1e-30f, 3.14159f, Float.NaN,
            Float.POSITIVE_INFINITY, 7f, -2.5f, 1f / 3, 12345.678f};
        Path matrix = dir.resolve("m.npy");
        Npy.writeMatrix(matrix, values, 4, 3);
        Matrix m = Npy.readMatrix(matrix);
        assertEquals(4, m.rows());
        assertEquals(3, m.cols());
        assertArrayEquals(bits(values), bits(m.values()));
        assertEquals(128, headerBytes(matrix), "a version 1.0 header padded to a multiple of 64");

        Path vector = dir.resolve("v.npy");
        Npy.writeVector(vector, values);
        try (NpyReader in = NpyReader.open(vector)) {
            assertEquals(1, in.dimensions());
            assertEquals(values.length, in.rows());
        }
        assertArrayEquals(bits(values), bits(Npy.readMatrix(vector).values()));

        Path labels = dir.resolve("y.npy");
        int[] classes = {3, 0, 2, 1, 2_000_000_000};
        Npy.writeLabels(labels, classes);
        assertArrayEquals(classes, Npy.readLabels(labels));

        Path empty = dir.resolve("empty.npy");
        Npy.writeMatrix(empty, new float[0], 0, 5);
        Matrix none = Npy.readMatrix(empty);
        assertEquals(0, none.rows());
        assertEquals(5, none.cols());
    }

    @Test
    void streamingWriterAndReaderHandleManyChunks() throws IOException {
        int cols = 7;
        int rows = 10_001; // 280 KB: several of the 64 KiB chunks, and a tail
        float[] all = new float[rows * cols];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < all.length; i++) {
            all[i] = (float) random.nextGaussian();
        }
        Path file = dir.resolve("stream.npy");
        try (NpyWriter out = NpyWriter.create(file, cols)) {
            for (int r = 0; r < rows; r += 999) {
                out.writeRows(all, r * cols, Math.min(999, rows - r));
            }
            assertFalse(Files.exists(file), "the file appears only when finished");
            assertEquals(rows, out.rows());
            out.finish();
        }
        float[] back = new float[rows * cols];
        try (NpyReader in = NpyReader.open(file)) {
            assertEquals(rows, in.rows());
            assertEquals(cols, in.cols());
            float[] chunk = new float[333 * cols];
            int at = 0;
            for (int n; (n = in.readRows(chunk, 333)) > 0; ) {
                System.arraycopy(chunk, 0, back, at * cols, n * cols);
                at += n;
            }
            assertEquals(rows, at);
            assertEquals(0, in.remainingRows());
        }
        assertArrayEquals(all, back);
        assertOnly(file);
    }

    @Test
    void aWriterClosedWithoutFinishingLeavesThePreviousFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("out.npy");
        Npy.writeMatrix(file, new float[] {1, 2}, 1, 2);
        byte[] before = Files.readAllBytes(file);
        assertThrows(IllegalStateException.class, () -> {
            try (NpyWriter out = NpyWriter.create(file, 2)) {
                out.writeRows(new float[] {5, 6, 7, 8}, 0, 2);
                throw new IllegalStateException("the producer failed");
            }
        });
        assertArrayEquals(before, Files.readAllBytes(file));
        assertOnly(file);
    }

    @Test
    void aFileTruncatedAnywhereGivesAClearError() throws IOException {
        for (String name : List.of("f4-2d.npy", "f4-2d-v2.npy", "i8-1d.npy")) {
            byte[] whole = Files.readAllBytes(fixture(name));
            Path cut = dir.resolve("cut-" + name);
            for (int length = 0; length < whole.length; length++) {
                Files.write(cut, Arrays.copyOf(whole, length));
                var e = assertThrows(MalformedDataException.class, () -> Npy.readMatrix(cut),
                        name + " cut at " + length);
                assertTrue(e.getMessage().startsWith(cut + ": "), e.getMessage());
                String m = e.getMessage();
                assertTrue(m.contains("too short") || m.contains("header claims") || m.contains("truncated"), m);
            }
        }
    }

    @Test
    void hostileHeadersAreRejectedBeforeAnythingLargeIsAllocated() throws IOException {
        // a shape whose data would be 16 TB on a file of a few bytes
        assertProblem(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000, 4), }", 16),
                "needs 16000000000000 bytes of data");
        // a shape whose element count overflows 64 bits
        assertProblem(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (100000000000000000, 1000), }", 8),
                "more elements than 64 bits");
        assertProblem(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999, 1), }", 4),
                "too large");
        assertProblem(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3000000000), }", 8),
                "columns");
        assertProblem(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 0), }", 0), "columns");
        // a 2.0 header claiming 4 GB; a 1.0 header claiming 65535 bytes on a short file
        assertProblem(raw(2, 0xffff_ffffL, "{}"), "header claims 4294967295 bytes");
        assertProblem(raw(1, 0xffff, "{}"), "header claims 65535 bytes");
        // a 2.0 header longer than the cap, and really that long
        assertProblem(raw(2, 70_000, "{" + " ".repeat(69_999)), "over the limit");
        assertProblem(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 12), "trailing bytes");
        assertProblem(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", 4), "0-D array");
        assertProblem(npy(1, "{'descr': '<f4', 'fortran_order': False, }", 4), "expected exactly descr");
        assertProblem(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", 4),
                "unsupported value");
        assertProblem(npy(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", 4),
                "structured dtype");
        assertProblem(npy(1, "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", 4),
                "duplicate key");
        assertProblem(npy(1, "{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }", 4), "unsupported value");
        assertProblem(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", 4), "non-negative");
        assertProblem(npy(1, "{'descr': '<f4\\n', 'fortran_order': False, 'shape': (1,), }", 4), "escapes");
        assertProblem(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), } x", 4), "after the dict");
        assertProblem(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,", 4), "end of the header");
        Path version = dir.resolve("version.npy");
        byte[] good = Files.readAllBytes(fixture("f4-1d.npy"));
        good[6] = 4;
        Files.write(version, good);
        assertProblem(version, "NPY version 4.0 is not supported");
        Path magic = dir.resolve("magic.npy");
        Files.writeString(magic, "PK\u0003\u0004 not an npy file at all");
        assertProblem(magic, "not an NPY file");
    }

    @Test
    void python2StyleLongDimensionsRead() throws IOException {
        Path file = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1L, 2L), }", 8);
        Matrix m = Npy.readMatrix(file);
        assertEquals(2, m.cols());
    }

    // ---------------------------------------------------------------------------------- helpers

    private int fileCounter;

    /** An NPY file with this dict (padded as numpy pads) and {@code dataBytes} zero bytes of data. */
    private Path npy(int version, String dict, int dataBytes) throws IOException {
        int lengthBytes = version == 1 ? 2 : 4;
        StringBuilder text = new StringBuilder(dict);
        while ((10 + (lengthBytes - 2) + text.length() + 1) % 64 != 0) {
            text.append(' ');
        }
        text.append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(prefix(version, header.length));
        out.writeBytes(header);
        out.writeBytes(new byte[dataBytes]);
        Path file = dir.resolve("crafted-" + (fileCounter++) + ".npy");
        Files.write(file, out.toByteArray());
        return file;
    }

    /** An NPY file whose length field claims {@code claimed} bytes, followed by {@code text}. */
    private Path raw(int version, long claimed, String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix(version, claimed));
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        Path file = dir.resolve("raw-" + (fileCounter++) + ".npy");
        Files.write(file, out.toByteArray());
        return file;
    }

    private static byte[] prefix(int version, long headerLength) {
        ByteBuffer b = ByteBuffer.allocate(version == 1 ? 10 : 12).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Npy.MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            b.putShort((short) headerLength);
        } else {
            b.putInt((int) headerLength);
        }
        return b.array();
    }

    private static void assertProblem(Path file, String expected) {
        var e = assertThrows(MalformedDataException.class, () -> Npy.readMatrix(file), expected);
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    private static int headerBytes(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        return 10 + ((b[8] & 0xff) | (b[9] & 0xff) << 8);
    }

    private static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }

    private void assertOnly(Path file) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> left = files.filter(p -> !p.equals(file)).toList();
            assertEquals(List.of(), left, "temporary files left behind");
        }
        assertTrue(Files.exists(file));
    }
}
