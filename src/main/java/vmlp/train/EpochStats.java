package vmlp.train;

/**
 * What one epoch did. Metrics that do not apply are {@code NaN}: accuracy for regression, MSE and
 * MAE for classification, the validation metrics when the run has no validation data.
 *
 * @param epoch 1-based epoch number
 * @param loss the mean training loss over the epoch's batches, weighted by their rows (each batch's
 *     loss is taken before its step, as Keras and PyTorch loops report it)
 * @param accuracy the fraction of training rows classified right, counted batch by batch before
 *     each step
 * @param mae the mean absolute error on the training rows, batch by batch before each step
 * @param validationLoss the mean loss on the validation data after the epoch
 * @param validationAccuracy the validation accuracy after the epoch (classification)
 * @param validationMse the validation mean squared error after the epoch (regression)
 * @param validationMae the validation mean absolute error after the epoch (regression)
 * @param learningRate the rate the epoch's steps used
 * @param samples training rows processed
 * @param seconds wall time of the epoch's training steps (validation not included)
 */
public record EpochStats(int epoch, double loss, double accuracy, double mae, double validationLoss,
                         double validationAccuracy, double validationMse, double validationMae,
                         double learningRate, long samples, double seconds) {

    /** Training rows per second of wall time in this epoch. */
    public double samplesPerSecond() {
        return samples / Math.max(seconds, 1e-9);
    }

    /** Whether this epoch was evaluated on validation data. */
    public boolean hasValidation() {
        return !Double.isNaN(validationLoss);
    }
}
