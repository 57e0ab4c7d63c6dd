package vmlp.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.results.format.ResultFormatType;
import vmlp.report.BenchmarkResults;
import vmlp.report.Machine;
import vmlp.report.ReportRenderer;

/**
 * The benchmark suite in one call: {@code vmlp bench --quick|--targets|--full}, or
 * {@code jmh/run suite quick|targets|full}.
 *
 * <ul>
 *   <li>{@code quick} (about 3 minutes): the 784→256 and 128→10 layers at batch 128 in each form,
 *   gemv 784×256, the network benchmarks, training and inference on 1 and 2 threads; one fork,
 *   short iterations. For iterating.</li>
 *   <li>{@code targets} (about 17 minutes): every shape the targets table names, with the settings
 *   found stable on 2 shared cores ({@code -f 2 -wi 2 -w 1s -i 5 -r 1s}).</li>
 *   <li>{@code full} (about 45 minutes): every benchmark and every parameter, stable settings.</li>
 * </ul>
 * The benchmarks run in forked JVMs (their {@code @Fork} adds the module flags); each part writes
 * JMH JSON, and at the end the parts are merged into one {@code results.json}, the machine and the
 * load average go to {@code machine.json}, and {@link ReportRenderer} writes {@code report.md} and
 * its charts, all in the output folder. When no OpenBLAS is found, the native variants are left
 * out with one line saying so.
 */
public final class Suite {

    /** The profiles, in the order of their running time. */
    public static final List<String> PROFILES = List.of("quick", "targets", "full");
    private record Part(String benchmark, Map<String, String[]> params) {}

    private Suite() {}

    /** {@code Suite [PROFILE [DIR]]}: runs a profile (quick by default) into DIR (by default target/jmh/PROFILE). */
    public static void main(String[] args) throws RunnerException, IOException {
        String profile = args.length > 0 ? args[0] : "quick";
        Path dir = args.length > 1 ? Path.of(args[1]) : Path.of("target", "jmh", profile);
        run(profile, dir, System.out, "jmh/run suite " + profile + (args.length > 1 ? " " + args[1] : ""),
                "./vmlp report " + dir.resolve(ReportRenderer.RESULTS));
    }

    /**
     * Runs {@code profile}, logging JMH's progress to {@code log}, and writes {@code results.json},
     * {@code machine.json}, {@code report.md} and the charts into {@code dir}.
     *
     * @param command the command line that started the run, which the report states
     * @param reportCommand the command line that renders the report again from the saved results
     * @return the files the report consists of, report.md first
     * @throws IllegalArgumentException for an unknown profile
     */
    public static List<Path> run(String profile, Path dir, PrintStream log, String command, String reportCommand)
            throws RunnerException, IOException {
        List<Part> parts = parts(profile);
        boolean stable = !profile.equals("quick");
        Files.createDirectories(dir);
        Path partsDir = Files.createDirectories(dir.resolve("jmh-parts"));
        String nativeReference = NativeBlas.available() ? NativeBlas.library() + " (1 thread)"
                : "none: " + NativeBlas.unavailableReason();
        Machine machine = Machine.capture(profile, command, nativeReference);
        log.println("bench " + profile + ": " + machine.cpu() + ", " + machine.cores() + " cores, " + machine.jdk()
                + ", load " + machine.loadBefore() + ", native = " + nativeReference);
        List<Path> jsons = new ArrayList<>();
        OutputFormat format = OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL);
        for (Part part : parts) {
            Path json = partsDir.resolve(String.format(Locale.ROOT, "%02d-%s.json", jsons.size(), part.benchmark()));
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include("vmlp\\.bench\\." + part.benchmark() + "\\.")
                    .resultFormat(ResultFormatType.JSON)
                    .result(json.toString());
            if (stable) {
                options.forks(2).warmupIterations(2).warmupTime(TimeValue.seconds(1))
                        .measurementIterations(5).measurementTime(TimeValue.seconds(1));
            } else {
                // three iterations: the fewest for which JMH estimates an error (for --compare)
                options.forks(1).warmupIterations(1).warmupTime(TimeValue.milliseconds(700))
                        .measurementIterations(3).measurementTime(TimeValue.milliseconds(500));
            }
            part.params().forEach(options::param);
            new Runner(options.build(), format).run();
            jsons.add(json);
        }
        Path results = dir.resolve(ReportRenderer.RESULTS);
        BenchmarkResults.merge(jsons, results);
        for (Path json : jsons) {
            Files.delete(json);
        }
        try {
            Files.delete(partsDir);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            log.println("bench: left " + partsDir + " in place: it holds files of an earlier run");
        }
        machine = machine.finish();
        machine.write(dir.resolve(ReportRenderer.MACHINE));
        List<Path> written = new ReportRenderer(BenchmarkResults.read(results), machine,
                List.of(command, reportCommand), null).write(dir);
        log.println();
        log.println("bench " + profile + ": load after " + machine.loadAfter() + "; results in " + results
                + ", report in " + written.getFirst());
        return written;
    }

    private static List<Part> parts(String profile) {
        List<String> impls = new ArrayList<>(List.of("scalar", "vector"));
        if (NativeBlas.available()) {
            impls.add("native");
        }
        String[] all = impls.toArray(String[]::new);
        String[] lanes = {"scalar", "vector"};
        String[] oneAndTwo = {"1", "2"};
        return switch (profile) {
            case "quick" -> List.of(
                    part("GemmBenchmark", "impl", all, "form", new String[] {"NT", "TN", "NN"},
                            "shape", new String[] {"128x784x256", "128x128x10"}),
                    part("GemvBenchmark", "impl", all, "shape", new String[] {"256x784"}),
                    part("NetworkBenchmark", "impl", all),
                    part("ToyBenchmark", "impl", lanes),
                    part("TrainingBenchmark", "batch", new String[] {"128"}, "threads", oneAndTwo),
                    part("InferenceBenchmark", "threads", oneAndTwo));
            case "targets" -> List.of(
                    part("GemmBenchmark", "impl", all, "form", new String[] {"NT", "TN", "NN"},
                            "shape", new String[] {"128x784x256", "128x128x10"}),
                    part("GemmBenchmark", "impl", without(all, "scalar"), "form", new String[] {"NT", "TN", "NN"},
                            "shape", new String[] {"1024x784x256", "1024x1024x1024"}),
                    part("GemvBenchmark", "impl", all, "shape", new String[] {"256x784", "1024x1024"}),
                    part("NetworkBenchmark", "impl", all),
                    part("ToyBenchmark", "impl", lanes),
                    part("ActivationBenchmark", "impl", lanes),
                    part("TrainingBenchmark", "batch", new String[] {"128", "256"}, "threads", oneAndTwo),
                    part("InferenceBenchmark", "threads", oneAndTwo));
            case "full" -> List.of(
                    part("GemmBenchmark", "impl", all),
                    part("GemvBenchmark", "impl", all),
                    part("NetworkBenchmark", "impl", all),
                    part("ToyBenchmark", "impl", lanes),
                    part("ActivationBenchmark", "impl", lanes),
                    part("TrainingBenchmark"),
                    part("InferenceBenchmark"));
            default -> throw new IllegalArgumentException("profile " + profile + " is not quick, targets or full");
        };
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
}
