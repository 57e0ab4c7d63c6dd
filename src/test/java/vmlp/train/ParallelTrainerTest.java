package vmlp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vmlp.data.Dataset;
import vmlp.kernel.Kernels;
import vmlp.kernel.KernelsProvider;
import vmlp.nn.Activation;
import vmlp.nn.Network;

/**
 * The parallel trainer against itself at other thread counts and against the sequential trainer:
 * bit for bit, every parameter, after several epochs (EJML's CheckMultiThreadAgainstSingleThread,
 * for training).
 *
 * <p>The guarantee needs kernels whose results depend only on their inputs, whatever the JIT tier
 * and whatever rows share a batch: both kernel sets are such kernels ({@code TierIndependenceTest},
 * {@code RowInvarianceTest}), so the bit-for-bit tests run on both.
 */
class ParallelTrainerTest {

    /** Gaussian blobs: 600 rows × 40 features, 5 classes. */
    static Dataset blobs(int rows, int cols, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] centres = new float[classes][cols];
        for (float[] c : centres) {
            for (int j = 0; j < cols; j++) {
                c[j] = (float) random.nextGaussian();
            }
        }
        float[] x = new float[rows * cols];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = random.nextInt(classes);
            for (int j = 0; j < cols; j++) {
                x[r * cols + j] = centres[y[r]][j] + (float) (1.5 * random.nextGaussian());
            }
        }
        return Dataset.classification(x, rows, cols, y);
    }

    /** 40 → 200 → 64 → 5: 21,509 parameters, so the reduce and update phases have two chunks. */
    static Network network() {
        return network(KernelsProvider.scalar());
    }

    static Network network(Kernels kernels) {
        return Network.builder().input(40).dense(200, Activation.RELU).dense(64, Activation.TANH)
                .dense(5, Activation.SOFTMAX).seed(11).kernels(kernels).build();
    }

    private static <B extends TrainingOptions<B>> B configure(B b) {
        // batch 50 into 8 shards: uneven shards of 6 and 7 rows; the last batch (600 % 50 = 0 → use 70)
        return b.epochs(4).batchSize(70).shards(8).seed(5).optimizer(new Optimizer.Adam(2e-3f))
                .l2(1e-4f).clipNorm(5f).schedule(LearningRateSchedule.cosine(0.1)).validationSplit(0.1);
    }

    private static float[] trainParallel(int threads, Kernels kernels) {
        Network net = network(kernels);
        try (ParallelTrainer t = configure(ParallelTrainer.builder().threads(threads)).build()) {
            t.fit(net, blobs(600, 40, 5, 3));
        }
        return net.parameters();
    }

    @ParameterizedTest(name = "{0} kernels")
    @ValueSource(strings = {"scalar", "vector"})
    void everyThreadCountGivesTheSameWeightsBitForBit(String kernelName) {
        Kernels kernels = kernelName.equals("scalar") ? KernelsProvider.scalar() : KernelsProvider.vector();
        Network sequential = network(kernels);
        History h = configure(Trainer.builder()).build().fit(sequential, blobs(600, 40, 5, 3));
        assertTrue(h.epochs().getLast().accuracy() > 0.8, "it learned something: " + h.epochs().getLast());
        for (int threads : new int[] {1, 2, 3, 4, 8}) {
            float[] parallel = trainParallel(threads, kernels);
            // assertArrayEquals on floats compares bits (floatToIntBits), NaN included
            assertArrayEquals(sequential.parameters(), parallel, threads + " threads vs the sequential trainer");
        }
    }

    @Test
    void oneShardOnOneThreadEqualsThePlainSequentialTrainer() {
        Network a = network();
        Network b = network();
        Dataset data = blobs(300, 40, 5, 4);
        Trainer.builder().epochs(3).batchSize(32).seed(9).optimizer(new Optimizer.Sgd(0.05f)).build().fit(a, data);
        try (ParallelTrainer t = ParallelTrainer.builder().threads(1).epochs(3).batchSize(32).seed(9)
                .optimizer(new Optimizer.Sgd(0.05f)).build()) {
            t.fit(b, data);
        }
        assertArrayEquals(a.parameters(), b.parameters());
    }

    @Test
    void theShardCountChangesOnlyTheLastBits() {
        Dataset data = blobs(400, 40, 5, 6);
        float[][] weights = new float[2][];
        double[] losses = new double[2];
        int i = 0;
        for (int shards : new int[] {1, 4}) {
            Network net = network();
            try (ParallelTrainer t = ParallelTrainer.builder().threads(2).shards(shards).epochs(2).batchSize(64)
                    .optimizer(new Optimizer.Sgd(0.05f)).build()) {
                losses[i] = t.fit(net, data).finalLoss();
            }
            weights[i++] = net.parameters();
        }
        assertFalse(Arrays.equals(weights[0], weights[1]), "other sums, other rounding");
        assertEquals(losses[0], losses[1], 1e-4 * losses[0], "but the same maths");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void parallelInferenceIsTheSameForAnyThreadCountAndMatchesPredict(String kernelName) {
        Network net = network(kernelName.equals("scalar") ? KernelsProvider.scalar() : KernelsProvider.vector());
        Dataset data = blobs(1000, 40, 5, 7);
        float[] reference = net.predict(data.features(), data.rows());
        float[] one;
        try (ParallelPredictor p = ParallelPredictor.of(net, 1)) {
            one = p.predict(data.features(), data.rows());
        }
        for (int threads : new int[] {2, 3, 8}) {
            try (ParallelPredictor p = ParallelPredictor.of(net, threads)) {
                assertArrayEquals(one, p.predict(data.features(), data.rows()), threads + " threads");
                assertEquals(Metrics.evaluate(net, data), p.evaluate(data), "metrics on " + threads + " threads");
            }
        }
        assertArrayEquals(reference, one, "chunks of 256 rows against predict's 1024");
    }

    @Test
    void aTrainedModelServesManyThreadsAtOnce() throws Exception {
        servesManyThreads(KernelsProvider.scalar(), 0f);
    }

    @Test
    void aTrainedModelOnVectorKernelsServesManyThreadsAtOnce() throws Exception {
        servesManyThreads(KernelsProvider.vector(), 0f);
    }

    private static void servesManyThreads(Kernels kernels, float tolerance) throws Exception {
        Network net = network(kernels);
        Dataset data = blobs(600, 40, 5, 8);
        try (ParallelTrainer t = ParallelTrainer.builder().threads(2).epochs(2).batchSize(64).build()) {
            t.fit(net, data);
            try (ParallelPredictor shared = t.predictor(net)) {
                float[] expected = shared.predict(data.features(), data.rows());
                ExecutorService callers = Executors.newFixedThreadPool(8);
                try {
                    List<Future<Float>> results = new ArrayList<>();
                    for (int c = 0; c < 8; c++) {
                        int caller = c;
                        results.add(callers.submit(() -> {
                            float worst = 0;
                            for (int round = 0; round < 20; round++) {
                                // every other caller goes through the network directly, each with its own workspace
                                float[] got = caller % 2 == 0
                                        ? shared.predict(data.features(), data.rows())
                                        : net.predict(data.features(), data.rows());
                                for (int i = 0; i < got.length; i++) {
                                    worst = Math.max(worst, Math.abs(got[i] - expected[i]));
                                }
                            }
                            return worst;
                        }));
                    }
                    for (Future<Float> r : results) {
                        assertTrue(r.get() <= tolerance, "a concurrent caller saw predictions off by " + r.get());
                    }
                } finally {
                    callers.shutdown();
                }
            }
        }
    }

    @Test
    void aBatchSmallerThanTheShardCountStillTrains() {
        Dataset data = blobs(10, 40, 5, 9);
        Network a = network();
        Network b = network();
        Trainer.builder().epochs(2).batchSize(3).shards(8).build().fit(a, data);
        try (ParallelTrainer t = ParallelTrainer.builder().threads(4).epochs(2).batchSize(3).shards(8).build()) {
            t.fit(b, data);
        }
        assertArrayEquals(a.parameters(), b.parameters());
    }
}
