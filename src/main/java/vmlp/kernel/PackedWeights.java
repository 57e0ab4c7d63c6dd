package vmlp.kernel;

/**
 * A dense layer's weights {@code W} ({@code outputs × inputs}) copied into the layout the forward
 * product {@link Kernels#gemmNTBiasActivation(int, PackedWeights, float[], int, float[], int, Fused, float[])}
 * reads: row-major for the scalar kernels and for layers too small to pack; for the vector kernels,
 * panels of the packed GEMM, or {@code Wᵀ} with one vector of lanes per input for layers with fewer
 * outputs than a vector (the 10-wide output layer). Made by {@link Kernels#packWeights} once per change of the weights (an
 * optimiser step, a model load) and then read by any number of products on any number of threads.
 *
 * <p>It is a snapshot: writing into the weights afterwards does not change it; packing again does.
 */
public final class PackedWeights {

    /** How {@link #data} holds {@code W}. */
    enum Layout {
        /** {@code W} as stored: row-major, {@code outputs × inputs}. */
        ROWS,
        /** The packed GEMM's panels of {@code Wᵀ} ({@link PackedGemm#packBlock}). */
        PANELS,
        /** {@code Wᵀ}, one row of a vector's lanes per input, zeros past the outputs ({@link PackedGemm#packColumns}). */
        COLUMNS
    }

    private final int outputs;
    private final int inputs;
    private final Layout layout;
    final float[] data;

    private PackedWeights(int outputs, int inputs, Layout layout, int size) {
        this.outputs = outputs;
        this.inputs = inputs;
        this.layout = layout;
        this.data = new float[size];
    }

    /**
     * {@code reuse} when it has this shape and layout (its contents are about to be overwritten),
     * else new storage of {@code size} floats.
     */
    static PackedWeights storage(PackedWeights reuse, int outputs, int inputs, Layout layout, int size) {
        if (reuse != null && reuse.outputs == outputs && reuse.inputs == inputs && reuse.layout == layout
                && reuse.data.length == size) {
            return reuse;
        }
        return new PackedWeights(outputs, inputs, layout, size);
    }

    /** Units of the layer: rows of {@code W}. */
    public int outputs() {
        return outputs;
    }

    /** Inputs of the layer: columns of {@code W}. */
    public int inputs() {
        return inputs;
    }

    /** How the weights are held. */
    Layout layout() {
        return layout;
    }

    /** The row-major copy, for kernels that read {@code W} as it is stored. */
    float[] rowMajor() {
        if (layout != Layout.ROWS) {
            throw new IllegalArgumentException("these weights are packed in "
                    + layout.name().toLowerCase(java.util.Locale.ROOT) + " for the vector kernels");
        }
        return data;
    }

    @Override
    public String toString() {
        return "PackedWeights(" + outputs + " × " + inputs + ", " + layout.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
