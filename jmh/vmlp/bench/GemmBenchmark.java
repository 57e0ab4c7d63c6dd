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
 * The three GEMM forms of a dense layer, one thread, for each implementation.
 *
 * <p>{@code shape} is {@code batch x inputs x outputs}; the layer's weights are
 * {@code outputs × inputs}. Each form is the product backpropagation needs:
 * <ul>
 *   <li>NT, forward: {@code Z[batch×out] = X[batch×in]·W[out×in]ᵀ};</li>
 *   <li>TN, weight gradient: {@code dW[out×in] = dZ[batch×out]ᵀ·X[batch×in]};</li>
 *   <li>NN, input gradient: {@code dX[batch×in] = dZ[batch×out]·W[out×in]}.</li>
 * </ul>
 * Every form is {@code 2·batch·in·out} FLOP; the report ({@link vmlp.report.Workload}) shows GFLOP/s from that.
 * {@code impl=native} is OpenBLAS's {@code cblas_sgemm} through FFM.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GemmBenchmark {

    @Param({"scalar", "vector", "native"})
    public String impl;

    @Param({"NT", "TN", "NN"})
    public String form;

    @Param({"1x784x256", "32x784x256", "128x784x256", "1024x784x256",
            "1x256x128", "32x256x128", "128x256x128", "1024x256x128",
            "1x128x10", "32x128x10", "128x128x10", "1024x128x10",
            "1024x1024x1024"})
    public String shape;

    private Kernels kernels;
    private int batch;
    private int inputs;
    private int outputs;
    private float[] x;        // batch × inputs
    private float[] w;        // outputs × inputs
    private float[] z;        // batch × outputs, also dZ
    private float[] dw;       // outputs × inputs
    private float[] dx;       // batch × inputs

    @Setup
    public void setUp() {
        kernels = Impl.kernels(impl);
        String[] dims = shape.split("x");
        batch = Integer.parseInt(dims[0]);
        inputs = Integer.parseInt(dims[1]);
        outputs = Integer.parseInt(dims[2]);
        SplittableRandom random = new SplittableRandom(1);
        x = Impl.random(random, batch * inputs);
        w = Impl.random(random, outputs * inputs);
        z = Impl.random(random, batch * outputs);
        dw = new float[outputs * inputs];
        dx = new float[batch * inputs];
    }

    @Benchmark
    public float[] gemm() {
        switch (form) {
            case "NT" -> {
                kernels.gemmNT(batch, outputs, inputs, x, 0, w, 0, z, 0, false);
                return z;
            }
            case "TN" -> {
                kernels.gemmTN(outputs, inputs, batch, z, 0, x, 0, dw, 0, false);
                return dw;
            }
            default -> {
                kernels.gemmNN(batch, inputs, outputs, z, 0, w, 0, dx, 0, false);
                return dx;
            }
        }
    }
}
