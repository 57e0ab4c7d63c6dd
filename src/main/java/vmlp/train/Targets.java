package vmlp.train;

import java.util.Arrays;
import vmlp.data.Dataset;
import vmlp.nn.Network;

/**
 * Turns a data set's targets into the {@code rows × outputs} matrix a loss compares the network's
 * output with: one-hot rows for a softmax output, the 0/1 label for a single sigmoid output, the
 * values themselves for regression.
 */
final class Targets {

    private Targets() {}

    /**
     * Checks once, before training, that the data fit the network.
     *
     * @throws IllegalArgumentException naming both shapes when they do not
     */
    static void check(Dataset data, Network network) {
        if (data.cols() != network.inputs()) {
            throw new IllegalArgumentException("data has " + data.cols() + " features per row but the network"
                    + " expects " + network.inputs() + " inputs (" + data + " vs " + network + ")");
        }
        int outputs = network.outputs();
        if (data.isClassification()) {
            int needed = outputs == 1 ? 2 : outputs;
            if (data.classes() > needed) {
                throw new IllegalArgumentException("data has " + data.classes() + " classes but the network's "
                        + outputs + " output" + (outputs == 1 ? " (binary)" : "s") + " can tell only " + needed);
            }
        } else if (data.targetCols() != outputs) {
            throw new IllegalArgumentException("data has " + data.targetCols() + " targets per row but the"
                    + " network has " + outputs + " outputs");
        }
    }

    /**
     * Writes the targets of rows {@code order[from … from+count)} into {@code y} (count × outputs);
     * a null {@code order} means rows {@code from … from+count} themselves.
     */
    static void gather(Dataset data, int[] order, int from, int count, int outputs, float[] y) {
        if (!data.isClassification()) {
            float[] t = data.targets();
            for (int i = 0; i < count; i++) {
                System.arraycopy(t, row(order, from + i) * outputs, y, i * outputs, outputs);
            }
            return;
        }
        int[] labels = data.labels();
        if (outputs == 1) {
            for (int i = 0; i < count; i++) {
                y[i] = labels[row(order, from + i)];
            }
            return;
        }
        Arrays.fill(y, 0, count * outputs, 0f);
        for (int i = 0; i < count; i++) {
            y[i * outputs + labels[row(order, from + i)]] = 1f;
        }
    }

    private static int row(int[] order, int i) {
        return order == null ? i : order[i];
    }

    /**
     * How many of {@code rows} predictions pick the target's class: the row argmax against the
     * one-hot target's, or, for one output, both on the same side of 0.5.
     */
    static int hits(float[] predictions, float[] y, int rows, int cols) {
        int hits = 0;
        if (cols == 1) {
            for (int r = 0; r < rows; r++) {
                if ((predictions[r] >= 0.5f) == (y[r] >= 0.5f)) {
                    hits++;
                }
            }
            return hits;
        }
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            int best = 0;
            int target = 0;
            for (int j = 1; j < cols; j++) {
                if (predictions[row + j] > predictions[row + best]) {
                    best = j;
                }
                if (y[row + j] > y[row + target]) {
                    target = j;
                }
            }
            if (best == target) {
                hits++;
            }
        }
        return hits;
    }

    /** {@code Σ |prediction − target|} over {@code rows × cols} values. */
    static double absoluteError(float[] predictions, float[] y, int rows, int cols) {
        double sum = 0;
        for (int i = 0; i < rows * cols; i++) {
            sum += Math.abs((double) predictions[i] - y[i]);
        }
        return sum;
    }

    /** {@code Σ (prediction − target)²} over {@code rows × cols} values. */
    static double squaredError(float[] predictions, float[] y, int rows, int cols) {
        double sum = 0;
        for (int i = 0; i < rows * cols; i++) {
            double d = (double) predictions[i] - y[i];
            sum += d * d;
        }
        return sum;
    }
}
