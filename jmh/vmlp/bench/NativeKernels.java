package vmlp.bench;

import vmlp.kernel.Kernels;
import vmlp.kernel.KernelsProvider;

/**
 * The "native" implementation for whole-network benchmarks: the products (GEMM, gemv) go to
 * OpenBLAS through {@link NativeBlas}; everything else (bias, activations, sums) runs on the vector
 * kernels. This is the numpy-on-OpenBLAS design: a native GEMM under elementwise code.
 */
final class NativeKernels implements Kernels {

    private final Kernels lanes = KernelsProvider.vector();

    @Override
    public String name() {
        return "native";
    }

    @Override
    public void gemmNT(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                       float[] c, int cOff, boolean accumulate) {
        NativeBlas.sgemm(false, true, m, n, k, a, aOff, k, b, bOff, k, accumulate ? 1f : 0f, c, cOff, n);
    }

    @Override
    public void gemmTN(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                       float[] c, int cOff, boolean accumulate) {
        NativeBlas.sgemm(true, false, m, n, k, a, aOff, m, b, bOff, n, accumulate ? 1f : 0f, c, cOff, n);
    }

    @Override
    public void gemmNN(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                       float[] c, int cOff, boolean accumulate) {
        NativeBlas.sgemm(false, false, m, n, k, a, aOff, k, b, bOff, n, accumulate ? 1f : 0f, c, cOff, n);
    }

    @Override
    public void gemv(int m, int n, float[] a, int aOff, float[] x, int xOff,
                     float[] y, int yOff, boolean accumulate) {
        NativeBlas.sgemv(m, n, a, aOff, x, xOff, accumulate ? 1f : 0f, y, yOff);
    }

    @Override
    public void addBias(int rows, int cols, float[] c, int cOff, float[] bias, int biasOff) {
        lanes.addBias(rows, cols, c, cOff, bias, biasOff);
    }

    @Override
    public void columnSums(int rows, int cols, float[] a, int aOff, float[] sums, int sumsOff,
                           boolean accumulate) {
        lanes.columnSums(rows, cols, a, aOff, sums, sumsOff, accumulate);
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        lanes.axpy(n, alpha, x, xOff, y, yOff);
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOff) {
        lanes.scale(n, alpha, x, xOff);
    }

    @Override
    public void sigmoid(int n, float[] x, float[] y) {
        lanes.sigmoid(n, x, y);
    }

    @Override
    public void sigmoidGradient(int n, float[] y, float[] dy, float[] dz) {
        lanes.sigmoidGradient(n, y, dy, dz);
    }

    @Override
    public void tanh(int n, float[] x, float[] y) {
        lanes.tanh(n, x, y);
    }

    @Override
    public void tanhGradient(int n, float[] y, float[] dy, float[] dz) {
        lanes.tanhGradient(n, y, dy, dz);
    }

    @Override
    public void relu(int n, float[] x, float[] y) {
        lanes.relu(n, x, y);
    }

    @Override
    public void reluGradient(int n, float[] y, float[] dy, float[] dz) {
        lanes.reluGradient(n, y, dy, dz);
    }

    @Override
    public void leakyRelu(int n, float alpha, float[] x, float[] y) {
        lanes.leakyRelu(n, alpha, x, y);
    }

    @Override
    public void leakyReluGradient(int n, float alpha, float[] y, float[] dy, float[] dz) {
        lanes.leakyReluGradient(n, alpha, y, dy, dz);
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] x, float[] y) {
        lanes.softmaxRows(rows, cols, x, y);
    }

    @Override
    public void softmaxRowsGradient(int rows, int cols, float[] y, float[] dy, float[] dz) {
        lanes.softmaxRowsGradient(rows, cols, y, dy, dz);
    }

    @Override
    public void sgdUpdate(int n, float lr, float weightDecay, float[] params, int pOff, float[] grads, int gOff) {
        lanes.sgdUpdate(n, lr, weightDecay, params, pOff, grads, gOff);
    }

    @Override
    public void sgdMomentumUpdate(int n, float lr, float momentum, boolean nesterov, float weightDecay,
                                  float[] params, int pOff, float[] grads, int gOff, float[] velocity, int vOff) {
        lanes.sgdMomentumUpdate(n, lr, momentum, nesterov, weightDecay, params, pOff, grads, gOff, velocity, vOff);
    }

    @Override
    public void adamUpdate(int n, float lr, float beta1, float beta2, float eps, float weightDecay,
                           boolean decoupledDecay, float biasCorrection1, float biasCorrection2,
                           float[] params, int pOff, float[] grads, int gOff,
                           float[] m, int mOff, float[] v, int vOff) {
        lanes.adamUpdate(n, lr, beta1, beta2, eps, weightDecay, decoupledDecay, biasCorrection1,
                biasCorrection2, params, pOff, grads, gOff, m, mOff, v, vOff);
    }
}
