package vmlp.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vmlp.io.Json;

/**
 * The results of one benchmark run, read from JMH's JSON ({@code -rf json}: an array with one
 * object per benchmark and parameter set) with {@link Json}. Reading is strict: a file that is not
 * such an array, or an entry without a benchmark name, a mode or a primary score, is an
 * {@link IllegalArgumentException} that names the file and the entry.
 */
public record BenchmarkResults(List<BenchmarkResult> results) {

    /** Larger than any JMH run of ours (the full suite writes about 1 MB). */
    static final long MAX_BYTES = 64L << 20;
    private static final int MAX_DEPTH = 16;

    public BenchmarkResults {
        results = List.copyOf(results);
    }

    /** Reads JMH JSON from {@code file}. */
    public static BenchmarkResults read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IllegalArgumentException(file + " is " + size + " bytes, more than any JMH result file ("
                    + MAX_BYTES + "); is it JMH JSON?");
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses JMH JSON; {@code name} is the source, for messages. */
    public static BenchmarkResults parse(String text, String name) {
        Object root;
        try {
            root = Json.parse(text, MAX_DEPTH);
        } catch (Json.SyntaxException e) {
            throw new IllegalArgumentException(name + " is not JMH JSON: " + e.getMessage());
        }
        if (!(root instanceof List<?> entries)) {
            throw new IllegalArgumentException(name + " is not JMH JSON: expected an array of results (-rf json)");
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(name + " holds no benchmark results");
        }
        List<BenchmarkResult> results = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            results.add(entry(entries.get(i), name + ": result " + (i + 1)));
        }
        return new BenchmarkResults(results);
    }

    private static BenchmarkResult entry(Object value, String where) {
        if (!(value instanceof Map<?, ?> entry)) {
            throw new IllegalArgumentException(where + " is not an object; is this JMH JSON?");
        }
        String benchmark = string(entry, "benchmark", where);
        String mode = string(entry, "mode", where);
        if (!(entry.get("primaryMetric") instanceof Map<?, ?> metric)) {
            throw new IllegalArgumentException(where + " (" + benchmark + ") has no primaryMetric; is this JMH JSON?");
        }
        double score = number(metric.get("score"), where + " score");
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException(where + " (" + benchmark + ") has no score");
        }
        double error = metric.containsKey("scoreError") ? number(metric.get("scoreError"), where + " scoreError")
                : Double.NaN;
        String unit = string(metric, "scoreUnit", where);
        Map<String, String> params = new LinkedHashMap<>();
        if (entry.get("params") instanceof Map<?, ?> map) {
            map.forEach((k, v) -> params.put(k.toString(), v.toString()));
        }
        return new BenchmarkResult(benchmark, mode, integer(entry.get("threads"), 1), integer(entry.get("forks"), 0),
                params, score, error, unit, optional(entry, "jmhVersion"), optional(entry, "jdkVersion"),
                (optional(entry, "vmName") + " " + optional(entry, "vmVersion")).trim(),
                iterations(entry, "warmup"), iterations(entry, "measurement"));
    }

    private static String string(Map<?, ?> map, String key, String where) {
        if (!(map.get(key) instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException(where + " has no \"" + key + "\"; is this JMH JSON?");
        }
        return s;
    }

    private static String optional(Map<?, ?> map, String key) {
        return map.get(key) instanceof String s ? s : "";
    }

    /** JMH writes non-finite numbers as strings: {@code "NaN"}, {@code "Infinity"}. */
    private static double number(Object value, String where) {
        return switch (value) {
            case Number n -> n.doubleValue();
            case String s when s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity") -> Double.parseDouble(s);
            case null -> throw new IllegalArgumentException(where + " is missing; is this JMH JSON?");
            default -> throw new IllegalArgumentException(where + " is not a number: " + value);
        };
    }

    private static int integer(Object value, int absent) {
        return value instanceof Long n ? Math.toIntExact(n) : absent;
    }

    private static String iterations(Map<?, ?> entry, String phase) {
        if (entry.get(phase + "Iterations") instanceof Long n) {
            return n + " × " + optional(entry, phase + "Time");
        }
        return "";
    }

    /**
     * Writes one JMH JSON array holding every entry of {@code parts} (each a JMH JSON array), in
     * order, to {@code target}, atomically. The parts are checked to be JMH JSON first; their text
     * is kept as JMH wrote it.
     */
    public static void merge(List<Path> parts, Path target) throws IOException {
        StringBuilder merged = new StringBuilder("[");
        for (Path part : parts) {
            String text = Files.readString(part, StandardCharsets.UTF_8).strip();
            parse(text, part.toString());
            String body = text.substring(1, text.length() - 1).strip();   // parse() saw '[' and ']'
            if (merged.length() > 1) {
                merged.append(',');
            }
            merged.append("\n    ").append(body);
        }
        merged.append("\n]\n");
        ReportRenderer.writeText(target, merged.toString());
    }
}
