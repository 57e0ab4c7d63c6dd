package vmlp.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import vmlp.kernel.Kernels;
import vmlp.kernel.KernelsProvider;
import vmlp.kernel.PackedWeights;

/**
 * A multi-layer perceptron: a stack of {@link Dense} layers and the {@link Loss} it is trained on.
 *
 * <p>With {@code A⁰ = X} (a batch of {@code n} rows) and layers {@code l = 1 … L}:
 *
 * <pre>
 * forward:   Zˡ = Aˡ⁻¹·Wˡᵀ + bˡ,   Aˡ = fˡ(Zˡ)                      prediction Ŷ = Aᴸ
 * loss:      L  = (1/n) Σ_rows ℓ(Ŷ, Y)
 * backward:  dZᴸ = ∂L/∂Zᴸ             ((Ŷ − Y)/n for softmax + CE and sigmoid + BCE)
 *            dWˡ = dZˡᵀ·Aˡ⁻¹,  dbˡ = Σ_rows dZˡ
 *            dAˡ⁻¹ = dZˡ·Wˡ,   dZˡ⁻¹ = dAˡ⁻¹ ⊙ fˡ⁻¹'(Aˡ⁻¹)            (the chain rule, layer by layer)
 * </pre>
 *
 * All parameters live in one flat array, layer after layer, each layer's {@code W}
 * ({@code outputs × inputs}) followed by its {@code b}; gradients use the same layout, so an
 * optimiser step is one pass over two arrays. Build one with {@link #builder()}:
 *
 * <pre>{@code
 * Network net = Network.builder().input(784)
 *         .dense(256, Activation.RELU)
 *         .dense(10, Activation.SOFTMAX)
 *         .seed(42).build();
 * }</pre>
 *
 * The network holds no per-pass state: every pass runs in a {@link Workspace}, one per thread, so
 * several threads may run inference on one network at once (training changes the parameters and
 * must not overlap with inference).
 */
public final class Network {

    /** Rows per pass when {@link #predict} runs a large input through one workspace. */
    private static final int PREDICT_CHUNK_ROWS = 1024;

    private final List<Dense> layers;
    private final Loss loss;
    private final float[] parameters;
    /** Counts changes of {@link #parameters}; shared by the networks that share the array. */
    private final AtomicLong version;
    private final Kernels kernels;
    /** Each layer's W packed for the forward product, as of {@link #packedVersion}. */
    private final PackedWeights[] packed;
    /** Where each layer's packing parts start in the numbering of {@link #packPart}, and the total. */
    private final int[] partStart;
    private final IntConsumer packPart = this::packPart;
    private volatile long packedVersion = -1;

    private static final Tasks SEQUENTIAL = (count, body) -> {
        for (int i = 0; i < count; i++) {
            body.accept(i);
        }
    };

    private Network(List<Dense> layers, Loss loss, float[] parameters, AtomicLong version, Kernels kernels) {
        this.layers = List.copyOf(layers);
        this.loss = loss;
        this.parameters = parameters;
        this.version = version;
        this.kernels = kernels;
        this.packed = new PackedWeights[layers.size()];
        this.partStart = new int[layers.size() + 1];
    }

    /** A builder with no layers, the kernels {@link KernelsProvider} chose and seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** Features per input row. */
    public int inputs() {
        return layers.getFirst().inputs();
    }

    /** Units of the output layer. */
    public int outputs() {
        return layers.getLast().outputs();
    }

    /** The layers, input side first. */
    public List<Dense> layers() {
        return layers;
    }

    /** The loss the network is trained on. */
    public Loss loss() {
        return loss;
    }

    /**
     * The index of the last hidden layer (the output layer's, for a one-layer network): the layer
     * whose activations an embedding usually is.
     */
    public int lastHiddenLayer() {
        return Math.max(0, layers.size() - 2);
    }

    /** The kernels every pass runs on. */
    public Kernels kernels() {
        return kernels;
    }

    /** The number of trainable parameters. */
    public int parameterCount() {
        return parameters.length;
    }

    /**
     * The parameters, live (not a copy): each layer's {@code W} then {@code b}, layer after layer.
     * Code that writes into them must call {@link #parametersChanged()} before the next pass, as the
     * trainers and loaders do: forward passes read each {@code W} from a packed copy.
     */
    public float[] parameters() {
        return parameters;
    }

    /**
     * Says that {@link #parameters()} were written: the next forward pass packs the weights again
     * (once, shared by every thread). Must not overlap with passes running on other threads.
     */
    public void parametersChanged() {
        version.incrementAndGet();
    }

    /** A network with the same layers, loss and kernels and a copy of the parameters. */
    public Network copy() {
        return new Network(layers, loss, parameters.clone(), new AtomicLong(), kernels);
    }

    /** The same network (sharing its parameters) running on other kernels. */
    public Network withKernels(Kernels other) {
        return new Network(layers, loss, parameters, version, Objects.requireNonNull(other, "kernels"));
    }

    /** Runs {@code body(0) … body(count − 1)}, in any order and on any threads, and returns when all are done. */
    @FunctionalInterface
    public interface Tasks {
        void run(int count, IntConsumer body);
    }

    /**
     * Packs the weights for the forward passes now, if the parameters changed since they were last
     * packed, splitting the work into independent parts run by {@code tasks} (a trainer passes its
     * pool, between the optimiser step and the next forward passes). Without this call the first
     * forward pass after a change packs them on its own thread.
     */
    public void packWeights(Tasks tasks) {
        long current = version.get();
        if (packedVersion == current) {
            return;
        }
        synchronized (packed) {
            current = version.get();
            if (packedVersion == current) {
                return;
            }
            int parts = 0;
            for (int l = 0; l < packed.length; l++) {
                Dense d = layers.get(l);
                packed[l] = kernels.packingStorage(d.outputs(), d.inputs(), packed[l]);
                partStart[l] = parts;
                parts += kernels.packingParts(packed[l]);
            }
            partStart[packed.length] = parts;
            tasks.run(parts, packPart);
            packedVersion = current;
        }
    }

    /**
     * Packs the weights among parameters {@code [from, to)} again at once, on the calling thread,
     * after they were written: an optimiser step calls it for each range it updates, from several
     * threads at once for disjoint ranges, so that the packed copy stays current without a pass of
     * its own. Once every written range is repacked, {@link #repackDone()} must follow. Does nothing
     * when the packed copy is not current anyway (the next pass packs all of it).
     */
    public void repack(int from, int to) {
        if (packedVersion != version.get()) {
            return;
        }
        for (int l = 0; l < packed.length; l++) {
            Dense d = layers.get(l);
            int w0 = d.weightOffset();
            int a = Math.max(from, w0);
            int b = Math.min(to, d.biasOffset());
            if (a < b) {
                kernels.packRange(packed[l], parameters, w0, a - w0, b - w0);
            }
        }
    }

    /**
     * Ends a round of {@link #repack(int, int)}: this network's packed copy is current, and every
     * other network sharing the parameters ({@link #withKernels}) packs again before its next pass.
     */
    public void repackDone() {
        long current = packedVersion;
        long next = version.incrementAndGet();
        if (current == next - 1) {
            packedVersion = next;
        }
    }

    /** Part {@code part} of all layers' packing, numbered layer after layer. */
    private void packPart(int part) {
        int l = 0;
        while (partStart[l + 1] <= part) {
            l++;
        }
        kernels.packPart(packed[l], part - partStart[l], parameters, layers.get(l).weightOffset());
    }

    /** Each layer's {@code W} packed for the forward product, packed first on this thread if stale. */
    private PackedWeights[] packedWeights() {
        if (packedVersion != version.get()) {
            packWeights(SEQUENTIAL);
        }
        return packed;
    }

    /** Scratch buffers for passes of up to {@code maxRows} rows. */
    public Workspace newWorkspace(int maxRows) {
        int[] widths = layers.stream().mapToInt(Dense::outputs).toArray();
        return new Workspace(maxRows, widths);
    }

    /**
     * Runs {@code rows} rows of {@code x} (row-major from {@code xOff}) through the network.
     *
     * @return the workspace's output buffer; its first {@code rows × outputs()} values are the
     *     predictions, valid until the workspace is used again
     */
    public float[] forward(Workspace ws, float[] x, int xOff, int rows) {
        checkRows(ws, x, xOff, rows, inputs(), "input");
        float[] in = x;
        int inOff = xOff;
        int last = layers.size() - 1;
        PackedWeights[] weights = packedWeights();
        for (int l = 0; l <= last; l++) {
            float[] out = ws.activations[l];
            layers.get(l).forward(kernels, weights[l], parameters, in, inOff, rows,
                    l == last ? ws.logits : out, out);
            in = out;
            inOff = 0;
        }
        return ws.activations[last];
    }

    /**
     * One forward and backward pass: writes into {@code grads} (laid out like
     * {@link #parameters()}) the gradient of {@code invBatch · Σ ℓ} over these rows, and returns
     * {@code Σ ℓ}, the summed (not averaged) loss.
     *
     * <p>{@code invBatch} is 1 / the size of the whole mini-batch. Pass {@code 1f / rows} for a
     * plain mini-batch; a shard of a larger batch passes the batch's, so that the shards'
     * gradients add up to the batch's gradient.
     *
     * @param y targets, {@code rows × outputs()}: one-hot for cross-entropy, 0/1 for binary
     *     cross-entropy, values for MSE
     */
    public double gradient(Workspace ws, float[] x, int xOff, float[] y, int rows, float invBatch,
                           float[] grads) {
        if (grads.length != parameters.length) {
            throw new IllegalArgumentException("gradient buffer has " + grads.length
                    + " entries, the network has " + parameters.length + " parameters");
        }
        checkRows(ws, y, 0, rows, outputs(), "target");
        forward(ws, x, xOff, rows);
        int last = layers.size() - 1;
        Dense output = layers.get(last);
        float[] prediction = ws.activations[last];
        double total = loss.total(rows, output.outputs(), ws.logits, prediction, y);
        loss.outputGradient(kernels, output.activation(), rows, output.outputs(), ws.logits, prediction, y,
                invBatch, ws.deltas[last]);
        for (int l = last; l >= 0; l--) {
            boolean first = l == 0;
            float[] dx = first ? null : ws.deltas[l - 1];
            Activation below = first ? null : layers.get(l - 1).activation();
            boolean applied = layers.get(l).backward(kernels, parameters, first ? x : ws.activations[l - 1],
                    first ? xOff : 0, rows, ws.deltas[l], grads, dx, below);
            if (!first && !applied) {
                below.backward(kernels, rows, layers.get(l - 1).outputs(), ws.activations[l - 1], dx, dx);
            }
        }
        return total;
    }

    /**
     * A forward pass that also measures the loss against targets {@code y} ({@code rows × outputs()}):
     * returns {@code Σ ℓ} over these rows (summed, not averaged). The predictions are left in the
     * workspace's {@link Workspace#activations(int) activations} of the last layer.
     */
    public double loss(Workspace ws, float[] x, int xOff, float[] y, int rows) {
        checkRows(ws, y, 0, rows, outputs(), "target");
        forward(ws, x, xOff, rows);
        return loss.total(rows, outputs(), ws.logits, ws.activations[layers.size() - 1], y);
    }

    /** The predictions for {@code rows} rows of {@code x}, in a new array of {@code rows × outputs()}. */
    public float[] predict(float[] x, int rows) {
        float[] out = new float[rows * outputs()];
        if (rows == 0) {
            return out;
        }
        int chunk = Math.min(rows, PREDICT_CHUNK_ROWS);
        Workspace ws = newWorkspace(chunk);
        for (int r = 0; r < rows; r += chunk) {
            int n = Math.min(chunk, rows - r);
            float[] y = forward(ws, x, r * inputs(), n);
            System.arraycopy(y, 0, out, r * outputs(), n * outputs());
        }
        return out;
    }

    /** The most likely class of each row (for one sigmoid output: 1 when it is at least 0.5). */
    public int[] classify(float[] x, int rows) {
        return argmaxRows(predict(x, rows), rows, outputs());
    }

    /** Row-wise argmax of a {@code rows × cols} prediction; a single column is thresholded at 0.5. */
    public static int[] argmaxRows(float[] predictions, int rows, int cols) {
        int[] classes = new int[rows];
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            if (cols == 1) {
                classes[r] = predictions[row] >= 0.5f ? 1 : 0;
                continue;
            }
            int best = 0;
            for (int j = 1; j < cols; j++) {
                if (predictions[row + j] > predictions[row + best]) {
                    best = j;
                }
            }
            classes[r] = best;
        }
        return classes;
    }

    private static void checkRows(Workspace ws, float[] x, int xOff, int rows, int width, String what) {
        if (rows < 0 || rows > ws.maxRows()) {
            throw new IllegalArgumentException(rows + " rows do not fit a workspace of " + ws.maxRows());
        }
        if (xOff < 0 || (long) xOff + (long) rows * width > x.length) {
            throw new IllegalArgumentException(what + " array of " + x.length + " floats cannot hold "
                    + rows + " rows × " + width + " columns from offset " + xOff);
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Network(").append(inputs());
        for (Dense d : layers) {
            s.append(" → ").append(d.outputs()).append(' ').append(d.activation().name());
        }
        return s.append(", loss ").append(loss.name()).append(", ").append(parameters.length)
                .append(" parameters)").toString();
    }

    /**
     * Builds a {@link Network}, checking every choice when it is made.
     *
     * <p>Layers are added input side first; the loss defaults to the one that belongs with the
     * output activation ({@link Loss#forOutput}); each layer's weights start with its activation's
     * {@link Activation#defaultInit()} unless {@link #init} says otherwise, drawn from a
     * {@link SplittableRandom} seeded by {@link #seed} (0 unless set), so a build is reproducible.
     */
    public static final class Builder {
        private int inputs;
        private final List<Integer> units = new ArrayList<>();
        private final List<Activation> activations = new ArrayList<>();
        private Loss loss;
        private Init init;
        private long seed;
        private Kernels kernels = KernelsProvider.get();
        private float[] parameters;

        private Builder() {}

        /** Features per input row. */
        public Builder input(int features) {
            if (features < 1) {
                throw new IllegalArgumentException("input width must be at least 1, got " + features);
            }
            this.inputs = features;
            return this;
        }

        /** Adds a dense layer of {@code outputs} units followed by {@code activation}. */
        public Builder dense(int outputs, Activation activation) {
            if (outputs < 1) {
                throw new IllegalArgumentException(
                        "layer " + (units.size() + 1) + " must have at least 1 unit, got " + outputs);
            }
            units.add(outputs);
            activations.add(Objects.requireNonNull(activation, "activation"));
            return this;
        }

        /** The loss to train on (default: the one that belongs with the output activation). */
        public Builder loss(Loss loss) {
            this.loss = Objects.requireNonNull(loss, "loss");
            return this;
        }

        /** One initialisation for every layer instead of each activation's default. */
        public Builder init(Init init) {
            this.init = Objects.requireNonNull(init, "init");
            return this;
        }

        /** The seed of the weight initialisation. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The kernels to run on (default: {@link KernelsProvider#get()}). */
        public Builder kernels(Kernels kernels) {
            this.kernels = Objects.requireNonNull(kernels, "kernels");
            return this;
        }

        /**
         * Starts from these parameters instead of a random initialisation (a loaded model). The array
         * is used as it is, not copied.
         */
        public Builder parameters(float[] parameters) {
            this.parameters = Objects.requireNonNull(parameters, "parameters");
            return this;
        }

        /**
         * @throws IllegalStateException when no input width or no layer was given
         * @throws IllegalArgumentException when the loss does not fit the output layer, or given
         *     parameters do not fit the architecture
         */
        public Network build() {
            if (inputs == 0) {
                throw new IllegalStateException("call input(features) before build()");
            }
            if (units.isEmpty()) {
                throw new IllegalStateException("a network needs at least one dense layer");
            }
            List<Dense> layers = new ArrayList<>();
            int offset = 0;
            int width = inputs;
            for (int l = 0; l < units.size(); l++) {
                Dense layer = new Dense(width, units.get(l), activations.get(l), offset);
                layers.add(layer);
                offset = Math.addExact(offset, layer.parameterCount());
                width = layer.outputs();
            }
            Activation output = activations.getLast();
            Loss chosen = loss != null ? loss : Loss.forOutput(output);
            chosen.checkOutput(output, width);
            float[] params = parameters;
            if (params == null) {
                params = new float[offset];
                SplittableRandom random = new SplittableRandom(seed);
                for (Dense layer : layers) {
                    Init scheme = init != null ? init : layer.activation().defaultInit();
                    scheme.fill(params, layer.weightOffset(), layer.inputs(), layer.outputs(), random);
                }
            } else if (params.length != offset) {
                throw new IllegalArgumentException("architecture needs " + offset + " parameters, got "
                        + params.length);
            }
            return new Network(layers, chosen, params, new AtomicLong(), kernels);
        }
    }
}
