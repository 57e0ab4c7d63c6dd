package vmlp.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import vmlp.data.Dataset;

/**
 * The settings {@link Trainer} and {@link ParallelTrainer} share; each setter checks its value at
 * once and says what is wrong. {@code B} is the concrete builder, so that calls chain.
 *
 * <p>Defaults: 10 epochs, batches of 32, SGD at 0.01, a constant rate, no L2, no clipping,
 * shuffling with seed 0, no validation, no early stopping, and
 * {@code ceil(batch / 64)} shards (at most 8; see {@link #shards}).
 */
public abstract sealed class TrainingOptions<B extends TrainingOptions<B>>
        permits Trainer.Builder, ParallelTrainer.Builder {

    /** Rows per shard the default shard count aims at: smaller GEMMs lose efficiency. */
    static final int ROWS_PER_SHARD = 64;
    /** The most shards the default gives; more may be set explicitly. */
    static final int MAX_DEFAULT_SHARDS = 8;
    static final int MAX_SHARDS = 1024;

    int epochs = 10;
    int batchSize = 32;
    Optimizer optimizer = new Optimizer.Sgd(0.01f);
    LearningRateSchedule schedule = LearningRateSchedule.constant();
    float l2;
    float clipNorm = Float.POSITIVE_INFINITY;
    long seed;
    boolean shuffle = true;
    double validationSplit;
    Dataset validation;
    EarlyStopping earlyStopping;
    int shards;
    final List<Consumer<EpochStats>> epochListeners = new ArrayList<>();
    final List<Consumer<BatchStats>> batchListeners = new ArrayList<>();

    TrainingOptions() {}

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Passes over the data (at least 1). */
    public B epochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        this.epochs = epochs;
        return self();
    }

    /** Rows per gradient step (at least 1); {@link Integer#MAX_VALUE} means full batch. */
    public B batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        return self();
    }

    /** The update rule. */
    public B optimizer(Optimizer optimizer) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        return self();
    }

    /** How the learning rate changes from epoch to epoch (default constant). */
    public B schedule(LearningRateSchedule schedule) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        return self();
    }

    /**
     * L2 regularisation {@code λ/2·Σ W²} on the weights (not the biases, as scikit-learn's
     * {@code alpha}): {@code λ·W} is added to the gradient before the optimiser's step. The reported
     * losses do not include the penalty.
     */
    public B l2(float lambda) {
        if (!(lambda >= 0f) || Float.isInfinite(lambda)) {
            throw new IllegalArgumentException("L2 factor must be a finite number ≥ 0, got " + lambda);
        }
        this.l2 = lambda;
        return self();
    }

    /**
     * Clips the gradient by its global L2 norm: when {@code ‖g‖ > maxNorm} it is scaled by
     * {@code maxNorm / (‖g‖ + 1e-6)} (PyTorch's {@code clip_grad_norm_}). Applied before L2.
     */
    public B clipNorm(float maxNorm) {
        if (!(maxNorm > 0f)) {
            throw new IllegalArgumentException("the gradient clipping norm must be positive, got " + maxNorm);
        }
        this.clipNorm = maxNorm;
        return self();
    }

    /** The seed of the shuffle and of the validation split. */
    public B seed(long seed) {
        this.seed = seed;
        return self();
    }

    /** Whether to visit the rows in a new random order each epoch (default true). */
    public B shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return self();
    }

    /**
     * Holds out this fraction of the training rows for validation, chosen with the seed
     * (stratified for classification, by {@link vmlp.data.Splits}); 0 for none. Not with
     * {@link #validation}.
     */
    public B validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation split must be in [0, 1), got " + fraction);
        }
        if (fraction > 0 && validation != null) {
            throw new IllegalArgumentException("give either a validation split or a validation set, not both");
        }
        this.validationSplit = fraction;
        return self();
    }

    /** Evaluates on this data set after every epoch. Not with {@link #validationSplit}. */
    public B validation(Dataset validation) {
        Objects.requireNonNull(validation, "validation");
        if (validationSplit > 0) {
            throw new IllegalArgumentException("give either a validation split or a validation set, not both");
        }
        if (validation.rows() == 0) {
            throw new IllegalArgumentException("the validation set is empty");
        }
        this.validation = validation;
        return self();
    }

    /** Stops when the monitored loss stops improving (see {@link EarlyStopping}). */
    public B earlyStopping(EarlyStopping earlyStopping) {
        this.earlyStopping = Objects.requireNonNull(earlyStopping, "earlyStopping");
        return self();
    }

    /**
     * Cuts each mini-batch into this many shards (1 to 1024), each with its own forward and
     * backward pass and gradient buffer, summed in a fixed tree order. The result depends on the
     * shard count and never on the number of threads. Default: {@code ceil(batch / 64)}, at most 8,
     * where {@code batch} is the batch size capped at the training rows.
     */
    public B shards(int shards) {
        if (shards < 1 || shards > MAX_SHARDS) {
            throw new IllegalArgumentException("shards must be in [1, " + MAX_SHARDS + "], got " + shards);
        }
        this.shards = shards;
        return self();
    }

    /** Called after every epoch, on the thread that called {@code fit}. */
    public B onEpoch(Consumer<EpochStats> listener) {
        epochListeners.add(Objects.requireNonNull(listener, "listener"));
        return self();
    }

    /** Called after every batch's step, on the thread that called {@code fit}. */
    public B onBatch(Consumer<BatchStats> listener) {
        batchListeners.add(Objects.requireNonNull(listener, "listener"));
        return self();
    }

    /**
     * The shard count used when none is set, for batches of {@code batchRows} rows (the batch size
     * capped at the training rows): {@code ceil(batchRows / 64)}, at least 1, at most 8.
     */
    public static int defaultShards(int batchRows) {
        return Math.clamp((batchRows + ROWS_PER_SHARD - 1) / ROWS_PER_SHARD, 1, MAX_DEFAULT_SHARDS);
    }

    /** An immutable copy of these settings. */
    Settings settings() {
        return new Settings(epochs, batchSize, optimizer, schedule, l2, clipNorm, seed, shuffle, validationSplit,
                validation, earlyStopping, shards, List.copyOf(epochListeners), List.copyOf(batchListeners));
    }

    /** The settings as one value, taken when a trainer is built. */
    record Settings(int epochs, int batchSize, Optimizer optimizer, LearningRateSchedule schedule, float l2,
                    float clipNorm, long seed, boolean shuffle, double validationSplit, Dataset validation,
                    EarlyStopping earlyStopping, int shards, List<Consumer<EpochStats>> epochListeners,
                    List<Consumer<BatchStats>> batchListeners) {

        /** The shard count for batches of {@code batch} rows: the set one, else the default rule. */
        int shardsFor(int batch) {
            if (shards > 0) {
                return shards;
            }
            return defaultShards(batch);
        }
    }
}
