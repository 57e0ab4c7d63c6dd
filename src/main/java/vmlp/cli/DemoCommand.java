package vmlp.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vmlp.data.Dataset;
import vmlp.data.MakeClassification;
import vmlp.kernel.KernelsProvider;
import vmlp.nn.Activation;
import vmlp.nn.Loss;
import vmlp.nn.Network;
import vmlp.train.Optimizer;
import vmlp.train.Trainer;

/**
 * {@code vmlp demo}: the "neural network from scratch" blog post, replayed. The same toy data as
 * {@code np.random.seed(42); make_classification(n_samples=10, n_features=4, n_classes=2,
 * n_clusters_per_class=1)}, the same 4 → 8 → 1 sigmoid network and binary cross-entropy, trained by
 * full-batch gradient descent until it fits all ten points.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay the blog demo: a 4-8-1 sigmoid network trained by full-batch gradient descent",
                "on make_classification's 10-sample toy (numpy seed 42), overfitted to 100%% accuracy."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--epochs", description = "Full-batch gradient steps (default: ${DEFAULT-VALUE}).",
            defaultValue = "1000")
    int epochs;

    @Option(names = "--lr", description = "Learning rate (default: ${DEFAULT-VALUE}).", defaultValue = "1.0")
    float learningRate;

    @Option(names = "--every", description = "Print the loss every N epochs (default: ${DEFAULT-VALUE}).",
            defaultValue = "100")
    int every;

    @Override
    public Integer call() {
        double accuracy = run(spec.commandLine().getOut(), epochs, learningRate, every);
        return accuracy == 1.0 ? 0 : 1;
    }

    /** Runs the demo, printing as it goes, and returns the final training accuracy. */
    static double run(PrintWriter out, int epochs, float learningRate, int every) {
        MakeClassification.Result toy = MakeClassification.builder().nSamples(10).nFeatures(4).nClasses(2)
                .nClustersPerClass(1).seed(42).generate();
        Dataset data = toy.toDataset();
        Network network = Network.builder().input(4)
                .dense(8, Activation.SIGMOID)
                .dense(1, Activation.SIGMOID)
                .loss(Loss.BINARY_CROSS_ENTROPY)
                .seed(42).build();

        out.println("vmlp demo: a neural network from scratch, on the blog's toy data");
        out.println("data:     make_classification(n_samples=10, n_features=4, n_classes=2, "
                + "n_clusters_per_class=1) after np.random.seed(42)");
        out.println("network:  " + network);
        out.printf("training: full-batch gradient descent, learning rate %s, %d epochs%n", learningRate, epochs);
        out.println("kernels:  " + KernelsProvider.describe());
        out.println();

        long start = System.nanoTime();
        Trainer.builder().epochs(epochs).batchSize(Integer.MAX_VALUE).shuffle(false)
                .optimizer(new Optimizer.Sgd(learningRate))
                .onEpoch(s -> {
                    if (s.epoch() == 1 || s.epoch() % every == 0 || s.epoch() == epochs) {
                        out.printf("epoch %5d   loss %.6f%n", s.epoch(), s.loss());
                    }
                })
                .build().fit(network, data);
        double millis = (System.nanoTime() - start) / 1e6;

        float[] p = network.predict(data.features(), data.rows());
        int[] labels = data.labels();
        out.println();
        out.println("  x0       x1       x2       x3      label  p(class 1)  predicted");
        int correct = 0;
        for (int r = 0; r < data.rows(); r++) {
            int predicted = p[r] >= 0.5f ? 1 : 0;
            correct += predicted == labels[r] ? 1 : 0;
            out.printf("%7.3f  %7.3f  %7.3f  %7.3f     %d     %.4f        %d%s%n",
                    toy.feature(r, 0), toy.feature(r, 1), toy.feature(r, 2), toy.feature(r, 3),
                    labels[r], p[r], predicted, predicted == labels[r] ? "" : "   ✗");
        }
        double accuracy = (double) correct / data.rows();
        out.printf("%naccuracy: %d/%d = %.1f%% (trained in %.1f ms)%n", correct, data.rows(), 100 * accuracy, millis);
        out.flush();
        return accuracy;
    }
}
