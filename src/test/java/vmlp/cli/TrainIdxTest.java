package vmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code vmlp train} on IDX files (the MNIST subset in the test resources), with the new options. */
class TrainIdxTest {

    private static String mnist(String name) throws URISyntaxException {
        return Path.of(TrainIdxTest.class.getResource("/vmlp/data/mnist/" + name).toURI()).toString();
    }

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void trainsOnIdxWithAGivenTestSetAdamAndTwoThreads() throws Exception {
        String[] r = run("train", "--data", mnist("train-2000-images-idx3-ubyte.gz"),
                "--labels", mnist("train-2000-labels-idx1-ubyte.gz"),
                "--test-data", mnist("t10k-500-images-idx3-ubyte.gz"),
                "--test-labels", mnist("t10k-500-labels-idx1-ubyte.gz"),
                "--layers", "64", "--optimizer", "adam", "--lr", "1e-3", "--batch", "128", "--epochs", "5",
                "--threads", "2");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("2000 rows × 784 features, 10 classes; 2000 train / 500 test"), r[1]);
        assertTrue(r[1].contains("pixels/255") && r[1].contains("Adam") && r[1].contains("2 threads, 2 shards"), r[1]);
        double accuracy = Double.parseDouble(r[1].replaceAll("(?s).*test accuracy:\\s+([0-9.]+).*", "$1"));
        assertTrue(accuracy >= 0.8, r[1]);
    }

    @Test
    void idxImagesWithoutLabelsSayWhichOptionIsMissing() throws Exception {
        String[] r = run("train", "--data", mnist("t10k-500-images-idx3-ubyte.gz"));
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("is IDX images without labels; give them with --labels"), r[2]);
    }

    @Test
    void anUnknownOptimizerIsOneClearLine() {
        String[] r = run("train", "--optimizer", "rmsprop");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("unknown optimizer 'rmsprop'; expected one of: sgd, momentum, nesterov, adam, adamw"), r[2]);
    }
}
