package vmlp.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmlp.data.Dataset;
import vmlp.data.Npy;
import vmlp.data.Standardizer;
import vmlp.nn.Activation;
import vmlp.nn.Loss;
import vmlp.nn.Network;

class ModelFileTest {

    @TempDir
    Path dir;

    static Network network(long seed) {
        return Network.builder().input(6)
                .dense(9, Activation.RELU)
                .dense(5, Activation.leakyRelu(1e-4f))
                .dense(4, Activation.TANH)
                .dense(3, Activation.SOFTMAX)
                .seed(seed).build();
    }

    static float[] randomRows(int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 3 + 1);
        }
        return x;
    }

    static Path resource(String name) {
        try {
            return Path.of(ModelFileTest.class.getResource("/vmlp/io/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSavedModelLoadsWithBitIdenticalOutputs() throws IOException {
        Network net = network(7);
        float[] x = randomRows(50, 6, 1);
        Standardizer standardizer = Standardizer.fit(Dataset.regression(x, 50, 6, new float[50], 1));
        Model model = Model.of(net, standardizer).withMetadata("dataset", "digits \"v2\", ünïcode\n\ttab");
        Path file = dir.resolve("model.safetensors");
        ModelFile.save(file, model);

        Model loaded = ModelFile.load(file);
        assertArrayEquals(net.parameters(), loaded.network().parameters());
        float[] z = standardizer.apply(x);
        assertArrayEquals(net.predict(z, 50), loaded.network().predict(z, 50));
        assertEquals(net.toString(), loaded.network().toString());
        assertSame(Loss.SOFTMAX_CROSS_ENTROPY, loaded.network().loss());
        Standardizer back = loaded.standardizer().orElseThrow();
        assertArrayEquals(standardizer.mean(), back.mean());
        assertArrayEquals(standardizer.std(), back.std());
        assertArrayEquals(z, back.apply(x));
        assertArrayEquals(net.predict(z, 50), loaded.predict(x, 50), "the model standardises raw inputs");
        assertEquals("digits \"v2\", ünïcode\n\ttab", loaded.metadata().get("dataset"));
        assertEquals("1", loaded.metadata().get("vmlp.format"));
        assertTrue(loaded.metadata().get("vmlp.architecture").contains("\"leaky_relu:1.0E-4\""));
        assertTrue(loaded.metadata().get("vmlp.checksum").matches("crc32c:[0-9a-f]{8}"));
    }

    @Test
    void everyOutputActivationAndLossRoundTrips() throws IOException {
        List<Network> nets = List.of(
                Network.builder().input(3).dense(4, Activation.SIGMOID).dense(1, Activation.SIGMOID).seed(1).build(),
                Network.builder().input(3).dense(2, Activation.IDENTITY).seed(2).build(),
                Network.builder().input(3).dense(5, Activation.leakyRelu(0.2f)).dense(2, Activation.SIGMOID)
                        .loss(Loss.MEAN_SQUARED_ERROR).seed(3).build());
        float[] x = randomRows(10, 3, 4);
        for (Network net : nets) {
            Path file = dir.resolve("m.safetensors");
            ModelFile.save(file, net);
            Model loaded = ModelFile.load(file);
            assertEquals(net.toString(), loaded.network().toString());
            assertSame(net.loss(), loaded.network().loss());
            assertEquals(Optional.empty(), loaded.standardizer());
            assertArrayEquals(net.predict(x, 10), loaded.network().predict(x, 10));
        }
    }

    @Test
    void aLoadedModelSavesBackByteForByte() throws Exception {
        Path first = dir.resolve("a.safetensors");
        Path second = dir.resolve("b.safetensors");
        Network net = network(3);
        ModelFile.save(first, Model.of(net, Standardizer.of(new float[] {1, 2, 3, 4, 5, 0.1f},
                new float[] {1, 1, 2, 2, 0.5f, 3})).withMetadata("note", "kept"));
        ModelFile.save(second, ModelFile.load(first));
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void theTensorsAreTheStateDictOfAnNnSequential() throws Exception {
        Network net = network(5);
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(file, net);
        SafetensorsFiles.Parts parts = SafetensorsFiles.read(file);
        assertEquals(List.of("__metadata__", "0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias",
                "6.weight", "6.bias"), List.copyOf(parts.header().keySet()));
        assertEquals(List.of(9L, 6L), parts.tensor("0.weight").get("shape"));
        assertEquals(List.of(9L), parts.tensor("0.bias").get("shape"));
        assertEquals(List.of(3L, 4L), parts.tensor("6.weight").get("shape"));
        assertEquals(List.of(0L, 216L), parts.tensor("0.weight").get("data_offsets"));
        // the data section is the flat parameter array, little-endian
        assertArrayEquals(SafetensorsFiles.floats(net.parameters()), parts.data());
        long headerLength = Files.size(file) - parts.data().length - 8;
        assertEquals(0, headerLength % 8, "the data section starts 8-byte aligned");
    }

    @Test
    void pytorchWrittenFilesReproducePytorchOutputs() throws IOException {
        record Case(String name, List<Activation> activations, Loss loss) {}
        for (Case c : List.of(
                new Case("torch-relu-softmax", List.of(Activation.RELU, Activation.RELU, Activation.SOFTMAX),
                        Loss.SOFTMAX_CROSS_ENTROPY),
                new Case("torch-tanh-sigmoid", List.of(Activation.TANH, Activation.SIGMOID),
                        Loss.BINARY_CROSS_ENTROPY))) {
            Model model = ModelFile.load(resource(c.name() + ".safetensors"), c.activations());
            vmlp.data.Matrix inputs = Npy.readMatrix(resource(c.name() + "-inputs.npy"));
            vmlp.data.Matrix expected = Npy.readMatrix(resource(c.name() + "-outputs.npy"));
            assertEquals(inputs.cols(), model.network().inputs());
            assertEquals(expected.cols(), model.network().outputs());
            assertSame(c.loss(), model.network().loss());
            assertEquals("pt", model.metadata().get("format"));
            float[] actual = model.network().predict(inputs.values(), inputs.rows());
            for (int i = 0; i < actual.length; i++) {
                assertEquals(expected.values()[i], actual[i], 1e-5, c.name() + " output " + i);
            }
        }
    }

    @Test
    void aPytorchModelSavedByVmlpLoadsWithoutActivations() throws IOException {
        List<Activation> activations = List.of(Activation.RELU, Activation.RELU, Activation.SOFTMAX);
        Model foreign = ModelFile.load(resource("torch-relu-softmax.safetensors"), activations);
        Path file = dir.resolve("converted.safetensors");
        ModelFile.save(file, foreign);
        Model loaded = ModelFile.load(file);
        assertArrayEquals(foreign.network().parameters(), loaded.network().parameters());
        assertEquals("pt", loaded.metadata().get("format"), "the file's own metadata is kept");
        // the same activations may be given again; others may not
        ModelFile.load(file, activations);
        var e = assertThrows(ModelFormatException.class,
                () -> ModelFile.load(file, List.of(Activation.TANH, Activation.RELU, Activation.SOFTMAX)));
        assertTrue(e.getMessage().contains("activations relu,relu,softmax, not the tanh,relu,softmax given"),
                e.getMessage());
    }

    @Test
    void aForeignFileNeedsItsActivationsOnePerLayer() {
        Path file = resource("torch-relu-softmax.safetensors");
        var none = assertThrows(ModelFormatException.class, () -> ModelFile.load(file));
        assertTrue(none.getMessage().startsWith(file + ": has no vmlp metadata"), none.getMessage());
        assertTrue(none.getMessage().contains("relu,relu,softmax"), none.getMessage());
        var few = assertThrows(ModelFormatException.class,
                () -> ModelFile.load(file, List.of(Activation.RELU, Activation.SOFTMAX)));
        assertTrue(few.getMessage().contains("has 3 layers but 2 activations were given"), few.getMessage());
    }

    @Test
    void foreignLayerIndicesNeedOnlyIncreaseAndTheDataMayBeInAnyOrder() throws Exception {
        // nn.Sequential(Linear(2, 3), Linear(3, 1)) without activation modules: indices 0 and 1,
        // and the biases stored before the weights
        String header = "{\"1.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"0.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[4,16]},"
                + "\"1.weight\":{\"dtype\":\"F32\",\"shape\":[1,3],\"data_offsets\":[16,28]},"
                + "\"0.weight\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[28,52]}}";
        byte[] data = SafetensorsFiles.floats(0.5f, 1, 2, 3, 1, -1, 2, 1, 0, 0, 1, -1, -2);
        Path file = dir.resolve("linear.safetensors");
        SafetensorsFiles.writeRaw(file, header, data);
        Network net = ModelFile.load(file, List.of(Activation.IDENTITY, Activation.IDENTITY)).network();
        assertArrayEquals(new float[] {1, 0, 0, 1, -1, -2, 1, 2, 3, 1, -1, 2, 0.5f}, net.parameters());
        // x = (1, 1): hidden = (1+1, 0+1+2, -1-2+3) = (2, 3, 0); out = 2 - 3 + 0 + 0.5
        assertArrayEquals(new float[] {-0.5f}, net.predict(new float[] {1, 1}, 1));
    }

    @Test
    void savingReplacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(file, network(1));
        ModelFile.save(file, network(2));
        assertArrayEquals(network(2).parameters(), ModelFile.load(file).network().parameters());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void aNetworkWithNonFiniteWeightsIsNotSavedAndTheOldFileStays() throws IOException {
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(file, network(1));
        byte[] before = Files.readAllBytes(file);
        Network broken = network(2);
        broken.parameters()[broken.layers().get(1).weightOffset() + 11] = Float.NaN;
        var e = assertThrows(IllegalArgumentException.class, () -> ModelFile.save(file, broken));
        assertTrue(e.getMessage().contains("2.weight[1, 2] (layer 2) is NaN"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void userMetadataCannotOverrideTheReservedKeys() throws IOException {
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(file, new Model(network(1), Optional.empty(),
                Map.of("vmlp.format", "99", "vmlp.checksum", "crc32c:00000000", "mine", "yes")));
        Model loaded = ModelFile.load(file);
        assertEquals("1", loaded.metadata().get("vmlp.format"));
        assertEquals("yes", loaded.metadata().get("mine"));
    }

    @Test
    void aStandardizerOfTheWrongWidthIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Model.of(network(1),
                Standardizer.of(new float[] {0, 0}, new float[] {1, 1})));
        assertTrue(e.getMessage().contains("2 features but the network takes 6"), e.getMessage());
        assertFalse(e.getMessage().isEmpty());
    }
}
