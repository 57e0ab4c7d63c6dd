package vmlp.train;

import vmlp.nn.Network;
import vmlp.nn.Workspace;

/**
 * Computes the mean gradient of one mini-batch. This is the seam between the epoch loop, which
 * is the same for every trainer, and how a batch's forward and backward passes are run: here on
 * the calling thread in one workspace; a data-parallel trainer cuts the batch into shards instead.
 */
interface BatchGradient {

    /**
     * Writes into {@code grads} the gradient of the batch's mean loss and returns the summed loss.
     *
     * @param x the batch, {@code rows × inputs}, row-major from 0
     * @param y its targets, {@code rows × outputs}
     */
    double compute(float[] x, float[] y, int rows, float[] grads);

    /** The whole batch in one forward and backward pass on the calling thread. */
    static BatchGradient sequential(Network network, int maxRows) {
        Workspace ws = network.newWorkspace(maxRows);
        return (x, y, rows, grads) -> network.gradient(ws, x, 0, y, rows, 1f / rows, grads);
    }
}
