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

/**
 * Each activation and its gradient over 1M floats ({@code 2²⁰}), scalar against vector (there is no
 * native reference for these: numpy and PyTorch run their own loops). Softmax works on rows of 10,
 * the output layer's width. the report ({@link vmlp.report.Workload}) shows elements per ns.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class ActivationBenchmark {

    static final int N = vmlp.report.Workload.ACTIVATION_ELEMENTS;   // the report computes elements/ns from it
    static final int SOFTMAX_COLS = 10;

    @Param({"scalar", "vector"})
    public String impl;

    @Param({"sigmoid", "sigmoidGradient", "tanh", "tanhGradient", "relu", "reluGradient",
            "softmax", "softmaxGradient"})
    public String op;

    private Kernels kernels;
    private float[] x;
    private float[] y;
    private float[] dy;
    private float[] out;

    @Setup
    public void setUp() {
        kernels = Impl.kernels(impl);
        SplittableRandom random = new SplittableRandom(3);
        x = new float[N];
        y = new float[N];
        dy = Impl.random(random, N);
        out = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = (float) random.nextDouble(-8, 8);
        }
        switch (op) {   // the gradients take the activation's output
            case "sigmoidGradient" -> kernels.sigmoid(N, x, y);
            case "tanhGradient" -> kernels.tanh(N, x, y);
            case "reluGradient" -> kernels.relu(N, x, y);
            case "softmaxGradient" -> kernels.softmaxRows(N / SOFTMAX_COLS, SOFTMAX_COLS, x, y);
            default -> { }
        }
    }

    @Benchmark
    public float[] activation() {
        switch (op) {
            case "sigmoid" -> kernels.sigmoid(N, x, out);
            case "sigmoidGradient" -> kernels.sigmoidGradient(N, y, dy, out);
            case "tanh" -> kernels.tanh(N, x, out);
            case "tanhGradient" -> kernels.tanhGradient(N, y, dy, out);
            case "relu" -> kernels.relu(N, x, out);
            case "reluGradient" -> kernels.reluGradient(N, y, dy, out);
            case "softmax" -> kernels.softmaxRows(N / SOFTMAX_COLS, SOFTMAX_COLS, x, out);
            default -> kernels.softmaxRowsGradient(N / SOFTMAX_COLS, SOFTMAX_COLS, y, dy, out);
        }
        return out;
    }
}
