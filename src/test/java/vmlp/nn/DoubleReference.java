package vmlp.nn;

/**
 * The network's forward pass and loss written again, independently, in double precision: the
 * reference that backpropagation is checked against by finite differences.
 */
final class DoubleReference {

    private DoubleReference() {}

    /** The mean loss of {@code network} with parameters {@code params} on a batch. */
    static double loss(Network network, double[] params, float[] x, float[] y, int rows) {
        double[] z = null;
        double[] a = toDouble(x);
        for (Dense layer : network.layers()) {
            z = affine(layer, params, a, rows);
            a = activate(layer.activation(), z, rows, layer.outputs());
        }
        int cols = network.outputs();
        double total = 0;
        for (int r = 0; r < rows; r++) {
            total += switch (network.loss()) {
                case Loss.SoftmaxCrossEntropy ce -> {
                    double logSumExp = logSumExp(z, r * cols, cols);
                    double l = 0;
                    for (int j = 0; j < cols; j++) {
                        l -= y[r * cols + j] * (z[r * cols + j] - logSumExp);
                    }
                    yield l;
                }
                case Loss.BinaryCrossEntropy bce -> {
                    double l = 0;
                    for (int j = 0; j < cols; j++) {
                        double p = a[r * cols + j];
                        double t = y[r * cols + j];
                        l -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
                    }
                    yield l / cols;
                }
                case Loss.MeanSquaredError mse -> {
                    double l = 0;
                    for (int j = 0; j < cols; j++) {
                        double d = a[r * cols + j] - y[r * cols + j];
                        l += d * d;
                    }
                    yield l / cols;
                }
            };
        }
        return total / rows;
    }

    /** The network's predictions, in double. */
    static double[] predict(Network network, double[] params, float[] x, int rows) {
        double[] a = toDouble(x);
        for (Dense layer : network.layers()) {
            a = activate(layer.activation(), affine(layer, params, a, rows), rows, layer.outputs());
        }
        return a;
    }

    private static double[] affine(Dense layer, double[] params, double[] a, int rows) {
        int in = layer.inputs();
        int out = layer.outputs();
        double[] z = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double s = params[layer.biasOffset() + o];
                for (int i = 0; i < in; i++) {
                    s += a[r * in + i] * params[layer.weightOffset() + o * in + i];
                }
                z[r * out + o] = s;
            }
        }
        return z;
    }

    private static double[] activate(Activation f, double[] z, int rows, int cols) {
        double[] a = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            double v = z[i];
            a[i] = switch (f) {
                case Activation.Identity id -> v;
                case Activation.Sigmoid s -> 1 / (1 + Math.exp(-v));
                case Activation.Tanh t -> Math.tanh(v);
                case Activation.Relu r -> Math.max(v, 0);
                case Activation.LeakyRelu l -> v > 0 ? v : l.alpha() * v;
                case Activation.Softmax s -> 0; // row-wise, below
            };
        }
        if (f instanceof Activation.Softmax) {
            for (int r = 0; r < rows; r++) {
                double logSumExp = logSumExp(z, r * cols, cols);
                for (int j = 0; j < cols; j++) {
                    a[r * cols + j] = Math.exp(z[r * cols + j] - logSumExp);
                }
            }
        }
        return a;
    }

    /** {@code log Σ_j e^(v[off + j])}, with the maximum taken out first. */
    private static double logSumExp(double[] v, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, v[off + j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += Math.exp(v[off + j] - max);
        }
        return max + Math.log(sum);
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
