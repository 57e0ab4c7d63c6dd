package vmlp.train;

import java.util.SplittableRandom;
import vmlp.data.Dataset;
import vmlp.kernel.KernelsProvider;
import vmlp.nn.Activation;
import vmlp.nn.Network;

/**
 * Trains a small network on the vector kernels and prints a fingerprint of every weight's bits and
 * of its predictions: run by {@link TierIndependenceTest} in JVMs that interpret, JIT-compile or mix.
 * The shapes reach the packed GEMM (m ≥ one row tile, n ≥ a vector, k ≥ 32) and the small-shape paths, every
 * activation with a transcendental, and a batch cut into shards on two threads.
 */
public final class TierProbe {

    private TierProbe() {}

    /** Prints one fingerprint per run; {@code args[0]} runs (default 1) in this JVM, as the JIT warms up. */
    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        for (int run = 0; run < runs; run++) {
            System.out.println(run());
        }
    }

    /** One training from scratch; the fingerprint of the weights and predictions. */
    static String run() {
        int rows = 48;
        int inputs = 40;
        SplittableRandom random = new SplittableRandom(17);
        float[] x = new float[rows * inputs];
        int[] labels = new int[rows];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int r = 0; r < rows; r++) {
            labels[r] = random.nextInt(5);
        }
        Network net = Network.builder().input(inputs).dense(32, Activation.TANH).dense(24, Activation.SIGMOID)
                .dense(17, Activation.RELU).dense(5, Activation.SOFTMAX).seed(3).kernels(KernelsProvider.vector())
                .build();
        try (ParallelTrainer trainer = ParallelTrainer.builder().threads(2).shards(2).epochs(2).batchSize(16)
                .optimizer(new Optimizer.Adam(1e-2f, 0.9f, 0.999f, 1e-8f)).seed(5).build()) {
            trainer.fit(net, Dataset.classification(x, rows, inputs, labels));
        }
        float[] p = net.predict(x, rows);
        return fingerprint(net.parameters()) + " " + fingerprint(p);
    }

    private static String fingerprint(float[] values) {
        long h = 1125899906842597L;
        for (float v : values) {
            h = 31 * h + Float.floatToRawIntBits(v);
        }
        return Long.toHexString(h);
    }
}
