package vmlp.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per-feature standardisation, {@code x' = (x - mean) / std}, fitted on one data set (the training
 * set) and applied to any other with the same columns.
 *
 * <p>{@code std} is the population standard deviation (divided by {@code rows}, as scikit-learn's
 * {@code StandardScaler}). A column whose values are all equal gets {@code std = 1}, so it becomes
 * all zeros rather than NaN. Statistics are summed in double precision and stored as floats, so
 * that a standardizer rebuilt with {@link #of} from saved arrays gives the same bits.
 */
public final class Standardizer {

    private final float[] mean;
    private final float[] std;

    private Standardizer(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    /**
     * Fits the mean and standard deviation of each feature of {@code data}.
     *
     * @throws IllegalArgumentException when {@code data} has no rows or a non-finite feature
     */
    public static Standardizer fit(Dataset data) {
        int rows = data.rows();
        int cols = data.cols();
        if (rows == 0) {
            throw new IllegalArgumentException("cannot fit a standardizer on a data set with no rows");
        }
        float[] x = data.features();
        double[] sum = new double[cols];
        float[] min = new float[cols];
        float[] max = new float[cols];
        Arrays.fill(min, Float.POSITIVE_INFINITY);
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                float v = x[i * cols + j];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("feature " + j + " of row " + i + " is " + v);
                }
                sum[j] += v;
                min[j] = Math.min(min[j], v);
                max[j] = Math.max(max[j], v);
            }
        }
        double[] mean = new double[cols];
        for (int j = 0; j < cols; j++) {
            mean[j] = sum[j] / rows;
        }
        double[] squares = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double d = x[i * cols + j] - mean[j];
                squares[j] += d * d;
            }
        }
        float[] m = new float[cols];
        float[] s = new float[cols];
        for (int j = 0; j < cols; j++) {
            if (min[j] == max[j]) {
                // a constant column: its exact value and 1, so that it standardises to exact zeros
                m[j] = min[j];
                s[j] = 1f;
            } else {
                m[j] = (float) mean[j];
                float sd = (float) Math.sqrt(squares[j] / rows);
                s[j] = sd > 0 ? sd : 1f;
            }
        }
        return new Standardizer(m, s);
    }

    /**
     * A standardizer with the given statistics (for example read back from a model file).
     *
     * @throws IllegalArgumentException when the lengths differ or a std is not finite and positive
     */
    public static Standardizer of(float[] mean, float[] std) {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(std, "std");
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("mean has " + mean.length + " values and std " + std.length
                    + "; they need the same, non-zero length");
        }
        for (int j = 0; j < std.length; j++) {
            if (!(std[j] > 0) || !Float.isFinite(std[j]) || !Float.isFinite(mean[j])) {
                throw new IllegalArgumentException("feature " + j + " has mean " + mean[j] + " and std " + std[j]
                        + "; std must be finite and > 0, mean finite");
            }
        }
        return new Standardizer(mean.clone(), std.clone());
    }

    /** The number of features. */
    public int cols() {
        return mean.length;
    }

    /** The per-feature means (a copy). */
    public float[] mean() {
        return mean.clone();
    }

    /** The per-feature standard deviations, 1 for constant features (a copy). */
    public float[] std() {
        return std.clone();
    }

    /**
     * A new data set with the same targets and standardised features.
     *
     * @throws IllegalArgumentException when the column count differs from the fitted one
     */
    public Dataset apply(Dataset data) {
        if (data.cols() != mean.length) {
            throw new IllegalArgumentException("the standardizer was fitted on " + mean.length
                    + " features but the data set has " + data.cols());
        }
        return data.withFeatures(apply(data.features()));
    }

    /**
     * Standardised copies of row-major {@code features} (any number of rows of {@link #cols()} values).
     *
     * @throws IllegalArgumentException when the length is not a multiple of {@link #cols()}
     */
    public float[] apply(float[] features) {
        int cols = mean.length;
        if (features.length % cols != 0) {
            throw new IllegalArgumentException(features.length + " values are not whole rows of " + cols + " features");
        }
        float[] out = new float[features.length];
        apply(features, features.length / cols, out);
        return out;
    }

    /**
     * Standardises the first {@code rows} rows of {@code features} into {@code out}, which may be
     * {@code features} itself: for streaming inputs through a buffer that is reused.
     *
     * @throws IllegalArgumentException when either array is shorter than {@code rows} rows
     */
    public void apply(float[] features, int rows, float[] out) {
        int cols = mean.length;
        long n = (long) rows * cols;
        if (rows < 0 || n > features.length || n > out.length) {
            throw new IllegalArgumentException("cannot standardise " + rows + " rows of " + cols + " features from "
                    + features.length + " values into " + out.length);
        }
        for (int i = 0; i < n; i += cols) {
            for (int j = 0; j < cols; j++) {
                out[i + j] = (features[i + j] - mean[j]) / std[j];
            }
        }
    }

    @Override
    public String toString() {
        return "Standardizer[" + mean.length + " features]";
    }
}
