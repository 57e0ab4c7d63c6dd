package vmlp.train;

import vmlp.data.Dataset;
import vmlp.nn.Network;

/** Measures of how well a network fits a data set, computed on the calling thread. */
public final class Metrics {

    private Metrics() {}

    /** The fraction of rows whose most likely class is the label. */
    public static double accuracy(Network network, Dataset data) {
        Targets.check(data, network);
        if (data.rows() == 0) {
            return Double.NaN;
        }
        int[] predicted = network.classify(data.features(), data.rows());
        int[] labels = data.labels();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }

    /**
     * The mean loss and the metrics that apply (accuracy for classification, MSE and MAE for
     * regression) in one pass; {@link ParallelPredictor#evaluate} does the same on several threads.
     */
    public static Evaluation evaluate(Network network, Dataset data) {
        try (ParallelPredictor onThisThread = new ParallelPredictor(network, null, false)) {
            return onThisThread.evaluate(data);
        }
    }
}
