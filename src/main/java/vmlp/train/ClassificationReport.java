package vmlp.train;

import java.util.Locale;

/**
 * How a classifier did on labelled rows: accuracy, precision, recall and F1 per class, the
 * confusion matrix and the log-loss, computed from its predicted probabilities.
 *
 * @param confusion {@code confusion[actual][predicted]} row counts
 * @param logLoss the mean negative log-probability of the true class (probabilities clipped to
 *     [1e-15, 1 − 1e-15], as scikit-learn does)
 */
public record ClassificationReport(int[][] confusion, double logLoss) {

    private static final double CLIP = 1e-15;

    /**
     * @param probabilities {@code rows × outputs}: softmax rows, or one sigmoid column for two
     *     classes (the probability of class 1)
     * @param labels the true classes, each below {@code max(outputs, 2)}
     */
    public static ClassificationReport of(float[] probabilities, int rows, int outputs, int[] labels) {
        int classes = Math.max(outputs, 2);
        int[][] confusion = new int[classes][classes];
        int[] predicted = vmlp.nn.Network.argmaxRows(probabilities, rows, outputs);
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            int label = labels[r];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " at row " + r + " is not one of the model's "
                        + classes + " classes");
            }
            confusion[label][predicted[r]]++;
            double p = outputs == 1
                    ? (label == 1 ? probabilities[r] : 1.0 - probabilities[r])
                    : probabilities[r * outputs + label];
            loss -= Math.log(Math.min(Math.max(p, CLIP), 1 - CLIP));
        }
        return new ClassificationReport(confusion, rows == 0 ? Double.NaN : loss / rows);
    }

    /** The number of classes. */
    public int classes() {
        return confusion.length;
    }

    /** Rows counted. */
    public int rows() {
        int n = 0;
        for (int[] row : confusion) {
            for (int v : row) {
                n += v;
            }
        }
        return n;
    }

    /** The fraction of rows whose predicted class is the true one. */
    public double accuracy() {
        int correct = 0;
        for (int c = 0; c < confusion.length; c++) {
            correct += confusion[c][c];
        }
        return (double) correct / rows();
    }

    /** Rows of class {@code c}. */
    public int support(int c) {
        int n = 0;
        for (int v : confusion[c]) {
            n += v;
        }
        return n;
    }

    /** Of the rows predicted {@code c}, the fraction that are {@code c} (0 when none is predicted). */
    public double precision(int c) {
        int predicted = 0;
        for (int[] row : confusion) {
            predicted += row[c];
        }
        return predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
    }

    /** Of the rows of class {@code c}, the fraction predicted {@code c} (0 when there are none). */
    public double recall(int c) {
        int support = support(c);
        return support == 0 ? 0 : (double) confusion[c][c] / support;
    }

    /** The harmonic mean of precision and recall (0 when both are 0). */
    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** A plain-text report: per-class table, confusion matrix, accuracy and log-loss. */
    public String format() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "accuracy  %.4f  (%d rows)%nlog-loss  %.4f%n%n", accuracy(), rows(), logLoss));
        s.append("class  precision  recall      f1  support\n");
        double macroF1 = 0;
        for (int c = 0; c < classes(); c++) {
            s.append(String.format(Locale.ROOT, "%5d  %9.4f  %6.4f  %6.4f  %7d%n", c, precision(c), recall(c), f1(c),
                    support(c)));
            macroF1 += f1(c);
        }
        s.append(String.format(Locale.ROOT, "macro F1 %.4f%n%nconfusion matrix (rows: true class, columns: predicted)%n",
                macroF1 / classes()));
        int width = Math.max(4, Integer.toString(rows()).length() + 1);
        s.append(" ".repeat(6));
        for (int c = 0; c < classes(); c++) {
            s.append(String.format("%" + width + "d", c));
        }
        s.append('\n');
        for (int a = 0; a < classes(); a++) {
            s.append(String.format("%5d ", a));
            for (int p = 0; p < classes(); p++) {
                s.append(String.format("%" + width + "d", confusion[a][p]));
            }
            s.append('\n');
        }
        return s.toString();
    }
}
