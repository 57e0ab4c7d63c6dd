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
import vmlp.kernel.KernelsProvider;

/**
 * The three GEMM forms of a 784→256 dense layer at batch 128, scalar against vector, one thread.
 *
 * <p>Each call is {@code 2·128·256·784 = 51.4 MFLOP}, so GFLOP/s = 51.4 / (µs per op) · 1000.
 * <ul>
 *   <li>{@link #forwardNT}: {@code Z[128×256] = X[128×784]·W[256×784]ᵀ};</li>
 *   <li>{@link #weightGradientTN}: {@code dW[256×784] = dZ[128×256]ᵀ·X[128×784]};</li>
 *   <li>{@link #inputGradientNN}: {@code dX[128×784] = dZ[128×256]·W[256×784]}.</li>
 * </ul>
 * Run with {@code jmh/run GemmBenchmark}; quote vector/scalar ratios from one run, with
 * {@code /proc/loadavg} beside them (the reference machine has 2 shared cores).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {

    static final int BATCH = 128;
    static final int INPUTS = 784;
    static final int OUTPUTS = 256;

    @Param({"scalar", "vector"})
    public String impl;

    private Kernels kernels;
    private float[] x;        // BATCH × INPUTS
    private float[] w;        // OUTPUTS × INPUTS
    private float[] z;        // BATCH × OUTPUTS, also dZ
    private float[] dw;       // OUTPUTS × INPUTS
    private float[] dx;       // BATCH × INPUTS

    @Setup
    public void setUp() {
        kernels = switch (impl) {
            case "scalar" -> KernelsProvider.scalar();
            case "vector" -> KernelsProvider.vector();
            default -> throw new IllegalArgumentException("impl " + impl + " is not scalar or vector");
        };
        SplittableRandom random = new SplittableRandom(1);
        x = random(random, BATCH * INPUTS);
        w = random(random, OUTPUTS * INPUTS);
        z = random(random, BATCH * OUTPUTS);
        dw = new float[OUTPUTS * INPUTS];
        dx = new float[BATCH * INPUTS];
    }

    @Benchmark
    public float[] forwardNT() {
        kernels.gemmNT(BATCH, OUTPUTS, INPUTS, x, 0, w, 0, z, 0, false);
        return z;
    }

    @Benchmark
    public float[] weightGradientTN() {
        kernels.gemmTN(OUTPUTS, INPUTS, BATCH, z, 0, x, 0, dw, 0, false);
        return dw;
    }

    @Benchmark
    public float[] inputGradientNN() {
        kernels.gemmNN(BATCH, INPUTS, OUTPUTS, z, 0, w, 0, dx, 0, false);
        return dx;
    }

    private static float[] random(SplittableRandom random, int length) {
        float[] array = new float[length];
        for (int i = 0; i < length; i++) {
            array[i] = (float) random.nextDouble(-1, 1);
        }
        return array;
    }
}
