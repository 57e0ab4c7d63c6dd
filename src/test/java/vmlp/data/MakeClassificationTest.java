package vmlp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reference files were written by scikit-learn 1.2.1 itself: seed_toy.csv by
 * {@code np.random.seed(42); make_classification(n_samples=10, n_features=4, n_classes=2,
 * n_clusters_per_class=1)}, the mc_*.csv files by make_classification_reference.py next to them
 * (which lists the parameters repeated in each test below).
 */
class MakeClassificationTest {

    /** A reference file: the label column, then the features exactly as Python's repr wrote them. */
    private record Reference(double[] features, int rows, int cols, int[] labels) {}

    private static Reference reference(String resource) throws IOException {
        var stream = MakeClassificationTest.class.getResourceAsStream(resource);
        assertTrue(stream != null, "missing test resource " + resource);
        List<String[]> lines = new ArrayList<>();
        try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line.split(","));
            }
        }
        int rows = lines.size();
        int cols = lines.get(0).length - 1;
        double[] x = new double[rows * cols];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            String[] f = lines.get(i);
            y[i] = Integer.parseInt(f[0]);
            for (int j = 0; j < cols; j++) {
                x[i * cols + j] = Double.parseDouble(f[j + 1]);
            }
        }
        return new Reference(x, rows, cols, y);
    }

    private static void assertBitForBit(Reference expected, MakeClassification.Result actual) {
        assertEquals(expected.rows(), actual.rows(), "rows");
        assertEquals(expected.cols(), actual.cols(), "cols");
        assertArrayEquals(expected.labels(), actual.labels(), "labels");
        for (int i = 0; i < expected.rows(); i++) {
            for (int j = 0; j < expected.cols(); j++) {
                double e = expected.features()[i * expected.cols() + j];
                double a = actual.feature(i, j);
                // == on purpose: the port promises the same bits, not merely close values
                assertTrue(e == a, "row " + i + " column " + j + ": expected " + e + " but got " + a);
            }
        }
    }

    @Test
    void theBlogCallWithSeed42EqualsSklearnsToyDataExactly() throws IOException {
        var result = MakeClassification.builder()
                .nSamples(10).nFeatures(4).nClasses(2).nClustersPerClass(1)
                .seed(42)
                .generate();
        assertBitForBit(reference("seed_toy.csv"), result);
        assertArrayEquals(new int[] {0, 0, 1, 1, 1, 0, 0, 1, 0, 1}, result.labels());
    }

    @Test
    void thePermutationBranchWithEveryKindOfFeatureMatchesSklearn() throws IOException {
        var result = MakeClassification.builder()
                .nSamples(40).nFeatures(12).nInformative(3).nRedundant(2).nRepeated(2)
                .nClasses(3).nClustersPerClass(2).weights(0.5, 0.3, 0.2).flipY(0.1).classSep(1.5)
                .randomShift().randomScale().shuffle(true).seed(8)
                .generate();
        assertBitForBit(reference("mc_permutation.csv"), result);
    }

    @Test
    void theTrackingSelectionBranchOffTheHypercubeMatchesSklearn() throws IOException {
        var result = MakeClassification.builder()
                .nSamples(30).nFeatures(14).nInformative(10).nRedundant(2).nRepeated(1)
                .nClasses(2).nClustersPerClass(2).weights(0.7).flipY(0.05).classSep(0.8)
                .hypercube(false).randomShift().randomScale().shuffle(true).seed(3)
                .generate();
        assertBitForBit(reference("mc_tracking.csv"), result);
    }

    @Test
    void theReservoirBranchWithFixedShiftAndScaleMatchesSklearn() throws IOException {
        var result = MakeClassification.builder()
                .nSamples(25).nFeatures(5).nInformative(2).nRedundant(0).nRepeated(0)
                .nClasses(4).nClustersPerClass(1).flipY(0.0).classSep(2.0)
                .shift(2.5).scale(0.5).shuffle(false).seed(123)
                .generate();
        assertBitForBit(reference("mc_reservoir.csv"), result);
    }

    @Test
    void moreThanThirtyInformativeFeaturesMatchSklearnToTheLastBits() throws IOException {
        var result = MakeClassification.builder()
                .nSamples(12).nFeatures(34).nInformative(31).nRedundant(2)
                .nClasses(2).nClustersPerClass(1).seed(2023)
                .generate();
        // exact labels; OpenBLAS sums this shape of X·B in its own order (see the javadoc)
        assertClose(reference("mc_wide.csv"), result);
    }

    private static void assertClose(Reference expected, MakeClassification.Result actual) {
        assertArrayEquals(expected.labels(), actual.labels(), "labels");
        int differing = 0;
        for (int i = 0; i < expected.rows(); i++) {
            for (int j = 0; j < expected.cols(); j++) {
                double e = expected.features()[i * expected.cols() + j];
                double a = actual.feature(i, j);
                assertEquals(e, a, 1e-12 * Math.max(1, Math.abs(e)), "row " + i + " column " + j);
                differing += e == a ? 0 : 1;
            }
        }
        assertTrue(differing > 0, "expected a last-bit difference; if this now matches exactly, move it to the exact tests");
    }

    @Test
    void whereGlibcsLogIsNotCorrectlyRoundedTheDataDifferOnlyInTheLastBits() throws IOException {
        var result = MakeClassification.builder()
                .nSamples(40).nFeatures(12).nInformative(3).nRedundant(2).nRepeated(2)
                .nClasses(3).nClustersPerClass(2).weights(0.5, 0.3, 0.2).flipY(0.1).classSep(1.5)
                .randomShift().randomScale().shuffle(true).seed(7)
                .generate();
        assertClose(reference("mc_glibc_log.csv"), result);
    }

    @Test
    void withOneRedundantFeatureWhereNumpyUsesGemvTheDataDifferOnlyInTheLastBits() throws IOException {
        var result = MakeClassification.builder()
                .nSamples(30).nFeatures(13).nInformative(10).nRedundant(1).nRepeated(1)
                .nClasses(2).nClustersPerClass(2).weights(0.7).flipY(0.05).classSep(0.8)
                .hypercube(false).randomShift().randomScale().shuffle(true).seed(3)
                .generate();
        assertClose(reference("mc_gemv.csv"), result);
    }

    @Test
    void sampleWithoutReplacementGivesDistinctValuesInEveryBranch() {
        for (int k : new int[] {3, 50, 99, 100}) { // ratios 0.003 (tracking), 0.5, 0.99 (reservoir), 1
            var rng = new LegacyRandom(k);
            int[] sample = MakeClassification.sampleWithoutReplacement(k == 3 ? 1000 : 100, k, rng);
            assertEquals(k, Arrays.stream(sample).distinct().count(), "k = " + k);
        }
    }

    @Test
    void theSameParametersGiveTheSameDataAndAnotherSeedOther() {
        var builder = MakeClassification.builder().nSamples(50).nFeatures(6);
        var a = builder.seed(1).generate();
        var b = builder.seed(1).generate();
        var c = builder.seed(2).generate();
        assertArrayEquals(a.features(), b.features());
        assertArrayEquals(a.labels(), b.labels());
        assertNotEquals(Arrays.toString(a.features()), Arrays.toString(c.features()));
    }

    @Test
    void toDatasetRoundsTheFeaturesToFloatAndKeepsTheLabels() {
        var result = MakeClassification.builder().nSamples(30).nFeatures(5).nClasses(3)
                .nClustersPerClass(1).seed(9).generate();
        Dataset data = result.toDataset();
        assertEquals(30, data.rows());
        assertEquals(5, data.cols());
        assertArrayEquals(result.labels(), data.labels());
        assertEquals((float) result.feature(4, 3), data.features()[4 * 5 + 3]);
    }

    @Test
    void parametersThatDoNotFitTogetherAreRejectedWithTheNumbers() {
        var tooMany = assertThrows(IllegalArgumentException.class, () -> MakeClassification.builder()
                .nFeatures(4).nInformative(3).nRedundant(2).build());
        assertTrue(tooMany.getMessage().contains("nFeatures (4)"), tooMany.getMessage());

        var vertices = assertThrows(IllegalArgumentException.class, () -> MakeClassification.builder()
                .nInformative(2).nClasses(3).nClustersPerClass(2).build());
        assertTrue(vertices.getMessage().contains("2^nInformative = 4"), vertices.getMessage());

        var weights = assertThrows(IllegalArgumentException.class, () -> MakeClassification.builder()
                .nInformative(3).nClasses(3).weights(0.5, 0.2, 0.1, 0.2).build());
        assertTrue(weights.getMessage().contains("weights has 4 values"), weights.getMessage());

        var overfull = assertThrows(IllegalArgumentException.class, () -> MakeClassification.builder()
                .nInformative(3).nClasses(3).weights(0.8, 0.5).build());
        assertTrue(overfull.getMessage().contains("more than 1"), overfull.getMessage());

        var flip = assertThrows(IllegalArgumentException.class, () -> MakeClassification.builder().flipY(1.5));
        assertTrue(flip.getMessage().contains("flipY"), flip.getMessage());

        var shift = assertThrows(IllegalArgumentException.class, () -> MakeClassification.builder().shift(Double.NaN));
        assertTrue(shift.getMessage().contains("randomShift()"), shift.getMessage());

        assertThrows(IllegalArgumentException.class, () -> MakeClassification.builder().nSamples(0));
        assertThrows(IllegalArgumentException.class, () -> MakeClassification.builder().seed(-3));
        assertThrows(IllegalArgumentException.class, () -> MakeClassification.builder().nFeatures(3)
                .scale(new double[] {1, 2}).build());
    }
}
