package vmlp.train;

/**
 * Training stopped because the loss or the gradient became NaN or infinite. The message names the
 * epoch and batch; the network keeps the last good parameters (those before the failing step), and
 * {@link #history()} holds the epochs that completed.
 */
public final class TrainingDivergedException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;
    private final transient History history;

    TrainingDivergedException(String message, int epoch, int batch, History history) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
        this.history = history;
    }

    /** The 1-based epoch of the failing step. */
    public int epoch() {
        return epoch;
    }

    /** The 1-based batch of the failing step within its epoch. */
    public int batch() {
        return batch;
    }

    /** The epochs completed before the failure. */
    public History history() {
        return history;
    }
}
