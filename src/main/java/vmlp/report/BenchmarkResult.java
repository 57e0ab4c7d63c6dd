package vmlp.report;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One entry of JMH's JSON output ({@code -rf json}): a benchmark method with one set of parameters,
 * its primary score and that score's error (JMH's 99.9% confidence half-width; {@code NaN} when
 * there were too few iterations to estimate one), and the JVM it ran on.
 *
 * @param benchmark the method's full name, {@code vmlp.bench.GemmBenchmark.gemm}
 * @param mode {@code avgt}, {@code thrpt}, {@code ss} or {@code sample}
 * @param threads JMH's worker threads (not a benchmark's own {@code threads} parameter)
 * @param forks the forked JVMs measured
 * @param params the {@code @Param} values, in JMH's order (empty when the benchmark has none)
 * @param score the primary metric, in {@code unit}
 * @param error the half-width of its 99.9% confidence interval, in {@code unit}, or {@code NaN}
 * @param unit {@code us/op}, {@code ops/s}, ...
 * @param jmhVersion the JMH that measured it
 * @param jdkVersion the forked JVM's {@code java.version}
 * @param vm the forked JVM's name and version
 * @param warmup warm-up iterations and time, {@code "2 × 1 s"}
 * @param measurement measurement iterations and time, {@code "5 × 1 s"}
 */
public record BenchmarkResult(String benchmark, String mode, int threads, int forks, Map<String, String> params,
        double score, double error, String unit, String jmhVersion, String jdkVersion, String vm,
        String warmup, String measurement) {

    public BenchmarkResult {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }

    /** The benchmark's class without its package: {@code GemmBenchmark}. */
    public String className() {
        String[] parts = benchmark.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] : benchmark;
    }

    /** The benchmark's method: {@code gemm}. */
    public String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** The parameter's value, or null. */
    public String param(String key) {
        return params.get(key);
    }

    /** The same benchmark and parameters, whatever the order JMH wrote them in: what {@code --compare} matches on. */
    public String key() {
        StringBuilder key = new StringBuilder(className()).append('.').append(method());
        new TreeMap<>(params).forEach((k, v) -> key.append(' ').append(k).append('=').append(v));
        if (threads != 1) {
            key.append(" (").append(threads).append(" JMH threads)");
        }
        return key.toString();
    }

    /** True when a lower score is better (the time modes); false for throughput. */
    public boolean lowerIsBetter() {
        return !mode.equals("thrpt");
    }

    /**
     * Seconds per operation, from the score and its unit whatever the mode ({@code us/op} or
     * {@code ops/ms} alike); {@code NaN} for a unit this does not know.
     */
    public double secondsPerOp() {
        return secondsPerOp(score);
    }

    /** The error as seconds per operation (for a throughput, the error of the rate's reciprocal, to first order). */
    public double errorSecondsPerOp() {
        if (Double.isNaN(error)) {
            return Double.NaN;
        }
        if (lowerIsBetter()) {
            return secondsPerOp(error);
        }
        double t = secondsPerOp();
        return t * error / score;
    }

    private double secondsPerOp(double value) {
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.endsWith("/op")) {
            double seconds = seconds(u.substring(0, u.length() - 3));
            return value * seconds;
        }
        if (u.startsWith("ops/")) {
            double seconds = seconds(u.substring(4));
            return seconds / value;
        }
        return Double.NaN;
    }

    private static double seconds(String unit) {
        return switch (unit) {
            case "s" -> 1;
            case "ms" -> 1e-3;
            case "us", "µs" -> 1e-6;
            case "ns" -> 1e-9;
            case "min" -> 60;
            default -> Double.NaN;
        };
    }
}
