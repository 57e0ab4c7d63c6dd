package vmlp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitsTest {

    /** Row i has the single feature i, so the rows of a split can be told apart. */
    private static Dataset numbered(int rows, int classes) {
        float[] x = new float[rows];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = i;
            y[i] = i % classes;
        }
        return Dataset.classification(x, rows, 1, y);
    }

    @Test
    void aTwentyPercentSplitOfAHundredRowsHasEightyAndTwentyRowsCoveringAllOnce() {
        var split = Splits.trainTest(numbered(100, 3), 0.2, 42);
        assertEquals(80, split.train().rows());
        assertEquals(20, split.test().rows());
        float[] all = new float[100];
        System.arraycopy(split.train().features(), 0, all, 0, 80);
        System.arraycopy(split.test().features(), 0, all, 80, 20);
        Arrays.sort(all);
        for (int i = 0; i < 100; i++) {
            assertEquals(i, all[i]);
        }
    }

    @Test
    void theTestSetIsRoundedUpAsScikitLearnDoes() {
        assertEquals(4, Splits.trainTest(numbered(11, 2), 0.3, 1).test().rows()); // ceil(3.3)
    }

    @Test
    void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        var data = numbered(50, 2);
        assertEquals(Splits.trainTest(data, 0.3, 7), Splits.trainTest(data, 0.3, 7));
        assertNotEquals(Splits.trainTest(data, 0.3, 7), Splits.trainTest(data, 0.3, 8));
    }

    @Test
    void aStratifiedSplitKeepsEachClassShare() {
        int[] labels = IntStream.range(0, 100).map(i -> i < 70 ? 0 : i < 90 ? 1 : 2).toArray();
        float[] x = new float[100];
        var data = Dataset.classification(x, 100, 1, labels);
        var split = Splits.stratifiedTrainTest(data, 0.2, 3);
        assertEquals(20, split.test().rows());
        int[] counts = new int[3];
        for (int label : split.test().labels()) {
            counts[label]++;
        }
        assertArrayEquals(new int[] {14, 4, 2}, counts);
        assertEquals(split, Splits.stratifiedTrainTest(data, 0.2, 3));
    }

    @Test
    void fractionsThatLeaveAPartEmptyAreRejected() {
        var data = numbered(5, 2);
        assertThrows(IllegalArgumentException.class, () -> Splits.trainTest(data, 0.0, 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.trainTest(data, 1.0, 1));
        var e = assertThrows(IllegalArgumentException.class, () -> Splits.trainTest(data, 0.9, 1));
        assertEquals(true, e.getMessage().contains("0 training rows"), e.getMessage());
        var regression = Dataset.regression(new float[4], 4, 1, new float[4], 1);
        assertThrows(IllegalArgumentException.class, () -> Splits.stratifiedTrainTest(regression, 0.5, 1));
    }
}
