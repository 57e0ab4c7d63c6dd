package vmlp.train;

import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntConsumer;
import vmlp.data.Dataset;
import vmlp.nn.Network;
import vmlp.nn.Workspace;

/**
 * Inference on many rows at once, split by rows across a {@link ForkJoinPool}: the rows are cut
 * into chunks of {@value #CHUNK_ROWS}, each run through the network in a workspace borrowed for
 * the chunk. The result does not depend on the number of threads, and it equals
 * {@link Network#predict} bit for bit: a row's output does not depend on the rows that share its
 * pass, on either kernel set.
 *
 * <p>Thread-safe: any number of threads may call one predictor at once, each call using the whole
 * pool; workspaces are kept between calls, so a call allocates only its result and a few task
 * objects. The network must not be trained while it serves.
 *
 * <pre>{@code
 * try (ParallelPredictor p = ParallelPredictor.of(network, 4)) {
 *     int[] classes = p.classify(images, rows);
 * }
 * }</pre>
 */
public final class ParallelPredictor implements AutoCloseable {

    /** Rows per chunk: large enough for efficient GEMMs, small enough to spread 1–2k rows. */
    public static final int CHUNK_ROWS = 256;

    private final Network network;
    private final ForkJoinPool pool;
    private final boolean ownsPool;
    private final AtomicReferenceArray<Scratch> idle;

    /** A workspace and a target buffer for one chunk. */
    private record Scratch(Workspace workspace, float[] targets) {}

    ParallelPredictor(Network network, ForkJoinPool pool, boolean ownsPool) {
        this.network = Objects.requireNonNull(network, "network");
        this.pool = pool;
        this.ownsPool = ownsPool;
        int threads = pool == null ? 1 : pool.getParallelism();
        idle = new AtomicReferenceArray<>(2 * threads + 2);
    }

    /** A predictor on a pool of its own with one thread per available processor. */
    public static ParallelPredictor of(Network network) {
        return of(network, Runtime.getRuntime().availableProcessors());
    }

    /**
     * A predictor on a pool of its own with {@code threads} threads (1 runs on the calling thread).
     *
     * @throws IllegalArgumentException when threads is not in [1, 32767]
     */
    public static ParallelPredictor of(Network network, int threads) {
        ParallelTrainer.checkThreads(threads);
        return new ParallelPredictor(network, threads == 1 ? null : new ForkJoinPool(threads), true);
    }

    /** The network it runs. */
    public Network network() {
        return network;
    }

    /** The predictions for {@code rows} rows of {@code x}, in a new array of {@code rows × outputs}. */
    public float[] predict(float[] x, int rows) {
        float[] out = new float[Math.multiplyExact(rows, network.outputs())];
        predict(x, rows, out);
        return out;
    }

    /**
     * Writes the predictions for {@code rows} rows of {@code x} into {@code out} ({@code rows × outputs}).
     *
     * @throws IllegalArgumentException when the arrays are too short for {@code rows} rows
     */
    public void predict(float[] x, int rows, float[] out) {
        activations(x, rows, network.layers().size() - 1, out);
    }

    /**
     * Writes the activations of layer {@code layer} (0-based) for {@code rows} rows of {@code x} into
     * {@code out} ({@code rows × that layer's units}): embeddings, for a hidden layer.
     *
     * @throws IllegalArgumentException when the layer does not exist or the arrays are too short
     */
    public void activations(float[] x, int rows, int layer, float[] out) {
        int layers = network.layers().size();
        if (layer < 0 || layer >= layers) {
            throw new IllegalArgumentException("layer " + layer + " does not exist; the network has layers 0.."
                    + (layers - 1));
        }
        int inputs = network.inputs();
        int width = network.layers().get(layer).outputs();
        if (rows < 0 || (long) rows * inputs > x.length || (long) rows * width > out.length) {
            throw new IllegalArgumentException("cannot run " + rows + " rows from " + x.length
                    + " inputs into " + out.length + " outputs (the network has " + inputs + " inputs and layer "
                    + layer + " has " + width + " units)");
        }
        forEachChunk(chunks(rows), c -> {
            int from = c * CHUNK_ROWS;
            int n = Math.min(CHUNK_ROWS, rows - from);
            Scratch s = borrow();
            try {
                network.forward(s.workspace(), x, from * inputs, n);
                System.arraycopy(s.workspace().activations(layer), 0, out, from * width, n * width);
            } finally {
                giveBack(s);
            }
        });
    }

    /** The most likely class of each row (for one sigmoid output: 1 when it is at least 0.5). */
    public int[] classify(float[] x, int rows) {
        return Network.argmaxRows(predict(x, rows), rows, network.outputs());
    }

    /**
     * The loss and metrics of the network on {@code data}: chunk results are added in chunk
     * order, so the numbers do not depend on the thread count either.
     *
     * @throws IllegalArgumentException when the data do not fit the network
     */
    public Evaluation evaluate(Dataset data) {
        Targets.check(data, network);
        int rows = data.rows();
        int outputs = network.outputs();
        int inputs = network.inputs();
        int chunks = chunks(rows);
        double[] loss = new double[chunks];
        double[] score = new double[chunks];
        double[] squares = new double[chunks];
        boolean classification = data.isClassification();
        forEachChunk(chunks, c -> {
            int from = c * CHUNK_ROWS;
            int n = Math.min(CHUNK_ROWS, rows - from);
            Scratch s = borrow();
            try {
                Targets.gather(data, null, from, n, outputs, s.targets());
                loss[c] = network.loss(s.workspace(), data.features(), from * inputs, s.targets(), n);
                float[] p = s.workspace().activations(network.layers().size() - 1);
                if (classification) {
                    score[c] = Targets.hits(p, s.targets(), n, outputs);
                } else {
                    score[c] = Targets.absoluteError(p, s.targets(), n, outputs);
                    squares[c] = Targets.squaredError(p, s.targets(), n, outputs);
                }
            } finally {
                giveBack(s);
            }
        });
        double lossSum = 0;
        double scoreSum = 0;
        double squareSum = 0;
        for (int c = 0; c < chunks; c++) {
            lossSum += loss[c];
            scoreSum += score[c];
            squareSum += squares[c];
        }
        double values = (double) rows * outputs;
        return classification
                ? new Evaluation(rows, lossSum / rows, scoreSum / rows, Double.NaN, Double.NaN)
                : new Evaluation(rows, lossSum / rows, Double.NaN, squareSum / values, scoreSum / values);
    }

    /** Shuts down the pool if this predictor made it (a trainer's predictor shares the trainer's). */
    @Override
    public void close() {
        if (ownsPool && pool != null) {
            pool.shutdown();
        }
    }

    private static int chunks(int rows) {
        return (rows + CHUNK_ROWS - 1) / CHUNK_ROWS;
    }

    private void forEachChunk(int chunks, IntConsumer body) {
        if (pool == null || chunks <= 1) {
            for (int c = 0; c < chunks; c++) {
                body.accept(c);
            }
        } else {
            pool.invoke(new Chunks(0, chunks, body));
        }
    }

    /** Halves its range until one chunk is left (allocates a few small tasks per call). */
    private static final class Chunks extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final int from;
        private final int to;
        private final transient IntConsumer body;

        Chunks(int from, int to, IntConsumer body) {
            this.from = from;
            this.to = to;
            this.body = body;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                body.accept(from);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Chunks(from, mid, body), new Chunks(mid, to, body));
        }
    }

    /** An idle scratch if there is one (lock-free), else a new one. */
    private Scratch borrow() {
        for (int i = 0; i < idle.length(); i++) {
            Scratch s = idle.getAndSet(i, null);
            if (s != null) {
                return s;
            }
        }
        return new Scratch(network.newWorkspace(CHUNK_ROWS), new float[CHUNK_ROWS * network.outputs()]);
    }

    /** Keeps the scratch for the next chunk, unless every slot is taken (then it is dropped). */
    private void giveBack(Scratch s) {
        for (int i = 0; i < idle.length(); i++) {
            if (idle.compareAndSet(i, null, s)) {
                return;
            }
        }
    }
}
