package vmlp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vmlp.data.Dataset;
import vmlp.io.Model;
import vmlp.io.ModelFile;
import vmlp.nn.Loss;
import vmlp.report.TrainingCurves;
import java.util.Locale;
import vmlp.data.EmbeddedData;
import vmlp.data.IdxLoader;
import vmlp.data.Splits;
import vmlp.data.Standardizer;
import vmlp.kernel.KernelsProvider;
import vmlp.nn.Activation;
import vmlp.nn.Network;
import vmlp.train.History;
import vmlp.train.Optimizer;
import vmlp.train.ParallelPredictor;
import vmlp.train.ParallelTrainer;
import vmlp.train.TrainingOptions;

/**
 * {@code vmlp train}: trains a classifier on a CSV file, an IDX pair (MNIST), or the embedded
 * digits set when no file is given, and reports its accuracy on a held-out test split or a given
 * test set. Training runs on a {@link ParallelTrainer}; its shard count follows the batch size
 * (one shard per 64 rows, at most 8), never the thread count, so {@code --threads} changes the
 * speed and not the result.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a classifier and report its test accuracy.",
                "Without --data it trains on scikit-learn's digits (1797 8×8 images, 10 classes), embedded in vmlp.",
                "MNIST: --data train-images-idx3-ubyte.gz --labels train-labels-idx1-ubyte.gz"
                        + " --test-data t10k-images-idx3-ubyte.gz --test-labels t10k-labels-idx1-ubyte.gz"})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE",
            description = "CSV file of numeric features and an integer class label; or an IDX images file"
                    + " (raw or .gz, as MNIST's; pixels scaled to [0, 1] by /255, not standardised) or a .npy"
                    + " array, with --labels (default: the embedded digits).")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Labels file (IDX or .npy) for IDX or .npy --data, one integer label per row.")
    Path labels;

    @Option(names = "--test-data", paramLabel = "FILE",
            description = "A given test set (CSV, or IDX images with --test-labels) instead of a split of --data.")
    Path testData;

    @Option(names = "--test-labels", paramLabel = "FILE", description = "Labels file (IDX or .npy) for IDX or .npy --test-data.")
    Path testLabels;

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

    @Option(names = "--lr", description = "Learning rate (default: ${DEFAULT-VALUE}).", defaultValue = "0.05")
    float learningRate;

    @Option(names = "--optimizer", paramLabel = "NAME",
            description = "sgd, momentum, nesterov (μ 0.9), adam, adamw (λ 0.01) (default: ${DEFAULT-VALUE}).",
            defaultValue = "sgd")
    String optimizer;

    @Option(names = "--threads", paramLabel = "N",
            description = "Training and evaluation threads (default: the available processors, here ${DEFAULT-VALUE});"
                    + " the result does not depend on it.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--test-split", paramLabel = "FRACTION",
            description = "Fraction of rows held out for testing when no --test-data is given (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.2")
    double testSplit;

    @Option(names = "--val-split", paramLabel = "FRACTION",
            description = "Fraction of the training rows held out to validate after every epoch (default: none).")
    double valSplit;

    @Option(names = "--loss", paramLabel = "NAME",
            description = "auto (cross-entropy for softmax, binary cross-entropy for one sigmoid output), ce, bce or"
                    + " mse (default: ${DEFAULT-VALUE}).", defaultValue = "auto")
    String loss;

    @Option(names = "--save", paramLabel = "FILE.safetensors",
            description = "Save the trained model (safetensors, PyTorch nn.Sequential names), with the standardisation.")
    Path save;

    @Option(names = "--plot", paramLabel = "FILE.png|FILE.svg",
            description = "Draw the loss and accuracy curves, training and validation, per epoch.")
    Path plot;

    @Option(names = "--no-standardize", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Standardise each feature to mean 0, variance 1 on the training split (default: on).")
    boolean standardize;

    @Option(names = "--seed", description = "Seed of the split, the initialisation and the shuffle"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "42")
    long seed;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Activation hidden = Activation.parse(activation);
        Optimizer rule = Optimizer.named(optimizer, learningRate);
        boolean idx = data != null && IdxLoader.isIdx(data);
        Dataset all = load(data, labels, "--labels");
        String source = data == null ? "digits (embedded; scikit-learn's copy of the UCI set)" : data.toString();
        if (all.classes() < 2) {
            throw new IllegalArgumentException(source + " has only " + all.classes() + " class; need at least 2");
        }
        Dataset train;
        Dataset test;
        String held;
        if (testData != null) {
            train = all;
            test = load(testData, testLabels, "--test-labels");
            held = "given test set " + testData;
        } else {
            Splits.Split split = Splits.stratifiedTrainTest(all, testSplit, seed);
            train = split.train();
            test = split.test();
            held = "seed " + seed;
        }
        boolean scale = standardize && !idx;
        Standardizer standardizer = scale ? Standardizer.fit(train) : null;
        if (scale) {
            train = standardizer.apply(train);
            test = standardizer.apply(test);
        }

        Network.Builder builder = Network.builder().input(all.cols()).seed(seed);
        for (int units : layers) {
            builder.dense(units, hidden);
        }
        int classes = Math.max(all.classes(), test.classes());
        builder = classes == 2 ? builder.dense(1, Activation.SIGMOID) : builder.dense(classes, Activation.SOFTMAX);
        if (!loss.equalsIgnoreCase("auto")) {
            builder.loss(Loss.parse(loss));
        }
        Network network = builder.build();

        out.printf("data:     %s: %d rows × %d features, %d classes; %d train / %d test (%s)%s%n",
                source, all.rows(), all.cols(), all.classes(), train.rows(), test.rows(), held,
                scale ? ", standardised" : idx ? ", pixels/255" : "");
        out.println("network:  " + network);
        int shards = TrainingOptions.defaultShards(Math.min(batch, train.rows()));
        out.printf("training: %s, learning rate %s, batch %d, %d epochs; %d thread%s, %d shard%s per batch%n",
                rule instanceof Optimizer.Sgd ? "SGD" : rule.describe().replaceAll("\\(.*", ""), learningRate, batch,
                epochs, threads, threads == 1 ? "" : "s", shards, shards == 1 ? "" : "s");
        out.println("kernels:  " + KernelsProvider.describe());
        long rowsPerEpoch = train.rows() - (long) Math.ceil(valSplit * train.rows());
        long start = System.nanoTime();
        try (EpochProgress progress = new EpochProgress(out, epochs, rowsPerEpoch, EpochProgress.stdoutIsTerminal());
             ParallelTrainer trainer = ParallelTrainer.builder().threads(threads).epochs(epochs).batchSize(batch)
                     .seed(seed).optimizer(rule).validationSplit(valSplit)
                     .onBatch(progress::onBatch).onEpoch(progress::onEpoch).build();
             ParallelPredictor predictor = trainer.predictor(network)) {
            History history = trainer.fit(network, train);
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("trained in %.2f s (%,.0f samples/s over %d epochs)%n", seconds,
                    (double) rowsPerEpoch * history.epochs().size() / seconds, history.epochs().size());
            double testAccuracy = predictor.evaluate(test).accuracy();
            out.printf("train accuracy: %.4f%n", predictor.evaluate(train).accuracy());
            out.printf("test accuracy:  %.4f  (%d rows never seen in training; final training loss %.4f)%n",
                    testAccuracy, test.rows(), history.finalLoss());
            if (save != null) {
                Model model = (scale ? Model.of(network, standardizer) : Model.of(network))
                        .withMetadata("trained_on", source)
                        .withMetadata("epochs", Integer.toString(history.epochs().size()))
                        .withMetadata("test_accuracy", String.format(Locale.ROOT, "%.4f", testAccuracy));
                ModelFile.save(save, model);
                out.printf("saved %s%n", save);
            }
            if (plot != null) {
                TrainingCurves.write(history, network.toString(), plot);
                out.printf("plotted %s%n", plot);
            }
        }
        return 0;
    }

    /** The embedded digits (no file), or a data file with its labels. */
    private Dataset load(Path file, Path labelFile, String labelOption) throws IOException {
        return file == null ? EmbeddedData.digits() : DataFiles.classification(file, labelFile, labelColumn, labelOption);
    }
}
