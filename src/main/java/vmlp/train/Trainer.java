package vmlp.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import vmlp.data.Dataset;
import vmlp.nn.Network;

/**
 * Mini-batch gradient descent: for each epoch, shuffle the rows (with a seeded RNG, so a run is
 * reproducible), cut them into batches, and for each batch compute the mean gradient and let the
 * {@link Optimizer} take one step. A batch size at least the number of rows is full-batch gradient
 * descent.
 *
 * <pre>{@code
 * History h = Trainer.builder().epochs(20).batchSize(64).optimizer(new Optimizer.Sgd(0.1f))
 *         .seed(7).build().fit(network, data);
 * }</pre>
 *
 * Buffers (the batch, its targets, the gradient, the network's workspace) are allocated once per
 * {@link #fit} call; the epoch loop allocates nothing.
 */
public final class Trainer {

    private final int epochs;
    private final int batchSize;
    private final Optimizer optimizer;
    private final long seed;
    private final boolean shuffle;
    private final List<Consumer<EpochStats>> listeners;

    private Trainer(Builder b) {
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.optimizer = b.optimizer;
        this.seed = b.seed;
        this.shuffle = b.shuffle;
        this.listeners = List.copyOf(b.listeners);
    }

    /** A builder with 10 epochs, batches of 32, SGD at 0.01, shuffling with seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains {@code network} in place on {@code data}.
     *
     * @throws IllegalArgumentException when the data do not fit the network (the message names
     *     both shapes)
     * @throws ArithmeticException when the loss becomes NaN or infinite (naming the epoch and
     *     batch); the parameters are then those the failing step produced
     */
    public History fit(Network network, Dataset data) {
        Targets.check(data, network);
        int rows = data.rows();
        List<EpochStats> epochStats = new ArrayList<>(epochs);
        if (rows == 0) {
            return new History(epochStats);
        }
        int batch = Math.min(batchSize, rows);
        int inputs = network.inputs();
        int outputs = network.outputs();
        float[] x = new float[batch * inputs];
        float[] y = new float[batch * outputs];
        float[] grads = new float[network.parameterCount()];
        float[] features = data.features();
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        BatchGradient gradient = BatchGradient.sequential(network, batch);
        Optimizer.Updater updater = optimizer.start(network.parameterCount());

        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            if (shuffle) {
                shuffle(order, random);
            }
            double lossSum = 0;
            for (int from = 0, b = 1; from < rows; from += batch, b++) {
                int count = Math.min(batch, rows - from);
                for (int i = 0; i < count; i++) {
                    System.arraycopy(features, order[from + i] * inputs, x, i * inputs, inputs);
                }
                Targets.gather(data, order, from, count, outputs, y);
                double loss = gradient.compute(x, y, count, grads);
                if (!Double.isFinite(loss)) {
                    throw new ArithmeticException("training diverged: loss is " + loss + " in epoch " + epoch
                            + ", batch " + b + "; lower the learning rate or standardise the inputs");
                }
                lossSum += loss;
                updater.update(network.kernels(), network.parameters(), grads);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            EpochStats stats = new EpochStats(epoch, lossSum / rows, rows / Math.max(seconds, 1e-9));
            epochStats.add(stats);
            for (Consumer<EpochStats> listener : listeners) {
                listener.accept(stats);
            }
        }
        return new History(epochStats);
    }

    /** Fisher–Yates, from the last element down. */
    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Configures a {@link Trainer}; every setter checks its value at once. */
    public static final class Builder {
        private int epochs = 10;
        private int batchSize = 32;
        private Optimizer optimizer = new Optimizer.Sgd(0.01f);
        private long seed;
        private boolean shuffle = true;
        private final List<Consumer<EpochStats>> listeners = new ArrayList<>();

        private Builder() {}

        /** Passes over the data (at least 1). */
        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /** Rows per gradient step (at least 1); {@link Integer#MAX_VALUE} means full batch. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** The update rule. */
        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /** The seed of the shuffle. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether to visit the rows in a new random order each epoch (default true). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Called after every epoch, on the training thread. */
        public Builder onEpoch(Consumer<EpochStats> listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
