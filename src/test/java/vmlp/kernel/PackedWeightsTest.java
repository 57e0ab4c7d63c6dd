package vmlp.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The forward product on packed weights: a row's output has the same bits whatever batch it is in
 * and wherever it sits there (what the server's batching and the parallel predictor rest on), the
 * packed copy is a snapshot, and repacking reuses its storage.
 */
class PackedWeightsTest {

    private static final Kernels SCALAR = new ScalarKernels();
    private static final Kernels VECTOR = new VectorKernels();

    static Stream<Kernels> kernels() {
        return Stream.of(SCALAR, VECTOR);
    }

    /** {outputs, inputs}: panels, columns and rows, one or several k blocks and column blocks, every tail. */
    private static final int[][] LAYERS = {
        {256, 784}, {128, 256}, {10, 128}, {16, 32}, {17, 33}, {33, 31}, {47, 97}, {1100, 40}, {3, 5}, {64, 600},
        {3, 40}, {7, 64}, {15, 33},
    };

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void aRowHasTheSameBitsAloneAndInEveryBatch(Kernels kernels) {
        SplittableRandom random = new SplittableRandom(23);
        for (int[] layer : LAYERS) {
            int n = layer[0], k = layer[1];
            float[] w = gaussian(random, n * k);
            float[] bias = gaussian(random, n);
            PackedWeights packed = kernels.packWeights(n, k, w, 0, null);
            for (Fused activation : Fused.values()) {
                int rows = 103;   // several MC blocks of 96 rows, whole tiles and edge rows
                float[] x = gaussian(random, rows * k);
                float[] all = new float[rows * n];
                kernels.gemmNTBiasActivation(rows, packed, x, 0, bias, 0, activation, all);
                for (int[] window : new int[][] {{0, 1}, {5, 1}, {102, 1}, {3, 2}, {7, 5}, {1, 6}, {4, 13},
                                                 {30, 37}, {0, 97}, {6, 96}}) {
                    int from = window[0], count = window[1];
                    float[] part = new float[count * n];
                    kernels.gemmNTBiasActivation(count, packed, x, from * k, bias, 0, activation, part);
                    for (int i = 0; i < part.length; i++) {
                        int index = i;
                        assertEquals(Float.floatToRawIntBits(all[from * n + i]), Float.floatToRawIntBits(part[i]),
                                () -> kernels.name() + " " + packed + " " + activation + ": rows " + from + "+"
                                        + count + ", element " + index + " differs from the whole batch");
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void thePackedCopyIsASnapshotAndRepackingReusesIt(Kernels kernels) {
        SplittableRandom random = new SplittableRandom(3);
        int n = 40, k = 70;
        float[] w = gaussian(random, 2 + n * k);
        float[] x = gaussian(random, 3 * k);
        float[] bias = new float[n];
        PackedWeights packed = kernels.packWeights(n, k, w, 2, null);
        float[] before = new float[3 * n];
        kernels.gemmNTBiasActivation(3, packed, x, 0, bias, 0, Fused.IDENTITY, before);

        w[2 + 5] += 1f;   // W[0][5]
        float[] stale = new float[3 * n];
        kernels.gemmNTBiasActivation(3, packed, x, 0, bias, 0, Fused.IDENTITY, stale);
        assertArrayEquals(before, stale, "writing W after packing leaves the packed copy alone");

        assertSame(packed, kernels.packWeights(n, k, w, 2, packed), "same shape: the storage is reused");
        float[] fresh = new float[3 * n];
        kernels.gemmNTBiasActivation(3, packed, x, 0, bias, 0, Fused.IDENTITY, fresh);
        for (int r = 0; r < 3; r++) {
            assertEquals(before[r * n] + x[r * k + 5], fresh[r * n], 1e-4f, "row " + r + " sees the new W[0][5]");
            assertEquals(before[r * n + 1], fresh[r * n + 1], "row " + r + ", an untouched output");
        }
        assertNotSame(packed, kernels.packWeights(n - 1, k, w, 2, packed), "another shape gets new storage");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void packingInPartsInAnyOrderGivesTheSameWeights(Kernels kernels) {
        SplittableRandom random = new SplittableRandom(31);
        for (int[] layer : LAYERS) {
            int n = layer[0], k = layer[1];
            float[] w = gaussian(random, 3 + n * k);
            PackedWeights whole = kernels.packWeights(n, k, w, 3, null);
            PackedWeights parts = kernels.packingStorage(n, k, null);
            java.util.Arrays.fill(parts.data, Float.NaN);
            int count = kernels.packingParts(parts);
            for (int part = count - 1; part >= 0; part--) {
                kernels.packPart(parts, part, w, 3);
            }
            assertArrayEquals(whole.data, parts.data, kernels.name() + " " + whole + " in " + count + " parts");
            if (kernels == VECTOR && whole.layout() == PackedWeights.Layout.PANELS) {
                assertEquals((k + PackedGemm.KC - 1) / PackedGemm.KC, count, "one part per k block");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void repackingRangesOfChangedWeightsGivesWhatPackingAllGives(Kernels kernels) {
        SplittableRandom random = new SplittableRandom(37);
        for (int[] layer : LAYERS) {
            int n = layer[0], k = layer[1];
            float[] w = gaussian(random, 5 + n * k);
            PackedWeights packed = kernels.packWeights(n, k, w, 5, null);
            float[] changed = gaussian(random, 5 + n * k);
            // ranges that start and end anywhere: mid-row, mid-block, across rows and panels, some
            // long enough to hold eight or more whole rows (a block transpose with 8 lanes)
            for (int from = 0; from < n * k; ) {
                int span = random.nextInt(4) == 0 ? 20 * k : 3 * k;
                int to = Math.min(n * k, from + 1 + random.nextInt(span));
                System.arraycopy(changed, 5 + from, w, 5 + from, to - from);
                kernels.packRange(packed, w, 5, from, to);
                from = to;
            }
            assertArrayEquals(kernels.packWeights(n, k, changed, 5, null).data, packed.data,
                    kernels.name() + " " + packed);
        }
    }

    @Test
    void layersPackIntoTheLayoutTheirProductReadsFastest() {
        int lanes = VectorKernels.preferredLanes();
        float[] w = new float[1100 * 784];
        assertEquals(PackedWeights.Layout.PANELS, VECTOR.packWeights(256, 784, w, 0, null).layout());
        assertEquals(PackedWeights.Layout.COLUMNS, VECTOR.packWeights(lanes - 1, 784, w, 0, null).layout(),
                "fewer outputs than a vector");
        assertEquals(PackedWeights.Layout.ROWS, VECTOR.packWeights(256, 31, w, 0, null).layout(), "short sums");
        assertEquals(PackedWeights.Layout.ROWS, VECTOR.packWeights(lanes - 1, 31, w, 0, null).layout());
        assertEquals(PackedWeights.Layout.ROWS, SCALAR.packWeights(256, 784, w, 0, null).layout());
    }

    @Test
    void vectorPanelsGivenToTheScalarKernelsAreRefused() {
        PackedWeights panels = VECTOR.packWeights(64, 64, new float[64 * 64], 0, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SCALAR.gemmNTBiasActivation(1, panels, new float[64], 0, new float[64], 0, Fused.RELU,
                        new float[64]));
        assertTrue(e.getMessage().contains("panels"), e.getMessage());
    }

    private static float[] gaussian(SplittableRandom random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
