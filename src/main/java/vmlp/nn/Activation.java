package vmlp.nn;

import java.util.Locale;
import vmlp.kernel.Kernels;

/**
 * An elementwise (or, for softmax, row-wise) non-linearity {@code a = f(z)} and its derivative.
 *
 * <p>The backward pass takes the activation's <em>output</em> {@code a}, never its input {@code z}:
 * for every activation here {@code f'} can be written in terms of {@code f} (sigmoid:
 * {@code a(1-a)}; tanh: {@code 1-a²}; ReLU: {@code a > 0}), so a layer need not keep its
 * pre-activations. Softmax is usually fused with cross-entropy by the {@link Loss} (then this
 * gradient is never called); alone it applies its full Jacobian row by row.
 */
public sealed interface Activation {

    Activation IDENTITY = new Identity();
    Activation SIGMOID = new Sigmoid();
    Activation TANH = new Tanh();
    Activation RELU = new Relu();
    Activation SOFTMAX = new Softmax();

    /** Leaky ReLU with the slope {@code alpha} (0 &lt; alpha &lt; 1) for negative inputs. */
    static Activation leakyRelu(float alpha) {
        return new LeakyRelu(alpha);
    }

    /**
     * The activation with this name: identity (or linear), sigmoid, tanh, relu, softmax,
     * leaky_relu (slope 0.01) or leaky_relu:ALPHA.
     *
     * @throws IllegalArgumentException listing the names when it is none of them
     */
    static Activation parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.startsWith("leaky_relu:")) {
            String alpha = n.substring("leaky_relu:".length());
            try {
                return leakyRelu(Float.parseFloat(alpha));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("leaky_relu slope '" + alpha + "' is not a number");
            }
        }
        return switch (n) {
            case "identity", "linear" -> IDENTITY;
            case "sigmoid", "logistic" -> SIGMOID;
            case "tanh" -> TANH;
            case "relu" -> RELU;
            case "leaky_relu" -> leakyRelu(LeakyRelu.DEFAULT_ALPHA);
            case "softmax" -> SOFTMAX;
            default -> throw new IllegalArgumentException("unknown activation '" + name
                    + "'; expected one of: identity, sigmoid, tanh, relu, leaky_relu[:alpha], softmax");
        };
    }

    /** The name {@link #parse} reads back. */
    String name();

    /** {@code a = f(z)} over a {@code rows × cols} batch; {@code a} may be {@code z}. */
    void forward(Kernels kernels, int rows, int cols, float[] z, float[] a);

    /** {@code dz = da ⊙ f'(z)}, computed from the output {@code a}; {@code dz} may be {@code da}. */
    void backward(Kernels kernels, int rows, int cols, float[] a, float[] da, float[] dz);

    /** The initialisation that keeps signal variance through a layer with this activation. */
    default Init defaultInit() {
        return Init.XAVIER;
    }

    /** {@code f(z) = z}. */
    record Identity() implements Activation {
        @Override
        public String name() {
            return "identity";
        }

        @Override
        public void forward(Kernels kernels, int rows, int cols, float[] z, float[] a) {
            if (a != z) {
                System.arraycopy(z, 0, a, 0, rows * cols);
            }
        }

        @Override
        public void backward(Kernels kernels, int rows, int cols, float[] a, float[] da, float[] dz) {
            if (dz != da) {
                System.arraycopy(da, 0, dz, 0, rows * cols);
            }
        }
    }

    /** {@code f(z) = 1 / (1 + e^-z)}, {@code f' = a(1 - a)}. */
    record Sigmoid() implements Activation {
        @Override
        public String name() {
            return "sigmoid";
        }

        @Override
        public void forward(Kernels kernels, int rows, int cols, float[] z, float[] a) {
            kernels.sigmoid(rows * cols, z, a);
        }

        @Override
        public void backward(Kernels kernels, int rows, int cols, float[] a, float[] da, float[] dz) {
            kernels.sigmoidGradient(rows * cols, a, da, dz);
        }
    }

    /** {@code f(z) = tanh z}, {@code f' = 1 - a²}. */
    record Tanh() implements Activation {
        @Override
        public String name() {
            return "tanh";
        }

        @Override
        public void forward(Kernels kernels, int rows, int cols, float[] z, float[] a) {
            kernels.tanh(rows * cols, z, a);
        }

        @Override
        public void backward(Kernels kernels, int rows, int cols, float[] a, float[] da, float[] dz) {
            kernels.tanhGradient(rows * cols, a, da, dz);
        }
    }

    /** {@code f(z) = max(z, 0)}, {@code f' = [a > 0]}. */
    record Relu() implements Activation {
        @Override
        public String name() {
            return "relu";
        }

        @Override
        public void forward(Kernels kernels, int rows, int cols, float[] z, float[] a) {
            kernels.relu(rows * cols, z, a);
        }

        @Override
        public void backward(Kernels kernels, int rows, int cols, float[] a, float[] da, float[] dz) {
            kernels.reluGradient(rows * cols, a, da, dz);
        }

        @Override
        public Init defaultInit() {
            return Init.HE;
        }
    }

    /** {@code f(z) = z > 0 ? z : αz}, {@code f' = a > 0 ? 1 : α}. */
    record LeakyRelu(float alpha) implements Activation {
        static final float DEFAULT_ALPHA = 0.01f;

        public LeakyRelu {
            if (!(alpha > 0f && alpha < 1f)) {
                throw new IllegalArgumentException("leaky ReLU slope must be in (0, 1), got " + alpha);
            }
        }

        @Override
        public String name() {
            return alpha == DEFAULT_ALPHA ? "leaky_relu" : "leaky_relu:" + alpha;
        }

        @Override
        public void forward(Kernels kernels, int rows, int cols, float[] z, float[] a) {
            kernels.leakyRelu(rows * cols, alpha, z, a);
        }

        @Override
        public void backward(Kernels kernels, int rows, int cols, float[] a, float[] da, float[] dz) {
            kernels.leakyReluGradient(rows * cols, alpha, a, da, dz);
        }

        @Override
        public Init defaultInit() {
            return Init.HE;
        }
    }

    /** {@code f(z)_j = e^z_j / Σ_i e^z_i} per row; {@code dz_j = a_j (da_j - Σ_i da_i a_i)}. */
    record Softmax() implements Activation {
        @Override
        public String name() {
            return "softmax";
        }

        @Override
        public void forward(Kernels kernels, int rows, int cols, float[] z, float[] a) {
            kernels.softmaxRows(rows, cols, z, a);
        }

        @Override
        public void backward(Kernels kernels, int rows, int cols, float[] a, float[] da, float[] dz) {
            kernels.softmaxRowsGradient(rows, cols, a, da, dz);
        }
    }
}
