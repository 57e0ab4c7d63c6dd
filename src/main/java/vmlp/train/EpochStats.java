package vmlp.train;

/**
 * What one epoch did.
 *
 * @param epoch 1-based epoch number
 * @param loss the mean training loss over the epoch's batches, weighted by their rows
 * @param samplesPerSecond training rows processed per second of wall time in this epoch
 */
public record EpochStats(int epoch, double loss, double samplesPerSecond) {}
