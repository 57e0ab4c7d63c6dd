package vmlp.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import vmlp.data.Dataset;
import vmlp.data.Matrix;

/**
 * Where the rows come from, for the commands that run a model: a CSV file, or an NPY file of
 * features with, where targets are needed, an NPY file of labels or targets.
 */
final class InputOptions {

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Inputs: a .csv file (header optional), a .npy file of rows (float32, float64 or uint8),"
                    + " or an IDX images file (raw or .gz, as MNIST's; pixels scaled to [0, 1]).")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE.npy",
            description = "With .npy or IDX inputs: the labels (or regression targets), one per row, in a .npy or IDX file.")
    Path labels;

    @Option(names = "--label-column", paramLabel = "NAME|INDEX",
            description = "CSV: the label column, by header name or 0-based index (default: a column named"
                    + " 'label', else column 0 when labels are needed, else none).")
    String labelColumn;

    /** The inputs alone (a label column, when there is one, is left out). */
    Matrix features() throws IOException {
        return DataFiles.features(data, labelColumn);
    }

    /** Inputs with class labels. */
    Dataset classification() throws IOException {
        return DataFiles.classification(data, labels, labelColumn, "--labels");
    }

    /** Inputs with real-valued targets. */
    Dataset regression() throws IOException {
        return DataFiles.regression(data, labels, labelColumn, "--labels");
    }
}
