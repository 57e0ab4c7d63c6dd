package vmlp.nn;

import vmlp.kernel.Kernels;

/**
 * A fully connected layer {@code A = f(X·Wᵀ + b)}.
 *
 * <p>{@code W} is stored {@code outputs × inputs} (the layout of PyTorch's {@code nn.Linear}) and
 * {@code b} has {@code outputs} entries; both live in the network's flat parameter array, at
 * {@link #weightOffset()} and {@link #biasOffset()}. For a batch {@code X} of {@code n} rows:
 *
 * <pre>
 * forward:   Z  = X·Wᵀ + b            (n × outputs)
 *            A  = f(Z)
 * backward:  dZ = dA ⊙ f'(Z)          (f' computed from A: no need to keep Z)
 *            dW = dZᵀ·X               (outputs × inputs)
 *            db = Σ_rows dZ           (outputs)
 *            dX = dZ·W                (n × inputs: the dA of the layer below)
 * </pre>
 *
 * Each line is one call into {@link Kernels}; the layer itself holds no data, only its shape and
 * where its parameters are, so one layer object serves any number of threads.
 */
public final class Dense {

    private final int inputs;
    private final int outputs;
    private final Activation activation;
    private final int weightOffset;

    Dense(int inputs, int outputs, Activation activation, int weightOffset) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.activation = activation;
        this.weightOffset = weightOffset;
    }

    /** Features per input row. */
    public int inputs() {
        return inputs;
    }

    /** Units, that is features per output row. */
    public int outputs() {
        return outputs;
    }

    /** The non-linearity applied after the affine map. */
    public Activation activation() {
        return activation;
    }

    /** Where {@code W} (outputs × inputs, row-major) starts in the parameter array. */
    public int weightOffset() {
        return weightOffset;
    }

    /** Where {@code b} starts in the parameter array: right after {@code W}. */
    public int biasOffset() {
        return weightOffset + outputs * inputs;
    }

    /** The number of parameters: {@code outputs · inputs + outputs}. */
    public int parameterCount() {
        return outputs * inputs + outputs;
    }

    /**
     * {@code Z = X·Wᵀ + b} into {@code z}, then {@code A = f(Z)} into {@code a} (which may be
     * {@code z}).
     */
    void forward(Kernels k, float[] params, float[] x, int xOff, int rows, float[] z, float[] a) {
        k.gemmNT(rows, outputs, inputs, x, xOff, params, weightOffset, z, 0, false);
        k.addBias(rows, outputs, z, 0, params, biasOffset());
        activation.forward(k, rows, outputs, z, a);
    }

    /**
     * Given {@code dZ}, writes {@code dW} and {@code db} into {@code grads} (at this layer's offsets)
     * and, unless {@code dx} is null, {@code dX = dZ·W}.
     */
    void backward(Kernels k, float[] params, float[] x, int xOff, int rows, float[] dz,
                  float[] grads, float[] dx) {
        k.gemmTN(outputs, inputs, rows, dz, 0, x, xOff, grads, weightOffset, false);
        k.columnSums(rows, outputs, dz, 0, grads, biasOffset(), false);
        if (dx != null) {
            k.gemmNN(rows, inputs, outputs, dz, 0, params, weightOffset, dx, 0, false);
        }
    }

    @Override
    public String toString() {
        return "Dense(" + inputs + " → " + outputs + ", " + activation.name() + ")";
    }
}
