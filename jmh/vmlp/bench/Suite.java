package vmlp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The benchmark suite in one command: {@code jmh/run suite quick|targets|full}.
 *
 * <ul>
 *   <li>{@code quick} (about 2 minutes): the 784→256 and 128→10 layers at batch 128 in each form,
 *   gemv 784×256, the network benchmarks; one fork, short iterations. For iterating.</li>
 *   <li>{@code targets} (about 15 minutes): every shape the targets table names, with the settings
 *   found stable on 2 shared cores ({@code -f 2 -wi 2 -w 1s -i 5 -r 1s}).</li>
 *   <li>{@code full} (about 40 minutes): every benchmark and every parameter, stable settings.</li>
 * </ul>
 * Each benchmark class writes JMH JSON to {@code target/jmh/<profile>-<Benchmark>.json}; at the end
 * one table (time, GFLOP/s or samples/s, vector/scalar and vector/native ratios) is printed and
 * written to {@code target/jmh/<profile>.md}. When no OpenBLAS is found, the native variants are
 * left out with one line saying so.
 */
public final class Suite {

    private record Part(String benchmark, Map<String, String[]> params) {}

    public static void main(String[] args) throws RunnerException, IOException {
        String profile = args.length > 0 ? args[0] : "quick";
        boolean stable = !profile.equals("quick");
        List<String> impls = new ArrayList<>(List.of("scalar", "vector"));
        if (NativeBlas.available()) {
            impls.add("native");
        } else {
            System.out.println("suite: native variants skipped: " + NativeBlas.unavailableReason());
        }
        String[] all = impls.toArray(String[]::new);
        String[] lanes = {"scalar", "vector"};
        List<Part> parts = switch (profile) {
            case "quick" -> List.of(
                    part("GemmBenchmark", "impl", all, "form", new String[] {"NT", "TN", "NN"},
                            "shape", new String[] {"128x784x256", "128x128x10"}),
                    part("GemvBenchmark", "impl", all, "shape", new String[] {"256x784"}),
                    part("NetworkBenchmark", "impl", all),
                    part("ToyBenchmark", "impl", lanes));
            case "targets" -> List.of(
                    part("GemmBenchmark", "impl", all, "form", new String[] {"NT", "TN", "NN"},
                            "shape", new String[] {"128x784x256", "128x128x10"}),
                    part("GemmBenchmark", "impl", without(all, "scalar"), "form", new String[] {"NT", "TN", "NN"},
                            "shape", new String[] {"1024x784x256", "1024x1024x1024"}),
                    part("GemvBenchmark", "impl", all, "shape", new String[] {"256x784", "1024x1024"}),
                    part("NetworkBenchmark", "impl", all),
                    part("ToyBenchmark", "impl", lanes),
                    part("ActivationBenchmark", "impl", lanes));
            case "full" -> List.of(
                    part("GemmBenchmark", "impl", all),
                    part("GemvBenchmark", "impl", all),
                    part("NetworkBenchmark", "impl", all),
                    part("ToyBenchmark", "impl", lanes),
                    part("ActivationBenchmark", "impl", lanes));
            default -> throw new IllegalArgumentException("profile " + profile + " is not quick, targets or full");
        };

        Path dir = Path.of("target", "jmh");
        Files.createDirectories(dir);
        String header = "suite " + profile + ": " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                + ", " + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, load before " + loadAverage()
                + (NativeBlas.available() ? ", native = " + NativeBlas.library() + " (1 thread)" : "");
        System.out.println(header);
        List<RunResult> results = new ArrayList<>();
        for (Part part : parts) {
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include("vmlp\\.bench\\." + part.benchmark() + "\\.")
                    .resultFormat(ResultFormatType.JSON)
                    .result(dir.resolve(profile + "-" + part.benchmark() + results.size() + ".json").toString());
            if (stable) {
                options.forks(2).warmupIterations(2).warmupTime(TimeValue.seconds(1))
                        .measurementIterations(5).measurementTime(TimeValue.seconds(1));
            } else {
                options.forks(1).warmupIterations(1).warmupTime(TimeValue.milliseconds(700))
                        .measurementIterations(2).measurementTime(TimeValue.milliseconds(500));
            }
            part.params().forEach(options::param);
            results.addAll(new Runner(options.build()).run());
        }
        String table = table(results);
        String footer = "load after " + loadAverage();
        System.out.println();
        System.out.println(header);
        System.out.println(table);
        System.out.println(footer);
        Files.writeString(dir.resolve(profile + ".md"), header + "\n\n" + table + "\n" + footer + "\n");
    }

    private static Part part(String benchmark, Object... params) {
        Map<String, String[]> map = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put((String) params[i], (String[]) params[i + 1]);
        }
        return new Part(benchmark, map);
    }

    private static String[] without(String[] values, String dropped) {
        return java.util.Arrays.stream(values).filter(v -> !v.equals(dropped)).toArray(String[]::new);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The results as a Markdown table, one row per configuration, ratios against the same config's scalar and native. */
    static String table(Collection<RunResult> results) {
        Map<String, Map<String, double[]>> byConfig = new LinkedHashMap<>();   // config -> impl -> {score, error}
        for (RunResult r : results) {
            var params = r.getParams();
            String bench = params.getBenchmark().replaceFirst("^vmlp\\.bench\\.", "");
            StringBuilder config = new StringBuilder(bench);
            for (String key : params.getParamsKeys()) {
                if (!key.equals("impl")) {
                    config.append(' ').append(key).append('=').append(params.getParam(key));
                }
            }
            var score = r.getPrimaryResult();
            byConfig.computeIfAbsent(config.toString(), c -> new LinkedHashMap<>())
                    .put(params.getParam("impl"), new double[] {score.getScore(), score.getScoreError()});
        }
        StringBuilder out = new StringBuilder();
        out.append("| benchmark | scalar µs | vector µs | native µs | vector rate | native rate | vector/scalar | vector/native |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (var entry : byConfig.entrySet()) {
            String config = entry.getKey();
            Map<String, double[]> byImpl = entry.getValue();
            double[] s = byImpl.get("scalar");
            double[] v = byImpl.get("vector");
            double[] n = byImpl.get("native");
            out.append("| ").append(config)
                    .append(" | ").append(time(s)).append(" | ").append(time(v)).append(" | ").append(time(n))
                    .append(" | ").append(rate(config, v)).append(" | ").append(rate(config, n))
                    .append(" | ").append(ratio(s, v)).append(" | ").append(ratio(n, v)).append(" |\n");
        }
        return out.toString();
    }

    private static String time(double[] score) {
        return score == null ? "" : String.format(Locale.ROOT, "%.2f ± %.2f", score[0], score[1]);
    }

    /** How many times faster {@code v} is than {@code reference} (both times). */
    private static String ratio(double[] reference, double[] v) {
        return reference == null || v == null ? "" : String.format(Locale.ROOT, "%.2f×", reference[0] / v[0]);
    }

    /** GFLOP/s for products, samples/s for the network, elements/ns for activations. */
    private static String rate(String config, double[] score) {
        if (score == null) {
            return "";
        }
        double micros = score[0];
        String shape = param(config, "shape");
        if (config.startsWith("GemmBenchmark") || config.startsWith("GemvBenchmark")) {
            double flop = 2;
            for (String d : shape.split("x")) {
                flop *= Double.parseDouble(d);
            }
            return String.format(Locale.ROOT, "%.1f GFLOP/s", flop / micros / 1e3);
        }
        if (config.startsWith("NetworkBenchmark.trainStep")) {
            return String.format(Locale.ROOT, "%.0fk samples/s", NetworkBenchmark.TRAIN_BATCH / micros * 1e3);
        }
        if (config.startsWith("NetworkBenchmark.inferBatch1024")) {
            return String.format(Locale.ROOT, "%.0fk samples/s", NetworkBenchmark.INFER_BATCH / micros * 1e3);
        }
        if (config.startsWith("NetworkBenchmark.inferBatch1")) {
            return String.format(Locale.ROOT, "%.1f µs/sample", micros);
        }
        if (config.startsWith("ActivationBenchmark")) {
            return String.format(Locale.ROOT, "%.2f elem/ns", ActivationBenchmark.N / micros / 1e3);
        }
        return String.format(Locale.ROOT, "%.2f ms", micros / 1e3);
    }

    private static String param(String config, String key) {
        for (String token : config.split(" ")) {
            if (token.startsWith(key + "=")) {
                return token.substring(key.length() + 1);
            }
        }
        return "";
    }

}
