package vmlp.kernel;

/**
 * The baseline: every operation as the plain loop a textbook writes, in {@code float} arithmetic.
 *
 * <p>It is the reference the vector kernels are tested against and the denominator of every
 * vector/scalar ratio we quote. Loops are ordered for sequential access (i-k-j for the NN and TN
 * forms, dot products for NT), but nothing else is done for speed: C2 does not auto-vectorise these
 * loops because it cannot rule out aliasing between the arrays (see shared/KERNELS.md).
 */
public final class ScalarKernels implements Kernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void gemmNT(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                       float[] c, int cOff, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int aRow = aOff + i * k;
            int cRow = cOff + i * n;
            for (int j = 0; j < n; j++) {
                int bRow = bOff + j * k;
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum += a[aRow + p] * b[bRow + p];
                }
                c[cRow + j] = accumulate ? c[cRow + j] + sum : sum;
            }
        }
    }

    @Override
    public void gemmTN(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                       float[] c, int cOff, boolean accumulate) {
        if (!accumulate) {
            java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
        }
        for (int p = 0; p < k; p++) {
            int aRow = aOff + p * m;
            int bRow = bOff + p * n;
            for (int i = 0; i < m; i++) {
                float aip = a[aRow + i];
                int cRow = cOff + i * n;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += aip * b[bRow + j];
                }
            }
        }
    }

    @Override
    public void gemmNN(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                       float[] c, int cOff, boolean accumulate) {
        if (!accumulate) {
            java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
        }
        for (int i = 0; i < m; i++) {
            int aRow = aOff + i * k;
            int cRow = cOff + i * n;
            for (int p = 0; p < k; p++) {
                float aip = a[aRow + p];
                int bRow = bOff + p * n;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += aip * b[bRow + j];
                }
            }
        }
    }

    @Override
    public void gemv(int m, int n, float[] a, int aOff, float[] x, int xOff,
                     float[] y, int yOff, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int row = aOff + i * n;
            float sum = 0f;
            for (int j = 0; j < n; j++) {
                sum += a[row + j] * x[xOff + j];
            }
            y[yOff + i] = accumulate ? y[yOff + i] + sum : sum;
        }
    }

    @Override
    public void addBias(int rows, int cols, float[] c, int cOff, float[] bias, int biasOff) {
        for (int r = 0; r < rows; r++) {
            int row = cOff + r * cols;
            for (int j = 0; j < cols; j++) {
                c[row + j] += bias[biasOff + j];
            }
        }
    }

    @Override
    public void columnSums(int rows, int cols, float[] a, int aOff, float[] sums, int sumsOff,
                           boolean accumulate) {
        if (!accumulate) {
            java.util.Arrays.fill(sums, sumsOff, sumsOff + cols, 0f);
        }
        for (int r = 0; r < rows; r++) {
            int row = aOff + r * cols;
            for (int j = 0; j < cols; j++) {
                sums[sumsOff + j] += a[row + j];
            }
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOff) {
        for (int i = 0; i < n; i++) {
            x[xOff + i] *= alpha;
        }
    }

    @Override
    public void sigmoid(int n, float[] x, float[] y) {
        for (int i = 0; i < n; i++) {
            y[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
        }
    }

    @Override
    public void sigmoidGradient(int n, float[] y, float[] dy, float[] dz) {
        for (int i = 0; i < n; i++) {
            dz[i] = dy[i] * y[i] * (1f - y[i]);
        }
    }

    @Override
    public void tanh(int n, float[] x, float[] y) {
        for (int i = 0; i < n; i++) {
            y[i] = (float) Math.tanh(x[i]);
        }
    }

    @Override
    public void tanhGradient(int n, float[] y, float[] dy, float[] dz) {
        for (int i = 0; i < n; i++) {
            dz[i] = dy[i] * (1f - y[i] * y[i]);
        }
    }

    @Override
    public void relu(int n, float[] x, float[] y) {
        for (int i = 0; i < n; i++) {
            y[i] = Math.max(x[i], 0f);
        }
    }

    @Override
    public void reluGradient(int n, float[] y, float[] dy, float[] dz) {
        for (int i = 0; i < n; i++) {
            dz[i] = y[i] > 0f ? dy[i] : 0f;
        }
    }

    @Override
    public void leakyRelu(int n, float alpha, float[] x, float[] y) {
        for (int i = 0; i < n; i++) {
            y[i] = x[i] > 0f ? x[i] : alpha * x[i];
        }
    }

    @Override
    public void leakyReluGradient(int n, float alpha, float[] y, float[] dy, float[] dz) {
        for (int i = 0; i < n; i++) {
            dz[i] = y[i] > 0f ? dy[i] : alpha * dy[i];
        }
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] x, float[] y) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[row + j]);
            }
            float sum = 0f;
            for (int j = 0; j < cols; j++) {
                float e = (float) Math.exp(x[row + j] - max);
                y[row + j] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (int j = 0; j < cols; j++) {
                y[row + j] *= inv;
            }
        }
    }

    @Override
    public void softmaxRowsGradient(int rows, int cols, float[] y, float[] dy, float[] dz) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            float dot = 0f;
            for (int j = 0; j < cols; j++) {
                dot += dy[row + j] * y[row + j];
            }
            for (int j = 0; j < cols; j++) {
                dz[row + j] = y[row + j] * (dy[row + j] - dot);
            }
        }
    }

    @Override
    public void sgdUpdate(int n, float lr, float weightDecay, float[] params, int pOff, float[] grads, int gOff) {
        for (int i = 0; i < n; i++) {
            float p = params[pOff + i];
            params[pOff + i] = p - lr * (grads[gOff + i] + weightDecay * p);
        }
    }

    @Override
    public void sgdMomentumUpdate(int n, float lr, float momentum, boolean nesterov, float weightDecay,
                                  float[] params, int pOff, float[] grads, int gOff, float[] velocity, int vOff) {
        for (int i = 0; i < n; i++) {
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
        for (int i = 0; i < n; i++) {
            float p = params[pOff + i];
            float g = grads[gOff + i] + l2 * p;
            float mi = beta1 * m[mOff + i] + (1f - beta1) * g;
            float vi = beta2 * v[vOff + i] + (1f - beta2) * g * g;
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            float step = (mi / biasCorrection1) / ((float) Math.sqrt(vi / biasCorrection2) + eps);
            params[pOff + i] = p - lr * (step + decoupled * p);
        }
    }
}
