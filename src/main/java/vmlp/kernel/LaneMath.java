package vmlp.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code exp}, {@code sigmoid}, {@code tanh} and lane sums built only from operations that IEEE 754
 * defines exactly (add, multiply, fused multiply-add, divide, compare, blend, bit moves), each with
 * a scalar twin that performs the same operations in the same order.
 *
 * <p><b>Why not {@code lanewise(EXP)}, {@code lanewise(TANH)} and {@code reduceLanes(ADD)}?</b> Their
 * results depend on who computes them: once C2 has compiled a kernel they run the JDK's SVML
 * routines and a shuffle tree, while the interpreter and C1 run per-lane {@link Math#exp} and a
 * left-to-right sum. The last bits differed, so two runs of the same training in one JVM could end
 * with different weights, depending on when the JIT got to the kernels. Written this way, a kernel
 * gives the same bits in the interpreter, in C1 and in C2 (checked by {@code TierIndependenceTest}),
 * and a scalar tail gives the same bits as a lane, so an element's value does not depend on where
 * it falls in an array either.
 *
 * <p><b>exp:</b> {@code e^x = 2^n · e^r} with {@code n = round(x·log₂e)} (rounded by adding and
 * subtracting 1.5·2²³), {@code r = x − n·ln2} in two parts (Cody and Waite) so that {@code |r| ≤
 * ln2/2} exactly, {@code e^r} by its Taylor polynomial of degree 7 (truncation error 6e-9 relative)
 * in Horner form with FMA, and {@code 2^n} made as {@code 2·2^(n−1)}, writing {@code n + 126} into
 * the exponent bits (so that n = 128, just below the float maximum, is reachable). Inputs above
 * 88.72 give +∞ as {@link Math#exp} rounded to float does; inputs below −86.9, whose true result is
 * under 2.2e-38, give 0 (no caller here can tell: sigmoid is then exactly 1, a softmax term next to
 * the row maximum's 1 vanishes); NaN stays NaN. Measured error: at most
 * 2 ulp against {@code Math.exp} in double ({@code LaneMathTest}).
 *
 * <p><b>tanh:</b> {@code ±(1 − e)/(1 + e)} with {@code e = e^{−2|x|}} for {@code |x| ≥ 0.4};
 * below that {@code 1 − e} would cancel, so the odd Taylor series to {@code x¹⁵} is used (its terms
 * fall by ~0.065 each at 0.4). Kept this short so that C2 inlines it whole into the kernel loop:
 * the first version (series to x¹⁹, four more broadcasts) was not inlined and boxed its vectors,
 * 44 MB per million elements under JMH {@code -prof gc}.
 *
 * <p>Helpers here take and return vectors; KERNELS.md warns that a helper C2 does not inline boxes
 * them. These are small and called from loops that C2 compiles whole; JMH {@code -prof gc} on the
 * activation and network benchmarks shows ≈ 0 B/op (see docs/vector-api.md).
 */
final class LaneMath {

    private static final VectorSpecies<Float> SPECIES = VectorKernels.SPECIES;
    private static final int LANES = SPECIES.length();

    private static final float LOG2E = 1.44269504f;
    /** ln 2 in two parts: the high part has few bits, so {@code n · LN2_HI} is exact for |n| < 2¹⁴. */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** Adding then subtracting 1.5·2²³ rounds a float of magnitude < 2²² to an integer. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    private static final float EXP_MAX = 88.72283f;
    /** Below this the result would need {@code n < -125}; the true value is below 2.2e-38 and 0 is returned. */
    private static final float EXP_MIN = -86.9f;

    private static final float C2 = 1f / 2;
    private static final float C3 = 1f / 6;
    private static final float C4 = 1f / 24;
    private static final float C5 = 1f / 120;
    private static final float C6 = 1f / 720;
    private static final float C7 = 1f / 5040;

    private static final float TANH_SERIES_BELOW = 0.4f;
    private static final float T3 = -1f / 3;
    private static final float T5 = 2f / 15;
    private static final float T7 = -17f / 315;
    private static final float T9 = 62f / 2835;
    private static final float T11 = -1382f / 155925;
    private static final float T13 = 21844f / 6081075;
    private static final float T15 = -929569f / 638512875;
    private static final FloatVector ONE = FloatVector.broadcast(SPECIES, 1f);
    private static final FloatVector V3 = FloatVector.broadcast(SPECIES, T3);
    private static final FloatVector V5 = FloatVector.broadcast(SPECIES, T5);
    private static final FloatVector V7 = FloatVector.broadcast(SPECIES, T7);
    private static final FloatVector V9 = FloatVector.broadcast(SPECIES, T9);
    private static final FloatVector V11 = FloatVector.broadcast(SPECIES, T11);

    private LaneMath() {}

    /**
     * The sum of one vector's lanes, stored at {@code t[off … off+L)}, always in the same tree: lane i
     * plus lane i + L/2, then + L/4, …, 1 (a left-to-right sum for other lane counts). Leaves the
     * lanes as they are.
     *
     * <p>Kernels store their accumulators and call this instead of summing in vector registers: a
     * method that takes a {@code FloatVector} must be inlined into its caller or the vector is boxed,
     * and C2 declined to inline a 105-byte vector sum at the cold end of a dot-product kernel ("callee
     * is too large"), which allocated 3 vectors per row of inference (288 B/row in {@code -prof gc}).
     */
    static float sum(float[] t, int off) {
        switch (LANES) {
            case 16 -> {
                // the tree written out: 16 independent loads, then 15 adds in registers (the same
                // tree folded in place in the array cost a store-to-load round trip per add)
                float v0 = t[off], v1 = t[off + 1], v2 = t[off + 2], v3 = t[off + 3];
                float v4 = t[off + 4], v5 = t[off + 5], v6 = t[off + 6], v7 = t[off + 7];
                float v8 = t[off + 8], v9 = t[off + 9], v10 = t[off + 10], v11 = t[off + 11];
                float v12 = t[off + 12], v13 = t[off + 13], v14 = t[off + 14], v15 = t[off + 15];
                return (((v0 + v8) + (v4 + v12)) + ((v2 + v10) + (v6 + v14)))
                        + (((v1 + v9) + (v5 + v13)) + ((v3 + v11) + (v7 + v15)));
            }
            case 8 -> {
                float v0 = t[off], v1 = t[off + 1], v2 = t[off + 2], v3 = t[off + 3];
                float v4 = t[off + 4], v5 = t[off + 5], v6 = t[off + 6], v7 = t[off + 7];
                return ((v0 + v4) + (v2 + v6)) + ((v1 + v5) + (v3 + v7));
            }
            case 4 -> {
                return (t[off] + t[off + 2]) + (t[off + 1] + t[off + 3]);
            }
            default -> {
                float s = 0f;
                for (int i = 0; i < LANES; i++) {
                    s += t[off + i];
                }
                return s;
            }
        }
    }

    private static FloatVector lanes(float value) {
        return FloatVector.broadcast(SPECIES, value);
    }

    /** {@code e^x} on every lane. */
    static FloatVector exp(FloatVector x) {
        FloatVector clamped = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector t = clamped.fma(LOG2E, ROUNDER);
        FloatVector n = t.sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(SPECIES, -LN2_HI), clamped).add(n.mul(-LN2_LO));
        FloatVector p = r.fma(C7, C6).fma(r, lanes(C5)).fma(r, lanes(C4)).fma(r, lanes(C3)).fma(r, lanes(C2))
                .fma(r, lanes(1f)).fma(r, lanes(1f));
        IntVector bits = t.reinterpretAsInts().sub(ROUNDER_BITS).add(126).lanewise(VectorOperators.LSHL, 23);
        FloatVector e = p.add(p).mul(bits.reinterpretAsFloats());
        e = e.blend(0f, x.compare(VectorOperators.LT, EXP_MIN));
        return e.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_MAX));
    }

    /** {@code e^x}: the same operations as a lane of {@link #exp(FloatVector)}. */
    static float exp(float x) {
        float clamped = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float t = Math.fma(clamped, LOG2E, ROUNDER);
        float n = t - ROUNDER;
        float r = Math.fma(n, -LN2_HI, clamped) + n * -LN2_LO;
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(r, C7, C6), r, C5), r, C4), r, C3),
                r, C2), r, 1f), r, 1f);
        int bits = (Float.floatToRawIntBits(t) - ROUNDER_BITS + 126) << 23;
        float e = (p + p) * Float.intBitsToFloat(bits);
        if (x < EXP_MIN) {
            return 0f;
        }
        return x > EXP_MAX ? Float.POSITIVE_INFINITY : e;
    }

    /** {@code 1 / (1 + e^-x)} on every lane. */
    static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(SPECIES, 1f).div(exp(x.neg()).add(1f));
    }

    /** {@code 1 / (1 + e^-x)}: the same operations as a lane of {@link #sigmoid(FloatVector)}. */
    static float sigmoid(float x) {
        return 1f / (exp(-x) + 1f);
    }

    /** {@code tanh x} on every lane. */
    static FloatVector tanh(FloatVector x) {
        FloatVector e = exp(x.abs().mul(-2f));
        FloatVector large = ONE.sub(e).div(ONE.add(e));
        large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
        FloatVector x2 = x.mul(x);
        FloatVector series = x2.fma(T15, T13).fma(x2, V11).fma(x2, V9).fma(x2, V7).fma(x2, V5).fma(x2, V3)
                .mul(x2).fma(x, x).blend(x, x.compare(VectorOperators.EQ, 0f)); // the blend keeps ±0's sign
        return large.blend(series, x.abs().compare(VectorOperators.LT, TANH_SERIES_BELOW));
    }

    /** {@code tanh x}: the same operations as a lane of {@link #tanh(FloatVector)}. */
    static float tanh(float x) {
        float a = Math.abs(x);
        if (a < TANH_SERIES_BELOW) {
            if (x == 0f) {
                return x; // keeps the sign of ±0
            }
            float x2 = x * x;
            float s = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(x2, T15, T13), x2, T11), x2, T9), x2, T7),
                    x2, T5), x2, T3);
            return Math.fma(s * x2, x, x);
        }
        float e = exp(a * -2f);
        float large = (1f - e) / (1f + e);
        return x < 0f ? -large : large;
    }
}
