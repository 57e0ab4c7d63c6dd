package vmlp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vmlp.data.CsvLoader;
import vmlp.data.Dataset;
import vmlp.data.EmbeddedData;
import vmlp.data.Splits;
import vmlp.data.Standardizer;
import vmlp.kernel.KernelsProvider;
import vmlp.nn.Activation;
import vmlp.nn.Network;
import vmlp.train.History;
import vmlp.train.Metrics;
import vmlp.train.Optimizer;
import vmlp.train.Trainer;

/**
 * {@code vmlp train}: trains a classifier on a CSV file, or on the embedded digits set when no
 * file is given, and reports its accuracy on a held-out test split.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a classifier and report its test accuracy.",
                "Without --data it trains on scikit-learn's digits (1797 8×8 images, 10 classes), embedded in vmlp."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE.csv",
            description = "CSV file of numeric features and an integer class label (default: the embedded digits).")
    Path data;

    @Option(names = "--label-column", paramLabel = "NAME|INDEX",
            description = "Label column, by header name or 0-based index (default: 'label', else column 0).")
    String labelColumn;

    @Option(names = "--layers", split = ",", paramLabel = "UNITS",
            description = "Hidden layer sizes, comma-separated (default: ${DEFAULT-VALUE}).", defaultValue = "128")
    List<Integer> layers;

    @Option(names = "--activation", description = "Hidden activation: relu, leaky_relu, tanh, sigmoid, identity"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "relu")
    String activation;

    @Option(names = "--epochs", description = "Passes over the training data (default: ${DEFAULT-VALUE}).",
            defaultValue = "30")
    int epochs;

    @Option(names = "--batch", description = "Mini-batch size (default: ${DEFAULT-VALUE}).", defaultValue = "32")
    int batch;

    @Option(names = "--lr", description = "Learning rate of SGD (default: ${DEFAULT-VALUE}).", defaultValue = "0.05")
    float learningRate;

    @Option(names = "--test-split", paramLabel = "FRACTION",
            description = "Fraction of rows held out for testing (default: ${DEFAULT-VALUE}).", defaultValue = "0.2")
    double testSplit;

    @Option(names = "--no-standardize", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Standardise each feature to mean 0, variance 1 on the training split (default: on).")
    boolean standardize;

    @Option(names = "--seed", description = "Seed of the split, the initialisation and the shuffle"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "42")
    long seed;

    @Override
    public Integer call() throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        Activation hidden = Activation.parse(activation);
        Dataset all = data == null ? EmbeddedData.digits() : loader().classification(data);
        String source = data == null ? "digits (embedded; scikit-learn's copy of the UCI set)" : data.toString();
        if (all.classes() < 2) {
            throw new IllegalArgumentException(source + " has only " + all.classes() + " class; need at least 2");
        }
        Splits.Split split = Splits.stratifiedTrainTest(all, testSplit, seed);
        Dataset train = split.train();
        Dataset test = split.test();
        if (standardize) {
            Standardizer s = Standardizer.fit(train);
            train = s.apply(train);
            test = s.apply(test);
        }

        Network.Builder builder = Network.builder().input(all.cols()).seed(seed);
        for (int units : layers) {
            builder.dense(units, hidden);
        }
        Network network = all.classes() == 2
                ? builder.dense(1, Activation.SIGMOID).build()
                : builder.dense(all.classes(), Activation.SOFTMAX).build();

        out.printf("data:     %s: %d rows × %d features, %d classes; %d train / %d test (seed %d)%s%n",
                source, all.rows(), all.cols(), all.classes(), train.rows(), test.rows(), seed,
                standardize ? ", standardised" : "");
        out.println("network:  " + network);
        out.printf("training: SGD, learning rate %s, batch %d, %d epochs%n", learningRate, batch, epochs);
        out.println("kernels:  " + KernelsProvider.describe());
        int every = Math.max(1, epochs / 10);
        History history = Trainer.builder().epochs(epochs).batchSize(batch).seed(seed)
                .optimizer(new Optimizer.Sgd(learningRate))
                .onEpoch(st -> {
                    if (st.epoch() == 1 || st.epoch() % every == 0) {
                        out.printf("epoch %4d   loss %.4f   %,.0f samples/s%n", st.epoch(), st.loss(),
                                st.samplesPerSecond());
                    }
                })
                .build().fit(network, train);
        out.printf("train accuracy: %.4f%n", Metrics.accuracy(network, train));
        out.printf("test accuracy:  %.4f  (%d rows never seen in training; final training loss %.4f)%n",
                Metrics.accuracy(network, test), test.rows(), history.finalLoss());
        return 0;
    }

    private CsvLoader loader() {
        CsvLoader loader = CsvLoader.defaults();
        if (labelColumn == null) {
            return loader;
        }
        return labelColumn.chars().allMatch(Character::isDigit)
                ? loader.labelColumn(Integer.parseInt(labelColumn))
                : loader.labelColumn(labelColumn);
    }
}
