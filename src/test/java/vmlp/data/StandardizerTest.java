package vmlp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StandardizerTest {

    @Test
    void standardisedFeaturesHaveMeanZeroAndStdOneAndConstantColumnsBecomeZeros() {
        var generated = MakeClassification.builder().nSamples(500).nFeatures(6).randomShift().randomScale()
                .seed(5).generate().toDataset();
        // make column 2 constant at a value that float sums cannot represent exactly
        float[] x = generated.features().clone();
        for (int i = 0; i < generated.rows(); i++) {
            x[i * 6 + 2] = 0.1f;
        }
        Dataset data = generated.withFeatures(x);
        Standardizer s = Standardizer.fit(data);
        Dataset z = s.apply(data);
        for (int j = 0; j < 6; j++) {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < z.rows(); i++) {
                float v = z.features()[i * 6 + j];
                assertTrue(Float.isFinite(v));
                sum += v;
                squares += (double) v * v;
            }
            double mean = sum / z.rows();
            double std = Math.sqrt(squares / z.rows() - mean * mean);
            assertEquals(0, mean, 1e-5, "mean of column " + j);
            assertEquals(j == 2 ? 0 : 1, std, 1e-4, "std of column " + j);
        }
        assertEquals(1f, s.std()[2]);
        assertEquals(0.1f, s.mean()[2]);
        assertArrayEquals(data.labels(), z.labels());
    }

    @Test
    void aStandardizerRebuiltFromItsArraysGivesTheSameBits() {
        var data = MakeClassification.builder().nSamples(50).nFeatures(4).seed(1).generate().toDataset();
        Standardizer fitted = Standardizer.fit(data);
        Standardizer rebuilt = Standardizer.of(fitted.mean(), fitted.std());
        assertArrayEquals(fitted.apply(data).features(), rebuilt.apply(data).features());
    }

    @Test
    void mismatchedColumnsAndBadStatisticsAreRejected() {
        var data = Dataset.classification(new float[] {1, 2, 3, 4}, 2, 2, new int[] {0, 1});
        Standardizer s = Standardizer.fit(data);
        var other = Dataset.classification(new float[] {1, 2, 3}, 1, 3, new int[] {0});
        var e = assertThrows(IllegalArgumentException.class, () -> s.apply(other));
        assertTrue(e.getMessage().contains("2 features"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Standardizer.of(new float[] {0}, new float[] {0}));
        assertThrows(IllegalArgumentException.class, () -> Standardizer.of(new float[] {0, 1}, new float[] {1}));
    }

    @Test
    void standardisingInPlaceGivesTheSameBitsAsACopy() {
        Standardizer s = Standardizer.of(new float[] {1f, -2f}, new float[] {2f, 0.5f});
        float[] x = {3f, 4f, 5f, 6f, 7f, 8f};
        float[] copy = s.apply(x);
        float[] buffer = x.clone();
        s.apply(buffer, 2, buffer);
        assertArrayEquals(java.util.Arrays.copyOf(copy, 4),
                java.util.Arrays.copyOf(buffer, 4));
        assertEquals(7f, buffer[4], "rows past the count are left alone");
        assertThrows(IllegalArgumentException.class, () -> s.apply(x, 4, buffer));
    }
}
