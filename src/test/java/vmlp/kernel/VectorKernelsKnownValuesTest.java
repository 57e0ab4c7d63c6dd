package vmlp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The vector kernels against exact or independently computed values, not against the scalar
 * kernels: activations against {@link Math#exp}/{@link Math#tanh} in double, identities that hold
 * exactly, and the stability of softmax with large logits.
 */
class VectorKernelsKnownValuesTest {

    private static final Kernels VECTOR = new VectorKernels();

    /** Enough elements that most go through whole vectors, plus a tail, for any lane count. */
    private static final int N = 4099;

    @Test
    void sigmoidIsWithinFourUlpOfTheDoubleFormula() {
        float[] x = grid(-30, 30);
        float[] y = new float[N];
        VECTOR.sigmoid(N, x, y);
        for (int i = 0; i < N; i++) {
            double exact = 1.0 / (1.0 + Math.exp(-(double) x[i]));
            // SVML's float exp is within ~1 ulp; 1 + e and the division add two roundings.
            assertEquals(exact, y[i], 4 * Math.ulp((float) exact) + 1e-30, "sigmoid(" + x[i] + ")");
        }
    }

    @Test
    void tanhIsWithinFourUlpOfTheDoubleFunction() {
        float[] x = grid(-12, 12);
        float[] y = new float[N];
        VECTOR.tanh(N, x, y);
        for (int i = 0; i < N; i++) {
            double exact = Math.tanh(x[i]);
            assertEquals(exact, y[i], 4 * Math.ulp((float) exact) + 1e-30, "tanh(" + x[i] + ")");
        }
    }

    @Test
    void activationsHaveTheirExactValuesAtZeroAndSaturation() {
        float[] x = new float[N];
        float[] y = new float[N];
        VECTOR.sigmoid(N, x, y);
        for (int i = 0; i < N; i++) {
            assertEquals(0.5f, y[i], "sigmoid(0) at " + i);
        }
        VECTOR.tanh(N, x, y);
        for (int i = 0; i < N; i++) {
            assertEquals(0f, y[i], "tanh(0) at " + i);
        }
        for (int i = 0; i < N; i++) {
            x[i] = i % 2 == 0 ? 200f : -200f;   // e^200 overflows float: must saturate, not be NaN
        }
        VECTOR.sigmoid(N, x, y);
        for (int i = 0; i < N; i++) {
            assertEquals(i % 2 == 0 ? 1f : 0f, y[i], "sigmoid(" + x[i] + ")");
        }
        VECTOR.tanh(N, x, y);
        for (int i = 0; i < N; i++) {
            assertEquals(i % 2 == 0 ? 1f : -1f, y[i], "tanh(" + x[i] + ")");
        }
    }

    @Test
    void reluGradientIsExactlyZeroWhereTheOutputIsZeroAndDyElsewhere() {
        SplittableRandom random = new SplittableRandom(3);
        float[] x = new float[N];
        float[] dy = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
            dy[i] = i % 7 == 0 ? Float.NaN : (float) random.nextDouble(-1e30, 1e30);
        }
        float[] y = new float[N];
        VECTOR.relu(N, x, y);
        float[] dz = new float[N];
        VECTOR.reluGradient(N, y, dy, dz);
        for (int i = 0; i < N; i++) {
            if (x[i] > 0) {
                assertEquals(x[i], y[i], "relu at " + i);
                assertEquals(dy[i], dz[i], "relu gradient at positive output " + i);
            } else {
                // +0 exactly (not -0), whatever dy is, NaN included
                assertEquals(0f, y[i], "relu at " + i);
                assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(dz[i]),
                        "relu gradient at zero output " + i + " was " + dz[i]);
            }
        }
    }

    @Test
    void reluPropagatesNaNAndMapsNegativeZeroToPositiveZero() {
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = i % 3 == 0 ? Float.NaN : -0f;
        }
        float[] y = new float[N];
        VECTOR.relu(N, x, y);
        for (int i = 0; i < N; i++) {
            if (i % 3 == 0) {
                assertTrue(Float.isNaN(y[i]), "relu(NaN) must stay NaN so training can detect it, at " + i);
            } else {
                assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(y[i]), "relu(-0) at " + i);
            }
        }
    }

    @Test
    void leakyReluScalesOnlyNegativeInputsAndItsGradientFollows() {
        float[] x = grid(-3, 3);
        float[] y = new float[N];
        VECTOR.leakyRelu(N, 0.1f, x, y);
        float[] dy = new float[N];
        java.util.Arrays.fill(dy, 2f);
        float[] dz = new float[N];
        VECTOR.leakyReluGradient(N, 0.1f, y, dy, dz);
        for (int i = 0; i < N; i++) {
            assertEquals(x[i] > 0 ? x[i] : 0.1f * x[i], y[i], "leakyRelu(" + x[i] + ")");
            assertEquals(x[i] > 0 ? 2f : 0.2f, dz[i], "leakyRelu gradient at " + x[i]);
        }
    }

    @Test
    void softmaxRowsArePositiveAndSumToOneEvenForHugeLogits() {
        SplittableRandom random = new SplittableRandom(5);
        for (int cols : new int[] {1, 2, 10, 17, 33, 784}) {
            int rows = 5;
            float[] x = new float[rows * cols];
            for (int i = 0; i < x.length; i++) {
                // row 0 holds logits that overflow exp without the max subtraction
                x[i] = (float) (i < cols ? random.nextDouble(1000, 1010) : random.nextDouble(-30, 30));
            }
            float[] y = new float[x.length];
            VECTOR.softmaxRows(rows, cols, x, y);
            for (int r = 0; r < rows; r++) {
                double sum = 0;
                for (int j = 0; j < cols; j++) {
                    float p = y[r * cols + j];
                    assertTrue(p >= 0 && p <= 1, "softmax cols=" + cols + " row " + r + " has " + p);
                    sum += p;
                }
                // cols roundings of at most 2⁻²⁴ relative each, plus the exp and the division
                assertEquals(1.0, sum, (cols + 4) * 0x1p-24, "softmax row sum, cols=" + cols + " row " + r);
            }
        }
        float[] equal = {1000f, 1000f, -5f, -5f, -5f, -5f};
        float[] out = new float[equal.length];
        VECTOR.softmaxRows(3, 2, equal, out);
        for (float p : out) {
            assertEquals(0.5f, p, "two equal logits");
        }
    }

    @Test
    void softmaxGradientVanishesForAConstantUpstreamGradient() {
        // Σ_j y_j (c - Σ_i c y_i) = 0 because the y sum to 1: a constant dy has no effect on softmax.
        int rows = 4;
        int cols = 37;
        float[] x = grid(-4, 4);
        float[] y = new float[rows * cols];
        VECTOR.softmaxRows(rows, cols, x, y);
        float[] dy = new float[rows * cols];
        java.util.Arrays.fill(dy, 0.75f);
        float[] dz = new float[rows * cols];
        VECTOR.softmaxRowsGradient(rows, cols, y, dy, dz);
        for (int i = 0; i < dz.length; i++) {
            assertEquals(0f, dz[i], 1e-7, "dz at " + i);
        }
    }

    @Test
    void gemmOfSmallIntegersIsExact() {
        // Products and sums of small integers are exact in float, whatever the order: C = A·Bᵀ etc.
        SplittableRandom random = new SplittableRandom(9);
        int m = 37;
        int n = 41;
        int k = 43;
        float[] a = new float[m * k];
        float[] b = new float[n * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextInt(-8, 9);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextInt(-8, 9);
        }
        float[] c = new float[m * n];
        VECTOR.gemmNT(m, n, k, a, 0, b, 0, c, 0, false);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                long dot = 0;
                for (int p = 0; p < k; p++) {
                    dot += (long) a[i * k + p] * (long) b[j * k + p];
                }
                assertEquals(dot, c[i * n + j], "gemmNT C[" + i + "][" + j + "]");
            }
        }
        // B as n×k read as k×n for NN: C2 = A·B'; compare against TN of the transposed A.
        float[] at = new float[k * m];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                at[p * m + i] = a[i * k + p];
            }
        }
        float[] nn = new float[m * n];
        float[] tn = new float[m * n];
        VECTOR.gemmNN(m, n, k, a, 0, b, 0, nn, 0, false);
        VECTOR.gemmTN(m, n, k, at, 0, b, 0, tn, 0, false);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                long dot = 0;
                for (int p = 0; p < k; p++) {
                    dot += (long) a[i * k + p] * (long) b[p * n + j];
                }
                assertEquals(dot, nn[i * n + j], "gemmNN C[" + i + "][" + j + "]");
                assertEquals(dot, tn[i * n + j], "gemmTN C[" + i + "][" + j + "]");
            }
        }
    }

    /** N evenly spaced values from low to high. */
    private static float[] grid(double low, double high) {
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = (float) (low + (high - low) * i / (N - 1));
        }
        return x;
    }
}
