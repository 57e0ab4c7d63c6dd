package vmlp.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import vmlp.kernel.Kernels;
import vmlp.nn.Activation;
import vmlp.nn.Network;
import vmlp.nn.Workspace;

/**
 * The network 784-256 ReLU-128 ReLU-10 softmax (cross-entropy), one thread (other hidden
 * activations with {@code -p hidden=…}):
 * <ul>
 *   <li>{@link #trainStep}: forward, backward and a plain SGD update on a batch of 128 (what a
 *   training loop does per batch; samples/s = 128 / time);</li>
 *   <li>{@link #inferBatch1} and {@link #inferBatch1024}: a forward pass (the embedding path).</li>
 * </ul>
 * {@code impl=native} runs the products on OpenBLAS and the rest on the vector kernels (the design of
 * a numpy-from-scratch network). Run with {@code -prof gc} for allocation per step (the target is 0).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class NetworkBenchmark {

    static final int TRAIN_BATCH = vmlp.report.Workload.NETWORK_TRAIN_BATCH;   // the report computes samples/s from these
    static final int INFER_BATCH = vmlp.report.Workload.NETWORK_INFER_BATCH;

    @Param({"scalar", "vector", "native"})
    public String impl;

    /**
     * The hidden layers' activation: ReLU in the suite; {@code -p hidden=tanh,sigmoid -prof gc}
     * checks that the fused sigmoid and tanh epilogues allocate nothing either.
     */
    @Param({"relu"})
    public String hidden;

    private Kernels kernels;
    private Network network;
    private Workspace trainSpace;
    private Workspace inferSpace;
    private float[] x;
    private float[] y;
    private float[] grads;

    @Setup
    public void setUp() {
        kernels = Impl.kernels(impl);
        network = Network.builder().input(784)
                .dense(256, Activation.parse(hidden))
                .dense(128, Activation.parse(hidden))
                .dense(10, Activation.SOFTMAX)
                .kernels(kernels).seed(7).build();
        SplittableRandom random = new SplittableRandom(4);
        x = new float[INFER_BATCH * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        y = new float[TRAIN_BATCH * 10];
        for (int r = 0; r < TRAIN_BATCH; r++) {
            y[r * 10 + random.nextInt(10)] = 1f;
        }
        grads = new float[network.parameterCount()];
        trainSpace = network.newWorkspace(TRAIN_BATCH);
        inferSpace = network.newWorkspace(INFER_BATCH);
    }

    @Benchmark
    public float[] trainStep() {
        network.gradient(trainSpace, x, 0, y, TRAIN_BATCH, 1f / TRAIN_BATCH, grads);
        kernels.axpy(grads.length, -0.01f, grads, 0, network.parameters(), 0);
        network.parametersChanged();
        return grads;
    }

    @Benchmark
    public float[] inferBatch1() {
        return network.forward(inferSpace, x, 0, 1);
    }

    @Benchmark
    public float[] inferBatch1024() {
        return network.forward(inferSpace, x, 0, INFER_BATCH);
    }
}
