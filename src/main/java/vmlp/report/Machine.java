package vmlp.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vmlp.io.Json;
import vmlp.kernel.KernelsProvider;

/**
 * The machine a benchmark run measured, and the circumstances of the run: captured by
 * {@code vmlp bench} when it starts (the load average again when it ends) and saved as
 * {@code machine.json} beside {@code results.json}, so that a report rendered later states them.
 * Whatever could not be found is {@value #UNKNOWN}.
 *
 * @param cpu the CPU model ({@code model name} in {@code /proc/cpuinfo}), else the OS architecture
 * @param cores the processors available to the JVM
 * @param vectorBits the preferred vector species' width in bits (0 when the vector module is absent)
 * @param vectorLanes the float lanes of that species (0 likewise)
 * @param kernels which kernels the library chose here and why ({@link KernelsProvider#describe()})
 * @param jdk the JDK's version
 * @param jdkVendor the JDK's vendor
 * @param vm the JVM's name and version
 * @param os the operating system, its version and architecture
 * @param nativeReference the native BLAS the {@code native} variants call, or why there are none
 * @param profile the suite's profile ({@code quick}, {@code targets}, {@code full})
 * @param command the command line that ran the benchmarks
 * @param loadBefore {@code /proc/loadavg}'s 1, 5 and 15 minute averages when the run started
 * @param loadAfter the same when it ended
 * @param started when the run started (ISO 8601 with the offset)
 * @param finished when it ended
 */
public record Machine(String cpu, int cores, int vectorBits, int vectorLanes, String kernels, String jdk,
        String jdkVendor, String vm, String os, String nativeReference, String profile, String command,
        String loadBefore, String loadAfter, String started, String finished) {

    /** What a field holds when it is not known. */
    public static final String UNKNOWN = "unknown";

    private static final Pattern SPECIES = Pattern.compile("preferred species (\\d+)-bit, (\\d+) float lanes");

    /** Nothing known: the report of results saved without {@code machine.json}. */
    public static Machine unknown() {
        return new Machine(UNKNOWN, 0, 0, 0, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN,
                UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN);
    }

    /** This machine and JVM now, before a run of {@code profile} started by {@code command}. */
    public static Machine capture(String profile, String command, String nativeReference) {
        String kernels = KernelsProvider.describe();
        Matcher species = SPECIES.matcher(kernels);
        boolean known = species.find();
        return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(),
                known ? Integer.parseInt(species.group(1)) : 0, known ? Integer.parseInt(species.group(2)) : 0,
                kernels, Runtime.version().toString(), System.getProperty("java.vendor", UNKNOWN),
                System.getProperty("java.vm.name", "") + " " + System.getProperty("java.vm.version", ""),
                System.getProperty("os.name", "") + " " + System.getProperty("os.version", "")
                        + " (" + System.getProperty("os.arch", "") + ")",
                nativeReference, profile, command, loadAverage(), UNKNOWN, now(), UNKNOWN);
    }

    /** This record with the load average and the time now: call it when the run has ended. */
    public Machine finish() {
        return new Machine(cpu, cores, vectorBits, vectorLanes, kernels, jdk, jdkVendor, vm, os, nativeReference,
                profile, command, loadBefore, loadAverage(), started, now());
    }

    /** The preferred species in words: {@code 512-bit, 16 float lanes}. */
    public String species() {
        return vectorBits == 0 ? UNKNOWN : vectorBits + "-bit, " + vectorLanes + " float lanes";
    }

    /** The 1, 5 and 15 minute load averages from {@code /proc/loadavg}, or {@value #UNKNOWN}. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : UNKNOWN;
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /** {@code model name} from {@code /proc/cpuinfo} (Linux), else the architecture Java reports. */
    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    int colon = line.indexOf(':');
                    if (colon > 0 && !line.substring(colon + 1).isBlank()) {
                        return line.substring(colon + 1).strip();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the architecture below
        }
        return System.getProperty("os.arch", UNKNOWN);
    }

    private static String now() {
        return ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    // ------------------------------------------------------------------------------ machine.json

    /** Writes this record as a JSON object to {@code file}, atomically. */
    public void write(Path file) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("cpu", cpu);
        fields.put("cores", cores);
        fields.put("vectorBits", vectorBits);
        fields.put("vectorLanes", vectorLanes);
        fields.put("kernels", kernels);
        fields.put("jdk", jdk);
        fields.put("jdkVendor", jdkVendor);
        fields.put("vm", vm);
        fields.put("os", os);
        fields.put("nativeReference", nativeReference);
        fields.put("profile", profile);
        fields.put("command", command);
        fields.put("loadBefore", loadBefore);
        fields.put("loadAfter", loadAfter);
        fields.put("started", started);
        fields.put("finished", finished);
        StringBuilder json = new StringBuilder("{\n");
        var entries = fields.entrySet().iterator();
        while (entries.hasNext()) {
            var e = entries.next();
            json.append("  ").append(Json.write(e.getKey())).append(": ").append(Json.write(e.getValue()))
                    .append(entries.hasNext() ? ",\n" : "\n");
        }
        json.append("}\n");
        ReportRenderer.writeText(file, json.toString());
    }

    /**
     * Reads {@code machine.json}; a field that is missing is {@value #UNKNOWN}.
     *
     * @throws IllegalArgumentException when the file is not a JSON object
     */
    public static Machine read(Path file) throws IOException {
        if (Files.size(file) > 1 << 20) {
            throw new IllegalArgumentException(file + " is larger than any machine.json (1 MiB)");
        }
        Object root;
        try {
            root = Json.parse(Files.readString(file, StandardCharsets.UTF_8), 4);
        } catch (Json.SyntaxException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(file + " is not a machine description (a JSON object)");
        }
        return new Machine(text(map, "cpu"), number(map, "cores"), number(map, "vectorBits"),
                number(map, "vectorLanes"), text(map, "kernels"), text(map, "jdk"), text(map, "jdkVendor"),
                text(map, "vm"), text(map, "os"), text(map, "nativeReference"), text(map, "profile"),
                text(map, "command"), text(map, "loadBefore"), text(map, "loadAfter"), text(map, "started"),
                text(map, "finished"));
    }

    private static String text(Map<?, ?> map, String key) {
        return map.get(key) instanceof String s && !s.isBlank() ? s : UNKNOWN;
    }

    private static int number(Map<?, ?> map, String key) {
        return map.get(key) instanceof Long n && n >= 0 && n <= Integer.MAX_VALUE ? n.intValue() : 0;
    }
}
