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
 * Matrix-vector {@code y[rows] = A[rows×cols]·x[cols]}, the batch-1 forward pass of a layer:
 * {@code 256x784} is the 784→256 layer, {@code 1024x1024} a square one. {@code 2·rows·cols} FLOP;
 * {@code impl=native} is OpenBLAS's {@code cblas_sgemv}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GemvBenchmark {

    @Param({"scalar", "vector", "native"})
    public String impl;

    @Param({"256x784", "1024x1024"})
    public String shape;

    private Kernels kernels;
    private int rows;
    private int cols;
    private float[] a;
    private float[] x;
    private float[] y;

    @Setup
    public void setUp() {
        kernels = Impl.kernels(impl);
        String[] dims = shape.split("x");
        rows = Integer.parseInt(dims[0]);
        cols = Integer.parseInt(dims[1]);
        SplittableRandom random = new SplittableRandom(2);
        a = Impl.random(random, rows * cols);
        x = Impl.random(random, cols);
        y = new float[rows];
    }

    @Benchmark
    public float[] gemv() {
        kernels.gemv(rows, cols, a, 0, x, 0, y, 0, false);
        return y;
    }
}
