package vmlp.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The packed, cache-blocked GEMM behind {@link VectorKernels}' three forms:
 * {@code C[m×n] (+)= op(A)[m×k] · op(B)[k×n]}, where element {@code (i, p)} of {@code op(A)} is
 * {@code a[aOff + i·aRow + p·aCol]} and element {@code (p, j)} of {@code op(B)} is
 * {@code b[bOff + p·bRow + j·bCol]} (one of each pair of strides is 1).
 *
 * <h2>Shape of the computation</h2>
 * The loops are the classic Goto/BLIS nest:
 * <pre>
 * for each block of KC steps of k:      pack op(B)[KC × n] into panels of NR columns  (p-major)
 *   for each block of MC rows of m:     pack op(A)[MC × KC] into panels of MR rows    (p-major)
 *     for each NR panel of B:           (kc × NR floats, stays in L1 across the MR panels)
 *       for each MR panel of A:         micro-kernel: an MR × NR tile of C in 24 registers
 * </pre>
 * The micro-kernel is {@code MR = 12} rows × {@code NR = 2} vectors (4 rows with vectors under 512
 * bits, see {@link #MR}): per step of k it loads 2
 * vectors of B and broadcasts 12 elements of A into 24 FMAs on 24 named accumulators, with no
 * reduction anywhere (24 accumulators + 2 of B + 2 broadcasts fit AVX-512's 32 registers; C2
 * keeps them all there, no spill in the loop. The 6-row tile issued 8 loads and ~9 scalar uops
 * per 12 FMAs and ran 0.74–0.84× OpenBLAS; an 8 × 3-vector tile made C2 spill accumulators in the
 * loop, and unrolling the k loop by 2 spilled too). Both panels are read with constant strides
 * from offsets that only grow, so C2 hoists every bounds check out of the k loop. Packing is
 * where the three forms differ, and it is what makes them run at one speed: the transposes happen once per panel, not per FMA.
 *
 * <p>Edges cost no speed on the main shapes: B's panels are zero-padded to NR columns, so the
 * micro-kernel always runs whole; the tile goes through a small scratch array, and only its valid
 * part is written to C. The same write applies the fused epilogue (bias, then activation) after
 * the last k block, while the tile is still in L1. Rows left over after the last whole MR panel
 * are not padded: each runs alone against four B panels at a time ({@link #edgeRow}), computing
 * every element with the same chain of FMAs as the tile does. So a row's result never depends on
 * how many rows came with it, and a single row costs one pass over B, not MR.
 *
 * <p>B may come packed ahead of time ({@link #packBlock}, {@link #multiplyPacked}): a layer's weights
 * are packed once per optimiser step or model load and read by every product, batch 1 included.
 *
 * <p>Buffers are per thread ({@link ThreadLocal}) and grow once: nothing is allocated per call
 * in steady state, and the kernels stay safe to share between threads.
 */
final class PackedGemm {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();
    /**
     * Rows of the register tile: 12 (24 accumulators) with 512-bit vectors, which come with 32
     * registers (AVX-512); 4 (8 accumulators) otherwise, where a machine may have only 16 (AVX2,
     * SSE) and C2 spills a tile of 10 or 12 accumulators in the loop (see {@link #microKernel4}).
     */
    static final int MR = LANES >= 16 ? 12 : 4;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * LANES;
    /**
     * Steps of k per block: a kc × NR panel of B is 32 KiB with 16 lanes (L1 is 48 KiB on the Xeon,
     * 32 KiB on Zen 4, where KC = 128 and 160 were no faster).
     */
    static final int KC = 256;
    /** Rows of A per block (a multiple of MR): MC × KC floats is 96 KiB, in L2. */
    static final int MC = 96;
    /** Columns of B per block: KC × NC floats is 1 MiB, in L2. */
    static final int NC = 1024;

    /**
     * Whether the transposing packs (NT's B, a layer's weights) run as 8 × 8 block transposes on
     * 256-bit vectors ({@link #T8}), whatever the preferred width, where 256-bit vectors are
     * native: gathers are slow on AMD cores (Zen 4, 16 lanes: NT 128×784→256 took 546 µs so,
     * against 591 with gathers; docs/vector-api.md). With 128-bit vectors NT's pack gathers and the
     * weights' repack stores in scalar code.
     */
    static final boolean TRANSPOSE8 = SPECIES.vectorBitSize() >= 256;
    /** The species of the block transposes: 8 lanes. */
    private static final VectorSpecies<Float> T8 = FloatVector.SPECIES_256;
    private static final VectorShuffle<Float> ZIP_LO = VectorShuffle.fromValues(T8, 0, 8, 1, 9, 2, 10, 3, 11);
    private static final VectorShuffle<Float> ZIP_HI = VectorShuffle.fromValues(T8, 4, 12, 5, 13, 6, 14, 7, 15);

    /** Epilogues, applied after the last k block with an auxiliary matrix E (see {@link #multiply}). */
    static final int EPI_NONE = 0;
    /** {@code C = C + E} (E is the bias, with row stride 0). */
    static final int EPI_BIAS = 1;
    static final int EPI_BIAS_RELU = 2;
    static final int EPI_BIAS_SIGMOID = 3;
    static final int EPI_BIAS_TANH = 4;
    /** {@code C = C ⊙ [E > 0]} (E is a ReLU's output). */
    static final int EPI_GRAD_RELU = 5;
    /** {@code C = C ⊙ E(1 − E)}. */
    static final int EPI_GRAD_SIGMOID = 6;
    /** {@code C = C ⊙ (1 − E²)}. */
    static final int EPI_GRAD_TANH = 7;

    private static final class Buffers {
        float[] packedA = new float[MC * KC];
        float[] packedB = new float[0];
        /** One MR × NR tile, or the four 2 × NR tiles of a pair of edge rows. */
        final float[] tile = new float[Math.max(MR, 8) * NR];
        /** Room for 8 vectors whose lanes are summed in scalar code ({@link LaneMath#sum(float[], int)}). */
        final float[] lanes = new float[8 * LANES];
        /** The index map of a gather down a column of a row-major matrix (see {@link #strideIndex}). */
        final int[] strideIndex = new int[Math.max(2, LANES)];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private PackedGemm() {}

    /**
     * {@code C (+)= op(A)·op(B)}, then the epilogue {@code epilogue} (an {@code EPI_*} code) with the
     * auxiliary matrix E whose element {@code (i, j)} is {@code aux[auxOff + i·auxRow + j]}: a bias has
     * {@code auxRow = 0}, an activation output {@code auxRow = n}. C is row-major with row stride n.
     * B is packed into per-thread panels on the way.
     */
    static void multiply(int m, int n, int k,
                         float[] a, int aOff, int aRow, int aCol,
                         float[] b, int bOff, int bRow, int bCol,
                         float[] c, int cOff, boolean accumulate,
                         float[] aux, int auxOff, int auxRow, int epilogue) {
        run(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, null, c, cOff, accumulate, aux, auxOff, auxRow,
                epilogue);
    }

    /**
     * {@code C (+)= A·Bᵀ} for at most one vector of columns ({@code n ≤ LANES}: the 10-wide output
     * layer), A row-major m × k and B row-major n × k: Bᵀ is copied into per-thread columns
     * ({@link #packColumns}), then {@link #multiplyColumns}.
     */
    static void multiplyNarrow(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                               float[] c, int cOff, boolean accumulate) {
        Buffers buffers = BUFFERS.get();
        if (buffers.packedB.length < k * LANES) {
            buffers.packedB = new float[k * LANES];
        }
        packAllColumns(n, k, b, bOff, buffers.packedB);
        multiplyColumns(m, n, k, a, aOff, buffers.packedB, c, cOff, accumulate);
    }

    /** All of B into {@code dst} as {@link #packColumns} lays it out, with zeros in the lanes past n. */
    static void packAllColumns(int n, int k, float[] b, int bOff, float[] dst) {
        packColumns(n, k, b, bOff, 0, n * k, dst);
        for (int p = 0; p < k; p++) {
            for (int j = n; j < LANES; j++) {
                dst[p * LANES + j] = 0f;
            }
        }
    }

    /**
     * Elements {@code [from, to)} of B (row-major n × k from {@code bOff}; indices relative to it)
     * into {@code dst} as Bᵀ: k rows of LANES floats, element (j, p) at {@code p·LANES + j}. The
     * lanes past n are left as they are.
     */
    static void packColumns(int n, int k, float[] b, int bOff, int from, int to, float[] dst) {
        for (int j = from / k; j < n && j * k < to; j++) {
            int row = bOff + j * k;
            for (int p = Math.max(0, from - j * k), end = Math.min(k, to - j * k); p < end; p++) {
                dst[p * LANES + j] = b[row + p];
            }
        }
    }

    /**
     * {@code C (+)= A·Bᵀ} with Bᵀ in columns ({@link #packColumns}, zeros past n ≤ LANES): each step
     * of k is one load of Bᵀ, a broadcast of A per row and one FMA per row into that row's single
     * accumulator, 8 rows at a time, then rows one by one through the same chain of FMAs (a row's
     * bits do not depend on m). No lane sums; the lanes wasted are only those past n.
     */
    static void multiplyColumns(int m, int n, int k, float[] a, int aOff, float[] bt,
                                float[] c, int cOff, boolean accumulate) {
        float[] tile = BUFFERS.get().tile;
        int i = 0;
        for (; i + 8 <= m; i += 8) {
            int a0 = aOff + i * k;
            FloatVector s0 = FloatVector.zero(SPECIES);
            FloatVector s1 = FloatVector.zero(SPECIES);
            FloatVector s2 = FloatVector.zero(SPECIES);
            FloatVector s3 = FloatVector.zero(SPECIES);
            FloatVector s4 = FloatVector.zero(SPECIES);
            FloatVector s5 = FloatVector.zero(SPECIES);
            FloatVector s6 = FloatVector.zero(SPECIES);
            FloatVector s7 = FloatVector.zero(SPECIES);
            for (int p = 0; p < k; p++) {
                FloatVector w = FloatVector.fromArray(SPECIES, bt, p * LANES);
                int ap = a0 + p;
                s0 = FloatVector.broadcast(SPECIES, a[ap]).fma(w, s0);
                s1 = FloatVector.broadcast(SPECIES, a[ap + k]).fma(w, s1);
                s2 = FloatVector.broadcast(SPECIES, a[ap + 2 * k]).fma(w, s2);
                s3 = FloatVector.broadcast(SPECIES, a[ap + 3 * k]).fma(w, s3);
                s4 = FloatVector.broadcast(SPECIES, a[ap + 4 * k]).fma(w, s4);
                s5 = FloatVector.broadcast(SPECIES, a[ap + 5 * k]).fma(w, s5);
                s6 = FloatVector.broadcast(SPECIES, a[ap + 6 * k]).fma(w, s6);
                s7 = FloatVector.broadcast(SPECIES, a[ap + 7 * k]).fma(w, s7);
            }
            s0.intoArray(tile, 0);
            s1.intoArray(tile, LANES);
            s2.intoArray(tile, 2 * LANES);
            s3.intoArray(tile, 3 * LANES);
            s4.intoArray(tile, 4 * LANES);
            s5.intoArray(tile, 5 * LANES);
            s6.intoArray(tile, 6 * LANES);
            s7.intoArray(tile, 7 * LANES);
            writeNarrow(tile, 8, n, c, cOff + i * n, accumulate);
        }
        for (; i < m; i++) {
            int a0 = aOff + i * k;
            FloatVector s = FloatVector.zero(SPECIES);
            for (int p = 0; p < k; p++) {
                s = FloatVector.broadcast(SPECIES, a[a0 + p]).fma(FloatVector.fromArray(SPECIES, bt, p * LANES), s);
            }
            s.intoArray(tile, 0);
            writeNarrow(tile, 1, n, c, cOff + i * n, accumulate);
        }
    }

    /** Rows of {@code n} sums, LANES apart in {@code tile}, into (or onto) rows of C. */
    private static void writeNarrow(float[] tile, int rows, int n, float[] c, int cOff, boolean accumulate) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < n; j++) {
                float v = tile[r * LANES + j];
                c[cOff + r * n + j] = accumulate ? c[cOff + r * n + j] + v : v;
            }
        }
    }

    /**
     * As {@link #multiply} with B already in panels ({@link #packBlock}): no packing of B at all, so a
     * product costs the same per row at 1 row as at 1000.
     */
    static void multiplyPacked(int m, int n, int k, float[] a, int aOff, int aRow, int aCol, float[] panels,
                               float[] c, int cOff, boolean accumulate,
                               float[] aux, int auxOff, int auxRow, int epilogue) {
        run(m, n, k, a, aOff, aRow, aCol, null, 0, 0, 0, panels, c, cOff, accumulate, aux, auxOff, auxRow,
                epilogue);
    }

    /** The number of floats {@link #packBlock} writes, over all blocks, for an op(B) of {@code k × n}. */
    static int packedSize(int n, int k) {
        return Math.multiplyExact(paddedColumns(n), Math.max(k, 1));
    }

    /**
     * Packs k block {@code block} of op(B) ({@code k × n}, element {@code (p, j)} at
     * {@code b[bOff + p·bRow + j·bCol]}) into {@code dst}. With every block packed, {@code dst} holds
     * the blocks {@link #multiply} uses one after another, each block's panels of NR columns side by
     * side over all n: the panel of columns {@code j..j+NR} in the block starting at step {@code p0}
     * (of {@code kc} steps) starts at {@code p0·paddedColumns(n) + j·kc}.
     */
    static void packBlock(int block, int n, int k, float[] b, int bOff, int bRow, int bCol, float[] dst) {
        int kcMax = blockSteps(k);
        int p0 = block * kcMax;
        packB(Math.min(kcMax, k - p0), n, b, bOff, bRow, bCol, p0, 0, dst, p0 * paddedColumns(n));
    }

    /**
     * Packs elements {@code [from, to)} of a row-major {@code W[n × k]} (from {@code wOff}; indices
     * relative to it) into {@code dst}, laid out as {@link #packBlock} lays out {@code op(B) = Wᵀ}:
     * element {@code (j, p)} goes to step {@code p} of the panel holding column j, in p's k block.
     */
    static void packRows(int n, int k, float[] w, int wOff, int from, int to, float[] dst) {
        int kcMax = blockSteps(k);
        int nPadded = paddedColumns(n);
        for (int j = from / k; j < n && j * k < to; ) {
            int panel = j / NR * NR;
            int lane = j - panel;
            if (TRANSPOSE8 && lane % 8 == 0 && j + 8 <= n && j * k >= from && (j + 8) * k <= to) {
                // eight whole rows, all in one panel: a block transpose instead of eight scatters
                for (int p0 = 0; p0 < k; p0 += kcMax) {
                    int kc = Math.min(kcMax, k - p0);
                    transposeSteps(w, wOff + j * k + p0, k, kc, dst, p0 * nPadded + panel * kc + lane);
                }
                j += 8;
                continue;
            }
            int row = wOff + j * k;
            int pEnd = Math.min(k, to - j * k);
            for (int p0 = Math.max(0, from - j * k) / kcMax * kcMax; p0 < pEnd; p0 += kcMax) {
                int kc = Math.min(kcMax, k - p0);
                int base = p0 * nPadded + panel * kc + lane;
                for (int p = Math.max(p0, from - j * k), last = Math.min(p0 + kc, pEnd); p < last; p++) {
                    dst[base + (p - p0) * NR] = w[row + p];
                }
            }
            j++;
        }
    }

    /**
     * Rows {@code s, s+srcRow, …, s+7·srcRow} of {@code src}, {@code steps} floats each, into
     * {@code steps} rows of 8 floats of {@code dst} from {@code d}, NR apart: the transposing pack of
     * eight columns of op(B) = Wᵀ. 8 × 8 blocks on lanes ({@link #transpose8}), then a scalar tail.
     */
    private static void transposeSteps(float[] src, int s, int srcRow, int steps, float[] dst, int d) {
        int p = 0;
        for (; p + 8 <= steps; p += 8) {
            transpose8(src, s + p, srcRow, dst, d + p * NR);
        }
        for (; p < steps; p++) {
            for (int r = 0; r < 8; r++) {
                dst[d + p * NR + r] = src[s + r * srcRow + p];
            }
        }
    }

    /**
     * An 8 × 8 block ({@code src} rows {@code s + r·srcRow}) transposed into {@code dst} rows
     * {@code d + c·NR}, with 8-lane vectors only: three rounds of interleaving pairs of rows
     * ({@code v[2i], v[2i+1] ← zipLo, zipHi(v[i], v[i+4])}) are a transpose. Vectors stay in here.
     */
    private static void transpose8(float[] src, int s, int srcRow, float[] dst, int d) {
        FloatVector r0 = FloatVector.fromArray(T8, src, s);
        FloatVector r1 = FloatVector.fromArray(T8, src, s + srcRow);
        FloatVector r2 = FloatVector.fromArray(T8, src, s + 2 * srcRow);
        FloatVector r3 = FloatVector.fromArray(T8, src, s + 3 * srcRow);
        FloatVector r4 = FloatVector.fromArray(T8, src, s + 4 * srcRow);
        FloatVector r5 = FloatVector.fromArray(T8, src, s + 5 * srcRow);
        FloatVector r6 = FloatVector.fromArray(T8, src, s + 6 * srcRow);
        FloatVector r7 = FloatVector.fromArray(T8, src, s + 7 * srcRow);
        FloatVector t0 = r0.rearrange(ZIP_LO, r4);
        FloatVector t1 = r0.rearrange(ZIP_HI, r4);
        FloatVector t2 = r1.rearrange(ZIP_LO, r5);
        FloatVector t3 = r1.rearrange(ZIP_HI, r5);
        FloatVector t4 = r2.rearrange(ZIP_LO, r6);
        FloatVector t5 = r2.rearrange(ZIP_HI, r6);
        FloatVector t6 = r3.rearrange(ZIP_LO, r7);
        FloatVector t7 = r3.rearrange(ZIP_HI, r7);
        r0 = t0.rearrange(ZIP_LO, t4);
        r1 = t0.rearrange(ZIP_HI, t4);
        r2 = t1.rearrange(ZIP_LO, t5);
        r3 = t1.rearrange(ZIP_HI, t5);
        r4 = t2.rearrange(ZIP_LO, t6);
        r5 = t2.rearrange(ZIP_HI, t6);
        r6 = t3.rearrange(ZIP_LO, t7);
        r7 = t3.rearrange(ZIP_HI, t7);
        r0.rearrange(ZIP_LO, r4).intoArray(dst, d);
        r0.rearrange(ZIP_HI, r4).intoArray(dst, d + NR);
        r1.rearrange(ZIP_LO, r5).intoArray(dst, d + 2 * NR);
        r1.rearrange(ZIP_HI, r5).intoArray(dst, d + 3 * NR);
        r2.rearrange(ZIP_LO, r6).intoArray(dst, d + 4 * NR);
        r2.rearrange(ZIP_HI, r6).intoArray(dst, d + 5 * NR);
        r3.rearrange(ZIP_LO, r7).intoArray(dst, d + 6 * NR);
        r3.rearrange(ZIP_HI, r7).intoArray(dst, d + 7 * NR);
    }

    /** This thread's scratch for 8 vectors' lanes (see {@link LaneMath#sum(float[], int)}). */
    static float[] lanes() {
        return BUFFERS.get().lanes;
    }

    /** {@code 0, step, 2·step, …} for {@code LANES} lanes: a gather's index map, kept per thread. */
    private static int[] strideIndex(int step) {
        int[] index = BUFFERS.get().strideIndex;
        if (index[1] != step) {
            for (int i = 0; i < LANES; i++) {
                index[i] = i * step;
            }
        }
        return index;
    }

    /** The number of k blocks of a product over {@code k} steps (at least 1). */
    static int blocks(int k) {
        return Math.max(1, (k + KC - 1) / KC);
    }

    /**
     * Steps of k per block: equal blocks of at most KC (784 = 4 × 196, not 3 × 256 + 16), so that no
     * short block pays the tile writes for a few FMAs.
     */
    private static int blockSteps(int k) {
        int blocks = blocks(k);
        return Math.max(1, (k + blocks - 1) / blocks);
    }

    private static int paddedColumns(int n) {
        return (n + NR - 1) / NR * NR;
    }

    private static void run(int m, int n, int k,
                            float[] a, int aOff, int aRow, int aCol,
                            float[] b, int bOff, int bRow, int bCol, float[] prepacked,
                            float[] c, int cOff, boolean accumulate,
                            float[] aux, int auxOff, int auxRow, int epilogue) {
        Buffers buffers = BUFFERS.get();
        int kcMax = blockSteps(k);
        int nPadded = paddedColumns(n);
        for (int j0 = 0; j0 < n; j0 += NC) {
            int nc = Math.min(NC, n - j0);
            float[] panels = prepacked;
            if (prepacked == null) {
                int ncPadded = paddedColumns(nc);
                if (buffers.packedB.length < ncPadded * kcMax) {
                    buffers.packedB = new float[ncPadded * kcMax];
                }
                panels = buffers.packedB;
            }
            for (int p0 = 0; p0 < k || (k == 0 && p0 == 0); p0 += kcMax) {
                int kc = Math.min(kcMax, k - p0);
                boolean first = p0 == 0;
                int blockEpilogue = p0 + kc >= k ? epilogue : EPI_NONE;
                int panel0;
                if (prepacked == null) {
                    packB(kc, nc, b, bOff, bRow, bCol, p0, j0, panels, 0);
                    panel0 = 0;
                } else {
                    panel0 = p0 * nPadded + j0 * kc;
                }
                for (int i0 = 0; i0 < m; i0 += MC) {
                    int mc = Math.min(MC, m - i0);
                    int full = mc / MR * MR;
                    packA(full, kc, a, aOff, aRow, aCol, i0, p0, buffers.packedA);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = Math.min(NR, nc - jr);
                        int bPanel = panel0 + jr * kc;
                        boolean direct = cols == NR && blockEpilogue == EPI_NONE;
                        for (int ir = 0; ir < full; ir += MR) {
                            int c0 = cOff + (i0 + ir) * n + j0 + jr;
                            if (direct) {
                                microKernel(kc, buffers.packedA, ir * kc, panels, bPanel, c, c0, n,
                                        !first || accumulate);
                                continue;
                            }
                            microKernel(kc, buffers.packedA, ir * kc, panels, bPanel, buffers.tile, 0, NR, false);
                            writeTile(buffers.tile, 0, MR, cols, c, c0, n, first && !accumulate, blockEpilogue,
                                    aux, auxOff + (i0 + ir) * auxRow + j0 + jr, auxRow);
                        }
                    }
                    int i = i0 + full;
                    // pairs need 16 accumulators + 6: only where a 12-row tile fits the registers
                    for (; MR == 12 && i + 2 <= i0 + mc; i += 2) {
                        edgeRowPair(kc, nc, a, aOff + i * aRow + p0 * aCol, aRow, aCol, panels, panel0,
                                buffers.tile, c, cOff + i * n + j0, n, first && !accumulate, blockEpilogue,
                                aux, auxOff + i * auxRow + j0, auxRow);
                    }
                    for (; i < i0 + mc; i++) {
                        edgeRow(kc, nc, a, aOff + i * aRow + p0 * aCol, aCol, panels, panel0, buffers.tile,
                                c, cOff + i * n + j0, first && !accumulate, blockEpilogue,
                                aux, auxOff + i * auxRow + j0);
                    }
                }
                if (k == 0) {
                    break;
                }
            }
        }
    }

    /**
     * One row of C that does not fill an MR-row tile (the last rows of a block, or all of a batch
     * under MR rows: a single request to a server): A's row is read in place with stride {@code aCol},
     * four panels at a time, so 8 accumulators hide the FMA latency that a lone 2-vector tile would
     * expose. Each element is the same chain of FMAs from zero over the block's steps as in
     * {@link #microKernel}, so a row gets the same bits whether it ran in a full tile or alone.
     */
    private static void edgeRow(int kc, int nc, float[] a, int a0, int aCol, float[] panels, int panel0,
                                float[] tile, float[] c, int c0, boolean overwrite, int epilogue,
                                float[] aux, int aux0) {
        int stride = NR * kc;
        int jr = 0;
        for (; jr + 4 * NR <= nc; jr += 4 * NR) {
            rowKernel4(kc, a, a0, aCol, panels, panel0 + jr * kc, stride, tile);
            for (int q = 0; q < 4; q++) {
                writeTile(tile, q * NR, 1, NR, c, c0 + jr + q * NR, 0, overwrite, epilogue,
                        aux, aux0 + jr + q * NR, 0);
            }
        }
        edgeRowPanels(kc, nc, jr, a, a0, aCol, panels, panel0, tile, c, c0, overwrite, epilogue, aux, aux0);
    }

    /**
     * Two rows of C that do not fill a tile (rows {@code a0} and {@code a0 + aRow} of A, read in
     * place): four panels at a time, 16 accumulators, so the FMAs, not the loads of B, set the pace.
     * The same chains of FMAs as {@link #microKernel} and {@link #edgeRow}: the same bits.
     */
    private static void edgeRowPair(int kc, int nc, float[] a, int a0, int aRow, int aCol, float[] panels,
                                    int panel0, float[] tile, float[] c, int c0, int ldc, boolean overwrite,
                                    int epilogue, float[] aux, int aux0, int auxRow) {
        int stride = NR * kc;
        int jr = 0;
        for (; jr + 4 * NR <= nc; jr += 4 * NR) {
            rowPairKernel4(kc, a, a0, a0 + aRow, aCol, panels, panel0 + jr * kc, stride, tile);
            for (int q = 0; q < 4; q++) {
                writeTile(tile, 2 * q * NR, 2, NR, c, c0 + jr + q * NR, ldc, overwrite, epilogue,
                        aux, aux0 + jr + q * NR, auxRow);
            }
        }
        if (jr < nc) {
            edgeRowPanels(kc, nc, jr, a, a0, aCol, panels, panel0, tile, c, c0, overwrite, epilogue, aux, aux0);
            edgeRowPanels(kc, nc, jr, a, a0 + aRow, aCol, panels, panel0, tile, c, c0 + ldc, overwrite, epilogue,
                    aux, aux0 + auxRow);
        }
    }

    /** One row's panels from column {@code jr} on, one panel at a time (what four-panel passes left). */
    private static void edgeRowPanels(int kc, int nc, int jr, float[] a, int a0, int aCol, float[] panels,
                                      int panel0, float[] tile, float[] c, int c0, boolean overwrite, int epilogue,
                                      float[] aux, int aux0) {
        for (; jr < nc; jr += NR) {
            rowKernel1(kc, a, a0, aCol, panels, panel0 + jr * kc, tile);
            writeTile(tile, 0, 1, Math.min(NR, nc - jr), c, c0 + jr, 0, overwrite, epilogue,
                    aux, aux0 + jr, 0);
        }
    }

    /**
     * Rows {@code a0} and {@code a1} against four consecutive NR panels: panel q's 2 × NR tile goes to
     * {@code tile[2·q·NR …]}, row by row.
     */
    private static void rowPairKernel4(int kc, float[] a, int a0, int a1, int aCol, float[] b, int b0, int stride,
                                       float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c01 = FloatVector.zero(SPECIES);
        FloatVector c02 = FloatVector.zero(SPECIES);
        FloatVector c03 = FloatVector.zero(SPECIES);
        FloatVector c04 = FloatVector.zero(SPECIES);
        FloatVector c05 = FloatVector.zero(SPECIES);
        FloatVector c06 = FloatVector.zero(SPECIES);
        FloatVector c07 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES);
        FloatVector c11 = FloatVector.zero(SPECIES);
        FloatVector c12 = FloatVector.zero(SPECIES);
        FloatVector c13 = FloatVector.zero(SPECIES);
        FloatVector c14 = FloatVector.zero(SPECIES);
        FloatVector c15 = FloatVector.zero(SPECIES);
        FloatVector c16 = FloatVector.zero(SPECIES);
        FloatVector c17 = FloatVector.zero(SPECIES);
        int b1 = b0 + stride;
        int b2 = b1 + stride;
        int b3 = b2 + stride;
        for (int p = 0, ai = 0, bi = 0; p < kc; p++, ai += aCol, bi += NR) {
            FloatVector w0 = FloatVector.fromArray(SPECIES, b, b0 + bi);
            FloatVector w1 = FloatVector.fromArray(SPECIES, b, b0 + bi + LANES);
            FloatVector w2 = FloatVector.fromArray(SPECIES, b, b1 + bi);
            FloatVector w3 = FloatVector.fromArray(SPECIES, b, b1 + bi + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + ai]);
            FloatVector y = FloatVector.broadcast(SPECIES, a[a1 + ai]);
            c00 = x.fma(w0, c00);
            c01 = x.fma(w1, c01);
            c02 = x.fma(w2, c02);
            c03 = x.fma(w3, c03);
            c10 = y.fma(w0, c10);
            c11 = y.fma(w1, c11);
            c12 = y.fma(w2, c12);
            c13 = y.fma(w3, c13);
            w0 = FloatVector.fromArray(SPECIES, b, b2 + bi);
            w1 = FloatVector.fromArray(SPECIES, b, b2 + bi + LANES);
            w2 = FloatVector.fromArray(SPECIES, b, b3 + bi);
            w3 = FloatVector.fromArray(SPECIES, b, b3 + bi + LANES);
            c04 = x.fma(w0, c04);
            c05 = x.fma(w1, c05);
            c06 = x.fma(w2, c06);
            c07 = x.fma(w3, c07);
            c14 = y.fma(w0, c14);
            c15 = y.fma(w1, c15);
            c16 = y.fma(w2, c16);
            c17 = y.fma(w3, c17);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, LANES);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + LANES);
        c02.intoArray(tile, 2 * NR);
        c03.intoArray(tile, 2 * NR + LANES);
        c12.intoArray(tile, 3 * NR);
        c13.intoArray(tile, 3 * NR + LANES);
        c04.intoArray(tile, 4 * NR);
        c05.intoArray(tile, 4 * NR + LANES);
        c14.intoArray(tile, 5 * NR);
        c15.intoArray(tile, 5 * NR + LANES);
        c06.intoArray(tile, 6 * NR);
        c07.intoArray(tile, 6 * NR + LANES);
        c16.intoArray(tile, 7 * NR);
        c17.intoArray(tile, 7 * NR + LANES);
    }

    /** One row against four consecutive NR panels ({@code stride} apart): 8 vectors into {@code tile}. */
    private static void rowKernel4(int kc, float[] a, int a0, int aCol, float[] b, int b0, int stride,
                                   float[] tile) {
        FloatVector c0 = FloatVector.zero(SPECIES);
        FloatVector c1 = FloatVector.zero(SPECIES);
        FloatVector c2 = FloatVector.zero(SPECIES);
        FloatVector c3 = FloatVector.zero(SPECIES);
        FloatVector c4 = FloatVector.zero(SPECIES);
        FloatVector c5 = FloatVector.zero(SPECIES);
        FloatVector c6 = FloatVector.zero(SPECIES);
        FloatVector c7 = FloatVector.zero(SPECIES);
        int b1 = b0 + stride;
        int b2 = b1 + stride;
        int b3 = b2 + stride;
        for (int p = 0, ai = a0, bi = 0; p < kc; p++, ai += aCol, bi += NR) {
            FloatVector x = FloatVector.broadcast(SPECIES, a[ai]);
            c0 = x.fma(FloatVector.fromArray(SPECIES, b, b0 + bi), c0);
            c1 = x.fma(FloatVector.fromArray(SPECIES, b, b0 + bi + LANES), c1);
            c2 = x.fma(FloatVector.fromArray(SPECIES, b, b1 + bi), c2);
            c3 = x.fma(FloatVector.fromArray(SPECIES, b, b1 + bi + LANES), c3);
            c4 = x.fma(FloatVector.fromArray(SPECIES, b, b2 + bi), c4);
            c5 = x.fma(FloatVector.fromArray(SPECIES, b, b2 + bi + LANES), c5);
            c6 = x.fma(FloatVector.fromArray(SPECIES, b, b3 + bi), c6);
            c7 = x.fma(FloatVector.fromArray(SPECIES, b, b3 + bi + LANES), c7);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, LANES);
        c2.intoArray(tile, NR);
        c3.intoArray(tile, NR + LANES);
        c4.intoArray(tile, 2 * NR);
        c5.intoArray(tile, 2 * NR + LANES);
        c6.intoArray(tile, 3 * NR);
        c7.intoArray(tile, 3 * NR + LANES);
    }

    /** One row against one NR panel: 2 vectors into {@code tile}. */
    private static void rowKernel1(int kc, float[] a, int a0, int aCol, float[] b, int b0, float[] tile) {
        FloatVector c0 = FloatVector.zero(SPECIES);
        FloatVector c1 = FloatVector.zero(SPECIES);
        for (int p = 0, ai = a0, bi = b0; p < kc; p++, ai += aCol, bi += NR) {
            FloatVector x = FloatVector.broadcast(SPECIES, a[ai]);
            c0 = x.fma(FloatVector.fromArray(SPECIES, b, bi), c0);
            c1 = x.fma(FloatVector.fromArray(SPECIES, b, bi + LANES), c1);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, LANES);
    }

    /**
     * The MR × NR tile {@code Σ_p A[r][p]·B[p][j]} over one packed A panel ({@code kc × MR},
     * p-major) and one packed B panel ({@code kc × NR}, p-major), stored (with {@code add}: added)
     * into {@code out} from {@code o} with row stride {@code ldo}: straight into C for a whole tile
     * without an epilogue, else into the tile buffer for {@link #writeTile}. Either way an element is
     * its sum, or the sum plus C's value, so both give the same bits. MR is a constant, so C2 keeps
     * one of the two calls.
     */
    private static void microKernel(int kc, float[] a, int a0, float[] b, int b0, float[] out, int o, int ldo,
                                    boolean add) {
        if (MR == 12) {
            microKernel12(kc, a, a0, b, b0, out, o, ldo, add);
        } else {
            microKernel4(kc, a, a0, b, b0, out, o, ldo, add);
        }
    }

    /** The 12-row tile: 24 accumulators, for machines with 32 vector registers. */
    private static void microKernel12(int kc, float[] a, int a0, float[] b, int b0, float[] out, int o, int ldo,
                                     boolean add) {
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES);
        FloatVector c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES);
        FloatVector c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES);
        FloatVector c31 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES);
        FloatVector c41 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES);
        FloatVector c51 = FloatVector.zero(SPECIES);
        FloatVector c60 = FloatVector.zero(SPECIES);
        FloatVector c61 = FloatVector.zero(SPECIES);
        FloatVector c70 = FloatVector.zero(SPECIES);
        FloatVector c71 = FloatVector.zero(SPECIES);
        FloatVector c80 = FloatVector.zero(SPECIES);
        FloatVector c81 = FloatVector.zero(SPECIES);
        FloatVector c90 = FloatVector.zero(SPECIES);
        FloatVector c91 = FloatVector.zero(SPECIES);
        FloatVector c100 = FloatVector.zero(SPECIES);
        FloatVector c101 = FloatVector.zero(SPECIES);
        FloatVector c110 = FloatVector.zero(SPECIES);
        FloatVector c111 = FloatVector.zero(SPECIES);
        for (int p = 0, ai = a0, bi = b0; p < kc; p++, ai += MR, bi += NR) {
            FloatVector w0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector w1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = x.fma(w0, c00);
            c01 = x.fma(w1, c01);
            x = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = x.fma(w0, c10);
            c11 = x.fma(w1, c11);
            x = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = x.fma(w0, c20);
            c21 = x.fma(w1, c21);
            x = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = x.fma(w0, c30);
            c31 = x.fma(w1, c31);
            x = FloatVector.broadcast(SPECIES, a[ai + 4]);
            c40 = x.fma(w0, c40);
            c41 = x.fma(w1, c41);
            x = FloatVector.broadcast(SPECIES, a[ai + 5]);
            c50 = x.fma(w0, c50);
            c51 = x.fma(w1, c51);
            x = FloatVector.broadcast(SPECIES, a[ai + 6]);
            c60 = x.fma(w0, c60);
            c61 = x.fma(w1, c61);
            x = FloatVector.broadcast(SPECIES, a[ai + 7]);
            c70 = x.fma(w0, c70);
            c71 = x.fma(w1, c71);
            x = FloatVector.broadcast(SPECIES, a[ai + 8]);
            c80 = x.fma(w0, c80);
            c81 = x.fma(w1, c81);
            x = FloatVector.broadcast(SPECIES, a[ai + 9]);
            c90 = x.fma(w0, c90);
            c91 = x.fma(w1, c91);
            x = FloatVector.broadcast(SPECIES, a[ai + 10]);
            c100 = x.fma(w0, c100);
            c101 = x.fma(w1, c101);
            x = FloatVector.broadcast(SPECIES, a[ai + 11]);
            c110 = x.fma(w0, c110);
            c111 = x.fma(w1, c111);
        }
        int o0 = o;
        int o1 = o0 + ldo;
        int o2 = o1 + ldo;
        int o3 = o2 + ldo;
        int o4 = o3 + ldo;
        int o5 = o4 + ldo;
        int o6 = o5 + ldo;
        int o7 = o6 + ldo;
        int o8 = o7 + ldo;
        int o9 = o8 + ldo;
        int o10 = o9 + ldo;
        int o11 = o10 + ldo;
        // if/else, not a reassignment under an if: a vector merged from two paths (a phi) is boxed
        if (add) {
            c00.add(FloatVector.fromArray(SPECIES, out, o0)).intoArray(out, o0);
            c01.add(FloatVector.fromArray(SPECIES, out, o0 + LANES)).intoArray(out, o0 + LANES);
            c10.add(FloatVector.fromArray(SPECIES, out, o1)).intoArray(out, o1);
            c11.add(FloatVector.fromArray(SPECIES, out, o1 + LANES)).intoArray(out, o1 + LANES);
            c20.add(FloatVector.fromArray(SPECIES, out, o2)).intoArray(out, o2);
            c21.add(FloatVector.fromArray(SPECIES, out, o2 + LANES)).intoArray(out, o2 + LANES);
            c30.add(FloatVector.fromArray(SPECIES, out, o3)).intoArray(out, o3);
            c31.add(FloatVector.fromArray(SPECIES, out, o3 + LANES)).intoArray(out, o3 + LANES);
            c40.add(FloatVector.fromArray(SPECIES, out, o4)).intoArray(out, o4);
            c41.add(FloatVector.fromArray(SPECIES, out, o4 + LANES)).intoArray(out, o4 + LANES);
            c50.add(FloatVector.fromArray(SPECIES, out, o5)).intoArray(out, o5);
            c51.add(FloatVector.fromArray(SPECIES, out, o5 + LANES)).intoArray(out, o5 + LANES);
            c60.add(FloatVector.fromArray(SPECIES, out, o6)).intoArray(out, o6);
            c61.add(FloatVector.fromArray(SPECIES, out, o6 + LANES)).intoArray(out, o6 + LANES);
            c70.add(FloatVector.fromArray(SPECIES, out, o7)).intoArray(out, o7);
            c71.add(FloatVector.fromArray(SPECIES, out, o7 + LANES)).intoArray(out, o7 + LANES);
            c80.add(FloatVector.fromArray(SPECIES, out, o8)).intoArray(out, o8);
            c81.add(FloatVector.fromArray(SPECIES, out, o8 + LANES)).intoArray(out, o8 + LANES);
            c90.add(FloatVector.fromArray(SPECIES, out, o9)).intoArray(out, o9);
            c91.add(FloatVector.fromArray(SPECIES, out, o9 + LANES)).intoArray(out, o9 + LANES);
            c100.add(FloatVector.fromArray(SPECIES, out, o10)).intoArray(out, o10);
            c101.add(FloatVector.fromArray(SPECIES, out, o10 + LANES)).intoArray(out, o10 + LANES);
            c110.add(FloatVector.fromArray(SPECIES, out, o11)).intoArray(out, o11);
            c111.add(FloatVector.fromArray(SPECIES, out, o11 + LANES)).intoArray(out, o11 + LANES);
        } else {
            c00.intoArray(out, o0);
            c01.intoArray(out, o0 + LANES);
            c10.intoArray(out, o1);
            c11.intoArray(out, o1 + LANES);
            c20.intoArray(out, o2);
            c21.intoArray(out, o2 + LANES);
            c30.intoArray(out, o3);
            c31.intoArray(out, o3 + LANES);
            c40.intoArray(out, o4);
            c41.intoArray(out, o4 + LANES);
            c50.intoArray(out, o5);
            c51.intoArray(out, o5 + LANES);
            c60.intoArray(out, o6);
            c61.intoArray(out, o6 + LANES);
            c70.intoArray(out, o7);
            c71.intoArray(out, o7 + LANES);
            c80.intoArray(out, o8);
            c81.intoArray(out, o8 + LANES);
            c90.intoArray(out, o9);
            c91.intoArray(out, o9 + LANES);
            c100.intoArray(out, o10);
            c101.intoArray(out, o10 + LANES);
            c110.intoArray(out, o11);
            c111.intoArray(out, o11 + LANES);
        }
    }

    /**
     * The 4-row tile: 8 accumulators, for machines with 16 vector registers (AVX2). Eight chains
     * are what two FMA pipes of 4 cycles' latency need, and leave room for the broadcasts C2 issues
     * ahead: a 6-row tile (12 accumulators) had one accumulator spilled to the stack and reloaded
     * every step, and ran at 37–42 GFLOP/s on a Zen 3 core against 86–94 for this one (5 rows: 34;
     * 4 × 3 vectors: 39; 3 × 3 vectors: 82–88; in a harness of packed panels, one thread).
     */
    private static void microKernel4(int kc, float[] a, int a0, float[] b, int b0, float[] out, int o, int ldo,
                                     boolean add) {
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES);
        FloatVector c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES);
        FloatVector c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES);
        FloatVector c31 = FloatVector.zero(SPECIES);
        for (int p = 0, ai = a0, bi = b0; p < kc; p++, ai += MR, bi += NR) {
            FloatVector w0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector w1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = x.fma(w0, c00);
            c01 = x.fma(w1, c01);
            x = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = x.fma(w0, c10);
            c11 = x.fma(w1, c11);
            x = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = x.fma(w0, c20);
            c21 = x.fma(w1, c21);
            x = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = x.fma(w0, c30);
            c31 = x.fma(w1, c31);
        }
        int o0 = o;
        int o1 = o0 + ldo;
        int o2 = o1 + ldo;
        int o3 = o2 + ldo;
        // if/else, not a reassignment under an if: a vector merged from two paths (a phi) is boxed
        if (add) {
            c00.add(FloatVector.fromArray(SPECIES, out, o0)).intoArray(out, o0);
            c01.add(FloatVector.fromArray(SPECIES, out, o0 + LANES)).intoArray(out, o0 + LANES);
            c10.add(FloatVector.fromArray(SPECIES, out, o1)).intoArray(out, o1);
            c11.add(FloatVector.fromArray(SPECIES, out, o1 + LANES)).intoArray(out, o1 + LANES);
            c20.add(FloatVector.fromArray(SPECIES, out, o2)).intoArray(out, o2);
            c21.add(FloatVector.fromArray(SPECIES, out, o2 + LANES)).intoArray(out, o2 + LANES);
            c30.add(FloatVector.fromArray(SPECIES, out, o3)).intoArray(out, o3);
            c31.add(FloatVector.fromArray(SPECIES, out, o3 + LANES)).intoArray(out, o3 + LANES);
        } else {
            c00.intoArray(out, o0);
            c01.intoArray(out, o0 + LANES);
            c10.intoArray(out, o1);
            c11.intoArray(out, o1 + LANES);
            c20.intoArray(out, o2);
            c21.intoArray(out, o2 + LANES);
            c30.intoArray(out, o3);
            c31.intoArray(out, o3 + LANES);
        }
    }

    /**
     * Writes the valid {@code rows × cols} of a tile (from {@code t0}, row stride NR) into C, replacing ({@code overwrite}) or adding,
     * then applies the epilogue with E's tile at {@code e0} (row stride {@code eRow}).
     */
    private static void writeTile(float[] tile, int t0, int rows, int cols, float[] c, int c0, int ldc,
                                  boolean overwrite, int epilogue, float[] e, int e0, int eRow) {
        int vectorCols = cols == NR ? NR : (cols >= LANES ? LANES : 0);
        // sigmoid and tanh run after the bias, in a loop of their own (see activate)
        boolean curve = epilogue == EPI_BIAS_SIGMOID || epilogue == EPI_BIAS_TANH;
        int first = curve ? EPI_BIAS : epilogue;
        for (int r = 0; r < rows; r++) {
            int row = c0 + r * ldc;
            int t = t0 + r * NR;
            int er = e0 + r * eRow;
            int j = 0;
            for (; j < vectorCols; j += LANES) {
                FloatVector v = FloatVector.fromArray(SPECIES, tile, t + j);
                if (!overwrite) {
                    v = v.add(FloatVector.fromArray(SPECIES, c, row + j));
                }
                if (first != EPI_NONE) {
                    FloatVector x = FloatVector.fromArray(SPECIES, e, er + j);
                    switch (first) {
                        case EPI_BIAS -> v = v.add(x);
                        case EPI_BIAS_RELU -> v = v.add(x).max(0f);
                        case EPI_GRAD_RELU -> v = FloatVector.zero(SPECIES)
                                .blend(v, x.compare(VectorOperators.GT, 0f));
                        case EPI_GRAD_SIGMOID -> v = v.mul(x).mul(x.neg().add(1f));
                        case EPI_GRAD_TANH -> v = v.mul(x.neg().fma(x, FloatVector.broadcast(SPECIES, 1f)));
                        default -> { }
                    }
                }
                v.intoArray(c, row + j);
            }
            for (; j < cols; j++) {
                float v = tile[t + j];
                if (!overwrite) {
                    v += c[row + j];
                }
                if (first != EPI_NONE) {
                    v = epilogueScalar(v, e[er + j], first);
                }
                c[row + j] = v;
            }
            if (curve) {
                activate(c, row, cols, epilogue == EPI_BIAS_TANH);
            }
        }
    }

    /**
     * Sigmoid or tanh in place over {@code c[from … from+n)}: a loop of its own, like the activation
     * kernels', because there C2 inlines {@link LaneMath}'s vector functions; called from inside
     * {@link #writeTile}'s switch it did not, and every vector was boxed (2.2–2.8 MB per training step
     * of a tanh or sigmoid 784-256-128-10 network). Lanes and the scalar tail give the same bits.
     */
    private static void activate(float[] c, int from, int n, boolean tanh) {
        // one method per function: a method holding both loops, once compiled for tanh networks,
        // boxed every vector of a sigmoid network trained later in the same JVM (1.2 MB per step)
        if (tanh) {
            tanhInPlace(c, from, n);
        } else {
            sigmoidInPlace(c, from, n);
        }
    }

    private static void tanhInPlace(float[] c, int from, int n) {
        int bound = from + SPECIES.loopBound(n);
        int i = from;
        for (; i < bound; i += LANES) {
            LaneMath.tanh(FloatVector.fromArray(SPECIES, c, i)).intoArray(c, i);
        }
        for (; i < from + n; i++) {
            c[i] = LaneMath.tanh(c[i]);
        }
    }

    private static void sigmoidInPlace(float[] c, int from, int n) {
        int bound = from + SPECIES.loopBound(n);
        int i = from;
        for (; i < bound; i += LANES) {
            LaneMath.sigmoid(FloatVector.fromArray(SPECIES, c, i)).intoArray(c, i);
        }
        for (; i < from + n; i++) {
            c[i] = LaneMath.sigmoid(c[i]);
        }
    }

    /** One element of an epilogue, the same arithmetic as the lanes (and the unfused kernels). */
    static float epilogueScalar(float v, float x, int epilogue) {
        return switch (epilogue) {
            case EPI_BIAS -> v + x;
            case EPI_BIAS_RELU -> Math.max(v + x, 0f);
            case EPI_GRAD_RELU -> x > 0f ? v : 0f;
            case EPI_GRAD_SIGMOID -> v * x * (1f - x);
            case EPI_GRAD_TANH -> v * (1f - x * x);
            default -> v;
        };
    }

    /**
     * Packs rows {@code i0 .. i0+mc} × steps {@code p0 .. p0+kc} of op(A), {@code mc} a multiple of
     * MR, into panels of MR rows, p-major ({@code dst[panel·MR·kc + p·MR + r]}). Rows that do not fill
     * a panel are not packed: {@link #edgeRow} reads them in place.
     */
    private static void packA(int mc, int kc, float[] a, int aOff, int aRow, int aCol, int i0, int p0,
                              float[] dst) {
        for (int ir = 0; ir < mc; ir += MR) {
            int base = ir * kc;
            if (aCol == 1) {
                // NT and NN: rows of A are contiguous in p; interleave MR of them.
                int src = aOff + (i0 + ir) * aRow + p0;
                // One source row at a time: reads are contiguous, writes stride MR within a
                // panel of MR·kc floats that stays in L1.
                for (int r = 0; r < MR; r++) {
                    int s = src + r * aRow;
                    for (int p = 0, d = base + r; p < kc; p++, d += MR) {
                        dst[d] = a[s + p];
                    }
                }
            } else {
                // TN: columns of A are contiguous in i; each step copies MR neighbours.
                int src = aOff + p0 * aCol + i0 + ir;
                for (int p = 0, d = base, s = src; p < kc; p++, d += MR, s += aCol) {
                    for (int r = 0; r < MR; r++) {
                        dst[d + r] = a[s + r];
                    }
                }
            }
        }
    }

    /**
     * Packs steps {@code p0 .. p0+kc} × columns {@code j0 .. j0+nc} of op(B) into panels of NR
     * columns, p-major ({@code dst[dstOff + panel·NR·kc + p·NR + j]}), zero-padding the last panel.
     */
    private static void packB(int kc, int nc, float[] b, int bOff, int bRow, int bCol, int p0, int j0,
                              float[] dst, int dstOff) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int base = dstOff + jr * kc;
            if (bCol == 1) {
                // NN and TN: rows of B are contiguous in j; copy two vectors per step.
                int src = bOff + p0 * bRow + j0 + jr;
                if (cols == NR) {
                    for (int p = 0, d = base, s = src; p < kc; p++, d += NR, s += bRow) {
                        FloatVector.fromArray(SPECIES, b, s).intoArray(dst, d);
                        FloatVector.fromArray(SPECIES, b, s + LANES).intoArray(dst, d + LANES);
                    }
                } else {
                    for (int p = 0, d = base, s = src; p < kc; p++, d += NR, s += bRow) {
                        for (int j = 0; j < NR; j++) {
                            dst[d + j] = j < cols ? b[s + j] : 0f;
                        }
                    }
                }
            } else {
                // NT: B is stored n × k, so each column of op(B) is contiguous in p: a transpose,
                // as 8 × 8 blocks on lanes; with 128-bit vectors each step gathers one vector of
                // LANES columns (stride bCol apart) per half of the panel and stores it whole.
                if (cols == NR && TRANSPOSE8) {
                    int s = bOff + (j0 + jr) * bCol + p0;
                    for (int g = 0; g < NR; g += 8) {
                        transposeSteps(b, s + g * bCol, bCol, kc, dst, base + g);
                    }
                    continue;
                }
                if (cols == NR) {
                    int[] stride = strideIndex(bCol);
                    int s0 = bOff + (j0 + jr) * bCol + p0;
                    int s1 = s0 + LANES * bCol;
                    for (int p = 0, d = base; p < kc; p++, d += NR) {
                        FloatVector.fromArray(SPECIES, b, s0 + p, stride, 0).intoArray(dst, d);
                        FloatVector.fromArray(SPECIES, b, s1 + p, stride, 0).intoArray(dst, d + LANES);
                    }
                    continue;
                }
                if (cols < NR) {
                    java.util.Arrays.fill(dst, base, base + kc * NR, 0f);
                }
                for (int j = 0; j < cols; j++) {
                    int src = bOff + (j0 + jr + j) * bCol + p0;
                    for (int p = 0, d = base + j; p < kc; p++, d += NR) {
                        dst[d] = b[src + p];
                    }
                }
            }
        }
    }
}
