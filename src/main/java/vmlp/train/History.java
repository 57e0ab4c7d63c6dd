package vmlp.train;

import java.util.List;

/** The statistics of every epoch of one training run, in order. */
public record History(List<EpochStats> epochs) {

    public History {
        epochs = List.copyOf(epochs);
    }

    /** The mean training loss of the last epoch (NaN when no epoch ran). */
    public double finalLoss() {
        return epochs.isEmpty() ? Double.NaN : epochs.getLast().loss();
    }

    /** The losses of all epochs, in order. */
    public double[] losses() {
        return epochs.stream().mapToDouble(EpochStats::loss).toArray();
    }
}
