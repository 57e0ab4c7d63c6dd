package vmlp.kernel;

import static vmlp.kernel.VectorKernelsMatchScalarTest.assertClose;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fused products (bias + activation in the forward epilogue, activation gradient in the
 * backward one) and the optimiser updates, vector against scalar, on shapes that hit every edge of
 * the packed GEMM: rows that are not a multiple of the row tile (12 or 6), columns that are not a multiple
 * of the 2-vector tile (nor of one vector), k split into several blocks, and the small shapes that
 * take the unpacked path. Run under {@code -XX:MaxVectorSize=16} and {@code =32} as well (see
 * docs/vector-api.md) for the 128- and 256-bit species.
 */
class FusedAndUpdateKernelsMatchScalarTest {

    private static final Kernels SCALAR = new ScalarKernels();
    private static final Kernels VECTOR = new VectorKernels();

    static List<int[]> shapes() {
        List<int[]> shapes = new ArrayList<>();
        int[] sizes = {1, 2, 5, 6, 7, 13, 16, 17, 31, 32, 33, 47, 64, 97};
        SplittableRandom random = new SplittableRandom(11);
        for (int s : sizes) {
            shapes.add(new int[] {s, s, s});
            shapes.add(new int[] {s, 37, 29});
            shapes.add(new int[] {19, s, 23});
            shapes.add(new int[] {11, 21, s});
        }
        for (int i = 0; i < 12; i++) {
            shapes.add(new int[] {1 + random.nextInt(130), 1 + random.nextInt(130), 1 + random.nextInt(600)});
        }
        shapes.add(new int[] {128, 256, 784});   // k in 4 blocks, m in 2 row blocks + edge
        shapes.add(new int[] {128, 10, 128});
        shapes.add(new int[] {200, 1100, 40});   // n over one column block (NC = 1024)
        return shapes;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Fused.class)
    void fusedForwardMatchesTheUnfusedScalarComposition(Fused activation) {
        SplittableRandom random = new SplittableRandom(5 + activation.ordinal());
        for (int[] s : shapes()) {
            int m = s[0], n = s[1], k = s[2];
            int aOff = random.nextInt(5), bOff = random.nextInt(5), biasOff = random.nextInt(5);
            float[] a = random(random, aOff + m * k + 3);
            float[] b = random(random, bOff + n * k + 3);
            float[] bias = random(random, biasOff + n + 3);
            float[] expected = new float[m * n + 7];
            float[] actual = new float[m * n + 7];
            java.util.Arrays.fill(expected, Float.NaN);
            java.util.Arrays.fill(actual, Float.NaN);
            SCALAR.gemmNTBiasActivation(m, SCALAR.packWeights(n, k, b, bOff, null), a, aOff, bias, biasOff,
                    activation, expected);
            VECTOR.gemmNTBiasActivation(m, VECTOR.packWeights(n, k, b, bOff, null), a, aOff, bias, biasOff,
                    activation, actual);
            float[] absA = abs(a), absB = abs(b);
            float[] magnitude = new float[m * n + 7];
            SCALAR.gemmNT(m, n, k, absA, aOff, absB, bOff, magnitude, 0, false);
            double root = Math.sqrt(k);
            // Every activation here has |f'| <= 1, so the product's error bound carries through,
            // plus a few ulp of exp/tanh near 1.
            assertClose(expected, actual, i -> 1e-6 * root * (magnitude[i] + 1) + 1e-6,
                    "gemmNTBiasActivation " + activation + " m=" + m + " n=" + n + " k=" + k);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Fused.class)
    void fusedInputGradientMatchesTheUnfusedScalarComposition(Fused activation) {
        SplittableRandom random = new SplittableRandom(17 + activation.ordinal());
        for (int[] s : shapes()) {
            int m = s[0], n = s[1], k = s[2];
            int aOff = random.nextInt(5), bOff = random.nextInt(5);
            float[] a = random(random, aOff + m * k + 3);
            float[] b = random(random, bOff + k * n + 3);
            // y is an activation's output: relu has exact zeros, sigmoid in (0, 1), tanh in (-1, 1).
            float[] y = new float[m * n];
            for (int i = 0; i < y.length; i++) {
                double u = random.nextDouble(-1, 1);
                y[i] = (float) switch (activation) {
                    case RELU -> Math.max(u, 0);
                    case SIGMOID -> (u + 1) / 2;
                    default -> u;
                };
            }
            float[] expected = new float[m * n + 7];
            float[] actual = new float[m * n + 7];
            java.util.Arrays.fill(expected, Float.NaN);
            java.util.Arrays.fill(actual, Float.NaN);
            SCALAR.gemmNNActivationGradient(m, n, k, a, aOff, b, bOff, activation, y, expected);
            VECTOR.gemmNNActivationGradient(m, n, k, a, aOff, b, bOff, activation, y, actual);
            float[] magnitude = new float[m * n + 7];
            SCALAR.gemmNN(m, n, k, abs(a), aOff, abs(b), bOff, magnitude, 0, false);
            double root = Math.sqrt(k);
            assertClose(expected, actual, i -> 1e-6 * root * magnitude[i] + 1e-7,
                    "gemmNNActivationGradient " + activation + " m=" + m + " n=" + n + " k=" + k);
        }
    }

    @Test
    void vectorSgdUpdatesMatchScalar() {
        SplittableRandom random = new SplittableRandom(23);
        for (int n = 0; n <= 300; n += (n < 70 ? 1 : 37)) {
            for (float decay : new float[] {0f, 1e-2f}) {
                float[] params = random(random, n + 4);
                float[] grads = random(random, n + 4);
                float[] expected = params.clone();
                float[] actual = params.clone();
                SCALAR.sgdUpdate(n, 0.1f, decay, expected, 2, grads, 1);
                VECTOR.sgdUpdate(n, 0.1f, decay, actual, 2, grads, 1);
                assertClose(expected, actual, i -> 1e-6, "sgdUpdate n=" + n);

                for (boolean nesterov : new boolean[] {false, true}) {
                    float[] velocity = random(random, n + 4);
                    float[] vExpected = velocity.clone();
                    float[] vActual = velocity.clone();
                    float[] pExpected = params.clone();
                    float[] pActual = params.clone();
                    for (int step = 0; step < 3; step++) {
                        SCALAR.sgdMomentumUpdate(n, 0.05f, 0.9f, nesterov, decay, pExpected, 1, grads, 3, vExpected, 2);
                        VECTOR.sgdMomentumUpdate(n, 0.05f, 0.9f, nesterov, decay, pActual, 1, grads, 3, vActual, 2);
                    }
                    assertClose(vExpected, vActual, i -> 1e-5, "momentum velocity n=" + n);
                    assertClose(pExpected, pActual, i -> 1e-5, "momentum params n=" + n + " nesterov=" + nesterov);
                }
            }
        }
    }

    @Test
    void vectorAdamAndAdamWMatchScalarOverSeveralSteps() {
        SplittableRandom random = new SplittableRandom(29);
        for (int n = 0; n <= 300; n += (n < 70 ? 1 : 37)) {
            for (boolean decoupled : new boolean[] {false, true}) {
                float[] params = random(random, n + 5);
                float[] mExpected = new float[n + 5], mActual = new float[n + 5];
                float[] vExpected = new float[n + 5], vActual = new float[n + 5];
                float[] pExpected = params.clone(), pActual = params.clone();
                float beta1 = 0.9f, beta2 = 0.999f;
                for (int t = 1; t <= 4; t++) {
                    float[] grads = random(random, n + 5);
                    float c1 = (float) (1 - Math.pow(beta1, t));
                    float c2 = (float) (1 - Math.pow(beta2, t));
                    SCALAR.adamUpdate(n, 1e-3f, beta1, beta2, 1e-8f, 1e-2f, decoupled, c1, c2,
                            pExpected, 3, grads, 1, mExpected, 2, vExpected, 4);
                    VECTOR.adamUpdate(n, 1e-3f, beta1, beta2, 1e-8f, 1e-2f, decoupled, c1, c2,
                            pActual, 3, grads, 1, mActual, 2, vActual, 4);
                }
                String where = "adam n=" + n + " decoupled=" + decoupled;
                assertClose(mExpected, mActual, i -> 1e-6, where + " m");
                assertClose(vExpected, vActual, i -> 1e-6, where + " v");
                // Each step moves a parameter by about lr; rounding of m/√v is a few ulp of that.
                assertClose(pExpected, pActual, i -> 1e-6, where + " params");
            }
        }
    }

    private static float[] random(SplittableRandom random, int length) {
        float[] array = new float[length];
        for (int i = 0; i < length; i++) {
            array[i] = (float) random.nextDouble(-1, 1);
        }
        return array;
    }

    private static float[] abs(float[] array) {
        float[] out = new float[array.length];
        for (int i = 0; i < array.length; i++) {
            out[i] = Math.abs(array[i]);
        }
        return out;
    }
}
