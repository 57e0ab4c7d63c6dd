package vmlp.train;

import vmlp.data.Dataset;
import vmlp.nn.Network;

/** Measures of how well a network fits a data set. */
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
}
