package vmlp.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmlp.nn.Activation;

/**
 * Files no honest writer makes: each must give one {@link ModelFormatException} that starts with
 * the file and says what is wrong, and must fail on the header's claims alone, before anything of
 * the size those claims name is allocated.
 */
class ModelFileHostileTest {

    private static final List<Activation> RELU_SOFTMAX = List.of(Activation.RELU, Activation.SOFTMAX);

    @TempDir
    Path dir;

    private Path good;
    private SafetensorsFiles.Parts parts;
    private int counter;

    @BeforeEach
    void saveAGoodModel() throws Exception {
        good = dir.resolve("good.safetensors");
        ModelFile.save(good, ModelFileTest.network(1));
        parts = SafetensorsFiles.read(good);
    }

    @Test
    void aFileTruncatedAnywhereSaysWhereItEnds() throws IOException {
        byte[] whole = Files.readAllBytes(good);
        long headerEnd = 8 + ByteBuffer.wrap(whole).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        Path cut = dir.resolve("cut.safetensors");
        for (int length = 0; length < whole.length; length++) {
            Files.write(cut, Arrays.copyOf(whole, length));
            String m = problem(cut, null);
            String expected = length < 8 ? "too short for the 8-byte header length"
                    : length < headerEnd ? "follow the length field (truncated"
                    : "run past the data section";
            assertTrue(m.contains(expected), "cut at " + length + ": " + m);
        }
    }

    @Test
    void aHeaderLengthBeyondTheFileFailsBeforeItIsAllocated() throws IOException {
        Path file = dir.resolve("claims.safetensors");
        ByteBuffer b = ByteBuffer.allocate(100).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40);
        Files.write(file, b.array());
        assertProblem(file, "header claims 1099511627776 bytes but only 92 follow the length field");
        b.putLong(0, -1L);
        Files.write(file, b.array());
        assertProblem(file, "header claims 18446744073709551615 bytes");
        b.putLong(0, 1);
        Files.write(file, b.array());
        assertProblem(file, "header of 1 bytes cannot hold a JSON object");
    }

    @Test
    void aHeaderOverTheCapFailsEvenWhenTheFileIsThatLarge() throws IOException {
        // a sparse file of 100 MB: the bytes are claimed and present, and still not read
        Path file = dir.resolve("huge.safetensors");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, SafeTensors.MAX_HEADER_BYTES + 1));
            ch.write(ByteBuffer.wrap(new byte[] {'}'}), SafeTensors.MAX_HEADER_BYTES + 50);
        }
        assertProblem(file, "header of 100000001 bytes is over the limit of 100000000");
    }

    @Test
    void headersThatAreNotTheJsonOfASafetensorsFileAreRejected() throws IOException {
        assertProblem(raw("{\"a\": [1, 2,]}"), "not valid JSON: unexpected character ']'");
        assertProblem(raw("[1, 2]"), "header is not a JSON object");
        assertProblem(raw("[".repeat(100_000) + "]".repeat(100_000)), "nested deeper than 8 levels");
        assertProblem(raw("{\"x\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]},"
                + " \"x\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", 8), "duplicate key \"x\"");
        assertProblem(raw("{\"__metadata__\": {\"a\": 1}}"), "metadata 'a' is not a string");
        assertProblem(raw("{\"__metadata__\": [\"a\"]}"), "__metadata__ is not an object");
        assertProblem(raw("{\"x\": 1}"), "tensor 'x' is not an object");
        assertProblem(raw("{\"x\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4], \"y\": 0}}", 4),
                "unknown field 'y'");
        assertProblem(raw("{\"x\": {\"shape\": [1], \"data_offsets\": [0, 4]}}", 4), "no string dtype");
        assertProblem(raw("{\"x\": {\"dtype\": \"F32\", \"data_offsets\": [0, 4]}}", 4), "shape is missing");
        assertProblem(raw("{\"x\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0]}}", 4),
                "data_offsets has 1 entries, expected 2");
        assertProblem(raw("{\"x\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 4]}}", 4),
                "entry 0 (-1) is not a non-negative integer");
        assertProblem(raw("{\"x\": {\"dtype\": \"F32\", \"shape\": [1.5], \"data_offsets\": [0, 4]}}", 4),
                "entry 0 (1.5) is not a non-negative integer");
        assertProblem(raw("{\"x\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 99999999999999999999]}}", 4),
                "does not fit 64 bits");
        Path notUtf8 = dir.resolve("latin1.safetensors");
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(4).put(new byte[] {'{', (byte) 0xe9, ' ', '}'});
        Files.write(notUtf8, b.array());
        assertProblem(notUtf8, "header is not valid UTF-8");
    }

    @Test
    void onlyFloat32TensorsAreRead() throws IOException {
        for (String dtype : List.of("F16", "BF16", "F64", "I64", "U8", "BOOL")) {
            assertProblem(raw("{\"0.weight\": {\"dtype\": \"" + dtype + "\", \"shape\": [1, 1], \"data_offsets\": [0, 4]}}", 4),
                    "tensor '0.weight' has dtype '" + dtype + "'; vmlp reads only F32");
        }
    }

    @Test
    void offsetsOutOfRangeOverlappingOrWithGapsAreRejected() throws IOException {
        assertProblem(raw(tensors("a", 1, 0, 4, "b", 1, 4, 8), 4), "tensor 'b' data_offsets [4, 8] run past the"
                + " data section of 4 bytes");
        assertProblem(raw(tensors("a", 1, 0, 4, "b", 1, 2, 6), 8), "tensor 'b' at bytes [2, 6) overlaps tensor 'a'");
        assertProblem(raw(tensors("a", 1, 0, 4, "b", 1, 8, 12), 12), "bytes [4, 8) of the data section belong to no"
                + " tensor");
        assertProblem(raw(tensors("a", 1, 4, 8), 8), "bytes [0, 4) of the data section belong to no tensor");
        assertProblem(raw(tensors("a", 1, 0, 4), 8), "the data section has 8 bytes but the tensors cover 4");
        assertProblem(raw("{\"a\": {\"dtype\": \"F32\", \"shape\": [0], \"data_offsets\": [4, 0]}}", 4),
                "end before they begin");
        assertProblem(raw(tensors("a", 2, 0, 4), 4), "shape [2] needs 8 bytes of F32 but data_offsets [0, 4] span 4");
        assertProblem(raw("{\"a\": {\"dtype\": \"F32\", \"shape\": [1099511627776, 1099511627776, 1099511627776],"
                + " \"data_offsets\": [0, 4]}}", 4), "has more elements than 64 bits count");
        assertProblem(raw("{\"a\": {\"dtype\": \"F32\", \"shape\": [1099511627776, 1099511627776],"
                + " \"data_offsets\": [0, 4398046511104]}}", 4), "run past the data section of 4 bytes");
    }

    @Test
    void tensorsThatAreNotASequentialOfLinearLayersAreRejected() throws IOException {
        assertProblem(raw(tensors("fc1.weight", 1, 0, 4), 4), "tensor 'fc1.weight' is not a layer parameter",
                RELU_SOFTMAX);
        assertProblem(raw(tensors("00.weight", 1, 0, 4), 4), "tensor '00.weight' is not a layer parameter",
                RELU_SOFTMAX);
        assertProblem(raw("{}"), "holds no tensors", RELU_SOFTMAX);
        assertProblem(craft(null, "0.weight", shape(3, 2)), "layer 0 has a weight but no bias", RELU_SOFTMAX);
        assertProblem(craft(null, "0.bias", shape(3)), "layer 0 has a bias but no weight", RELU_SOFTMAX);
        assertProblem(craft(null, "0.weight", shape(6), "0.bias", shape(6)), "a Linear weight is [outputs, inputs]",
                RELU_SOFTMAX);
        assertProblem(craft(null, "0.weight", shape(3, 0), "0.bias", shape(3)), "both at least 1", RELU_SOFTMAX);
        assertProblem(craft(null, "0.weight", shape(3, 2), "0.bias", shape(2)),
                "tensor '0.bias' has shape [2] but its weight has 3 outputs", RELU_SOFTMAX);
        assertProblem(craft(null, "0.weight", shape(3, 2), "0.bias", shape(3), "2.weight", shape(2, 4), "2.bias",
                shape(2)), "takes 4 inputs but the layer before gives 3", RELU_SOFTMAX);
    }

    @Test
    void nonFiniteWeightsAreACorruptModel() throws IOException {
        byte[] data = SafetensorsFiles.floats(1, 2, 3, 4, 5, 6, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, Float.NaN);
        String header = SafetensorsFiles.header(null, "0.weight", shape(3, 2), "0.bias", shape(3),
                "2.weight", shape(2, 3), "2.bias", shape(2));
        Path file = dir.resolve("nan.safetensors");
        SafetensorsFiles.writeRaw(file, header, data);
        assertProblem(file, "tensor '2.bias' holds NaN at [1]", RELU_SOFTMAX);

        // a vmlp file whose checksum agrees with its infinite weight
        parts.data()[0] = 0;
        parts.data()[1] = 0;
        parts.data()[2] = (byte) 0x80;
        parts.data()[3] = (byte) 0x7f;
        Path inf = dir.resolve("inf.safetensors");
        SafetensorsFiles.write(inf, parts, true);
        assertProblem(inf, "tensor '0.weight' holds Infinity at [0, 0]");
    }

    @Test
    void aChangedByteFailsTheChecksum() throws Exception {
        for (int at : new int[] {0, 301, parts.data().length - 1}) {
            SafetensorsFiles.Parts p = SafetensorsFiles.read(good);
            p.data()[at] ^= 0x01;
            Path file = dir.resolve("flipped-" + at + ".safetensors");
            SafetensorsFiles.write(file, p, false);
            assertProblem(file, "checksum mismatch");
        }
    }

    @Test
    void brokenOrMissingVmlpMetadataIsRejected() throws Exception {
        assertProblem(edit(m -> m.remove("vmlp.checksum")), "has no vmlp.checksum");
        assertProblem(edit(m -> m.put("vmlp.checksum", "md5:1234")), "expected crc32c: and 8 hex digits");
        assertProblem(edit(m -> m.put("vmlp.format", "2")), "is vmlp model format '2'; this vmlp reads format 1");
        assertProblem(edit(m -> m.remove("vmlp.architecture")), "has vmlp.format but no vmlp.architecture");
        assertProblem(edit(m -> m.put("vmlp.architecture", "{\"inputs\": 6")), "vmlp.architecture is not valid JSON");
        assertProblem(edit(m -> m.put("vmlp.architecture", "{\"inputs\": 6, \"layers\": []}")), "at least one layer");
        assertProblem(edit(m -> m.put("vmlp.architecture",
                "{\"inputs\":6,\"layers\":[{\"units\":9,\"activation\":\"swish\"}]}")), "unknown activation 'swish'");
        assertProblem(edit(m -> m.put("vmlp.architecture",
                "{\"inputs\":6,\"layers\":[{\"units\":9,\"activation\":\"relu\"},{\"units\":3,\"activation\":\"softmax\"}]}")),
                "the tensors make 4 layers but vmlp.architecture records 2");
        assertProblem(edit(m -> m.put("vmlp.architecture",
                "{\"inputs\":6,\"layers\":[{\"units\":9,\"activation\":\"relu\"},{\"units\":6,\"activation\":\"relu\"},"
                        + "{\"units\":4,\"activation\":\"relu\"},{\"units\":3,\"activation\":\"softmax\"}]}")),
                "the tensors' shapes give layers 6-9-5-4-3 but vmlp.architecture records 6-9-6-4-3");
        assertProblem(edit(m -> m.put("vmlp.loss", "hinge")), "unknown loss 'hinge'");
        assertProblem(edit(m -> m.put("vmlp.loss", "bce")), "binary cross-entropy needs a sigmoid output");
        assertProblem(edit(m -> m.put("vmlp.standardize.mean", "0,0,0,0,0,0")), "has vmlp.standardize.mean without"
                + " vmlp.standardize.std");
        assertProblem(edit(m -> {
            m.put("vmlp.standardize.mean", "0,0,0");
            m.put("vmlp.standardize.std", "1,1,1");
        }), "vmlp.standardize.mean has 3 values but the network takes 6 features");
        assertProblem(edit(m -> {
            m.put("vmlp.standardize.mean", "0,0,0,0,0,x");
            m.put("vmlp.standardize.std", "1,1,1,1,1,1");
        }), "vmlp.standardize.mean value 6 ('x') is not a number");
        assertProblem(edit(m -> {
            m.put("vmlp.standardize.mean", "0,0,0,0,0,0");
            m.put("vmlp.standardize.std", "1,1,1,1,1,0");
        }), "standardisation: feature 5 has mean 0.0 and std 0.0");
    }

    // ---------------------------------------------------------------------------------- helpers

    /** The good model with its metadata edited (and the checksum left as it is). */
    private Path edit(Consumer<Map<String, Object>> change) throws Exception {
        SafetensorsFiles.Parts p = SafetensorsFiles.read(good);
        change.accept(p.metadata());
        Path file = dir.resolve("edited-" + (counter++) + ".safetensors");
        SafetensorsFiles.write(file, p, false);
        return file;
    }

    private Path raw(String header) throws IOException {
        return raw(header, 0);
    }

    private Path raw(String header, int dataBytes) throws IOException {
        Path file = dir.resolve("raw-" + (counter++) + ".safetensors");
        SafetensorsFiles.writeRaw(file, header, new byte[dataBytes]);
        return file;
    }

    /** A file of the tensors (zeros), with this metadata. */
    private Path craft(Map<String, String> metadata, Object... namesAndShapes) throws IOException {
        long floats = 0;
        for (int i = 1; i < namesAndShapes.length; i += 2) {
            floats += Arrays.stream((long[]) namesAndShapes[i]).reduce(1, (a, b) -> a * b);
        }
        return raw(SafetensorsFiles.header(metadata, namesAndShapes), (int) floats * 4);
    }

    /** A header of 1-D tensors given as name, length, begin, end. */
    private static String tensors(Object... spec) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (int i = 0; i < spec.length; i += 4) {
            json.put((String) spec[i], Map.of("dtype", "F32", "shape", List.of(((Integer) spec[i + 1]).longValue()),
                    "data_offsets", List.of(((Integer) spec[i + 2]).longValue(), ((Integer) spec[i + 3]).longValue())));
        }
        return Json.write(json);
    }

    private static long[] shape(long... dims) {
        return dims;
    }

    private static String problem(Path file, List<Activation> activations) {
        var e = assertThrows(ModelFormatException.class, () -> ModelFile.load(file, activations));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        return e.getMessage();
    }

    private static void assertProblem(Path file, String expected) {
        assertProblem(file, expected, null);
    }

    private static void assertProblem(Path file, String expected, List<Activation> activations) {
        String m = problem(file, activations);
        assertTrue(m.contains(expected), "expected '" + expected + "' in: " + m);
    }
}
