package vmlp.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Examples as one row-major {@code float[]} of {@code rows × cols} features, with either integer
 * class labels (classification) or a {@code rows × targetCols} float matrix (regression).
 *
 * <p>Instances are immutable by convention: the arrays are not copied on the way in or out, so that
 * a data set of a million rows is never duplicated by accident; do not change them after handing
 * them over.
 */
public final class Dataset {

    private final float[] features;
    private final int rows;
    private final int cols;
    private final int[] labels;
    private final int classes;
    private final float[] targets;
    private final int targetCols;

    private Dataset(float[] features, int rows, int cols, int[] labels, int classes,
                    float[] targets, int targetCols) {
        this.features = features;
        this.rows = rows;
        this.cols = cols;
        this.labels = labels;
        this.classes = classes;
        this.targets = targets;
        this.targetCols = targetCols;
    }

    /**
     * A classification data set; the number of classes is the largest label plus one.
     *
     * @throws IllegalArgumentException when the lengths disagree or a label is negative
     */
    public static Dataset classification(float[] features, int rows, int cols, int[] labels) {
        checkFeatures(features, rows, cols);
        Objects.requireNonNull(labels, "labels");
        if (labels.length != rows) {
            throw new IllegalArgumentException(
                    "labels has " + labels.length + " entries for " + rows + " rows");
        }
        int max = -1;
        for (int i = 0; i < rows; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("label " + labels[i] + " at row " + i + " is negative");
            }
            max = Math.max(max, labels[i]);
        }
        return new Dataset(features, rows, cols, labels, max + 1, null, 0);
    }

    /**
     * A regression data set with {@code targetCols} real-valued targets per row.
     *
     * @throws IllegalArgumentException when the lengths disagree
     */
    public static Dataset regression(float[] features, int rows, int cols, float[] targets, int targetCols) {
        checkFeatures(features, rows, cols);
        Objects.requireNonNull(targets, "targets");
        if (targetCols < 1 || targets.length != (long) rows * targetCols) {
            throw new IllegalArgumentException("targets has " + targets.length + " values, expected "
                    + rows + " rows × " + targetCols + " columns");
        }
        return new Dataset(features, rows, cols, null, 0, targets, targetCols);
    }

    private static void checkFeatures(float[] features, int rows, int cols) {
        Objects.requireNonNull(features, "features");
        if (rows < 0 || cols < 1 || features.length != (long) rows * cols) {
            throw new IllegalArgumentException("features has " + features.length + " values, expected "
                    + rows + " rows × " + cols + " columns");
        }
    }

    /** The number of examples. */
    public int rows() {
        return rows;
    }

    /** The number of features per example. */
    public int cols() {
        return cols;
    }

    /** The features, row-major, {@code rows × cols} (not a copy). */
    public float[] features() {
        return features;
    }

    /** True when the targets are class labels. */
    public boolean isClassification() {
        return labels != null;
    }

    /** The class labels (not a copy). @throws IllegalStateException for a regression set */
    public int[] labels() {
        if (labels == null) {
            throw new IllegalStateException("a regression data set has no class labels");
        }
        return labels;
    }

    /** The number of classes: the largest label plus one (0 for a regression set). */
    public int classes() {
        return classes;
    }

    /** The regression targets, row-major (not a copy). @throws IllegalStateException for a classification set */
    public float[] targets() {
        if (targets == null) {
            throw new IllegalStateException("a classification data set has no real-valued targets");
        }
        return targets;
    }

    /** Targets per row for a regression set (0 for classification). */
    public int targetCols() {
        return targetCols;
    }

    /** The examples at {@code indices}, in that order, copied into a new data set. */
    public Dataset select(int[] indices) {
        float[] x = new float[indices.length * cols];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features, Objects.checkIndex(indices[i], rows) * cols, x, i * cols, cols);
        }
        if (labels != null) {
            int[] y = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                y[i] = labels[indices[i]];
            }
            return new Dataset(x, indices.length, cols, y, classes, null, 0);
        }
        float[] t = new float[indices.length * targetCols];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(targets, indices[i] * targetCols, t, i * targetCols, targetCols);
        }
        return new Dataset(x, indices.length, cols, null, 0, t, targetCols);
    }

    /** The same targets with the features replaced (for example standardised). */
    public Dataset withFeatures(float[] newFeatures) {
        checkFeatures(newFeatures, rows, cols);
        return new Dataset(newFeatures, rows, cols, labels, classes, targets, targetCols);
    }

    @Override
    public String toString() {
        return "Dataset[" + rows + " × " + cols + (labels != null
                ? ", " + classes + " classes" : ", " + targetCols + " targets") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dataset d && rows == d.rows && cols == d.cols && classes == d.classes
                && targetCols == d.targetCols && Arrays.equals(features, d.features)
                && Arrays.equals(labels, d.labels) && Arrays.equals(targets, d.targets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rows, cols, Arrays.hashCode(features), Arrays.hashCode(labels));
    }
}
