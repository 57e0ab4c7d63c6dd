package vmlp.kernel;

/**
 * The activations a GEMM can apply in its epilogue, while the tile is still in registers: the
 * elementwise ones whose derivative is a function of their output (softmax needs the whole row
 * and is applied separately).
 */
public enum Fused {
    IDENTITY, RELU, SIGMOID, TANH
}
