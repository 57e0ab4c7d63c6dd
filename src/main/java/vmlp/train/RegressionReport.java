package vmlp.train;

import java.util.Locale;

/**
 * How a regressor did: mean squared error, mean absolute error and R² (the fraction of the
 * targets' variance explained), over all target columns together.
 */
public record RegressionReport(double mse, double mae, double r2, int rows) {

    /** From {@code rows × cols} predictions and targets. */
    public static RegressionReport of(float[] predictions, float[] targets, int rows, int cols) {
        int n = rows * cols;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += targets[i];
        }
        mean /= n;
        double squared = 0;
        double absolute = 0;
        double variance = 0;
        for (int i = 0; i < n; i++) {
            double e = (double) predictions[i] - targets[i];
            squared += e * e;
            absolute += Math.abs(e);
            double d = targets[i] - mean;
            variance += d * d;
        }
        return new RegressionReport(squared / n, absolute / n, variance == 0 ? Double.NaN : 1 - squared / variance, rows);
    }

    /** A plain-text report. */
    public String format() {
        return String.format(Locale.ROOT, "rows %d%nMSE  %.6g%nMAE  %.6g%nR²   %.4f%n", rows, mse, mae, r2);
    }
}
