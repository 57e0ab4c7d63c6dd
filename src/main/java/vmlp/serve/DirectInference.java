package vmlp.serve;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import vmlp.nn.Network;
import vmlp.nn.Workspace;

/**
 * No batching: each request runs its own forward pass on the thread that received it, in a
 * workspace borrowed from a fixed pool (one per core, so at most that many passes run at once).
 * The baseline the dynamic batcher is measured against.
 */
final class DirectInference implements Inference {

    private final Network network;
    private final BlockingQueue<Workspace> pool;
    private final ServerMetrics metrics;
    private volatile boolean closed;

    DirectInference(Network network, int maxRows, int parallelism, ServerMetrics metrics) {
        this.network = network;
        this.metrics = metrics;
        this.pool = new ArrayBlockingQueue<>(parallelism);
        for (int i = 0; i < parallelism; i++) {
            pool.add(network.newWorkspace(maxRows));
        }
    }

    @Override
    public float[] run(float[] x, int rows, int layer) throws InterruptedException {
        if (closed) {
            throw new java.util.concurrent.RejectedExecutionException("the server is shutting down");
        }
        Workspace ws = pool.take();
        try {
            return Inference.forwardInPasses(network, ws, x, rows, layer, metrics);
        } finally {
            pool.add(ws);
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
