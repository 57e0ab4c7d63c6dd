package vmlp.nn;

import java.util.Locale;
import vmlp.kernel.Kernels;

/**
 * What training minimises: the mean over a batch of a per-example loss {@code ℓ(ŷ, y)}.
 *
 * <p>The loss hands the network the gradient at the output layer's <em>pre-activation</em>
 * {@code dZ = ∂L/∂Z}, because the two classic pairs simplify there: softmax with cross-entropy
 * and sigmoid with binary cross-entropy both give {@code dZ = (Ŷ − Y) / n}, with no division by a
 * probability that may have rounded to 0. Their values are computed from the logits {@code Z} for
 * the same reason. Mean squared error works with any output activation and goes through the
 * activation's own derivative.
 *
 * <p>Targets {@code Y} are a {@code rows × outputs} matrix: one-hot rows for cross-entropy, 0/1 for
 * binary cross-entropy, real values for MSE.
 */
public sealed interface Loss {

    Loss BINARY_CROSS_ENTROPY = new BinaryCrossEntropy();
    Loss SOFTMAX_CROSS_ENTROPY = new SoftmaxCrossEntropy();
    Loss MEAN_SQUARED_ERROR = new MeanSquaredError();

    /**
     * The loss with this name: bce (binary_cross_entropy), ce (cross_entropy), mse.
     *
     * @throws IllegalArgumentException listing the names when it is none of them
     */
    static Loss parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "bce", "binary_cross_entropy" -> BINARY_CROSS_ENTROPY;
            case "ce", "cross_entropy", "softmax_cross_entropy" -> SOFTMAX_CROSS_ENTROPY;
            case "mse", "mean_squared_error" -> MEAN_SQUARED_ERROR;
            default -> throw new IllegalArgumentException("unknown loss '" + name
                    + "'; expected one of: bce, ce, mse");
        };
    }

    /** The loss that belongs with this output activation: CE for softmax, BCE for sigmoid, else MSE. */
    static Loss forOutput(Activation output) {
        return switch (output) {
            case Activation.Softmax s -> SOFTMAX_CROSS_ENTROPY;
            case Activation.Sigmoid s -> BINARY_CROSS_ENTROPY;
            default -> MEAN_SQUARED_ERROR;
        };
    }

    /** The name {@link #parse} reads back. */
    String name();

    /**
     * Checks that this loss can follow the output activation.
     *
     * @throws IllegalArgumentException when it cannot, saying which activation it needs
     */
    void checkOutput(Activation output, int outputs);

    /**
     * The sum over {@code rows} examples of the per-example loss (divide by the batch size for the
     * mean), from the logits {@code z} and the outputs {@code a = f(z)}.
     */
    double total(int rows, int cols, float[] z, float[] a, float[] y);

    /**
     * Writes {@code dZ = ∂L/∂Z} where {@code L = invBatch · Σ ℓ}: the gradient at the output
     * layer's pre-activation. {@code invBatch} is 1 / the rows of the whole mini-batch, so that
     * shards of a batch produce gradients that add up to the batch's.
     */
    void outputGradient(Kernels kernels, Activation output, int rows, int cols, float[] z, float[] a,
                        float[] y, float invBatch, float[] dz);

    /** {@code ℓ = −Σ_j y_j log softmax(z)_j}, computed as {@code logsumexp(z) − Σ_j y_j z_j}. */
    record SoftmaxCrossEntropy() implements Loss {
        @Override
        public String name() {
            return "ce";
        }

        @Override
        public void checkOutput(Activation output, int outputs) {
            if (!(output instanceof Activation.Softmax) || outputs < 2) {
                throw new IllegalArgumentException("cross-entropy needs a softmax output layer of at least"
                        + " 2 units, got " + output.name() + " with " + outputs);
            }
        }

        @Override
        public double total(int rows, int cols, float[] z, float[] a, float[] y) {
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                int row = r * cols;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) {
                    max = Math.max(max, z[row + j]);
                }
                double exps = 0;
                double targetDotZ = 0;
                double targetSum = 0;
                for (int j = 0; j < cols; j++) {
                    exps += Math.exp(z[row + j] - max);
                    targetDotZ += y[row + j] * (double) z[row + j];
                    targetSum += y[row + j];
                }
                sum += targetSum * (max + Math.log(exps)) - targetDotZ;
            }
            return sum;
        }

        @Override
        public void outputGradient(Kernels kernels, Activation output, int rows, int cols, float[] z,
                                   float[] a, float[] y, float invBatch, float[] dz) {
            scaledDifference(rows * cols, a, y, invBatch, dz);
        }
    }

    /**
     * {@code ℓ = mean_j [max(z,0) − z·y + log(1 + e^−|z|)]}: binary cross-entropy of
     * {@code sigmoid(z)}, written so that no exponential overflows.
     */
    record BinaryCrossEntropy() implements Loss {
        @Override
        public String name() {
            return "bce";
        }

        @Override
        public void checkOutput(Activation output, int outputs) {
            if (!(output instanceof Activation.Sigmoid)) {
                throw new IllegalArgumentException(
                        "binary cross-entropy needs a sigmoid output layer, got " + output.name());
            }
        }

        @Override
        public double total(int rows, int cols, float[] z, float[] a, float[] y) {
            double sum = 0;
            for (int i = 0; i < rows * cols; i++) {
                double zi = z[i];
                sum += Math.max(zi, 0) - zi * y[i] + Math.log1p(Math.exp(-Math.abs(zi)));
            }
            return sum / cols;
        }

        @Override
        public void outputGradient(Kernels kernels, Activation output, int rows, int cols, float[] z,
                                   float[] a, float[] y, float invBatch, float[] dz) {
            scaledDifference(rows * cols, a, y, invBatch / cols, dz);
        }
    }

    /** {@code ℓ = mean_j (a_j − y_j)²}; {@code ∂ℓ/∂a = 2(a − y)/cols}, then through {@code f'}. */
    record MeanSquaredError() implements Loss {
        @Override
        public String name() {
            return "mse";
        }

        @Override
        public void checkOutput(Activation output, int outputs) {
            // any output activation can be fitted by least squares
        }

        @Override
        public double total(int rows, int cols, float[] z, float[] a, float[] y) {
            double sum = 0;
            for (int i = 0; i < rows * cols; i++) {
                double d = (double) a[i] - y[i];
                sum += d * d;
            }
            return sum / cols;
        }

        @Override
        public void outputGradient(Kernels kernels, Activation output, int rows, int cols, float[] z,
                                   float[] a, float[] y, float invBatch, float[] dz) {
            scaledDifference(rows * cols, a, y, 2f * invBatch / cols, dz);
            output.backward(kernels, rows, cols, a, dz, dz);
        }
    }

    /** {@code dz = scale · (a − y)}. */
    private static void scaledDifference(int n, float[] a, float[] y, float scale, float[] dz) {
        for (int i = 0; i < n; i++) {
            dz[i] = scale * (a[i] - y[i]);
        }
    }
}
