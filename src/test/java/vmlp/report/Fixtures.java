package vmlp.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The committed fixtures and a reader of the report's Markdown tables.
 *
 * <p>{@code results.json}: 19 entries cut from real runs on the 2-core reference machine (the
 * {@code targets} profile for the kernels and the network, a short run of TrainingBenchmark and
 * InferenceBenchmark, and one {@code quick} ToyBenchmark entry whose error JMH wrote as "NaN");
 * the percentiles and, but for the first entry, the raw data were dropped to keep it small.
 * {@code baseline.json}: copies of four of them with edited scores, and one entry the results do not
 * have. {@code machine.json}: as {@code vmlp bench} writes it.
 */
public final class Fixtures {

    private Fixtures() {}

    /** Copies the fixture {@code name} into {@code dir} and returns its path there. */
    public static Path copy(String name, Path dir) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/vmlp/report/" + name)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + name + " is missing");
            }
            Path file = dir.resolve(name);
            Files.createDirectories(dir);
            Files.copy(in, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The rows of the Markdown table under the heading that starts with {@code heading}, each a map
     * from column header to cell.
     */
    public static List<Map<String, String>> table(String markdown, String heading) {
        String[] lines = markdown.split("\n");
        int i = 0;
        while (i < lines.length && !lines[i].startsWith("## " + heading)) {
            i++;
        }
        if (i == lines.length) {
            throw new AssertionError("no section \"" + heading + "\" in:\n" + markdown);
        }
        while (i < lines.length && !lines[i].startsWith("|")) {
            i++;
        }
        List<String> header = cells(lines[i]);
        List<Map<String, String>> rows = new ArrayList<>();
        for (i += 2; i < lines.length && lines[i].startsWith("|"); i++) {
            List<String> cells = cells(lines[i]);
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), cells.get(c));
            }
            rows.add(row);
        }
        return rows;
    }

    /** The one row of {@code table} whose cells include all of {@code keys}' values. */
    public static Map<String, String> row(List<Map<String, String>> table, Map<String, String> keys) {
        List<Map<String, String>> found = table.stream()
                .filter(r -> keys.entrySet().stream().allMatch(k -> k.getValue().equals(r.get(k.getKey())))).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " rows match " + keys + " in " + table);
        }
        return found.getFirst();
    }

    private static List<String> cells(String line) {
        String inner = line.strip();
        inner = inner.substring(1, inner.length() - 1);
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split(" \\| ", -1)) {
            cells.add(cell.strip());
        }
        return cells;
    }
}
