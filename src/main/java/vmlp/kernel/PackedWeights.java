package vmlp.kernel;

/**
 * A dense layer's weights {@code W} ({@code outputs × inputs}) copied into the layout the forward
 * product {@link Kernels#gemmNTBiasActivation(int, PackedWeights, float[], int, float[], int, Fused, float[])}
 * reads: row-major for the scalar kernels and for layers too small to pack, panels of the packed GEMM
 * for the vector kernels. Made by {@link Kernels#packWeights} once per change of the weights (an
 * optimiser step, a model load) and then read by any number of products on any number of threads.
 *
 * <p>It is a snapshot: writing into the weights afterwards does not change it; packing again does.
 */
public final class PackedWeights {

    private final int outputs;
    private final int inputs;
    private final boolean panels;
    final float[] data;

    private PackedWeights(int outputs, int inputs, boolean panels, int size) {
        this.outputs = outputs;
        this.inputs = inputs;
        this.panels = panels;
        this.data = new float[size];
    }

    /**
     * {@code reuse} when it has this shape and layout (its contents are about to be overwritten),
     * else new storage of {@code size} floats.
     */
    static PackedWeights storage(PackedWeights reuse, int outputs, int inputs, boolean panels, int size) {
        if (reuse != null && reuse.outputs == outputs && reuse.inputs == inputs && reuse.panels == panels
                && reuse.data.length == size) {
            return reuse;
        }
        return new PackedWeights(outputs, inputs, panels, size);
    }

    /** Units of the layer: rows of {@code W}. */
    public int outputs() {
        return outputs;
    }

    /** Inputs of the layer: columns of {@code W}. */
    public int inputs() {
        return inputs;
    }

    /** Whether the weights are in the packed GEMM's panels (else a row-major copy). */
    boolean panels() {
        return panels;
    }

    /** The row-major copy, for kernels that read {@code W} as it is stored. */
    float[] rowMajor() {
        if (panels) {
            throw new IllegalArgumentException("these weights are packed in panels for the vector kernels");
        }
        return data;
    }

    @Override
    public String toString() {
        return "PackedWeights(" + outputs + " × " + inputs + (panels ? ", panels)" : ", rows)");
    }
}
