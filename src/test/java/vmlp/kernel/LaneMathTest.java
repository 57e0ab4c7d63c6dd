package vmlp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * The error bounds {@link LaneMath} claims, against {@link Math} in double, and the promise that a
 * lane and the scalar twin give the same bits.
 */
class LaneMathTest {

    private static final VectorSpecies<Float> SPECIES = VectorKernels.SPECIES;

    /** Distance in units in the last place of {@code expected} rounded to float. */
    private static double ulps(float actual, double expected) {
        float e = (float) expected;
        if (Float.floatToRawIntBits(actual) == Float.floatToRawIntBits(e)) {
            return 0;
        }
        return Math.abs(actual - expected) / Math.ulp(e == 0f ? Float.MIN_NORMAL : e);
    }

    private static double worst(float from, float to, int steps, java.util.function.IntFunction<float[]> unused,
                                java.util.function.Function<Float, Float> f, DoubleUnaryOperator reference) {
        double worst = 0;
        for (int i = 0; i <= steps; i++) {
            float x = from + (to - from) * i / steps;
            worst = Math.max(worst, ulps(f.apply(x), reference.applyAsDouble(x)));
        }
        return worst;
    }

    @Test
    void expIsWithinTwoUlpOfMathExp() {
        double w = worst(-86.9f, 88.72f, 2_000_000, null, LaneMath::exp, Math::exp);
        assertTrue(w <= 2, "worst error " + w + " ulp");
        assertEquals(1f, LaneMath.exp(0f));
        assertEquals(Float.POSITIVE_INFINITY, LaneMath.exp(89f));
        assertEquals(0f, LaneMath.exp(-90f));
        assertTrue(Float.isNaN(LaneMath.exp(Float.NaN)));
        assertTrue(Float.isFinite(LaneMath.exp(88.72283f)), "just below the float maximum");
    }

    @Test
    void sigmoidAndTanhAreWithinFourUlp() {
        double s = worst(-80f, 80f, 1_000_000, null, LaneMath::sigmoid, x -> 1 / (1 + Math.exp(-x)));
        assertTrue(s <= 4, "sigmoid: worst error " + s + " ulp");
        double t = worst(-20f, 20f, 1_000_000, null, LaneMath::tanh, Math::tanh);
        assertTrue(t <= 4, "tanh: worst error " + t + " ulp");
        double small = worst(-1e-3f, 1e-3f, 100_000, null, LaneMath::tanh, Math::tanh);
        assertTrue(small <= 2, "tanh near 0 keeps its relative accuracy: " + small + " ulp");
        assertEquals(0.5f, LaneMath.sigmoid(0f));
        assertEquals(-0f, LaneMath.tanh(-0f));
        assertEquals(1f, LaneMath.tanh(200f));
        assertEquals(0f, LaneMath.sigmoid(-200f));
    }

    @Test
    void everyLaneEqualsTheScalarTwinBitForBit() {
        SplittableRandom random = new SplittableRandom(4);
        int lanes = SPECIES.length();
        float[] x = new float[lanes];
        float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 88.72283f, 88.8f,
            -86.9f, -86.91f, 0.4f, -0.4f, 0.39999998f, 1e-30f, -1e-30f, Float.MIN_VALUE, Float.MAX_VALUE};
        for (int round = 0; round < 20_000; round++) {
            for (int i = 0; i < lanes; i++) {
                x[i] = round < specials.length ? specials[(round + i) % specials.length]
                        : (float) (random.nextGaussian() * (round % 3 == 0 ? 40 : round % 3 == 1 ? 3 : 0.3));
            }
            FloatVector v = FloatVector.fromArray(SPECIES, x, 0);
            float[] e = LaneMath.exp(v).toArray();
            float[] s = LaneMath.sigmoid(v).toArray();
            float[] t = LaneMath.tanh(v).toArray();
            for (int i = 0; i < lanes; i++) {
                assertEquals(Float.floatToRawIntBits(LaneMath.exp(x[i])), Float.floatToRawIntBits(e[i]), "exp " + x[i]);
                assertEquals(Float.floatToRawIntBits(LaneMath.sigmoid(x[i])), Float.floatToRawIntBits(s[i]),
                        "sigmoid " + x[i]);
                assertEquals(Float.floatToRawIntBits(LaneMath.tanh(x[i])), Float.floatToRawIntBits(t[i]), "tanh " + x[i]);
            }
        }
    }

    @Test
    void laneSumsFollowOneFixedTree() {
        int lanes = SPECIES.length();
        SplittableRandom random = new SplittableRandom(5);
        float[] x = new float[lanes];
        float[] stored = new float[3 * lanes];
        for (int round = 0; round < 1000; round++) {
            double exact = 0;
            for (int i = 0; i < lanes; i++) {
                x[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(8)));
                exact += x[i];
            }
            // the tree by hand: fold the upper half onto the lower, until one lane is left
            float[] t = x.clone();
            for (int width = lanes / 2; width >= 1; width /= 2) {
                for (int i = 0; i < width; i++) {
                    t[i] = t[i] + t[i + width];
                }
            }
            // a vector stored between neighbours that must not take part, as the kernels store them
            java.util.Arrays.fill(stored, Float.NaN);
            FloatVector.fromArray(SPECIES, x, 0).intoArray(stored, lanes);
            float sum = LaneMath.sum(stored, lanes);
            assertEquals(Float.floatToRawIntBits(t[0]), Float.floatToRawIntBits(sum));
            assertEquals(exact, sum, 1e-6 * Math.pow(10, 8) * lanes);
        }
    }
}
