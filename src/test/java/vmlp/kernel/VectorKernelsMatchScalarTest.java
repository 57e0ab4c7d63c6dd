package vmlp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs every {@link Kernels} operation in {@link ScalarKernels} and {@link VectorKernels} on the same
 * random inputs over many shapes (every size 0..67, primes, the MLP's layer shapes), with operand
 * offsets, both values of {@code accumulate}, and in place where the contract allows it.
 *
 * <p>Every output array is longer than the operation's output and starts filled with NaN outside
 * the region the operation owns (and inside it when the operation must overwrite), so a write out
 * of bounds or a missed write is a mismatch. Operations that involve no reassociation, FMA or
 * transcendental are compared bit for bit; the rest within a tolerance stated where it is used.
 */
class VectorKernelsMatchScalarTest {

    private static final Kernels SCALAR = new ScalarKernels();
    private static final Kernels VECTOR = new VectorKernels();

    /** Space before (offsets) and after (guards) each operand. */
    private static final int GUARD = 9;

    /** Sizes that every op runs through: 0..67 covers 0, 1, every tail of 4, 8 and 16 lanes, and 4 full 16-lane vectors. */
    private static final int[] SMALL = IntStream.rangeClosed(0, 67).toArray();
    private static final int[] PRIMES = {71, 97, 101, 127, 131, 257, 509, 787, 1031};

    // ------------------------------------------------------------------ GEMM

    /** The three GEMM forms, so one loop can drive them all. */
    enum Gemm {
        NT, TN, NN;

        void run(Kernels kernels, Shape s, float[] a, int aOff, float[] b, int bOff,
                 float[] c, int cOff, boolean accumulate) {
            switch (this) {
                case NT -> kernels.gemmNT(s.m, s.n, s.k, a, aOff, b, bOff, c, cOff, accumulate);
                case TN -> kernels.gemmTN(s.m, s.n, s.k, a, aOff, b, bOff, c, cOff, accumulate);
                case NN -> kernels.gemmNN(s.m, s.n, s.k, a, aOff, b, bOff, c, cOff, accumulate);
            }
        }
    }

    record Shape(int m, int n, int k) {
        @Override
        public String toString() {
            return "m=" + m + " n=" + n + " k=" + k;
        }
    }

    static List<Shape> gemmShapes() {
        List<Shape> shapes = new ArrayList<>();
        for (int s : SMALL) {
            shapes.add(new Shape(s, s, s));     // every size in every dimension at once
            shapes.add(new Shape(s, 13, 29));   // m sweeps the row tiles and their remainders
            shapes.add(new Shape(7, s, 31));    // n sweeps the column tiles and tails
            shapes.add(new Shape(5, 11, s));    // k sweeps the dot-product lengths and tails
        }
        shapes.add(new Shape(31, 37, 41));
        shapes.add(new Shape(97, 101, 103));
        shapes.add(new Shape(3, 257, 131));
        shapes.add(new Shape(1, 256, 784));     // batch 1 through the forward layer
        shapes.add(new Shape(128, 256, 784));   // the 784-256 layer at batch 128 (each form)
        shapes.add(new Shape(256, 784, 128));   // its dW (TN) / dX (NN) orientation
        shapes.add(new Shape(128, 10, 128));    // the output layer
        shapes.add(new Shape(10, 128, 128));
        shapes.add(new Shape(128, 128, 10));
        // under one vector of columns with a long sum (NT's narrow path): 8-row tiles and the
        // rows left, with 4, 8 and 16 lanes
        for (int n : new int[] {1, 3, 7, 10, 15}) {
            shapes.add(new Shape(8, n, 32));
            shapes.add(new Shape(29, n, 67));
        }
        return shapes;
    }

    @ParameterizedTest(name = "gemm{0}")
    @EnumSource(Gemm.class)
    void vectorGemmMatchesScalarOnEveryShape(Gemm form) {
        SplittableRandom random = new SplittableRandom(42 + form.ordinal());
        for (Shape s : gemmShapes()) {
            for (boolean accumulate : new boolean[] {false, true}) {
                int aOff = random.nextInt(GUARD);
                int bOff = random.nextInt(GUARD);
                int cOff = random.nextInt(GUARD);
                // A is m×k (NT, NN) or k×m (TN); B is n×k (NT) or k×n (TN, NN): same sizes either way.
                float[] a = randomArray(random, aOff + s.m * s.k + GUARD, -1, 1);
                float[] b = randomArray(random, bOff + s.n * s.k + GUARD, -1, 1);
                float[] c = nanArray(cOff + s.m * s.n + GUARD);
                if (accumulate) {
                    fillRandom(random, c, cOff, s.m * s.n, -1, 1);
                }
                float[] expected = c.clone();
                float[] actual = c.clone();
                form.run(SCALAR, s, a, aOff, b, bOff, expected, cOff, accumulate);
                form.run(VECTOR, s, a, aOff, b, bOff, actual, cOff, accumulate);

                // Tolerance per element: 1e-6·√k times Σ|a·b| (+|c|), the size of the sum's terms.
                // Rounding error of a float sum grows like √k·2⁻²⁴·Σ|terms| on random data, so this is
                // about 16× the typical error, yet far below one missing or doubled term.
                float[] magnitude = new float[c.length];
                form.run(SCALAR, s, abs(a), aOff, abs(b), bOff, magnitude, cOff, false);
                double root = Math.sqrt(Math.max(s.k, 1));
                assertClose(expected, actual, i -> 1e-6 * root * (magnitude[i] + (accumulate ? Math.abs(c[i]) : 0)) + 1e-6,
                        "gemm" + form + " " + s + " aOff=" + aOff + " bOff=" + bOff + " cOff=" + cOff
                                + " accumulate=" + accumulate);
            }
        }
    }

    @Test
    void vectorGemvMatchesScalarOnEveryShape() {
        SplittableRandom random = new SplittableRandom(7);
        List<int[]> shapes = new ArrayList<>();
        for (int s : SMALL) {
            shapes.add(new int[] {s, s});
            shapes.add(new int[] {s, 37});
            shapes.add(new int[] {23, s});
        }
        for (int p : PRIMES) {
            shapes.add(new int[] {p, 19});
            shapes.add(new int[] {19, p});
        }
        shapes.add(new int[] {256, 784});
        shapes.add(new int[] {784, 256});
        shapes.add(new int[] {10, 128});
        shapes.add(new int[] {1, 784});
        for (int[] shape : shapes) {
            int m = shape[0];
            int n = shape[1];
            for (boolean accumulate : new boolean[] {false, true}) {
                int aOff = random.nextInt(GUARD);
                int xOff = random.nextInt(GUARD);
                int yOff = random.nextInt(GUARD);
                float[] a = randomArray(random, aOff + m * n + GUARD, -1, 1);
                float[] x = randomArray(random, xOff + n + GUARD, -1, 1);
                float[] y = nanArray(yOff + m + GUARD);
                if (accumulate) {
                    fillRandom(random, y, yOff, m, -1, 1);
                }
                float[] expected = y.clone();
                float[] actual = y.clone();
                SCALAR.gemv(m, n, a, aOff, x, xOff, expected, yOff, accumulate);
                VECTOR.gemv(m, n, a, aOff, x, xOff, actual, yOff, accumulate);
                float[] magnitude = new float[y.length];
                SCALAR.gemv(m, n, abs(a), aOff, abs(x), xOff, magnitude, yOff, false);
                double root = Math.sqrt(Math.max(n, 1));
                assertClose(expected, actual, i -> 1e-6 * root * (magnitude[i] + (accumulate ? Math.abs(y[i]) : 0)) + 1e-6,
                        "gemv m=" + m + " n=" + n + " aOff=" + aOff + " xOff=" + xOff + " yOff=" + yOff
                                + " accumulate=" + accumulate);
            }
        }
    }

    // ------------------------------------------------------------------ rows and columns

    static List<int[]> matrixShapes() {
        List<int[]> shapes = new ArrayList<>();
        for (int s : SMALL) {
            shapes.add(new int[] {s, s});
            shapes.add(new int[] {3, s});
            shapes.add(new int[] {s, 17});
        }
        for (int p : PRIMES) {
            shapes.add(new int[] {5, p});
        }
        shapes.add(new int[] {128, 256});
        shapes.add(new int[] {128, 10});
        shapes.add(new int[] {1, 784});
        return shapes;
    }

    @Test
    void vectorAddBiasIsBitIdenticalToScalar() {
        SplittableRandom random = new SplittableRandom(11);
        for (int[] shape : matrixShapes()) {
            int rows = shape[0];
            int cols = shape[1];
            int cOff = random.nextInt(GUARD);
            int biasOff = random.nextInt(GUARD);
            float[] c = nanArray(cOff + rows * cols + GUARD);
            fillRandom(random, c, cOff, rows * cols, -1, 1);
            float[] bias = randomArray(random, biasOff + cols + GUARD, -1, 1);
            float[] expected = c.clone();
            float[] actual = c.clone();
            SCALAR.addBias(rows, cols, expected, cOff, bias, biasOff);
            VECTOR.addBias(rows, cols, actual, cOff, bias, biasOff);
            assertClose(expected, actual, i -> 0, "addBias rows=" + rows + " cols=" + cols
                    + " cOff=" + cOff + " biasOff=" + biasOff);
        }
    }

    @Test
    void vectorColumnSumsMatchScalar() {
        SplittableRandom random = new SplittableRandom(13);
        for (int[] shape : matrixShapes()) {
            int rows = shape[0];
            int cols = shape[1];
            for (boolean accumulate : new boolean[] {false, true}) {
                int aOff = random.nextInt(GUARD);
                int sumsOff = random.nextInt(GUARD);
                float[] a = randomArray(random, aOff + rows * cols + GUARD, -1, 1);
                float[] sums = nanArray(sumsOff + cols + GUARD);
                if (accumulate) {
                    fillRandom(random, sums, sumsOff, cols, -1, 1);
                }
                float[] expected = sums.clone();
                float[] actual = sums.clone();
                SCALAR.columnSums(rows, cols, a, aOff, expected, sumsOff, accumulate);
                VECTOR.columnSums(rows, cols, a, aOff, actual, sumsOff, accumulate);
                // Only the order of the additions may differ (the previous sum is added last): each
                // of rows + 1 terms is at most 1, so the error is bounded by (rows + 1)² · 2⁻²⁴.
                double tolerance = (rows + 1.0) * (rows + 1.0) * 0x1p-24;
                assertClose(expected, actual, i -> tolerance, "columnSums rows=" + rows + " cols=" + cols
                        + " aOff=" + aOff + " sumsOff=" + sumsOff + " accumulate=" + accumulate);
            }
        }
    }

    // ------------------------------------------------------------------ vector updates

    static int[] lengths() {
        return IntStream.concat(IntStream.concat(Arrays.stream(SMALL), Arrays.stream(PRIMES)),
                IntStream.of(128 * 10, 784 * 256)).toArray();
    }

    @Test
    void vectorAxpyMatchesScalar() {
        SplittableRandom random = new SplittableRandom(17);
        for (int n : lengths()) {
            int xOff = random.nextInt(GUARD);
            int yOff = random.nextInt(GUARD);
            float alpha = (float) random.nextDouble(-2, 2);
            float[] x = randomArray(random, xOff + n + GUARD, -1, 1);
            float[] y = nanArray(yOff + n + GUARD);
            fillRandom(random, y, yOff, n, -1, 1);
            float[] expected = y.clone();
            float[] actual = y.clone();
            SCALAR.axpy(n, alpha, x, xOff, expected, yOff);
            VECTOR.axpy(n, alpha, x, xOff, actual, yOff);
            // The vector form rounds once (FMA), the scalar twice: they differ by the rounding of
            // alpha·x (|alpha·x| < 2: ≤ 2⁻²³) plus one ulp of a result below 4 (2⁻²²): < 2⁻²¹.
            assertClose(expected, actual, i -> 0x1p-21, "axpy n=" + n + " alpha=" + alpha
                    + " xOff=" + xOff + " yOff=" + yOff);
        }
    }

    @Test
    void vectorScaleIsBitIdenticalToScalar() {
        SplittableRandom random = new SplittableRandom(19);
        for (int n : lengths()) {
            int xOff = random.nextInt(GUARD);
            float alpha = (float) random.nextDouble(-2, 2);
            float[] x = nanArray(xOff + n + GUARD);
            fillRandom(random, x, xOff, n, -1, 1);
            float[] expected = x.clone();
            float[] actual = x.clone();
            SCALAR.scale(n, alpha, expected, xOff);
            VECTOR.scale(n, alpha, actual, xOff);
            assertClose(expected, actual, i -> 0, "scale n=" + n + " alpha=" + alpha + " xOff=" + xOff);
        }
    }

    // ------------------------------------------------------------------ activations

    /** The elementwise operations, with the input range that exercises each and the tolerance. */
    enum Elementwise {
        // SVML's exp is within ~1 ulp; 1/(1+e) adds two roundings: 4 ulp of the result plus 1e-12.
        SIGMOID(-20, 20, 4 * 0x1p-24, 1e-12),
        SIGMOID_GRADIENT(0, 1, 0, 0),
        TANH(-10, 10, 4 * 0x1p-24, 1e-12),
        // FMA for 1 - y² rounds once where the scalar rounds twice: ≤ 1 ulp of dy·(1-y²), |dy| ≤ 1.
        TANH_GRADIENT(-1, 1, 0, 0x1p-24),
        RELU(-1, 1, 0, 0),
        RELU_GRADIENT(-1, 1, 0, 0),
        LEAKY_RELU(-1, 1, 0, 0),
        LEAKY_RELU_GRADIENT(-1, 1, 0, 0);

        final double low;
        final double high;
        final double relative;
        final double absolute;

        Elementwise(double low, double high, double relative, double absolute) {
            this.low = low;
            this.high = high;
            this.relative = relative;
            this.absolute = absolute;
        }

        /** Writes the result into {@code out}; {@code x} is the input (or the output y for gradients). */
        void run(Kernels kernels, int n, float[] x, float[] dy, float[] out) {
            switch (this) {
                case SIGMOID -> kernels.sigmoid(n, x, out);
                case SIGMOID_GRADIENT -> kernels.sigmoidGradient(n, x, dy, out);
                case TANH -> kernels.tanh(n, x, out);
                case TANH_GRADIENT -> kernels.tanhGradient(n, x, dy, out);
                case RELU -> kernels.relu(n, x, out);
                case RELU_GRADIENT -> kernels.reluGradient(n, x, dy, out);
                case LEAKY_RELU -> kernels.leakyRelu(n, 0.01f, x, out);
                case LEAKY_RELU_GRADIENT -> kernels.leakyReluGradient(n, 0.01f, x, dy, out);
            }
        }

        boolean isGradient() {
            return name().endsWith("GRADIENT");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Elementwise.class)
    void vectorActivationMatchesScalarOutOfPlaceAndInPlace(Elementwise op) {
        SplittableRandom random = new SplittableRandom(23 + op.ordinal());
        for (int n : lengths()) {
            float[] x = nanArray(n + GUARD);
            fillRandom(random, x, 0, n, op.low, op.high);
            if (op == Elementwise.RELU_GRADIENT) {
                // ReLU outputs: about half exact zeros, the rest positive
                for (int i = 0; i < n; i++) {
                    x[i] = Math.max(x[i], 0f);
                }
            }
            float[] dy = nanArray(n + GUARD);
            fillRandom(random, dy, 0, n, -1, 1);
            float[] expected = nanArray(n + GUARD);
            float[] actual = nanArray(n + GUARD);
            op.run(SCALAR, n, x, dy, expected);
            op.run(VECTOR, n, x, dy, actual);
            IntToDoubleFunction tolerance = i -> op.relative * Math.abs(expected[i]) + op.absolute;
            String where = op + " n=" + n;
            assertClose(expected, actual, tolerance, where);

            // In place: the activation over its input (x == y), the gradient over dy (dz == dy).
            float[] inPlace = (op.isGradient() ? dy : x).clone();
            if (op.isGradient()) {
                op.run(VECTOR, n, x, inPlace, inPlace);
            } else {
                op.run(VECTOR, n, inPlace, dy, inPlace);
            }
            assertClose(expected, inPlace, tolerance,
                    where + " in place", op.isGradient() ? dy : x, n);
        }
    }

    static List<int[]> softmaxShapes() {
        List<int[]> shapes = new ArrayList<>();
        for (int s : SMALL) {
            shapes.add(new int[] {3, s});    // every row length: all tails, 0 and 1 included
            shapes.add(new int[] {s, 10});   // every batch size at the output layer's width
        }
        for (int p : PRIMES) {
            shapes.add(new int[] {2, p});
        }
        shapes.add(new int[] {128, 10});
        shapes.add(new int[] {7, 784});
        return shapes;
    }

    @Test
    void vectorSoftmaxMatchesScalarOutOfPlaceAndInPlace() {
        SplittableRandom random = new SplittableRandom(29);
        for (int[] shape : softmaxShapes()) {
            int rows = shape[0];
            int cols = shape[1];
            int size = rows * cols;
            float[] x = nanArray(size + GUARD);
            fillRandom(random, x, 0, size, -20, 20);
            float[] expected = nanArray(size + GUARD);
            float[] actual = nanArray(size + GUARD);
            SCALAR.softmaxRows(rows, cols, x, expected);
            VECTOR.softmaxRows(rows, cols, x, actual);
            // exp within a few ulp, the row sum reassociated (≤ cols·2⁻²⁴ relative), one division:
            // relative error (8 + cols)·2⁻²⁴ of each output, plus 1e-12 for underflowed outputs.
            IntToDoubleFunction tolerance = i -> (8.0 + cols) * 0x1p-24 * Math.abs(expected[i]) + 1e-12;
            String where = "softmaxRows rows=" + rows + " cols=" + cols;
            assertClose(expected, actual, tolerance, where);

            float[] inPlace = x.clone();
            VECTOR.softmaxRows(rows, cols, inPlace, inPlace);
            assertClose(expected, inPlace, tolerance,
                    where + " in place", x, size);
        }
    }

    @Test
    void vectorSoftmaxGradientMatchesScalarOutOfPlaceAndInPlace() {
        SplittableRandom random = new SplittableRandom(31);
        for (int[] shape : softmaxShapes()) {
            int rows = shape[0];
            int cols = shape[1];
            int size = rows * cols;
            float[] logits = randomArray(random, size + GUARD, -5, 5);
            float[] y = nanArray(size + GUARD);
            SCALAR.softmaxRows(rows, cols, logits, y);
            float[] dy = nanArray(size + GUARD);
            fillRandom(random, dy, 0, size, -1, 1);
            float[] expected = nanArray(size + GUARD);
            float[] actual = nanArray(size + GUARD);
            SCALAR.softmaxRowsGradient(rows, cols, y, dy, expected);
            VECTOR.softmaxRowsGradient(rows, cols, y, dy, actual);
            // Only Σ dy·y is reassociated (and fused): |Σ| ≤ 1 since y sums to 1 and |dy| ≤ 1, so its
            // error is ≤ cols·2⁻²³, multiplied by y ≤ 1; plus one rounding of each output.
            IntToDoubleFunction tolerance = i -> (cols + 2.0) * 0x1p-23;
            String where = "softmaxRowsGradient rows=" + rows + " cols=" + cols;
            assertClose(expected, actual, tolerance, where);

            float[] inPlace = dy.clone();
            VECTOR.softmaxRowsGradient(rows, cols, y, inPlace, inPlace);
            assertClose(expected, inPlace, tolerance,
                    where + " in place", dy, size);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static float[] randomArray(SplittableRandom random, int length, double low, double high) {
        float[] array = new float[length];
        fillRandom(random, array, 0, length, low, high);
        return array;
    }

    private static void fillRandom(SplittableRandom random, float[] array, int from, int count,
                                   double low, double high) {
        for (int i = from; i < from + count; i++) {
            array[i] = (float) random.nextDouble(low, high);
        }
    }

    private static float[] nanArray(int length) {
        float[] array = new float[length];
        Arrays.fill(array, Float.NaN);
        return array;
    }

    private static float[] abs(float[] array) {
        float[] out = new float[array.length];
        for (int i = 0; i < array.length; i++) {
            out[i] = Math.abs(array[i]);
        }
        return out;
    }

    /**
     * Every element must match: bit-identical, or both finite and within {@code tolerance(i)}. NaN
     * in one and not the other (a guard overwritten, an output not written) is a mismatch.
     */
    static void assertClose(float[] expected, float[] actual, IntToDoubleFunction tolerance, String where) {
        assertEquals(expected.length, actual.length, where + ": lengths");
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            if (Float.floatToIntBits(e) == Float.floatToIntBits(a)) {
                continue;
            }
            double allowed = tolerance.applyAsDouble(i);
            if (Float.isNaN(e) || Float.isNaN(a) || !(Math.abs((double) e - a) <= allowed)) {
                fail(where + ": element " + i + " expected " + e + " but was " + a
                        + " (difference " + Math.abs((double) e - a) + ", allowed " + allowed + ")");
            }
        }
    }

    /**
     * As {@link #assertClose(float[], float[], IntToDoubleFunction, String)} for the first {@code n}
     * elements of an in-place result; past {@code n} it must still hold {@code original}'s values.
     */
    static void assertClose(float[] expected, float[] actual, IntToDoubleFunction tolerance,
                            String where, float[] original, int n) {
        float[] expectedWithTail = expected.clone();
        System.arraycopy(original, n, expectedWithTail, n, original.length - n);
        assertClose(expectedWithTail, actual, i -> i < n ? tolerance.applyAsDouble(i) : 0, where);
    }
}
