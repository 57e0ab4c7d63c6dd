package vmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vmlp.cli.Run.vmlp;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code vmlp} command end to end, in process: outputs and exit codes. */
class CliTest {

    @Test
    void demoFitsTheBlogsToyDataToOneHundredPercent() {
        Run run = vmlp("demo");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("accuracy: 10/10 = 100.0%"), run.out());
        assertTrue(run.out().contains("kernels:"), "the demo says which kernels ran");
        assertTrue(run.out().contains("epoch  1000"), "the demo prints the loss as it goes");
    }

    @Test
    void demoWithTooFewEpochsFailsWithExitCodeOne() {
        Run run = vmlp("demo", "--epochs", "1", "--lr", "0.001");
        assertEquals(1, run.exitCode(), run.out());
        assertFalse(run.out().contains("= 100.0%"), run.out());
    }

    @Test
    void trainOnTheEmbeddedDigitsReachesNinetyFivePercentOnTheTestSplit() {
        Run run = vmlp("train");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("1797 rows × 64 features, 10 classes"), run.out());
        assertTrue(testAccuracy(run.out()) >= 0.95, run.out());
    }

    @Test
    void trainOnACsvFileByLabelName(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("a,b,class\n");
        for (int i = 0; i < 60; i++) {
            double a = Math.sin(i * 1.3);
            double b = Math.cos(i * 0.7);
            csv.append(a).append(',').append(b).append(',').append(a + b > 0 ? 1 : 0).append('\n');
        }
        Path file = dir.resolve("points.csv");
        Files.writeString(file, csv);
        Run run = vmlp("train", "--data", file.toString(), "--label-column", "class", "--epochs", "200",
                "--layers", "8", "--lr", "0.1");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("1 sigmoid"), "two classes get one sigmoid output: " + run.out());
        assertTrue(testAccuracy(run.out()) >= 0.9, run.out());
    }

    @Test
    void aMissingFileIsOneClearLineAndExitCodeOne(@TempDir Path dir) {
        Run run = vmlp("train", "--data", dir.resolve("nope.csv").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("no such file: ") && run.err().contains("nope.csv"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace without --verbose: " + run.err());
    }

    @Test
    void aRaggedCsvNamesTheFileAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ragged.csv");
        Files.writeString(file, "label,x,y\n0,1,2\n1,3\n");
        Run run = vmlp("train", "--data", file.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("ragged.csv line 3"), run.err());
    }

    @Test
    void verboseAddsTheStackTrace(@TempDir Path dir) {
        Run run = vmlp("train", "--verbose", "--data", dir.resolve("nope.csv").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("\tat "), run.err());
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, vmlp("train", "--epochs", "many").exitCode());
        assertEquals(2, vmlp("no-such-command").exitCode());
        assertEquals(2, vmlp().exitCode());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"demo", "train", "info"}) {
            Run run = vmlp(command, "--help");
            assertEquals(0, run.exitCode(), command);
            assertTrue(run.out().contains("Usage: vmlp " + command), run.out());
        }
    }

    @Test
    void infoNamesTheKernelsAndTheReason() {
        Run run = vmlp("info");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().matches("(?s).*kernels: (scalar|vector) \\(.+\\).*"), run.out());
    }

    private static double testAccuracy(String out) {
        Matcher m = Pattern.compile("test accuracy:\\s+([0-9.]+)").matcher(out);
        assertTrue(m.find(), "no test accuracy in: " + out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void trainSavesAModelAndPlotsItsCurves(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("digits.safetensors");
        Path png = dir.resolve("curves.png");
        Path svg = dir.resolve("curves.svg");
        Run run = vmlp("train", "--epochs", "5", "--val-split", "0.1", "--save", model.toString(), "--plot",
                png.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("val acc"), "validation is reported per epoch: " + run.out());
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertTrue(image != null && image.getWidth() > 600 && image.getHeight() > 300, "a real PNG: " + image);

        Run eval = vmlp("eval", "--model", model.toString(), "--data", "unused.csv");
        assertEquals(1, eval.exitCode(), "eval needs real data: " + eval.out());
        vmlp.io.Model loaded = vmlp.io.ModelFile.load(model);
        assertTrue(loaded.standardizer().isPresent(), "the standardisation is saved with the model");
        assertTrue(loaded.metadata().containsKey("test_accuracy"), loaded.metadata().toString());
        double saved = Double.parseDouble(loaded.metadata().get("test_accuracy"));
        assertEquals(saved, testAccuracy(run.out()), 1e-4);

        Run svgRun = vmlp("train", "--epochs", "2", "--plot", svg.toString());
        assertEquals(0, svgRun.exitCode(), svgRun.err());
        assertTrue(Files.readString(svg).contains("<svg"), "an SVG document");
        assertTrue(Files.readString(dir.resolve("curves-accuracy.svg")).contains("<svg"));
        Run gif = vmlp("train", "--epochs", "1", "--plot", dir.resolve("x.gif").toString());
        assertEquals(1, gif.exitCode());
        assertTrue(gif.err().contains("must be .png or .svg"), gif.err());
    }
}
