package vmlp.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;
import vmlp.data.CsvLoader;
import vmlp.data.Dataset;
import vmlp.data.Matrix;
import vmlp.data.Npy;

/**
 * Where the rows come from, for the commands that run a model: a CSV file, or an NPY file of
 * features with, where targets are needed, an NPY file of labels or targets.
 */
final class InputOptions {

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Inputs: a .csv file (header optional) or a .npy file of rows (float32, float64 or uint8).")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE.npy",
            description = "With .npy inputs: the labels (or regression targets), one per row.")
    Path labels;

    @Option(names = "--label-column", paramLabel = "NAME|INDEX",
            description = "CSV: the label column, by header name or 0-based index (default: a column named"
                    + " 'label', else column 0 when labels are needed, else none).")
    String labelColumn;

    private boolean isNpy() {
        return data.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    /** The inputs alone (a label column, when there is one, is left out). */
    Matrix features() throws IOException {
        if (isNpy()) {
            return Npy.readMatrix(data);
        }
        return csv().features(data);
    }

    /** Inputs with class labels. */
    Dataset classification() throws IOException {
        if (isNpy()) {
            return Npy.readClassification(data, requireLabels());
        }
        return csv().classification(data);
    }

    /** Inputs with real-valued targets. */
    Dataset regression() throws IOException {
        if (isNpy()) {
            return Npy.readRegression(data, requireLabels());
        }
        return csv().regression(data);
    }

    private Path requireLabels() {
        if (labels == null) {
            throw new IllegalArgumentException(data + " holds inputs only; give the labels with --labels FILE.npy");
        }
        return labels;
    }

    private CsvLoader csv() {
        CsvLoader loader = CsvLoader.defaults();
        if (labelColumn == null) {
            return loader;
        }
        return labelColumn.chars().allMatch(Character::isDigit)
                ? loader.labelColumn(Integer.parseInt(labelColumn))
                : loader.labelColumn(labelColumn);
    }
}
