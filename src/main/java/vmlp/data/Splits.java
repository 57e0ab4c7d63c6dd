package vmlp.data;

import java.util.Arrays;

/**
 * Seeded train/test splits. The rows are shuffled with {@link LegacyRandom} (numpy's generator),
 * so a split depends only on the data set's size (and labels, when stratified) and the seed.
 *
 * <p>The test set gets {@code ceil(testFraction × rows)} rows, as scikit-learn's
 * {@code train_test_split} counts them; both parts must end up non-empty.
 */
public final class Splits {

    /** The two parts of a split. */
    public record Split(Dataset train, Dataset test) {}

    private Splits() {}

    /**
     * A random split: {@code testFraction} of the rows, chosen by a seeded shuffle, go to the test set.
     *
     * @param testFraction in (0, 1)
     * @param seed in [0, 2^32)
     * @throws IllegalArgumentException when the fraction is outside (0, 1) or leaves a part empty
     */
    public static Split trainTest(Dataset data, double testFraction, long seed) {
        int testRows = testRows(data.rows(), testFraction);
        int[] order = new LegacyRandom(seed).permutation(data.rows());
        return new Split(data.select(Arrays.copyOfRange(order, testRows, order.length)),
                data.select(Arrays.copyOf(order, testRows)));
    }

    /**
     * A split that keeps each class's share in both parts as nearly as whole rows allow: each class
     * gives {@code testFraction} of its rows to the test set, rounded so that the test set has
     * {@code ceil(testFraction × rows)} rows in all (the largest remainders get the extra rows).
     * Both parts are shuffled.
     *
     * @throws IllegalArgumentException for a regression data set, and as {@link #trainTest}
     */
    public static Split stratifiedTrainTest(Dataset data, double testFraction, long seed) {
        if (!data.isClassification()) {
            throw new IllegalArgumentException("a stratified split needs class labels, but " + data + " is a regression set");
        }
        int rows = data.rows();
        int testRows = testRows(rows, testFraction);
        int[] labels = data.labels();
        int classes = data.classes();
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        // the test rows per class: floor of the exact share, then one more for the largest remainders
        int[] quota = new int[classes];
        double[] remainder = new double[classes];
        int given = 0;
        for (int c = 0; c < classes; c++) {
            double exact = (double) testRows * counts[c] / rows;
            quota[c] = (int) Math.floor(exact);
            remainder[c] = exact - quota[c];
            given += quota[c];
        }
        while (given < testRows) {
            int best = -1;
            for (int c = 0; c < classes; c++) {
                if (quota[c] < counts[c] && (best < 0 || remainder[c] > remainder[best])) {
                    best = c;
                }
            }
            quota[best]++;
            remainder[best] = -1;
            given++;
        }
        LegacyRandom rng = new LegacyRandom(seed);
        int[] order = rng.permutation(rows);
        int[] train = new int[rows - testRows];
        int[] test = new int[testRows];
        int[] taken = new int[classes];
        int trainAt = 0;
        int testAt = 0;
        for (int row : order) {
            int c = labels[row];
            if (taken[c] < quota[c]) {
                taken[c]++;
                test[testAt++] = row;
            } else {
                train[trainAt++] = row;
            }
        }
        return new Split(data.select(train), data.select(test));
    }

    private static int testRows(int rows, double testFraction) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in (0, 1), got " + testFraction);
        }
        int test = (int) Math.ceil(testFraction * rows);
        if (test < 1 || test >= rows) {
            throw new IllegalArgumentException("a test fraction of " + testFraction + " of " + rows
                    + " rows leaves " + test + " test and " + (rows - test) + " training rows; both need at least one");
        }
        return test;
    }
}
