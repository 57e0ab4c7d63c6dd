package vmlp.train;

/**
 * What one mini-batch step did (for per-batch listeners).
 *
 * @param epoch 1-based epoch
 * @param batch 1-based batch within the epoch
 * @param rows rows in this batch
 * @param loss the batch's mean loss (before the step)
 * @param gradientNorm the global L2 norm of the batch's mean gradient, before clipping
 * @param learningRate the rate this step used
 */
public record BatchStats(int epoch, int batch, int rows, double loss, double gradientNorm, double learningRate) {}
