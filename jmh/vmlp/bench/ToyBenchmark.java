package vmlp.bench;

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

import vmlp.data.Dataset;
import vmlp.data.MakeClassification;
import vmlp.kernel.Kernels;
import vmlp.nn.Activation;
import vmlp.nn.Loss;
import vmlp.nn.Network;
import vmlp.nn.Workspace;

/**
 * The blog demo ({@code vmlp demo}): 1000 epochs of full-batch gradient descent, learning rate 1, on
 * make_classification's 10 × 4 toy with the 4-8-1 sigmoid network and binary cross-entropy, from
 * the same initial weights every time. Written with {@link Network#gradient} and
 * {@link Kernels#axpy} rather than the trainer, so it measures the kernels and nothing else.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class ToyBenchmark {

    static final int EPOCHS = 1000;

    @Param({"scalar", "vector"})
    public String impl;

    private Kernels kernels;
    private Network network;
    private Workspace workspace;
    private float[] initial;
    private float[] x;
    private float[] y;
    private float[] grads;
    private int rows;

    @Setup
    public void setUp() {
        kernels = Impl.kernels(impl);
        Dataset toy = MakeClassification.builder().nSamples(10).nFeatures(4).nClasses(2)
                .nClustersPerClass(1).seed(42).generate().toDataset();
        network = Network.builder().input(4)
                .dense(8, Activation.SIGMOID)
                .dense(1, Activation.SIGMOID)
                .loss(Loss.BINARY_CROSS_ENTROPY)
                .kernels(kernels).seed(42).build();
        rows = toy.rows();
        x = toy.features();
        y = new float[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = toy.labels()[r];
        }
        initial = network.parameters().clone();
        grads = new float[network.parameterCount()];
        workspace = network.newWorkspace(rows);
    }

    @Benchmark
    public float[] thousandEpochs() {
        float[] params = network.parameters();
        System.arraycopy(initial, 0, params, 0, params.length);
        network.parametersChanged();
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            network.gradient(workspace, x, 0, y, rows, 1f / rows, grads);
            kernels.axpy(params.length, -1f, grads, 0, params, 0);
            network.parametersChanged();
        }
        return params;
    }
}
