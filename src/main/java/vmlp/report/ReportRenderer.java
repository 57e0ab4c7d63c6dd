package vmlp.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import vmlp.data.AtomicFile;

/**
 * Renders a benchmark run as {@code report.md} with PNG charts beside it: the machine, the command
 * lines that reproduce the report, a table per benchmark (time, rate and ratios for each
 * implementation), training and inference throughput against threads, and, given a baseline, the
 * change of every benchmark.
 *
 * <p>Benchmarks with an {@code impl} parameter get one row per configuration with a column per
 * implementation ({@code scalar}, {@code vector}, {@code native}) and the ratios
 * {@code vector/scalar} and {@code vector/native}, how many times faster the vector kernels are.
 * Benchmarks with a {@code threads} parameter get the throughput table and the speed-up over one
 * thread. Rates come from {@link Workload}; times are shown in µs with JMH's error ({@code ±}, the
 * 99.9% confidence half-width) where it has one.
 */
public final class ReportRenderer {

    /** The report's file name. */
    public static final String REPORT = "report.md";
    /** The merged JMH JSON of a run, beside the report. */
    public static final String RESULTS = "results.json";
    /** The machine and circumstances of a run ({@link Machine}), beside the results. */
    public static final String MACHINE = "machine.json";
    /** Bar chart: GFLOP/s of every product configuration, one bar per implementation. */
    public static final String IMPL_CHART = "impl-by-shape.png";
    /** GFLOP/s against the FLOP of a GEMM, with the run's single-core peak. */
    public static final String SIZE_CHART = "gflops-by-size.png";
    /** Throughput against threads. */
    public static final String THREADS_CHART = "threads.png";

    static final List<String> IMPLS = List.of("scalar", "vector", "native");

    private final BenchmarkResults results;
    private final Machine machine;
    private final List<String> commands;
    private final Comparison comparison;

    /**
     * @param commands the command lines that reproduce the report, in order (the run, the rendering)
     * @param comparison the comparison with a baseline, or null
     */
    public ReportRenderer(BenchmarkResults results, Machine machine, List<String> commands, Comparison comparison) {
        this.results = results;
        this.machine = machine;
        this.commands = List.copyOf(commands);
        this.comparison = comparison;
    }

    /** Writes {@code report.md} and its charts into {@code dir} (created when missing); returns the files written. */
    public List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        List<String> charts = BenchmarkCharts.write(results, peak(), dir);
        String markdown = markdown(charts);
        Path report = dir.resolve(REPORT);
        writeText(report, markdown);
        written.add(report);
        charts.forEach(c -> written.add(dir.resolve(c)));
        return written;
    }

    /** The report's Markdown, linking the charts named. */
    String markdown(List<String> charts) {
        StringBuilder md = new StringBuilder();
        BenchmarkResult first = results.results().getFirst();
        md.append("# vmlp benchmark report\n\n");
        md.append(String.format(Locale.ROOT, "Profile `%s`, %s to %s: %d results from JMH %s.%n%n",
                machine.profile(), machine.started(), machine.finished(), results.results().size(),
                first.jmhVersion().isEmpty() ? Machine.UNKNOWN : first.jmhVersion()));
        machineSection(md, first);
        reproduceSection(md);

        Map<String, List<BenchmarkResult>> byClass = new LinkedHashMap<>();
        for (BenchmarkResult r : results.results()) {
            byClass.computeIfAbsent(r.className(), c -> new ArrayList<>()).add(r);
        }
        List<BenchmarkResult> threaded = new ArrayList<>();
        List<BenchmarkResult> other = new ArrayList<>();
        for (var entry : byClass.entrySet()) {
            List<BenchmarkResult> group = entry.getValue();
            if (group.stream().allMatch(r -> r.param("impl") != null)) {
                implSection(md, entry.getKey(), group);
            } else if (group.stream().allMatch(r -> r.param("threads") != null)) {
                threaded.addAll(group);
            } else {
                other.addAll(group);
            }
        }
        if (!threaded.isEmpty()) {
            threadSection(md, threaded);
        }
        if (!other.isEmpty()) {
            otherSection(md, other);
        }
        chartSection(md, charts);
        if (comparison != null) {
            comparisonSection(md, comparison);
        }
        return md.toString();
    }

    // ------------------------------------------------------------------------------- sections

    private void machineSection(StringBuilder md, BenchmarkResult first) {
        md.append("## Machine\n\n| | |\n| --- | --- |\n");
        row(md, "CPU", machine.cpu());
        row(md, "cores", machine.cores() == 0 ? Machine.UNKNOWN : machine.cores() + " available to the JVM");
        row(md, "preferred vector species", machine.species());
        row(md, "kernels", machine.kernels());
        row(md, "JDK", machine.jdk() + " (" + machine.jdkVendor() + "), " + machine.vm());
        row(md, "JVM of the forks", first.jdkVersion().isEmpty() ? Machine.UNKNOWN
                : first.jdkVersion() + ", " + first.vm());
        row(md, "OS", machine.os());
        row(md, "native reference", machine.nativeReference());
        row(md, "load average before (1, 5, 15 min)", machine.loadBefore());
        row(md, "load average after", machine.loadAfter());
        md.append('\n');
        md.append("A load average near or above the core count means other work shared the cores: the "
                + "multi-threaded figures suffer first.\n\n");
    }

    private void reproduceSection(StringBuilder md) {
        md.append("## Reproduce\n\n```\n");
        commands.forEach(c -> md.append(c).append('\n'));
        md.append("```\n\n");
        // the settings of each benchmark, grouped: one line when the whole run used the same
        Map<String, Set<String>> settings = new LinkedHashMap<>();
        for (BenchmarkResult r : results.results()) {
            String s = String.format(Locale.ROOT, "%s fork(s), warm-up %s, measurement %s per fork",
                    r.forks() == 0 ? "?" : r.forks(), orUnknown(r.warmup()), orUnknown(r.measurement()));
            settings.computeIfAbsent(s, k -> new LinkedHashSet<>()).add(r.className());
        }
        md.append("JMH settings: ");
        if (settings.size() == 1) {
            md.append(settings.keySet().iterator().next());
        } else {
            md.append(String.join("; ", settings.entrySet().stream()
                    .map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")").toList()));
        }
        md.append(". `±` is JMH's 99.9% confidence half-width (none when there were too few iterations to "
                + "estimate one).\n\n");
    }

    private static String title(String className) {
        return switch (className) {
            case "GemmBenchmark" -> "Matrix products (GEMM), one thread\n\n`shape` is batch × inputs × outputs of "
                    + "a dense layer; NT is its forward pass, TN the weight gradient, NN the input gradient; "
                    + "each is 2·batch·inputs·outputs FLOP.";
            case "GemvBenchmark" -> "Matrix-vector products (GEMV), one thread\n\n`shape` is rows × cols; "
                    + "2·rows·cols FLOP.";
            case "NetworkBenchmark" -> "Network 784-256-128-10, one thread\n\n`trainStep`: forward, backward and "
                    + "an SGD update on a batch of " + Workload.NETWORK_TRAIN_BATCH + "; `inferBatch1`, "
                    + "`inferBatch1024`: a forward pass on 1 and " + Workload.NETWORK_INFER_BATCH + " rows. "
                    + "`native` runs the products on the native BLAS, the rest on the vector kernels.";
            case "ActivationBenchmark" -> "Activations, one thread\n\nEach over " + Workload.ACTIVATION_ELEMENTS
                    + " floats; softmax on rows of 10.";
            case "ToyBenchmark" -> "The blog's toy problem\n\n1000 epochs of full-batch gradient descent on the "
                    + "4-8-1 sigmoid network (10 rows).";
            default -> className;
        };
    }

    /** One row per configuration, a time and a rate per implementation, and the ratios. */
    private void implSection(StringBuilder md, String className, List<BenchmarkResult> group) {
        md.append("## ").append(title(className)).append("\n\n");
        boolean methods = group.stream().map(BenchmarkResult::method).distinct().count() > 1;
        List<String> keys = paramKeys(group, k -> !k.equals("impl"));
        List<String> impls = impls(group);
        Workload.Kind kind = Workload.of(group.getFirst()).kind();
        Map<String, Map<String, BenchmarkResult>> rows = new LinkedHashMap<>();
        for (BenchmarkResult r : group) {
            rows.computeIfAbsent(config(r, keys, methods), c -> new LinkedHashMap<>()).put(r.param("impl"), r);
        }
        List<String> header = new ArrayList<>();
        if (methods) {
            header.add("benchmark");
        }
        header.addAll(keys);
        impls.forEach(i -> header.add(i + " µs"));
        if (kind != Workload.Kind.NONE) {
            impls.forEach(i -> header.add(i + " " + kind.unit()));
        }
        boolean vsScalar = impls.contains("vector") && impls.contains("scalar");
        boolean vsNative = impls.contains("vector") && impls.contains("native");
        if (vsScalar) {
            header.add("vector/scalar");
        }
        if (vsNative) {
            header.add("vector/native");
        }
        tableHeader(md, header, methods ? 1 + keys.size() : keys.size());
        for (Map<String, BenchmarkResult> byImpl : rows.values()) {
            BenchmarkResult any = byImpl.values().iterator().next();
            List<String> cells = new ArrayList<>();
            if (methods) {
                cells.add(any.method());
            }
            keys.forEach(k -> cells.add(Optional.ofNullable(any.param(k)).orElse("")));
            impls.forEach(i -> cells.add(micros(byImpl.get(i))));
            if (kind != Workload.Kind.NONE) {
                impls.forEach(i -> cells.add(byImpl.containsKey(i) ? rate(byImpl.get(i)) : ""));
            }
            if (vsScalar) {
                cells.add(ratio(byImpl.get("scalar"), byImpl.get("vector")));
            }
            if (vsNative) {
                cells.add(ratio(byImpl.get("native"), byImpl.get("vector")));
            }
            tableRow(md, cells);
        }
        md.append('\n');
    }

    /** Throughput against the {@code threads} parameter, with the speed-up over one thread. */
    private void threadSection(StringBuilder md, List<BenchmarkResult> group) {
        md.append("## Training and inference throughput, by threads\n\n");
        md.append("MNIST-shaped network 784-256-128-10; training is one epoch of 8192 rows with Adam "
                + "(the same bits for any thread count), inference 4096 rows per call. Threads beyond the "
                + "cores, or a loaded machine, give no speed-up.\n\n");
        List<String> keys = paramKeys(group, k -> !k.equals("threads"));
        List<String> header = new ArrayList<>(List.of("benchmark"));
        header.addAll(keys);
        header.addAll(List.of("threads", "samples/s", "vs 1 thread"));
        tableHeader(md, header, 1 + keys.size() + 1);
        for (BenchmarkResult r : group) {
            List<String> cells = new ArrayList<>(List.of(r.className().replace("Benchmark", "") + "." + r.method()));
            keys.forEach(k -> cells.add(Optional.ofNullable(r.param(k)).orElse("")));
            cells.add(r.param("threads"));
            cells.add(rateWithError(r));
            BenchmarkResult one = group.stream().filter(o -> o.benchmark().equals(r.benchmark())
                    && "1".equals(o.param("threads")) && sameExcept(o, r, "threads")).findFirst().orElse(null);
            cells.add(one == null ? "" : String.format(Locale.ROOT, "%.2f×", Workload.rate(r) / Workload.rate(one)));
            tableRow(md, cells);
        }
        md.append('\n');
    }

    private void otherSection(StringBuilder md, List<BenchmarkResult> group) {
        md.append("## Other benchmarks\n\n");
        tableHeader(md, List.of("benchmark", "parameters", "mode", "score", "unit"), 3);
        for (BenchmarkResult r : group) {
            tableRow(md, List.of(r.className() + "." + r.method(), params(r, k -> true), r.mode(),
                    withError(r.score(), r.error(), "%.3f"), r.unit()));
        }
        md.append('\n');
    }

    private void chartSection(StringBuilder md, List<String> charts) {
        if (charts.isEmpty()) {
            return;
        }
        md.append("## Charts\n\n");
        Peak peak = peak();
        for (String chart : charts) {
            switch (chart) {
                case IMPL_CHART -> md.append("GFLOP/s of each product, by implementation (log scale):\n\n");
                case SIZE_CHART -> md.append(String.format(Locale.ROOT, "GFLOP/s of the GEMMs against their size "
                        + "(2·batch·inputs·outputs FLOP); the line is the measured single-core peak, %.1f GFLOP/s, the "
                        + "best vector result of this run (%s), not a theoretical peak:%n%n", peak.gflops(), peak.where()));
                case THREADS_CHART -> md.append("Throughput against threads:\n\n");
                default -> { }
            }
            md.append("![").append(chart).append("](").append(chart).append(")\n\n");
        }
    }

    private void comparisonSection(StringBuilder md, Comparison comparison) {
        md.append("## Compared with ").append(comparison.baselineName()).append("\n\n");
        md.append("Change = (after − before) / before of the scores. A change is marked *beyond error* when "
                + "|after − before| > error before + error after (JMH's 99.9% confidence half-widths: the two "
                + "intervals do not overlap); smaller changes are noise as far as these runs can tell.\n\n");
        tableHeader(md, List.of("benchmark", "unit", "before", "after", "change", ""), 2);
        for (Comparison.Row row : comparison.rows()) {
            tableRow(md, List.of(row.after().key(), row.after().unit(),
                    withError(row.before().score(), row.before().error(), "%.2f"),
                    withError(row.after().score(), row.after().error(), "%.2f"),
                    String.format(Locale.ROOT, "%+.1f%%", row.changePercent()), row.verdict().mark()));
        }
        md.append('\n');
        if (!comparison.added().isEmpty()) {
            md.append("Added (not in the baseline): ");
            md.append(String.join(", ", comparison.added().stream().map(r -> "`" + r.key() + "`").toList()));
            md.append("\n\n");
        }
        if (!comparison.removed().isEmpty()) {
            md.append("Removed (only in the baseline): ");
            md.append(String.join(", ", comparison.removed().stream().map(r -> "`" + r.key() + "`").toList()));
            md.append("\n\n");
        }
    }

    /** Writes {@code text} as UTF-8 to {@code file}, atomically. */
    static void writeText(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(file, channel -> {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        });
    }

    // --------------------------------------------------------------------------------- values

    /** The best vector GFLOP/s of the run: the measured single-core peak the size chart draws. */
    record Peak(double gflops, String where) {}

    Peak peak() {
        Peak best = new Peak(Double.NaN, "");
        for (BenchmarkResult r : results.results()) {
            double rate = Workload.rate(r);
            if ("vector".equals(r.param("impl")) && Workload.of(r).kind() == Workload.Kind.FLOP
                    && (Double.isNaN(best.gflops()) || rate > best.gflops())) {
                best = new Peak(rate, r.className().replace("Benchmark", "") + " " + params(r, k -> !k.equals("impl")));
            }
        }
        return best;
    }

    static String micros(BenchmarkResult r) {
        if (r == null) {
            return "";
        }
        return withError(r.secondsPerOp() * 1e6, r.errorSecondsPerOp() * 1e6, "%.2f");
    }

    static String rate(BenchmarkResult r) {
        double rate = Workload.rate(r);
        return Double.isNaN(rate) ? "" : String.format(Locale.ROOT, format(Workload.of(r).kind()), rate);
    }

    private static String rateWithError(BenchmarkResult r) {
        double rate = Workload.rate(r);
        if (Double.isNaN(rate)) {
            return withError(r.score(), r.error(), "%.1f") + " " + r.unit();
        }
        double error = rate * r.errorSecondsPerOp() / r.secondsPerOp();
        return withError(rate, error, format(Workload.of(r).kind()));
    }

    private static String format(Workload.Kind kind) {
        return switch (kind) {
            case FLOP -> "%.1f";
            case SAMPLES -> "%.0f";
            case ELEMENTS -> "%.2f";
            case NONE -> "%.3f";
        };
    }

    /** How many times faster {@code v} is than {@code reference}. */
    static String ratio(BenchmarkResult reference, BenchmarkResult v) {
        if (reference == null || v == null) {
            return "";
        }
        return String.format(Locale.ROOT, "%.2f×", reference.secondsPerOp() / v.secondsPerOp());
    }

    private static String withError(double value, double error, String format) {
        String v = String.format(Locale.ROOT, format, value);
        return Double.isNaN(error) ? v : v + " ± " + String.format(Locale.ROOT, format, error);
    }

    private static String orUnknown(String s) {
        return s.isEmpty() ? Machine.UNKNOWN : s;
    }

    static List<String> impls(List<BenchmarkResult> group) {
        Set<String> present = new LinkedHashSet<>();
        group.forEach(r -> present.add(r.param("impl")));
        List<String> ordered = new ArrayList<>(IMPLS.stream().filter(present::contains).toList());
        present.stream().filter(i -> !IMPLS.contains(i)).forEach(ordered::add);
        return ordered;
    }

    private static List<String> paramKeys(List<BenchmarkResult> group, Predicate<String> keep) {
        Set<String> keys = new LinkedHashSet<>();
        group.forEach(r -> r.params().keySet().stream().filter(keep).forEach(keys::add));
        return new ArrayList<>(keys);
    }

    private static String config(BenchmarkResult r, List<String> keys, boolean method) {
        StringBuilder c = new StringBuilder(method ? r.method() : "");
        keys.forEach(k -> c.append('\u0000').append(r.param(k)));
        return c.toString();
    }

    static String params(BenchmarkResult r, Predicate<String> keep) {
        List<String> parts = new ArrayList<>();
        r.params().forEach((k, v) -> {
            if (keep.test(k)) {
                parts.add(k + "=" + v);
            }
        });
        return String.join(" ", parts);
    }

    private static boolean sameExcept(BenchmarkResult a, BenchmarkResult b, String key) {
        Map<String, String> pa = new LinkedHashMap<>(a.params());
        Map<String, String> pb = new LinkedHashMap<>(b.params());
        pa.remove(key);
        pb.remove(key);
        return pa.equals(pb);
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }

    /** A header whose first {@code textColumns} columns are left-aligned, the rest (numbers) right-aligned. */
    private static void tableHeader(StringBuilder md, List<String> header, int textColumns) {
        tableRow(md, header);
        md.append('|');
        for (int i = 0; i < header.size(); i++) {
            md.append(i < textColumns ? " --- |" : " ---: |");
        }
        md.append('\n');
    }

    private static void tableRow(StringBuilder md, List<String> cells) {
        md.append('|');
        for (String cell : cells) {
            md.append(' ').append(cell.replace("|", "\\|")).append(" |");
        }
        md.append('\n');
    }
}
