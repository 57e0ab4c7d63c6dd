package vmlp.train;

/**
 * How well a network fits a data set, from one pass over it. Metrics that do not apply are
 * {@code NaN}: accuracy for regression, MSE and MAE for classification.
 *
 * @param rows the rows evaluated
 * @param loss the mean loss the network is trained on
 * @param accuracy the fraction of rows whose most likely class is the label
 * @param mse the mean squared error over all target values
 * @param mae the mean absolute error over all target values
 */
public record Evaluation(int rows, double loss, double accuracy, double mse, double mae) {}
