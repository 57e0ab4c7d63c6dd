package vmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vmlp.cli.Run.vmlp;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmlp.data.Dataset;
import vmlp.data.EmbeddedData;
import vmlp.data.Npy;
import vmlp.data.Standardizer;
import vmlp.io.Model;
import vmlp.io.ModelFile;
import vmlp.nn.Activation;
import vmlp.nn.Network;
import vmlp.train.Metrics;
import vmlp.train.Optimizer;
import vmlp.train.Trainer;

/** eval, predict and info on a model file, end to end in a temporary folder. */
class ModelCommandsTest {

    @TempDir
    Path dir;

    private Path modelFile;
    private Dataset digits;
    private Model model;

    @BeforeEach
    void trainAndSave() throws IOException {
        digits = EmbeddedData.digits();
        Standardizer s = Standardizer.fit(digits);
        Network net = Network.builder().input(64).dense(16, Activation.RELU).dense(10, Activation.SOFTMAX).seed(3)
                .build();
        Trainer.builder().epochs(3).batchSize(32).optimizer(new Optimizer.Sgd(0.1f)).build().fit(net, s.apply(digits));
        model = Model.of(net, s);
        modelFile = dir.resolve("digits.safetensors");
        ModelFile.save(modelFile, model);
    }

    private Path digitsCsv() throws IOException {
        Path csv = dir.resolve("digits.csv");
        StringBuilder text = new StringBuilder("label");
        for (int j = 0; j < 64; j++) {
            text.append(",p").append(j);
        }
        text.append('\n');
        for (int r = 0; r < digits.rows(); r++) {
            text.append(digits.labels()[r]);
            for (int j = 0; j < 64; j++) {
                text.append(',').append(digits.features()[r * 64 + j]);
            }
            text.append('\n');
        }
        Files.writeString(csv, text);
        return csv;
    }

    @Test
    void evalReportsTheAccuracyTheLibraryComputes() throws IOException {
        Run run = vmlp("eval", "--model", modelFile.toString(), "--data", digitsCsv().toString());
        assertEquals(0, run.exitCode(), run.err());
        double expected = Metrics.accuracy(model.network(), model.standardizer().orElseThrow().apply(digits));
        assertTrue(run.out().contains(String.format(Locale.ROOT, "accuracy  %.4f  (1797 rows)", expected)), run.out());
        assertTrue(run.out().contains("confusion matrix") && run.out().contains("log-loss"), run.out());
    }

    @Test
    void evalReadsNpyFeaturesAndLabels() throws IOException {
        Path x = dir.resolve("x.npy");
        Path y = dir.resolve("y.npy");
        Npy.writeMatrix(x, digits.features(), digits.rows(), 64);
        Npy.writeLabels(y, digits.labels());
        Run run = vmlp("eval", "--model", modelFile.toString(), "--data", x.toString(), "--labels", y.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("(1797 rows)"), run.out());
        Run missing = vmlp("eval", "--model", modelFile.toString(), "--data", x.toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("--labels"), missing.err());
    }

    @Test
    void predictWritesOneLinePerRowWithTheLibrarysProbabilities() throws IOException {
        Path out = dir.resolve("predictions.csv");
        Run run = vmlp("predict", "--model", modelFile.toString(), "--data", digitsCsv().toString(), "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(1 + digits.rows(), lines.size());
        assertTrue(lines.getFirst().startsWith("row,class,p0,p1"), lines.getFirst());
        float[] p = model.predict(digits.features(), digits.rows());
        String[] first = lines.get(1).split(",");
        assertEquals(Network.argmaxRows(p, 1, 10)[0], Integer.parseInt(first[1]));
        for (int j = 0; j < 10; j++) {
            assertEquals(p[j], Float.parseFloat(first[2 + j]), "probability " + j + " of row 0, bit for bit");
        }
    }

    @Test
    void infoDescribesTheModelFile() {
        Run run = vmlp("info", modelFile.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("64 → 16 relu → 10 softmax"), run.out());
        assertTrue(run.out().contains("vmlp.checksum"), run.out());
    }

    @Test
    void aCorruptModelIsOneClearLine() throws IOException {
        byte[] bytes = Files.readAllBytes(modelFile);
        Files.write(modelFile, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Run run = vmlp("eval", "--model", modelFile.toString(), "--data", digitsCsv().toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains(modelFile.toString()), run.err());
        assertEquals(2, run.err().lines().count(), "the error and the --verbose hint: " + run.err());
    }

    @Test
    void aModelOfTheWrongWidthIsRefusedNamingBothShapes() throws IOException {
        Path csv = dir.resolve("narrow.csv");
        Files.writeString(csv, "label,a,b\n0,1,2\n");
        Run run = vmlp("predict", "--model", modelFile.toString(), "--data", csv.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("2 features per row but the model takes 64"), run.err());
    }

    /** What the library computes: the standardised rows through the network, layer {@code layer}. */
    private float[] libraryActivations(int layer) {
        float[] x = model.standardizer().orElseThrow().apply(digits.features());
        Network net = model.network();
        vmlp.nn.Workspace ws = net.newWorkspace(digits.rows());
        net.forward(ws, x, 0, digits.rows());
        int width = net.layers().get(layer).outputs();
        return java.util.Arrays.copyOf(ws.activations(layer), digits.rows() * width);
    }

    @Test
    void embedStreamsNpyInChunksAndEqualsTheLibrary() throws IOException {
        Path x = dir.resolve("x.npy");
        Npy.writeMatrix(x, digits.features(), digits.rows(), 64);
        Path out = dir.resolve("embeddings.npy");
        Run run = vmlp("embed", "--model", modelFile.toString(), "--data", x.toString(), "--out", out.toString(),
                "--chunk-rows", "100", "--threads", "2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("embedded 1,797 rows") && run.err().contains("rows/s"), run.err());
        vmlp.data.Matrix e = Npy.readMatrix(out);
        assertEquals(1797, e.rows());
        assertEquals(16, e.cols(), "the default layer is the last hidden one");
        float[] expected = libraryActivations(0);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], e.values()[i], 1e-5f * Math.max(1f, Math.abs(expected[i])), "value " + i);
        }
    }

    @Test
    void embedWritesCsvOnRequestForAnyLayer() throws IOException {
        Path out = dir.resolve("probabilities.csv");
        Run run = vmlp("embed", "--model", modelFile.toString(), "--data", digitsCsv().toString(), "--out",
                out.toString(), "--layer", "1");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(1 + 1797, lines.size());
        assertEquals("e0,e1,e2,e3,e4,e5,e6,e7,e8,e9", lines.getFirst());
        float[] expected = libraryActivations(1);
        String[] row = lines.get(1797).split(",");
        for (int j = 0; j < 10; j++) {
            assertEquals(expected[1796 * 10 + j], Float.parseFloat(row[j]), 1e-6f);
        }
        Run bad = vmlp("embed", "--model", modelFile.toString(), "--data", digitsCsv().toString(), "--out",
                dir.resolve("x.npy").toString(), "--layer", "5");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("--layer 5 does not exist; the model has layers 0..1"), bad.err());
        assertTrue(Files.notExists(dir.resolve("x.npy")), "nothing written on failure");
    }

    @Test
    void theMainEntryPointFlushesEverythingBeforeItExits() throws Exception {
        // print() without a newline is not flushed by an autoflush PrintWriter; System.exit dropped it once
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "eval", "--model", modelFile.toString(), "--data", digitsCsv().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertTrue(out.contains("confusion matrix"), out);
    }
}
