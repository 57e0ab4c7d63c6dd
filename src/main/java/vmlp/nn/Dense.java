package vmlp.nn;

import vmlp.kernel.Fused;
import vmlp.kernel.Kernels;
import vmlp.kernel.PackedWeights;

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
 * where its parameters are, so one layer object serves any number of threads. The forward product
 * reads {@code W} packed ahead of time ({@link Kernels#packWeights}, kept by the {@link Network});
 * the backward products read it where it lives.
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
     * {@code z}), with {@code W} read from {@code weights} (this layer's, from
     * {@link Kernels#packWeights}) and {@code b} from {@code params}. When {@code a} is {@code z} and
     * {@code f} is elementwise, the bias and {@code f} are fused into the product (applied to each
     * tile while it is in cache).
     */
    void forward(Kernels k, PackedWeights weights, float[] params, float[] x, int xOff, int rows,
                 float[] z, float[] a) {
        Fused fused = fused(activation);
        if (a == z && fused != null) {
            k.gemmNTBiasActivation(rows, weights, x, xOff, params, biasOffset(), fused, a);
            return;
        }
        k.gemmNTBiasActivation(rows, weights, x, xOff, params, biasOffset(), Fused.IDENTITY, z);
        activation.forward(k, rows, outputs, z, a);
    }

    /**
     * Given {@code dZ}, writes {@code dW} and {@code db} into {@code grads} (at this layer's offsets)
     * and, unless {@code dx} is null, {@code dX = dZ·W}.
     */
    void backward(Kernels k, float[] params, float[] x, int xOff, int rows, float[] dz,
                  float[] grads, float[] dx) {
        backward(k, params, x, xOff, rows, dz, grads, dx, null);
    }

    /**
     * As {@link #backward(Kernels, float[], float[], int, int, float[], float[], float[])}, and when
     * {@code below} (the activation of the layer below, whose output is {@code x}) is elementwise,
     * its gradient is fused into the product: {@code dx} receives {@code dZ_below = (dZ·W) ⊙ f'(x)}.
     *
     * @return whether {@code below}'s gradient was applied (else {@code dx} holds {@code dA_below})
     */
    boolean backward(Kernels k, float[] params, float[] x, int xOff, int rows, float[] dz,
                     float[] grads, float[] dx, Activation below) {
        k.gemmTN(outputs, inputs, rows, dz, 0, x, xOff, grads, weightOffset, false);
        k.columnSums(rows, outputs, dz, 0, grads, biasOffset(), false);
        if (dx == null) {
            return false;
        }
        Fused fused = below == null || xOff != 0 || x == dx ? null : fused(below);
        if (fused != null) {
            k.gemmNNActivationGradient(rows, inputs, outputs, dz, 0, params, weightOffset, fused, x, dx);
            return true;
        }
        k.gemmNN(rows, inputs, outputs, dz, 0, params, weightOffset, dx, 0, false);
        return false;
    }

    /** The epilogue form of an elementwise activation, or null for one that needs the whole row. */
    static Fused fused(Activation activation) {
        return switch (activation) {
            case Activation.Identity i -> Fused.IDENTITY;
            case Activation.Relu r -> Fused.RELU;
            case Activation.Sigmoid s -> Fused.SIGMOID;
            case Activation.Tanh t -> Fused.TANH;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return "Dense(" + inputs + " → " + outputs + ", " + activation.name() + ")";
    }
}
