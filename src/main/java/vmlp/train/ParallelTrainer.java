package vmlp.train;

import java.util.concurrent.ForkJoinPool;
import vmlp.data.Dataset;
import vmlp.nn.Network;

/**
 * Synchronous data-parallel mini-batch training on a {@link ForkJoinPool} of its own: each batch is
 * cut into a fixed number of {@link TrainingOptions#shards shards}; each shard's forward and backward
 * pass runs in its own workspace and writes its own gradient buffer; the buffers are summed in a
 * fixed binary-tree order (split by parameter ranges across the threads); one optimiser step follows
 * (also split by parameter ranges). Validation runs split by rows on the same pool.
 *
 * <p><b>What is guaranteed.</b> With the same settings (seed, shard count, optimiser, schedule, …),
 * the same kernels and the same initial network, the trained parameters are identical bit for bit
 * for any number of threads, and identical to those of a {@link Trainer} built with the same
 * settings. The shard count is a setting, not derived from the thread count, because it changes
 * the order of the floating-point sums and therefore the last bits (a 2-shard run and a 4-shard run
 * differ as much as two summation orders do). Nothing depends on which thread computes what: every
 * shard, every parameter chunk and every partial sum has a fixed owner index, and partial results are
 * combined in index order.
 *
 * <p>This presumes kernels whose results depend only on their inputs, as both kernel sets' do:
 * the vector kernels' {@code exp}, {@code tanh} and lane sums come from {@code LaneMath}, which
 * gives the same bits in every JIT tier, and each layer's forward product takes one path whatever
 * the number of rows in a shard. Tested on both kernel sets ({@code ParallelTrainerTest},
 * {@code TierIndependenceTest}).
 *
 * <p>Steady state allocates nothing per step: shard buffers, fork-join task objects and optimiser
 * state are made once per {@link #fit}.
 *
 * <pre>{@code
 * try (ParallelTrainer trainer = ParallelTrainer.builder().threads(4).shards(4)
 *         .optimizer(new Optimizer.Adam(1e-3f)).batchSize(128).epochs(10).build()) {
 *     History h = trainer.fit(network, mnist);
 * }
 * }</pre>
 */
public final class ParallelTrainer implements AutoCloseable {

    private final TrainingOptions.Settings settings;
    private final int threads;
    private final ForkJoinPool pool;

    private ParallelTrainer(Builder b) {
        this.settings = b.settings();
        this.threads = b.threads;
        this.pool = new ForkJoinPool(threads);
    }

    /** A builder with the defaults of {@link TrainingOptions} and one thread per available processor. */
    public static Builder builder() {
        return new Builder();
    }

    /** The pool's size. */
    public int threads() {
        return threads;
    }

    /**
     * Trains {@code network} in place on {@code data}. Calls on different networks may run
     * concurrently (they share the pool).
     *
     * @throws IllegalArgumentException when the data do not fit the network
     * @throws TrainingDivergedException when the loss or the gradient becomes NaN or infinite; the
     *     parameters are then the last good ones
     * @throws java.util.concurrent.RejectedExecutionException after {@link #close}
     */
    public History fit(Network network, Dataset data) {
        return new Fitting(settings, ParallelFor.on(pool), pool).fit(network, data);
    }

    /** Inference on this trainer's pool (closing the predictor leaves the pool running). */
    public ParallelPredictor predictor(Network network) {
        return new ParallelPredictor(network, pool, false);
    }

    /** Shuts the pool down; running fits finish first. */
    @Override
    public void close() {
        pool.shutdown();
    }

    static void checkThreads(int threads) {
        if (threads < 1 || threads > 32767) {
            throw new IllegalArgumentException("threads must be in [1, 32767], got " + threads);
        }
    }

    /** Configures a {@link ParallelTrainer}; every setter checks its value at once. */
    public static final class Builder extends TrainingOptions<Builder> {
        private int threads = Runtime.getRuntime().availableProcessors();

        private Builder() {}

        /** Threads in the pool (default: available processors). The result does not depend on it. */
        public Builder threads(int threads) {
            checkThreads(threads);
            this.threads = threads;
            return this;
        }

        public ParallelTrainer build() {
            return new ParallelTrainer(this);
        }
    }
}
