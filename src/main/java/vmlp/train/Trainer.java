package vmlp.train;

import vmlp.data.Dataset;
import vmlp.nn.Network;

/**
 * Mini-batch gradient descent on the calling thread: for each epoch, shuffle the rows (with a
 * seeded RNG, so a run is reproducible), cut them into batches, and for each batch compute the
 * mean gradient and let the {@link Optimizer} take one step. A batch size at least the number of
 * rows is full-batch gradient descent. {@link TrainingOptions} lists the settings: schedules, L2,
 * clipping, validation, early stopping, listeners.
 *
 * <pre>{@code
 * History h = Trainer.builder().epochs(20).batchSize(64).optimizer(new Optimizer.Adam(1e-3f))
 *         .seed(7).build().fit(network, data);
 * }</pre>
 *
 * <p>Each batch is computed as {@link TrainingOptions#shards shards} whose gradients are summed in a
 * fixed tree order, exactly as {@link ParallelTrainer} does on several threads: a {@code Trainer} and
 * a {@code ParallelTrainer} built with the same settings (seed, shards, optimiser, …) produce the same
 * parameters bit for bit, whatever the parallel trainer's thread count. With one shard (the default
 * for batches of up to 64 rows) a batch is one forward and backward pass.
 *
 * <p>Buffers (the shards' batches, targets, gradients and workspaces, the optimiser's state) are
 * allocated once per {@link #fit} call; the steps allocate nothing.
 */
public final class Trainer {

    private final TrainingOptions.Settings settings;

    private Trainer(Builder b) {
        this.settings = b.settings();
    }

    /** A builder with the defaults of {@link TrainingOptions}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains {@code network} in place on {@code data}.
     *
     * @throws IllegalArgumentException when the data do not fit the network (the message names
     *     both shapes), or a validation split leaves a part empty
     * @throws TrainingDivergedException when the loss or the gradient becomes NaN or infinite (the
     *     message names the epoch and batch); the parameters are then the last good ones
     */
    public History fit(Network network, Dataset data) {
        return new Fitting(settings, ParallelFor.sequential(), null).fit(network, data);
    }

    /** Configures a {@link Trainer}; every setter checks its value at once. */
    public static final class Builder extends TrainingOptions<Builder> {
        private Builder() {}

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
