package vmlp.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import vmlp.data.Dataset;
import vmlp.nn.Activation;
import vmlp.nn.Network;
import vmlp.train.Optimizer;
import vmlp.train.ParallelTrainer;

/**
 * Training throughput of the MNIST network (784-256-128-10, ReLU, softmax, Adam) on
 * 1 and 2 threads, in samples per second.
 *
 * <p>{@link #train}: one epoch over {@value #ROWS} random rows (MNIST-shaped), batch {@code batch},
 * the default shard count for that batch (2 at 128, 4 at 256) whatever the thread count, so 1 and 2
 * threads compute the same bits. An epoch also copies the parameters and Adam's state once (for
 * rolling back a divergence) and allocates a run's buffers: about 1% of its time at these sizes.
 * {@link InferenceBenchmark} measures inference.
 *
 * <p>Run with {@code jmh/run -f 1 -wi 3 -w 2s -i 5 -r 2s TrainingBenchmark}; quote 2-thread/1-thread
 * ratios from one run with {@code /proc/loadavg} beside them (2-thread figures only mean something
 * on an idle machine).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TrainingBenchmark {

    static final int ROWS = 8192;
    static final int INPUTS = 784;

    @Param({"128", "256"})
    public int batch;

    @Param({"1", "2"})
    public int threads;

    private Dataset data;
    private Network network;
    private ParallelTrainer trainer;

    /** MNIST-shaped random rows: most pixels 0, the rest in (0, 1], in a class-dependent pattern. */
    static Dataset mnistLike(int rows) {
        SplittableRandom random = new SplittableRandom(42);
        float[] x = new float[rows * INPUTS];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = random.nextInt(10);
            for (int j = 0; j < INPUTS; j++) {
                x[r * INPUTS + j] = (j * 7 + y[r] * 31) % 5 == 0 ? (float) random.nextDouble() : 0f;
            }
        }
        return Dataset.classification(x, rows, INPUTS, y);
    }

    static Network mnistNetwork() {
        return Network.builder().input(INPUTS).dense(256, Activation.RELU).dense(128, Activation.RELU)
                .dense(10, Activation.SOFTMAX).seed(1).build();
    }

    @Setup
    public void setUp() {
        data = mnistLike(ROWS);
        network = mnistNetwork();
        trainer = ParallelTrainer.builder().threads(threads).epochs(1).batchSize(batch)
                .optimizer(new Optimizer.Adam(1e-3f)).seed(3).build();
    }

    @TearDown
    public void tearDown() {
        trainer.close();
    }

    /** Samples per second of training (one op = one row). */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public Object train() {
        return trainer.fit(network, data);
    }
}
