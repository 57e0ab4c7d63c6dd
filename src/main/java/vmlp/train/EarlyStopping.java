package vmlp.train;

/**
 * Stop when the monitored loss has not improved for a while: the validation loss when the run has
 * validation data, otherwise the training loss (as scikit-learn's {@code n_iter_no_change} does).
 *
 * <p>An epoch improves when its loss is below the best so far by more than {@code minDelta}.
 * Training stops after {@code patience} epochs in a row without improvement; with
 * {@code restoreBestWeights} the network (and the optimiser's state) then go back to the end of the
 * best epoch, as Keras's {@code restore_best_weights} does.
 *
 * @param patience epochs without improvement before stopping (at least 1)
 * @param minDelta the smallest decrease that counts as an improvement (≥ 0)
 * @param restoreBestWeights whether to end with the best epoch's weights rather than the last
 */
public record EarlyStopping(int patience, double minDelta, boolean restoreBestWeights) {

    public EarlyStopping {
        if (patience < 1) {
            throw new IllegalArgumentException("early stopping patience must be at least 1 epoch, got " + patience);
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("early stopping minDelta must be a finite number ≥ 0, got " + minDelta);
        }
    }

    /** Patience {@code patience}, any decrease counts, restore the best weights. */
    public static EarlyStopping patience(int patience) {
        return new EarlyStopping(patience, 0, true);
    }
}
