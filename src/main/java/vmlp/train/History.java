package vmlp.train;

import java.util.List;

/**
 * The statistics of every epoch of one training run, in order, and how it ended.
 *
 * @param epochs the epochs that ran
 * @param bestEpoch the 1-based epoch with the lowest monitored loss (validation loss when there
 *     was validation data, else training loss); 0 when no epoch ran
 * @param stopReason why training ended before its last epoch ({@code null} when it ran them all),
 *     for example {@code "early stopping: validation loss did not improve for 3 epochs"}
 */
public record History(List<EpochStats> epochs, int bestEpoch, String stopReason) {

    public History {
        epochs = List.copyOf(epochs);
    }

    /** A run that ended normally, its best epoch unrecorded. */
    public History(List<EpochStats> epochs) {
        this(epochs, 0, null);
    }

    /** The mean training loss of the last epoch (NaN when no epoch ran). */
    public double finalLoss() {
        return epochs.isEmpty() ? Double.NaN : epochs.getLast().loss();
    }

    /** The losses of all epochs, in order. */
    public double[] losses() {
        return epochs.stream().mapToDouble(EpochStats::loss).toArray();
    }

    /** The validation losses of all epochs, in order (NaN where there was no validation). */
    public double[] validationLosses() {
        return epochs.stream().mapToDouble(EpochStats::validationLoss).toArray();
    }

    /** Whether training stopped early (early stopping), rather than running every epoch. */
    public boolean stoppedEarly() {
        return stopReason != null;
    }
}
