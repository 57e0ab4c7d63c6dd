package vmlp.bench;

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
import vmlp.train.ParallelPredictor;

/**
 * Inference throughput of the MNIST network on 1 and 2 threads: {@value #ROWS} rows per call
 * through {@link ParallelPredictor} (chunks of 256 rows split across the pool), in samples per
 * second. Run with {@code jmh/run -f 1 -wi 3 -w 2s -i 5 -r 2s InferenceBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class InferenceBenchmark {

    static final int ROWS = 4096;

    @Param({"1", "2"})
    public int threads;

    private Dataset data;
    private ParallelPredictor predictor;

    @Setup
    public void setUp() {
        data = TrainingBenchmark.mnistLike(ROWS);
        predictor = ParallelPredictor.of(TrainingBenchmark.mnistNetwork(), threads);
    }

    @TearDown
    public void tearDown() {
        predictor.close();
    }

    /** Samples per second (one op = one row). */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public float[] predict() {
        return predictor.predict(data.features(), ROWS);
    }
}
