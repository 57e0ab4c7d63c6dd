package vmlp.report;

import java.util.Locale;

/**
 * What one operation of a benchmark does, so that a time becomes a rate: the only place the report
 * knows the arithmetic of the benchmarks in {@code jmh/vmlp/bench} (which take their sizes from the
 * constants here).
 *
 * <ul>
 *   <li>{@code GemmBenchmark}, shape {@code batch x inputs x outputs}: {@code 2·batch·inputs·outputs}
 *   FLOP (one multiply and one add per term of each dot product), in every form (NT, TN, NN);</li>
 *   <li>{@code GemvBenchmark}, shape {@code rows x cols}: {@code 2·rows·cols} FLOP;</li>
 *   <li>{@code NetworkBenchmark}: {@value #NETWORK_TRAIN_BATCH} samples per {@code trainStep},
 *   {@value #NETWORK_INFER_BATCH} per {@code inferBatch1024}, 1 per {@code inferBatch1};</li>
 *   <li>{@code ActivationBenchmark}: {@value #ACTIVATION_ELEMENTS} elements per call;</li>
 *   <li>{@code TrainingBenchmark}, {@code InferenceBenchmark}: throughput benchmarks whose operation
 *   is one row ({@code @OperationsPerInvocation}), so their score is already samples per second.</li>
 * </ul>
 * Anything else has no rate, only its time.
 *
 * @param kind what is counted
 * @param perOp how many of it one operation does
 */
public record Workload(Kind kind, double perOp) {

    /** The batch of {@code NetworkBenchmark.trainStep}. */
    public static final int NETWORK_TRAIN_BATCH = 128;
    /** The batch of {@code NetworkBenchmark.inferBatch1024}. */
    public static final int NETWORK_INFER_BATCH = 1024;
    /** The floats each {@code ActivationBenchmark} call maps: 2²⁰. */
    public static final int ACTIVATION_ELEMENTS = 1 << 20;

    /** What a benchmark counts, the unit its rate is shown in, and the factor from per-second to that unit. */
    public enum Kind {
        FLOP("GFLOP/s", 1e-9), SAMPLES("samples/s", 1), ELEMENTS("elements/ns", 1e-9), NONE("", 0);

        private final String unit;
        private final double scale;

        Kind(String unit, double scale) {
            this.unit = unit;
            this.scale = scale;
        }

        public String unit() {
            return unit;
        }
    }

    private static final Workload NONE = new Workload(Kind.NONE, 0);

    /** The workload of {@code result}'s benchmark. */
    public static Workload of(BenchmarkResult result) {
        return switch (result.className()) {
            case "GemmBenchmark", "GemvBenchmark" -> {
                double product = dimensionProduct(result.param("shape"));
                yield Double.isNaN(product) ? NONE : new Workload(Kind.FLOP, 2 * product);
            }
            case "NetworkBenchmark" -> switch (result.method()) {
                case "trainStep" -> new Workload(Kind.SAMPLES, NETWORK_TRAIN_BATCH);
                case "inferBatch1024" -> new Workload(Kind.SAMPLES, NETWORK_INFER_BATCH);
                case "inferBatch1" -> new Workload(Kind.SAMPLES, 1);
                default -> NONE;
            };
            case "ActivationBenchmark" -> new Workload(Kind.ELEMENTS, ACTIVATION_ELEMENTS);
            case "TrainingBenchmark", "InferenceBenchmark" -> new Workload(Kind.SAMPLES, 1);
            default -> NONE;
        };
    }

    /** {@code result}'s rate in {@link Kind#unit()}, or {@code NaN} when it has none. */
    public static double rate(BenchmarkResult result) {
        Workload w = of(result);
        return w.kind == Kind.NONE ? Double.NaN : w.perOp / result.secondsPerOp() * w.kind.scale;
    }

    /** {@code 128x784x256} → 128·784·256; {@code NaN} when it is not such a shape. */
    static double dimensionProduct(String shape) {
        if (shape == null || shape.isEmpty()) {
            return Double.NaN;
        }
        double product = 1;
        for (String d : shape.toLowerCase(Locale.ROOT).split("x")) {
            try {
                product *= Long.parseLong(d.strip());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return product;
    }
}
