package vmlp.serve;

import vmlp.nn.Network;
import vmlp.nn.Workspace;

/** Runs rows through the served network and returns the activations of one layer. */
interface Inference extends AutoCloseable {

    /**
     * @param x {@code rows × inputs}, row-major, already standardised
     * @param layer the index of the layer whose activations to return
     * @return {@code rows × width(layer)}, a new array the caller owns
     * @throws java.util.concurrent.RejectedExecutionException when closed
     */
    float[] run(float[] x, int rows, int layer) throws InterruptedException;

    /** Finishes what was submitted, then stops; later calls to {@link #run} fail. */
    @Override
    void close() throws InterruptedException;

    /**
     * One request's rows on their own, in passes of at most the workspace's rows; returns the
     * activations of {@code layer}.
     */
    static float[] forwardInPasses(Network network, Workspace ws, float[] x, int rows, int layer,
                                   ServerMetrics metrics) {
        int width = network.layers().get(layer).outputs();
        float[] out = new float[rows * width];
        for (int from = 0; from < rows; from += ws.maxRows()) {
            int count = Math.min(ws.maxRows(), rows - from);
            network.forward(ws, x, from * network.inputs(), count);
            metrics.batch(count);
            System.arraycopy(ws.activations(layer), 0, out, from * width, count * width);
        }
        return out;
    }
}
