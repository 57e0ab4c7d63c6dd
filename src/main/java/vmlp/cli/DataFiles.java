package vmlp.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import vmlp.data.CsvLoader;
import vmlp.data.Dataset;
import vmlp.data.IdxLoader;
import vmlp.data.Matrix;
import vmlp.data.Npy;

/**
 * Reads the data files the commands accept, by format: an IDX images file (raw or gzip, MNIST's;
 * pixels scaled to [0, 1]) or an NPY array, each with its labels in a second file, or a CSV file
 * with its labels in a column.
 */
final class DataFiles {

    private enum Format { CSV, NPY, IDX }

    private DataFiles() {}

    private static Format format(Path file) throws IOException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            return Format.NPY;
        }
        return IdxLoader.isIdx(file) ? Format.IDX : Format.CSV;
    }

    /**
     * Inputs with integer class labels.
     *
     * @param labels the labels file of IDX or NPY inputs (null for CSV)
     * @param labelsOption the option that gives it, for messages
     */
    static Dataset classification(Path file, Path labels, String labelColumn, String labelsOption) throws IOException {
        return switch (format(file)) {
            case IDX -> IdxLoader.load(file, requireLabels(file, labels, labelsOption, "IDX images"));
            case NPY -> Npy.readClassification(file, requireLabels(file, labels, labelsOption, "an NPY array"));
            case CSV -> csv(file, labels, labelColumn, labelsOption).classification(file);
        };
    }

    /** Inputs with real-valued targets (IDX images carry class labels only). */
    static Dataset regression(Path file, Path targets, String labelColumn, String targetsOption) throws IOException {
        return switch (format(file)) {
            case IDX -> throw new IllegalArgumentException(file + " is an IDX images file; IDX labels are classes,"
                    + " not regression targets");
            case NPY -> Npy.readRegression(file, requireLabels(file, targets, targetsOption, "an NPY array"));
            case CSV -> csv(file, targets, labelColumn, targetsOption).regression(file);
        };
    }

    /** Inputs alone; a CSV label column, when there is one, is left out. */
    static Matrix features(Path file, String labelColumn) throws IOException {
        return switch (format(file)) {
            case IDX -> IdxLoader.features(file);
            case NPY -> Npy.readMatrix(file);
            case CSV -> loader(labelColumn).features(file);
        };
    }

    private static Path requireLabels(Path file, Path labels, String option, String what) {
        if (labels == null) {
            throw new IllegalArgumentException(file + " is " + what + " without labels; give them with " + option);
        }
        return labels;
    }

    private static CsvLoader csv(Path file, Path labels, String labelColumn, String option) {
        if (labels != null) {
            throw new IllegalArgumentException(option + " is for IDX or NPY inputs, but " + file
                    + " is CSV; a CSV file holds its labels in a column (--label-column)");
        }
        return loader(labelColumn);
    }

    private static CsvLoader loader(String labelColumn) {
        CsvLoader loader = CsvLoader.defaults();
        if (labelColumn == null) {
            return loader;
        }
        return labelColumn.chars().allMatch(Character::isDigit)
                ? loader.labelColumn(Integer.parseInt(labelColumn))
                : loader.labelColumn(labelColumn);
    }
}
