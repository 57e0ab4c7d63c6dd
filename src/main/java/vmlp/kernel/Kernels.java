package vmlp.kernel;

/**
 * The arithmetic an MLP needs, on row-major flat {@code float[]} matrices.
 *
 * <p>One contract, two implementations: {@link ScalarKernels} (plain loops, the baseline and the
 * reference in tests) and {@link VectorKernels} (the JDK Vector API). {@link KernelsProvider} picks
 * one once per JVM. Every matrix is row-major with its rows contiguous: element {@code (r, c)} of an
 * {@code rows × cols} matrix stored from {@code off} is {@code a[off + r * cols + c]}.
 *
 * <p>The three GEMM forms are the three products of backpropagation through a dense layer whose
 * weights {@code W} are stored {@code outputs × inputs}:
 * <ul>
 *   <li>{@link #gemmNT} {@code C = A·Bᵀ}: the forward pass {@code Z = X·Wᵀ};</li>
 *   <li>{@link #gemmTN} {@code C = Aᵀ·B}: the weight gradient {@code dW = dZᵀ·X};</li>
 *   <li>{@link #gemmNN} {@code C = A·B}: the input gradient {@code dX = dZ·W}.</li>
 * </ul>
 * With {@code accumulate} the product is added to {@code C}, otherwise it replaces it. Any
 * dimension may be 0; a product over {@code k = 0} is zero.
 *
 * <p>Activation gradients take the activation's <em>output</em> {@code y} (never the
 * pre-activation) and the upstream gradient {@code dy}, and write {@code dz = dy ⊙ f'(·)}; {@code dz}
 * may be the same array as {@code dy}. Elementwise operations may work in place ({@code x == y}).
 *
 * <p>Implementations validate nothing: callers (the {@code nn} package) check shapes once, and
 * {@link ScalarKernels}' Java bounds checks still catch an overrun in tests.
 */
public interface Kernels {

    /** A short name for logs and reports: {@code "scalar"} or {@code "vector"}. */
    String name();

    /** {@code C[m×n] (+)= A[m×k] · B[n×k]ᵀ}. */
    void gemmNT(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                float[] c, int cOff, boolean accumulate);

    /** {@code C[m×n] (+)= A[k×m]ᵀ · B[k×n]}. */
    void gemmTN(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                float[] c, int cOff, boolean accumulate);

    /** {@code C[m×n] (+)= A[m×k] · B[k×n]}. */
    void gemmNN(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                float[] c, int cOff, boolean accumulate);

    /** Matrix-vector product {@code y[m] (+)= A[m×n] · x[n]}. */
    void gemv(int m, int n, float[] a, int aOff, float[] x, int xOff,
              float[] y, int yOff, boolean accumulate);

    /** Adds the row vector {@code bias[cols]} to every row of {@code c[rows×cols]}. */
    void addBias(int rows, int cols, float[] c, int cOff, float[] bias, int biasOff);

    /** {@code sums[j] (+)= Σ_r a[r][j]} over an {@code a[rows×cols]} matrix. */
    void columnSums(int rows, int cols, float[] a, int aOff, float[] sums, int sumsOff,
                    boolean accumulate);

    /** {@code y[i] += alpha · x[i]} for {@code i < n}. */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** {@code x[i] *= alpha} for {@code i < n}. */
    void scale(int n, float alpha, float[] x, int xOff);

    /** {@code y = 1 / (1 + e^(-x))}. */
    void sigmoid(int n, float[] x, float[] y);

    /** {@code dz = dy · y · (1 - y)}, from the sigmoid's output {@code y}. */
    void sigmoidGradient(int n, float[] y, float[] dy, float[] dz);

    /** {@code y = tanh(x)}. */
    void tanh(int n, float[] x, float[] y);

    /** {@code dz = dy · (1 - y²)}, from the tanh's output {@code y}. */
    void tanhGradient(int n, float[] y, float[] dy, float[] dz);

    /** {@code y = max(x, 0)}. */
    void relu(int n, float[] x, float[] y);

    /** {@code dz = y > 0 ? dy : 0}, from the ReLU's output {@code y}. */
    void reluGradient(int n, float[] y, float[] dy, float[] dz);

    /** {@code y = x > 0 ? x : alpha · x}, for {@code alpha > 0}. */
    void leakyRelu(int n, float alpha, float[] x, float[] y);

    /** {@code dz = y > 0 ? dy : alpha · dy}, from the output {@code y} (its sign is x's for alpha > 0). */
    void leakyReluGradient(int n, float alpha, float[] y, float[] dy, float[] dz);

    /** Row-wise softmax with the row maximum subtracted first: {@code y[r][j] = e^(x[r][j]-max) / Σ}. */
    void softmaxRows(int rows, int cols, float[] x, float[] y);

    /**
     * The softmax's vector-Jacobian product, row by row, from its output {@code y}:
     * {@code dz[r][j] = y[r][j] · (dy[r][j] - Σ_i dy[r][i] · y[r][i])}.
     */
    void softmaxRowsGradient(int rows, int cols, float[] y, float[] dy, float[] dz);

    // ---------------------------------------------------------------- fused products

    /**
     * A dense layer's weights {@code W[outputs × inputs]} (row-major from {@code wOff}) copied into the
     * layout {@link #gemmNTBiasActivation} reads. {@code reuse} (may be null), when it has this shape
     * and came from these kernels, is overwritten and returned: repacking after every optimiser step
     * allocates nothing. The same as {@link #packingStorage} followed by every {@link #packPart}.
     */
    default PackedWeights packWeights(int outputs, int inputs, float[] w, int wOff, PackedWeights reuse) {
        PackedWeights packed = packingStorage(outputs, inputs, reuse);
        for (int part = 0; part < packingParts(packed); part++) {
            packPart(packed, part, w, wOff);
        }
        return packed;
    }

    /**
     * Storage for a layer's packed weights: {@code reuse} when it fits (see {@link #packWeights}),
     * else new. Its contents are undefined until every part is packed. This default is row-major.
     */
    default PackedWeights packingStorage(int outputs, int inputs, PackedWeights reuse) {
        return PackedWeights.storage(reuse, outputs, inputs, PackedWeights.Layout.ROWS, outputs * inputs);
    }

    /**
     * Into how many parts packing {@code packed} splits: parts write disjoint ranges, so they may
     * run in any order on any threads (a trainer packs on all its threads between two steps).
     */
    default int packingParts(PackedWeights packed) {
        return 1;
    }

    /** Packs part {@code part} of {@code W} (row-major from {@code wOff}) into {@code packed}. */
    default void packPart(PackedWeights packed, int part, float[] w, int wOff) {
        System.arraycopy(w, wOff, packed.rowMajor(), 0, packed.outputs() * packed.inputs());
    }

    /**
     * Packs again the elements {@code [from, to)} of {@code W} (row-major from {@code wOff}; indices
     * relative to W's first element) into {@code packed}, which must hold the rest of W already: an
     * optimiser step repacks each range of weights right after updating it, while it is in cache.
     */
    default void packRange(PackedWeights packed, float[] w, int wOff, int from, int to) {
        System.arraycopy(w, wOff + from, packed.rowMajor(), from, to - from);
    }

    /**
     * The forward pass of a dense layer in one call: {@code C[m × outputs] = f(A[m × inputs]·Wᵀ + bias)},
     * with {@code W} from {@link #packWeights} and C from index 0. Each element of C is computed the
     * same way whatever {@code m} is, so a row gets the same bits alone as in any batch. The vector
     * kernels apply the bias and {@code f} to each tile while it is still in cache; this default is
     * the unfused composition (the scalar twin).
     */
    default void gemmNTBiasActivation(int m, PackedWeights w, float[] a, int aOff,
                                      float[] bias, int biasOff, Fused activation, float[] c) {
        gemmNT(m, w.outputs(), w.inputs(), a, aOff, w.rowMajor(), 0, c, 0, false);
        addBiasActivate(m, w.outputs(), c, bias, biasOff, activation);
    }

    /** {@code C[m × n] = f(C + bias)} in place, C from index 0: the unfused epilogue of a forward product. */
    default void addBiasActivate(int m, int n, float[] c, float[] bias, int biasOff, Fused activation) {
        addBias(m, n, c, 0, bias, biasOff);
        switch (activation) {
            case RELU -> relu(m * n, c, c);
            case SIGMOID -> sigmoid(m * n, c, c);
            case TANH -> tanh(m * n, c, c);
            case IDENTITY -> { }
        }
    }

    /**
     * The input gradient of a dense layer, already through the activation below it:
     * {@code C[m×n] = (A[m×k]·B[k×n]) ⊙ f'(Y)}, where {@code Y[m×n]} is that activation's output
     * and C starts at index 0 (C may not be Y). This default is the unfused composition.
     */
    default void gemmNNActivationGradient(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                                          Fused activation, float[] y, float[] c) {
        gemmNN(m, n, k, a, aOff, b, bOff, c, 0, false);
        switch (activation) {
            case RELU -> reluGradient(m * n, y, c, c);
            case SIGMOID -> sigmoidGradient(m * n, y, c, c);
            case TANH -> tanhGradient(m * n, y, c, c);
            case IDENTITY -> { }
        }
    }

    // ---------------------------------------------------------------- optimiser updates

    /** Plain SGD with L2 weight decay: {@code p -= lr · (g + weightDecay · p)} over {@code n} entries. */
    void sgdUpdate(int n, float lr, float weightDecay, float[] params, int pOff, float[] grads, int gOff);

    /**
     * SGD with momentum (PyTorch's formulation): {@code g' = g + weightDecay · p},
     * {@code v = momentum · v + g'}, then {@code p -= lr · v}, or with {@code nesterov}
     * {@code p -= lr · (g' + momentum · v)}.
     */
    void sgdMomentumUpdate(int n, float lr, float momentum, boolean nesterov, float weightDecay,
                           float[] params, int pOff, float[] grads, int gOff, float[] velocity, int vOff);

    /**
     * Adam, or AdamW when {@code decoupledDecay}: with {@code g' = g + weightDecay · p} (Adam's L2)
     * or {@code g' = g} (AdamW),
     * <pre>
     * m = β1·m + (1-β1)·g'        v = β2·v + (1-β2)·g'²
     * p -= lr · ( (m / biasCorrection1) / (√(v / biasCorrection2) + eps)  [+ weightDecay · p for AdamW] )
     * </pre>
     * where the caller passes {@code biasCorrection1 = 1 - β1ᵗ}, {@code biasCorrection2 = 1 - β2ᵗ}
     * for step {@code t} (1 for none). The decoupled decay uses {@code p} before this step's update.
     */
    void adamUpdate(int n, float lr, float beta1, float beta2, float eps, float weightDecay,
                    boolean decoupledDecay, float biasCorrection1, float biasCorrection2,
                    float[] params, int pOff, float[] grads, int gOff,
                    float[] m, int mOff, float[] v, int vOff);
}
