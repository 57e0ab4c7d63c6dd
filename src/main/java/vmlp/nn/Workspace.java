package vmlp.nn;

/**
 * The scratch buffers of one thread's forward and backward passes, sized once for a maximum
 * number of rows so that training and inference allocate nothing per batch.
 *
 * <p>For each layer it holds the activations {@code A} (which the backward pass needs as the next
 * layer's input and for {@code f'}) and the deltas {@code dA}/{@code dZ} (computed in place); the
 * output layer also keeps its logits {@code Z}, from which the losses are computed stably. A
 * workspace belongs to one thread at a time; the {@link Network} it was made by is shared.
 */
public final class Workspace {

    private final int maxRows;
    final float[][] activations;
    final float[][] deltas;
    final float[] logits;

    Workspace(int maxRows, int[] widths) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("a workspace needs at least 1 row, got " + maxRows);
        }
        this.maxRows = maxRows;
        activations = new float[widths.length][];
        deltas = new float[widths.length][];
        for (int l = 0; l < widths.length; l++) {
            activations[l] = new float[Math.multiplyExact(maxRows, widths[l])];
            deltas[l] = new float[maxRows * widths[l]];
        }
        logits = new float[maxRows * widths[widths.length - 1]];
    }

    /** The most rows one pass through this workspace may have. */
    public int maxRows() {
        return maxRows;
    }

    /** The activations of layer {@code layer} from the last forward pass (row-major, rows × units). */
    public float[] activations(int layer) {
        return activations[layer];
    }
}
