package vmlp.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the JDK Vector API ({@code jdk.incubator.vector}), in the machine's preferred float
 * species: 16 lanes with AVX-512, 8 with AVX2, 4 with NEON or SSE. Nothing here assumes a lane
 * count; every loop runs whole vectors up to {@code loopBound} and finishes with a scalar tail, so
 * any size, 0 and 1 included, is handled.
 *
 * <h2>How the products are laid out on lanes</h2>
 * <ul>
 *   <li><b>All three forms, large enough shapes</b> ({@code m ≥} one row tile, {@code n ≥} one vector,
 *   {@code k ≥ 32}) go to {@link PackedGemm}: packed panels, cache blocking (KC 256, MC 96, NC 1024)
 *   and a 12-row × 2-vector register tile (24 accumulators; 4 rows and 8 accumulators below 512-bit vectors; one
 *   FMA per loaded element, no reduction). Packing absorbs the transposes: NT's weights are
 *   transposed 8 rows at a time into the B panels, TN's A is copied a tile's rows per step. Epilogues (bias + activation forward,
 *   activation gradient backward) run on each finished tile.</li>
 *   <li><b>A dense layer's forward product</b> ({@link #gemmNTBiasActivation}) reads weights packed
 *   ahead of time ({@link #packWeights}: once per optimiser step or model load, shared by every
 *   thread). Layers of at least one vector of outputs and 32 inputs take the packed GEMM at every
 *   batch size, batch 1 included (a lone row runs against four B panels at a time); smaller layers
 *   take the dot-product tiles below at every batch size. One path per layer is what makes a row's
 *   result independent of its batch.</li>
 *   <li><b>NT for small shapes</b> is a tile of dot products: 2 rows of A against 4 rows of B,
 *   eight accumulators along {@code k} and one fixed-order lane sum per output after the loop. This
 *   is the small-N path: for the 10-wide output layer a vector along {@code n} would be mostly
 *   empty, a vector along {@code k} is full (128×128→10: 1.26× OpenBLAS).</li>
 *   <li><b>NN and TN for small shapes</b> (short sums, few rows) are broadcast-FMA tiles read in
 *   place: 4 rows of C × 2 vectors in registers for the whole {@code k} loop.</li>
 *   <li><b>gemv</b> is the NT tile with a single row: 4 rows of A per pass share each load of
 *   {@code x}, one reduction per row at the end (1.14× OpenBLAS sgemv at 256×784).</li>
 * </ul>
 * Measurements, and what each step was worth, are in {@code docs/vector-api.md}.
 *
 * <h2>Rules the code keeps, and why</h2>
 * <ul>
 *   <li>Accumulators are named locals, never a {@code FloatVector[]} (4 GFLOP/s instead of 109 in
 *   scouting), and no vector is passed to or returned from a helper: a helper that is not inlined
 *   boxes its vectors (GEMM fell from ~90 to 12–24 GFLOP/s). The helpers below take arrays and
 *   indices and keep their vectors to themselves, so inlining them or not changes nothing.</li>
 *   <li>Tails are scalar rather than masked: for small sizes a masked tail measured slower.</li>
 *   <li>ReLU′ is a compare mask and a blend: {@code y > 0 ? dy : 0} as a scalar loop is not
 *   vectorised by C2 and ran at 0.2 elements/ns against 5.5 for the blend.</li>
 *   <li>{@code exp}, {@code tanh} and every sum of lanes come from {@link LaneMath}, not from
 *   {@code lanewise(EXP/TANH)} and {@code reduceLanes(ADD)}: those give other bits in the
 *   interpreter and C1 than in C2, so results depended on when the JIT got to a kernel. Now a
 *   kernel gives the same bits in every tier, and a scalar tail the same bits as a lane.</li>
 *   <li>Nothing is allocated once C2 has compiled a kernel (JMH {@code -prof gc}: ≈ 0 B/op).</li>
 * </ul>
 * Results differ from {@link ScalarKernels} only by rounding: sums are reassociated across lanes,
 * FMA rounds once where the scalar loop rounds twice, and LaneMath's exp/tanh are within 2 and 4
 * ulp of {@link Math#exp}/{@link Math#tanh}.
 */
public final class VectorKernels implements Kernels {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    /** The preferred species width in bits on this machine. */
    static int preferredBits() {
        return SPECIES.vectorBitSize();
    }

    /** The float lanes in the preferred species. */
    static int preferredLanes() {
        return LANES;
    }

    @Override
    public String name() {
        return "vector";
    }

    // ---------------------------------------------------------------- products

    @Override
    public void gemmNT(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                       float[] c, int cOff, boolean accumulate) {
        if (usePacked(m, n, k)) {
            PackedGemm.multiply(m, n, k, a, aOff, k, 1, b, bOff, 1, k, c, cOff, accumulate,
                    null, 0, 0, PackedGemm.EPI_NONE);
            return;
        }
        if (m >= 8 && useColumns(n, k)) {
            PackedGemm.multiplyNarrow(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
            return;
        }
        float[] lanes = PackedGemm.lanes();
        int i = 0;
        for (; i + 2 <= m; i += 2) {
            int aRow = aOff + i * k;
            int cRow = cOff + i * n;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                dot2x4(k, a, aRow, b, bOff + j * k, lanes, c, cRow + j, n, accumulate);
            }
            for (; j < n; j++) {
                dot2x1(k, a, aRow, b, bOff + j * k, lanes, c, cRow + j, n, accumulate);
            }
        }
        if (i < m) {
            gemvRows(n, k, a, aOff + i * k, b, bOff, lanes, c, cOff + i * n, accumulate);
        }
    }

    @Override
    public void gemmTN(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                       float[] c, int cOff, boolean accumulate) {
        // A is k×m: element (i, p) of Aᵀ is a[aOff + p*m + i]; the row stride of Aᵀ is 1.
        if (usePacked(m, n, k)) {
            PackedGemm.multiply(m, n, k, a, aOff, 1, m, b, bOff, n, 1, c, cOff, accumulate,
                    null, 0, 0, PackedGemm.EPI_NONE);
            return;
        }
        broadcastProduct(m, n, k, a, aOff, 1, m, b, bOff, c, cOff, accumulate);
    }

    @Override
    public void gemmNN(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                       float[] c, int cOff, boolean accumulate) {
        if (usePacked(m, n, k)) {
            PackedGemm.multiply(m, n, k, a, aOff, k, 1, b, bOff, n, 1, c, cOff, accumulate,
                    null, 0, 0, PackedGemm.EPI_NONE);
            return;
        }
        broadcastProduct(m, n, k, a, aOff, k, 1, b, bOff, c, cOff, accumulate);
    }

    /**
     * Whether a product is large enough for packing to pay. Measured at 128×128→10: with k = 10
     * (the NN form) packing cost 11.3 µs against 5.1 µs for the unpacked broadcast tile, so short
     * sums stay unpacked; below one row tile or one vector of columns the tiles would be mostly
     * padding.
     */
    static boolean usePacked(int m, int n, int k) {
        return m >= PackedGemm.MR && n >= LANES && k >= 32;
    }

    /**
     * Whether an NT product with fewer columns than a vector and a long sum runs on Bᵀ in one vector
     * of lanes per step ({@link PackedGemm#multiplyColumns}) rather than on dot products with a lane
     * sum per element: 128×128→10 took 7.8 µs so, against 10.9 µs (Zen 4, 16 lanes). The plain
     * product copies Bᵀ on each call, so it does so from 8 rows; a layer's weights are copied once.
     */
    static boolean useColumns(int n, int k) {
        return n < LANES && k >= 32;
    }

    @Override
    public void gemv(int m, int n, float[] a, int aOff, float[] x, int xOff,
                     float[] y, int yOff, boolean accumulate) {
        // y = A·x is the NT product of the single row xᵀ with A: rows of A are the "columns".
        gemvRows(m, n, x, xOff, a, aOff, PackedGemm.lanes(), y, yOff, accumulate);
    }

    /** {@code out[j] (+)= dot(x, rows[j])} for {@code j < count}, 4 rows per pass. */
    private static void gemvRows(int count, int k, float[] x, int xOff, float[] rows, int rowsOff, float[] lanes,
                                 float[] out, int outOff, boolean accumulate) {
        int j = 0;
        for (; j + 8 <= count; j += 8) {
            dot1x8(k, x, xOff, rows, rowsOff + j * k, lanes, out, outOff + j, accumulate);
        }
        for (; j + 4 <= count; j += 4) {
            dot1x4(k, x, xOff, rows, rowsOff + j * k, lanes, out, outOff + j, accumulate);
        }
        for (; j < count; j++) {
            dot1x1(k, x, xOff, rows, rowsOff + j * k, lanes, out, outOff + j, accumulate);
        }
    }

    /**
     * Rows {@code a0, a0+k} of A against rows {@code b0, b0+k, b0+2k, b0+3k} of B: 8 dot products of
     * length k into {@code c[c0 .. c0+3]} and {@code c[c0+cStride .. c0+cStride+3]}. Per step: 6 loads
     * feed 8 FMAs on independent accumulators.
     */
    private static void dot2x4(int k, float[] a, int a0, float[] b, int b0, float[] lanes,
                               float[] c, int c0, int cStride, boolean accumulate) {
        int a1 = a0 + k;
        int b1 = b0 + k;
        int b2 = b1 + k;
        int b3 = b2 + k;
        FloatVector s00 = FloatVector.zero(SPECIES);
        FloatVector s01 = FloatVector.zero(SPECIES);
        FloatVector s02 = FloatVector.zero(SPECIES);
        FloatVector s03 = FloatVector.zero(SPECIES);
        FloatVector s10 = FloatVector.zero(SPECIES);
        FloatVector s11 = FloatVector.zero(SPECIES);
        FloatVector s12 = FloatVector.zero(SPECIES);
        FloatVector s13 = FloatVector.zero(SPECIES);
        int bound = SPECIES.loopBound(k);
        int p = 0;
        for (; p < bound; p += LANES) {
            FloatVector x0 = FloatVector.fromArray(SPECIES, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(SPECIES, a, a1 + p);
            FloatVector w = FloatVector.fromArray(SPECIES, b, b0 + p);
            s00 = x0.fma(w, s00);
            s10 = x1.fma(w, s10);
            w = FloatVector.fromArray(SPECIES, b, b1 + p);
            s01 = x0.fma(w, s01);
            s11 = x1.fma(w, s11);
            w = FloatVector.fromArray(SPECIES, b, b2 + p);
            s02 = x0.fma(w, s02);
            s12 = x1.fma(w, s12);
            w = FloatVector.fromArray(SPECIES, b, b3 + p);
            s03 = x0.fma(w, s03);
            s13 = x1.fma(w, s13);
        }
        float t00 = 0f;
        float t01 = 0f;
        float t02 = 0f;
        float t03 = 0f;
        float t10 = 0f;
        float t11 = 0f;
        float t12 = 0f;
        float t13 = 0f;
        if (bound > 0) {   // k under one vector: nothing on the lanes, skip their sums
            s00.intoArray(lanes, 0);
            s01.intoArray(lanes, 1 * LANES);
            s02.intoArray(lanes, 2 * LANES);
            s03.intoArray(lanes, 3 * LANES);
            s10.intoArray(lanes, 4 * LANES);
            s11.intoArray(lanes, 5 * LANES);
            s12.intoArray(lanes, 6 * LANES);
            s13.intoArray(lanes, 7 * LANES);
            t00 = LaneMath.sum(lanes, 0);
            t01 = LaneMath.sum(lanes, 1 * LANES);
            t02 = LaneMath.sum(lanes, 2 * LANES);
            t03 = LaneMath.sum(lanes, 3 * LANES);
            t10 = LaneMath.sum(lanes, 4 * LANES);
            t11 = LaneMath.sum(lanes, 5 * LANES);
            t12 = LaneMath.sum(lanes, 6 * LANES);
            t13 = LaneMath.sum(lanes, 7 * LANES);
        }
        for (; p < k; p++) {
            float x0 = a[a0 + p];
            float x1 = a[a1 + p];
            float w0 = b[b0 + p];
            float w1 = b[b1 + p];
            float w2 = b[b2 + p];
            float w3 = b[b3 + p];
            t00 += x0 * w0;
            t01 += x0 * w1;
            t02 += x0 * w2;
            t03 += x0 * w3;
            t10 += x1 * w0;
            t11 += x1 * w1;
            t12 += x1 * w2;
            t13 += x1 * w3;
        }
        int c1 = c0 + cStride;
        if (accumulate) {
            c[c0] += t00;
            c[c0 + 1] += t01;
            c[c0 + 2] += t02;
            c[c0 + 3] += t03;
            c[c1] += t10;
            c[c1 + 1] += t11;
            c[c1 + 2] += t12;
            c[c1 + 3] += t13;
        } else {
            c[c0] = t00;
            c[c0 + 1] = t01;
            c[c0 + 2] = t02;
            c[c0 + 3] = t03;
            c[c1] = t10;
            c[c1 + 1] = t11;
            c[c1 + 2] = t12;
            c[c1 + 3] = t13;
        }
    }

    /**
     * Row {@code a0} against rows {@code b0 .. b0+7k} of B: 8 dot products into {@code c[c0 .. c0+7]}.
     * Per step 9 loads feed 8 FMAs on 8 independent chains (4 rows per pass: 5 loads per 4 FMAs, and
     * only 4 chains to hide the FMA latency). Each output keeps its one accumulator and lane sum, so
     * it has the same bits as from {@link #dot1x4} or {@link #dot1x1}.
     */
    private static void dot1x8(int k, float[] a, int a0, float[] b, int b0, float[] lanes,
                               float[] c, int c0, boolean accumulate) {
        int b1 = b0 + k;
        int b2 = b1 + k;
        int b3 = b2 + k;
        int b4 = b3 + k;
        int b5 = b4 + k;
        int b6 = b5 + k;
        int b7 = b6 + k;
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = FloatVector.zero(SPECIES);
        FloatVector s2 = FloatVector.zero(SPECIES);
        FloatVector s3 = FloatVector.zero(SPECIES);
        FloatVector s4 = FloatVector.zero(SPECIES);
        FloatVector s5 = FloatVector.zero(SPECIES);
        FloatVector s6 = FloatVector.zero(SPECIES);
        FloatVector s7 = FloatVector.zero(SPECIES);
        int bound = SPECIES.loopBound(k);
        int p = 0;
        for (; p < bound; p += LANES) {
            FloatVector x = FloatVector.fromArray(SPECIES, a, a0 + p);
            s0 = x.fma(FloatVector.fromArray(SPECIES, b, b0 + p), s0);
            s1 = x.fma(FloatVector.fromArray(SPECIES, b, b1 + p), s1);
            s2 = x.fma(FloatVector.fromArray(SPECIES, b, b2 + p), s2);
            s3 = x.fma(FloatVector.fromArray(SPECIES, b, b3 + p), s3);
            s4 = x.fma(FloatVector.fromArray(SPECIES, b, b4 + p), s4);
            s5 = x.fma(FloatVector.fromArray(SPECIES, b, b5 + p), s5);
            s6 = x.fma(FloatVector.fromArray(SPECIES, b, b6 + p), s6);
            s7 = x.fma(FloatVector.fromArray(SPECIES, b, b7 + p), s7);
        }
        float t0 = 0f;
        float t1 = 0f;
        float t2 = 0f;
        float t3 = 0f;
        float t4 = 0f;
        float t5 = 0f;
        float t6 = 0f;
        float t7 = 0f;
        if (bound > 0) {   // k under one vector: nothing on the lanes, skip their sums
            s0.intoArray(lanes, 0);
            s1.intoArray(lanes, 1 * LANES);
            s2.intoArray(lanes, 2 * LANES);
            s3.intoArray(lanes, 3 * LANES);
            s4.intoArray(lanes, 4 * LANES);
            s5.intoArray(lanes, 5 * LANES);
            s6.intoArray(lanes, 6 * LANES);
            s7.intoArray(lanes, 7 * LANES);
            t0 = LaneMath.sum(lanes, 0);
            t1 = LaneMath.sum(lanes, 1 * LANES);
            t2 = LaneMath.sum(lanes, 2 * LANES);
            t3 = LaneMath.sum(lanes, 3 * LANES);
            t4 = LaneMath.sum(lanes, 4 * LANES);
            t5 = LaneMath.sum(lanes, 5 * LANES);
            t6 = LaneMath.sum(lanes, 6 * LANES);
            t7 = LaneMath.sum(lanes, 7 * LANES);
        }
        for (; p < k; p++) {
            float x = a[a0 + p];
            t0 += x * b[b0 + p];
            t1 += x * b[b1 + p];
            t2 += x * b[b2 + p];
            t3 += x * b[b3 + p];
            t4 += x * b[b4 + p];
            t5 += x * b[b5 + p];
            t6 += x * b[b6 + p];
            t7 += x * b[b7 + p];
        }
        if (accumulate) {
            c[c0] += t0;
            c[c0 + 1] += t1;
            c[c0 + 2] += t2;
            c[c0 + 3] += t3;
            c[c0 + 4] += t4;
            c[c0 + 5] += t5;
            c[c0 + 6] += t6;
            c[c0 + 7] += t7;
        } else {
            c[c0] = t0;
            c[c0 + 1] = t1;
            c[c0 + 2] = t2;
            c[c0 + 3] = t3;
            c[c0 + 4] = t4;
            c[c0 + 5] = t5;
            c[c0 + 6] = t6;
            c[c0 + 7] = t7;
        }
    }

    /** Row {@code a0} against rows {@code b0 .. b0+3k} of B: 4 dot products into {@code c[c0 .. c0+3]}. */
    private static void dot1x4(int k, float[] a, int a0, float[] b, int b0, float[] lanes,
                               float[] c, int c0, boolean accumulate) {
        int b1 = b0 + k;
        int b2 = b1 + k;
        int b3 = b2 + k;
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = FloatVector.zero(SPECIES);
        FloatVector s2 = FloatVector.zero(SPECIES);
        FloatVector s3 = FloatVector.zero(SPECIES);
        int bound = SPECIES.loopBound(k);
        int p = 0;
        for (; p < bound; p += LANES) {
            FloatVector x = FloatVector.fromArray(SPECIES, a, a0 + p);
            s0 = x.fma(FloatVector.fromArray(SPECIES, b, b0 + p), s0);
            s1 = x.fma(FloatVector.fromArray(SPECIES, b, b1 + p), s1);
            s2 = x.fma(FloatVector.fromArray(SPECIES, b, b2 + p), s2);
            s3 = x.fma(FloatVector.fromArray(SPECIES, b, b3 + p), s3);
        }
        float t0 = 0f;
        float t1 = 0f;
        float t2 = 0f;
        float t3 = 0f;
        if (bound > 0) {   // k under one vector: nothing on the lanes, skip their sums
            s0.intoArray(lanes, 0);
            s1.intoArray(lanes, 1 * LANES);
            s2.intoArray(lanes, 2 * LANES);
            s3.intoArray(lanes, 3 * LANES);
            t0 = LaneMath.sum(lanes, 0);
            t1 = LaneMath.sum(lanes, 1 * LANES);
            t2 = LaneMath.sum(lanes, 2 * LANES);
            t3 = LaneMath.sum(lanes, 3 * LANES);
        }
        for (; p < k; p++) {
            float x = a[a0 + p];
            t0 += x * b[b0 + p];
            t1 += x * b[b1 + p];
            t2 += x * b[b2 + p];
            t3 += x * b[b3 + p];
        }
        if (accumulate) {
            c[c0] += t0;
            c[c0 + 1] += t1;
            c[c0 + 2] += t2;
            c[c0 + 3] += t3;
        } else {
            c[c0] = t0;
            c[c0 + 1] = t1;
            c[c0 + 2] = t2;
            c[c0 + 3] = t3;
        }
    }

    /** Rows {@code a0, a0+k} of A against row {@code b0} of B into {@code c[c0]} and {@code c[c0+cStride]}. */
    private static void dot2x1(int k, float[] a, int a0, float[] b, int b0, float[] lanes,
                               float[] c, int c0, int cStride, boolean accumulate) {
        int a1 = a0 + k;
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = FloatVector.zero(SPECIES);
        int bound = SPECIES.loopBound(k);
        int p = 0;
        for (; p < bound; p += LANES) {
            FloatVector w = FloatVector.fromArray(SPECIES, b, b0 + p);
            s0 = FloatVector.fromArray(SPECIES, a, a0 + p).fma(w, s0);
            s1 = FloatVector.fromArray(SPECIES, a, a1 + p).fma(w, s1);
        }
        float t0 = 0f;
        float t1 = 0f;
        if (bound > 0) {   // k under one vector: nothing on the lanes, skip their sums
            s0.intoArray(lanes, 0);
            s1.intoArray(lanes, 1 * LANES);
            t0 = LaneMath.sum(lanes, 0);
            t1 = LaneMath.sum(lanes, 1 * LANES);
        }
        for (; p < k; p++) {
            float w = b[b0 + p];
            t0 += a[a0 + p] * w;
            t1 += a[a1 + p] * w;
        }
        int c1 = c0 + cStride;
        c[c0] = accumulate ? c[c0] + t0 : t0;
        c[c1] = accumulate ? c[c1] + t1 : t1;
    }

    /**
     * One dot product of length k into {@code c[c0]}. One accumulator, like every dot product here:
     * an output then has the same bits whichever tile computed it (two accumulators hid more FMA
     * latency, but summed in another order, so a row's result depended on its neighbours).
     */
    private static void dot1x1(int k, float[] a, int a0, float[] b, int b0, float[] lanes,
                               float[] c, int c0, boolean accumulate) {
        FloatVector s0 = FloatVector.zero(SPECIES);
        int bound = SPECIES.loopBound(k);
        int p = 0;
        for (; p < bound; p += LANES) {
            s0 = FloatVector.fromArray(SPECIES, a, a0 + p).fma(FloatVector.fromArray(SPECIES, b, b0 + p), s0);
        }
        float t = 0f;
        if (bound > 0) {
            s0.intoArray(lanes, 0);
            t = LaneMath.sum(lanes, 0);
        }
        for (; p < k; p++) {
            t += a[a0 + p] * b[b0 + p];
        }
        c[c0] = accumulate ? c[c0] + t : t;
    }

    /**
     * {@code C[m×n] (+)= A'·B[k×n]} where element (i, p) of the m×k matrix A' is
     * {@code a[aOff + i*aRowStride + p*aColStride]}: NN has strides (k, 1), TN has (1, m).
     */
    private static void broadcastProduct(int m, int n, int k, float[] a, int aOff,
                                         int aRowStride, int aColStride, float[] b, int bOff,
                                         float[] c, int cOff, boolean accumulate) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            broadcastRows4(n, k, a, aOff + i * aRowStride, aRowStride, aColStride,
                    b, bOff, c, cOff + i * n, accumulate);
        }
        for (; i < m; i++) {
            broadcastRow1(n, k, a, aOff + i * aRowStride, aColStride,
                    b, bOff, c, cOff + i * n, accumulate);
        }
    }

    /**
     * Four rows of C, each {@code Σ_p A'(r, p) · B[p][·]}. Column blocks of 2 vectors hold
     * 4×2 accumulators for the whole k loop (2 loads + 4 broadcasts feed 8 FMAs), then one vector,
     * then a scalar tail.
     */
    private static void broadcastRows4(int n, int k, float[] a, int a0, int aRowStride,
                                       int aColStride, float[] b, int bOff,
                                       float[] c, int c0, boolean accumulate) {
        int a1 = a0 + aRowStride;
        int a2 = a1 + aRowStride;
        int a3 = a2 + aRowStride;
        int c1 = c0 + n;
        int c2 = c1 + n;
        int c3 = c2 + n;
        int j = 0;
        for (; j + 2 * LANES <= n; j += 2 * LANES) {
            FloatVector s00 = FloatVector.zero(SPECIES);
            FloatVector s01 = FloatVector.zero(SPECIES);
            FloatVector s10 = FloatVector.zero(SPECIES);
            FloatVector s11 = FloatVector.zero(SPECIES);
            FloatVector s20 = FloatVector.zero(SPECIES);
            FloatVector s21 = FloatVector.zero(SPECIES);
            FloatVector s30 = FloatVector.zero(SPECIES);
            FloatVector s31 = FloatVector.zero(SPECIES);
            for (int p = 0, ap = 0, bp = bOff + j; p < k; p++, ap += aColStride, bp += n) {
                FloatVector w0 = FloatVector.fromArray(SPECIES, b, bp);
                FloatVector w1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
                FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + ap]);
                s00 = x.fma(w0, s00);
                s01 = x.fma(w1, s01);
                x = FloatVector.broadcast(SPECIES, a[a1 + ap]);
                s10 = x.fma(w0, s10);
                s11 = x.fma(w1, s11);
                x = FloatVector.broadcast(SPECIES, a[a2 + ap]);
                s20 = x.fma(w0, s20);
                s21 = x.fma(w1, s21);
                x = FloatVector.broadcast(SPECIES, a[a3 + ap]);
                s30 = x.fma(w0, s30);
                s31 = x.fma(w1, s31);
            }
            if (accumulate) {
                s00 = s00.add(FloatVector.fromArray(SPECIES, c, c0 + j));
                s01 = s01.add(FloatVector.fromArray(SPECIES, c, c0 + j + LANES));
                s10 = s10.add(FloatVector.fromArray(SPECIES, c, c1 + j));
                s11 = s11.add(FloatVector.fromArray(SPECIES, c, c1 + j + LANES));
                s20 = s20.add(FloatVector.fromArray(SPECIES, c, c2 + j));
                s21 = s21.add(FloatVector.fromArray(SPECIES, c, c2 + j + LANES));
                s30 = s30.add(FloatVector.fromArray(SPECIES, c, c3 + j));
                s31 = s31.add(FloatVector.fromArray(SPECIES, c, c3 + j + LANES));
            }
            s00.intoArray(c, c0 + j);
            s01.intoArray(c, c0 + j + LANES);
            s10.intoArray(c, c1 + j);
            s11.intoArray(c, c1 + j + LANES);
            s20.intoArray(c, c2 + j);
            s21.intoArray(c, c2 + j + LANES);
            s30.intoArray(c, c3 + j);
            s31.intoArray(c, c3 + j + LANES);
        }
        for (; j + LANES <= n; j += LANES) {
            FloatVector s0 = FloatVector.zero(SPECIES);
            FloatVector s1 = FloatVector.zero(SPECIES);
            FloatVector s2 = FloatVector.zero(SPECIES);
            FloatVector s3 = FloatVector.zero(SPECIES);
            for (int p = 0, ap = 0, bp = bOff + j; p < k; p++, ap += aColStride, bp += n) {
                FloatVector w = FloatVector.fromArray(SPECIES, b, bp);
                s0 = FloatVector.broadcast(SPECIES, a[a0 + ap]).fma(w, s0);
                s1 = FloatVector.broadcast(SPECIES, a[a1 + ap]).fma(w, s1);
                s2 = FloatVector.broadcast(SPECIES, a[a2 + ap]).fma(w, s2);
                s3 = FloatVector.broadcast(SPECIES, a[a3 + ap]).fma(w, s3);
            }
            if (accumulate) {
                s0 = s0.add(FloatVector.fromArray(SPECIES, c, c0 + j));
                s1 = s1.add(FloatVector.fromArray(SPECIES, c, c1 + j));
                s2 = s2.add(FloatVector.fromArray(SPECIES, c, c2 + j));
                s3 = s3.add(FloatVector.fromArray(SPECIES, c, c3 + j));
            }
            s0.intoArray(c, c0 + j);
            s1.intoArray(c, c1 + j);
            s2.intoArray(c, c2 + j);
            s3.intoArray(c, c3 + j);
        }
        for (; j < n; j++) {
            float t0 = 0f;
            float t1 = 0f;
            float t2 = 0f;
            float t3 = 0f;
            for (int p = 0, ap = 0, bp = bOff + j; p < k; p++, ap += aColStride, bp += n) {
                float w = b[bp];
                t0 += a[a0 + ap] * w;
                t1 += a[a1 + ap] * w;
                t2 += a[a2 + ap] * w;
                t3 += a[a3 + ap] * w;
            }
            c[c0 + j] = accumulate ? c[c0 + j] + t0 : t0;
            c[c1 + j] = accumulate ? c[c1 + j] + t1 : t1;
            c[c2 + j] = accumulate ? c[c2 + j] + t2 : t2;
            c[c3 + j] = accumulate ? c[c3 + j] + t3 : t3;
        }
    }

    /** One row of C (the m % 4 rows left over by {@link #broadcastRows4}). */
    private static void broadcastRow1(int n, int k, float[] a, int a0, int aColStride,
                                      float[] b, int bOff, float[] c, int c0, boolean accumulate) {
        int j = 0;
        for (; j + 2 * LANES <= n; j += 2 * LANES) {
            FloatVector s0 = FloatVector.zero(SPECIES);
            FloatVector s1 = FloatVector.zero(SPECIES);
            for (int p = 0, ap = a0, bp = bOff + j; p < k; p++, ap += aColStride, bp += n) {
                FloatVector x = FloatVector.broadcast(SPECIES, a[ap]);
                s0 = x.fma(FloatVector.fromArray(SPECIES, b, bp), s0);
                s1 = x.fma(FloatVector.fromArray(SPECIES, b, bp + LANES), s1);
            }
            if (accumulate) {
                s0 = s0.add(FloatVector.fromArray(SPECIES, c, c0 + j));
                s1 = s1.add(FloatVector.fromArray(SPECIES, c, c0 + j + LANES));
            }
            s0.intoArray(c, c0 + j);
            s1.intoArray(c, c0 + j + LANES);
        }
        for (; j + LANES <= n; j += LANES) {
            FloatVector s = FloatVector.zero(SPECIES);
            for (int p = 0, ap = a0, bp = bOff + j; p < k; p++, ap += aColStride, bp += n) {
                s = FloatVector.broadcast(SPECIES, a[ap]).fma(FloatVector.fromArray(SPECIES, b, bp), s);
            }
            if (accumulate) {
                s = s.add(FloatVector.fromArray(SPECIES, c, c0 + j));
            }
            s.intoArray(c, c0 + j);
        }
        for (; j < n; j++) {
            float t = 0f;
            for (int p = 0, ap = a0, bp = bOff + j; p < k; p++, ap += aColStride, bp += n) {
                t += a[ap] * b[bp];
            }
            c[c0 + j] = accumulate ? c[c0 + j] + t : t;
        }
    }

    // ---------------------------------------------------------------- rows and columns

    @Override
    public void addBias(int rows, int cols, float[] c, int cOff, float[] bias, int biasOff) {
        int bound = SPECIES.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = cOff + r * cols;
            int j = 0;
            for (; j < bound; j += LANES) {
                FloatVector.fromArray(SPECIES, c, row + j)
                        .add(FloatVector.fromArray(SPECIES, bias, biasOff + j))
                        .intoArray(c, row + j);
            }
            for (; j < cols; j++) {
                c[row + j] += bias[biasOff + j];
            }
        }
    }

    @Override
    public void columnSums(int rows, int cols, float[] a, int aOff, float[] sums, int sumsOff,
                           boolean accumulate) {
        int j = 0;
        // 4 vectors of columns at a time: 4 independent add chains down the rows instead of one.
        for (; j + 4 * LANES <= cols; j += 4 * LANES) {
            FloatVector s0 = FloatVector.zero(SPECIES);
            FloatVector s1 = FloatVector.zero(SPECIES);
            FloatVector s2 = FloatVector.zero(SPECIES);
            FloatVector s3 = FloatVector.zero(SPECIES);
            for (int r = 0, row = aOff + j; r < rows; r++, row += cols) {
                s0 = s0.add(FloatVector.fromArray(SPECIES, a, row));
                s1 = s1.add(FloatVector.fromArray(SPECIES, a, row + LANES));
                s2 = s2.add(FloatVector.fromArray(SPECIES, a, row + 2 * LANES));
                s3 = s3.add(FloatVector.fromArray(SPECIES, a, row + 3 * LANES));
            }
            int out = sumsOff + j;
            if (accumulate) {
                s0 = s0.add(FloatVector.fromArray(SPECIES, sums, out));
                s1 = s1.add(FloatVector.fromArray(SPECIES, sums, out + LANES));
                s2 = s2.add(FloatVector.fromArray(SPECIES, sums, out + 2 * LANES));
                s3 = s3.add(FloatVector.fromArray(SPECIES, sums, out + 3 * LANES));
            }
            s0.intoArray(sums, out);
            s1.intoArray(sums, out + LANES);
            s2.intoArray(sums, out + 2 * LANES);
            s3.intoArray(sums, out + 3 * LANES);
        }
        for (; j + LANES <= cols; j += LANES) {
            FloatVector s = FloatVector.zero(SPECIES);
            for (int r = 0, row = aOff + j; r < rows; r++, row += cols) {
                s = s.add(FloatVector.fromArray(SPECIES, a, row));
            }
            if (accumulate) {
                s = s.add(FloatVector.fromArray(SPECIES, sums, sumsOff + j));
            }
            s.intoArray(sums, sumsOff + j);
        }
        if (j < cols) {
            int tail = j;
            if (!accumulate) {
                java.util.Arrays.fill(sums, sumsOff + tail, sumsOff + cols, 0f);
            }
            for (int r = 0; r < rows; r++) {
                int row = aOff + r * cols;
                for (j = tail; j < cols; j++) {
                    sums[sumsOff + j] += a[row + j];
                }
            }
        }
    }

    // ---------------------------------------------------------------- vector updates

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, x, xOff + i)
                    .fma(FloatVector.broadcast(SPECIES, alpha), FloatVector.fromArray(SPECIES, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOff) {
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, x, xOff + i).mul(alpha).intoArray(x, xOff + i);
        }
        for (; i < n; i++) {
            x[xOff + i] *= alpha;
        }
    }

    // ---------------------------------------------------------------- activations

    @Override
    public void sigmoid(int n, float[] x, float[] y) {
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += LANES) {
            LaneMath.sigmoid(FloatVector.fromArray(SPECIES, x, i)).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] = LaneMath.sigmoid(x[i]);
        }
    }

    @Override
    public void sigmoidGradient(int n, float[] y, float[] dy, float[] dz) {
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector out = FloatVector.fromArray(SPECIES, y, i);
            FloatVector.fromArray(SPECIES, dy, i).mul(out).mul(out.neg().add(1f)).intoArray(dz, i);
        }
        for (; i < n; i++) {
            dz[i] = dy[i] * y[i] * (1f - y[i]);
        }
    }

    @Override
    public void tanh(int n, float[] x, float[] y) {
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += LANES) {
            LaneMath.tanh(FloatVector.fromArray(SPECIES, x, i)).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] = LaneMath.tanh(x[i]);
        }
    }

    @Override
    public void tanhGradient(int n, float[] y, float[] dy, float[] dz) {
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector out = FloatVector.fromArray(SPECIES, y, i);
            // 1 - y² as one FMA: (-y)·y + 1
            FloatVector slope = out.neg().fma(out, FloatVector.broadcast(SPECIES, 1f));
            FloatVector.fromArray(SPECIES, dy, i).mul(slope).intoArray(dz, i);
        }
        for (; i < n; i++) {
            dz[i] = dy[i] * (1f - y[i] * y[i]);
        }
    }

    @Override
    public void relu(int n, float[] x, float[] y) {
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += LANES) {
            // MAX has Math.max semantics: NaN stays NaN (so training can detect it), -0 becomes +0.
            FloatVector.fromArray(SPECIES, x, i).max(0f).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] = Math.max(x[i], 0f);
        }
    }

    @Override
    public void reluGradient(int n, float[] y, float[] dy, float[] dz) {
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += LANES) {
            // A compare mask and a blend: the scalar ternary is not vectorised (0.2 vs 5.5 elements/ns).
            VectorMask<Float> active = FloatVector.fromArray(SPECIES, y, i)
                    .compare(VectorOperators.GT, 0f);
            FloatVector.zero(SPECIES).blend(FloatVector.fromArray(SPECIES, dy, i), active)
                    .intoArray(dz, i);
        }
        for (; i < n; i++) {
            dz[i] = y[i] > 0f ? dy[i] : 0f;
        }
    }

    @Override
    public void leakyRelu(int n, float alpha, float[] x, float[] y) {
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector in = FloatVector.fromArray(SPECIES, x, i);
            in.mul(alpha).blend(in, in.compare(VectorOperators.GT, 0f)).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] = x[i] > 0f ? x[i] : alpha * x[i];
        }
    }

    @Override
    public void leakyReluGradient(int n, float alpha, float[] y, float[] dy, float[] dz) {
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += LANES) {
            VectorMask<Float> active = FloatVector.fromArray(SPECIES, y, i)
                    .compare(VectorOperators.GT, 0f);
            FloatVector grad = FloatVector.fromArray(SPECIES, dy, i);
            grad.mul(alpha).blend(grad, active).intoArray(dz, i);
        }
        for (; i < n; i++) {
            dz[i] = y[i] > 0f ? dy[i] : alpha * dy[i];
        }
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] x, float[] y) {
        int bound = SPECIES.loopBound(cols);
        float[] lanes = PackedGemm.lanes();
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            int j = 0;
            float max = Float.NEGATIVE_INFINITY;
            if (bound > 0) {
                FloatVector vmax = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
                for (; j < bound; j += LANES) {
                    vmax = vmax.max(FloatVector.fromArray(SPECIES, x, row + j));
                }
                max = vmax.reduceLanes(VectorOperators.MAX);
            }
            for (; j < cols; j++) {
                max = Math.max(max, x[row + j]);
            }
            // e^(x - max) into y, summing on lanes; x == y is allowed: each element is read first.
            float sum = 0f;
            j = 0;
            if (bound > 0) {
                FloatVector vsum = FloatVector.zero(SPECIES);
                for (; j < bound; j += LANES) {
                    FloatVector e = LaneMath.exp(FloatVector.fromArray(SPECIES, x, row + j).sub(max));
                    e.intoArray(y, row + j);
                    vsum = vsum.add(e);
                }
                vsum.intoArray(lanes, 0);
                sum = LaneMath.sum(lanes, 0);
            }
            for (; j < cols; j++) {
                float e = LaneMath.exp(x[row + j] - max);
                y[row + j] = e;
                sum += e;
            }
            float inv = 1f / sum;
            j = 0;
            for (; j < bound; j += LANES) {
                FloatVector.fromArray(SPECIES, y, row + j).mul(inv).intoArray(y, row + j);
            }
            for (; j < cols; j++) {
                y[row + j] *= inv;
            }
        }
    }

    @Override
    public void softmaxRowsGradient(int rows, int cols, float[] y, float[] dy, float[] dz) {
        int bound = SPECIES.loopBound(cols);
        float[] lanes = PackedGemm.lanes();
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            int j = 0;
            float dot = 0f;
            if (bound > 0) {
                FloatVector vdot = FloatVector.zero(SPECIES);
                for (; j < bound; j += LANES) {
                    vdot = FloatVector.fromArray(SPECIES, dy, row + j)
                            .fma(FloatVector.fromArray(SPECIES, y, row + j), vdot);
                }
                vdot.intoArray(lanes, 0);
                dot = LaneMath.sum(lanes, 0);
            }
            for (; j < cols; j++) {
                dot += dy[row + j] * y[row + j];
            }
            // dz may be dy: each element of dy is read before the same element of dz is written.
            j = 0;
            for (; j < bound; j += LANES) {
                FloatVector out = FloatVector.fromArray(SPECIES, y, row + j);
                out.mul(FloatVector.fromArray(SPECIES, dy, row + j).sub(dot)).intoArray(dz, row + j);
            }
            for (; j < cols; j++) {
                dz[row + j] = y[row + j] * (dy[row + j] - dot);
            }
        }
    }

    // ---------------------------------------------------------------- fused products

    @Override
    public PackedWeights packingStorage(int outputs, int inputs, PackedWeights reuse) {
        if (usePanels(outputs, inputs)) {
            return PackedWeights.storage(reuse, outputs, inputs, PackedWeights.Layout.PANELS,
                    PackedGemm.packedSize(outputs, inputs));
        }
        if (useColumns(outputs, inputs)) {
            return PackedWeights.storage(reuse, outputs, inputs, PackedWeights.Layout.COLUMNS, inputs * LANES);
        }
        return Kernels.super.packingStorage(outputs, inputs, reuse);
    }

    /** One part per k block of the packed GEMM (784 inputs: 4 blocks of 196). */
    @Override
    public int packingParts(PackedWeights packed) {
        return packed.layout() == PackedWeights.Layout.PANELS ? PackedGemm.blocks(packed.inputs()) : 1;
    }

    @Override
    public void packPart(PackedWeights packed, int part, float[] w, int wOff) {
        int n = packed.outputs(), k = packed.inputs();
        switch (packed.layout()) {
            // op(B) = Wᵀ: element (p, j) is w[wOff + j·inputs + p].
            case PANELS -> PackedGemm.packBlock(part, n, k, w, wOff, 1, k, packed.data);
            case COLUMNS -> PackedGemm.packAllColumns(n, k, w, wOff, packed.data);
            case ROWS -> Kernels.super.packPart(packed, part, w, wOff);
        }
    }

    @Override
    public void packRange(PackedWeights packed, float[] w, int wOff, int from, int to) {
        int n = packed.outputs(), k = packed.inputs();
        switch (packed.layout()) {
            case PANELS -> PackedGemm.packRows(n, k, w, wOff, from, to, packed.data);
            case COLUMNS -> PackedGemm.packColumns(n, k, w, wOff, from, to, packed.data);
            case ROWS -> Kernels.super.packRange(packed, w, wOff, from, to);
        }
    }

    /**
     * Whether a layer's forward product runs on packed panels, for every batch size: at least one
     * vector of outputs and 32 inputs (below that the dot-product tiles are faster). The choice
     * depends on the layer alone, never on the rows, so a row's result does not either.
     */
    static boolean usePanels(int outputs, int inputs) {
        return outputs >= LANES && inputs >= 32;
    }

    @Override
    public void gemmNTBiasActivation(int m, PackedWeights w, float[] a, int aOff,
                                     float[] bias, int biasOff, Fused activation, float[] c) {
        if (w.layout() == PackedWeights.Layout.ROWS) {
            Kernels.super.gemmNTBiasActivation(m, w, a, aOff, bias, biasOff, activation, c);
            return;
        }
        if (w.layout() == PackedWeights.Layout.COLUMNS) {
            PackedGemm.multiplyColumns(m, w.outputs(), w.inputs(), a, aOff, w.data, c, 0, false);
            addBiasActivate(m, w.outputs(), c, bias, biasOff, activation);
            return;
        }
        int epilogue = switch (activation) {
            case IDENTITY -> PackedGemm.EPI_BIAS;
            case RELU -> PackedGemm.EPI_BIAS_RELU;
            case SIGMOID -> PackedGemm.EPI_BIAS_SIGMOID;
            case TANH -> PackedGemm.EPI_BIAS_TANH;
        };
        PackedGemm.multiplyPacked(m, w.outputs(), w.inputs(), a, aOff, w.inputs(), 1, w.data, c, 0, false,
                bias, biasOff, 0, epilogue);
    }

    @Override
    public void gemmNNActivationGradient(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                                         Fused activation, float[] y, float[] c) {
        if (!usePacked(m, n, k)) {
            Kernels.super.gemmNNActivationGradient(m, n, k, a, aOff, b, bOff, activation, y, c);
            return;
        }
        int epilogue = switch (activation) {
            case IDENTITY -> PackedGemm.EPI_NONE;
            case RELU -> PackedGemm.EPI_GRAD_RELU;
            case SIGMOID -> PackedGemm.EPI_GRAD_SIGMOID;
            case TANH -> PackedGemm.EPI_GRAD_TANH;
        };
        PackedGemm.multiply(m, n, k, a, aOff, k, 1, b, bOff, n, 1, c, 0, false, y, 0, n, epilogue);
    }

    // ---------------------------------------------------------------- optimiser updates

    @Override
    public void sgdUpdate(int n, float lr, float weightDecay, float[] params, int pOff, float[] grads, int gOff) {
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector p = FloatVector.fromArray(SPECIES, params, pOff + i);
            FloatVector g = p.fma(FloatVector.broadcast(SPECIES, weightDecay), FloatVector.fromArray(SPECIES, grads, gOff + i));
            g.fma(FloatVector.broadcast(SPECIES, -lr), p).intoArray(params, pOff + i);
        }
        for (; i < n; i++) {
            float p = params[pOff + i];
            params[pOff + i] = p - lr * (grads[gOff + i] + weightDecay * p);
        }
    }

    @Override
    public void sgdMomentumUpdate(int n, float lr, float momentum, boolean nesterov, float weightDecay,
                                  float[] params, int pOff, float[] grads, int gOff, float[] velocity, int vOff) {
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector p = FloatVector.fromArray(SPECIES, params, pOff + i);
            FloatVector g = p.fma(FloatVector.broadcast(SPECIES, weightDecay), FloatVector.fromArray(SPECIES, grads, gOff + i));
            FloatVector v = FloatVector.fromArray(SPECIES, velocity, vOff + i).fma(FloatVector.broadcast(SPECIES, momentum), g);
            v.intoArray(velocity, vOff + i);
            FloatVector step = nesterov ? v.fma(FloatVector.broadcast(SPECIES, momentum), g) : v;
            step.fma(FloatVector.broadcast(SPECIES, -lr), p).intoArray(params, pOff + i);
        }
        for (; i < n; i++) {
            float p = params[pOff + i];
            float g = grads[gOff + i] + weightDecay * p;
            float v = momentum * velocity[vOff + i] + g;
            velocity[vOff + i] = v;
            params[pOff + i] = p - lr * (nesterov ? g + momentum * v : v);
        }
    }

    @Override
    public void adamUpdate(int n, float lr, float beta1, float beta2, float eps, float weightDecay,
                           boolean decoupledDecay, float biasCorrection1, float biasCorrection2,
                           float[] params, int pOff, float[] grads, int gOff,
                           float[] m, int mOff, float[] v, int vOff) {
        float l2 = decoupledDecay ? 0f : weightDecay;
        float decoupled = decoupledDecay ? weightDecay : 0f;
        float inv1 = 1f / biasCorrection1;
        float inv2 = 1f / biasCorrection2;
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector p = FloatVector.fromArray(SPECIES, params, pOff + i);
            FloatVector g = p.fma(FloatVector.broadcast(SPECIES, l2), FloatVector.fromArray(SPECIES, grads, gOff + i));
            FloatVector mi = FloatVector.fromArray(SPECIES, m, mOff + i).mul(beta1).add(g.mul(1f - beta1));
            FloatVector vi = FloatVector.fromArray(SPECIES, v, vOff + i).mul(beta2).add(g.mul(g).mul(1f - beta2));
            mi.intoArray(m, mOff + i);
            vi.intoArray(v, vOff + i);
            FloatVector step = mi.mul(inv1).div(vi.mul(inv2).sqrt().add(eps));
            p.fma(FloatVector.broadcast(SPECIES, decoupled), step).fma(FloatVector.broadcast(SPECIES, -lr), p).intoArray(params, pOff + i);
        }
        for (; i < n; i++) {
            float p = params[pOff + i];
            float g = grads[gOff + i] + l2 * p;
            float mi = beta1 * m[mOff + i] + (1f - beta1) * g;
            float vi = beta2 * v[vOff + i] + (1f - beta2) * g * g;
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            float step = (mi * inv1) / ((float) Math.sqrt(vi * inv2) + eps);
            params[pOff + i] = p - lr * (step + decoupled * p);
        }
    }
}
