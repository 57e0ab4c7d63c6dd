package vmlp.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vmlp.report.Fixtures.row;
import static vmlp.report.Fixtures.table;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of the committed fixture: table cells against values computed by hand from the
 * fixture's scores, and every chart a readable image.
 */
class ReportRendererTest {

    private static String render(Path dir, Machine machine, Comparison comparison) throws IOException {
        BenchmarkResults results = BenchmarkResults.read(Fixtures.copy("results.json", dir.resolve("in")));
        List<Path> written = new ReportRenderer(results, machine,
                List.of("./vmlp bench --targets --out bench-1", "./vmlp report bench-1/results.json"), comparison)
                .write(dir.resolve("out"));
        assertEquals(dir.resolve("out").resolve("report.md"), written.getFirst());
        return Files.readString(written.getFirst());
    }

    @Test
    void gemmTableShowsTimeGflopsAndRatiosComputedFromTheScores(@TempDir Path dir) throws IOException {
        String md = render(dir, Machine.unknown(), null);
        Map<String, String> nt = row(table(md, "Matrix products (GEMM)"), Map.of("form", "NT", "shape", "128x784x256"));
        // scores: scalar 22120.48 ± 1100.58, vector 486.86 ± 56.22, native 390.31 ± 24.68 µs
        assertEquals("22120.48 ± 1100.58", nt.get("scalar µs"));
        assertEquals("486.86 ± 56.22", nt.get("vector µs"));
        assertEquals("390.31 ± 24.68", nt.get("native µs"));
        // 2·128·784·256 = 51 380 224 FLOP in 486.86 µs = 105.5 GFLOP/s
        assertEquals("105.5", nt.get("vector GFLOP/s"));
        assertEquals("131.6", nt.get("native GFLOP/s"));
        assertEquals("2.3", nt.get("scalar GFLOP/s"));
        assertEquals("45.43×", nt.get("vector/scalar"));   // 22120.48 / 486.86
        assertEquals("0.80×", nt.get("vector/native"));    // 390.31 / 486.86
        Map<String, String> small = row(table(md, "Matrix products (GEMM)"), Map.of("shape", "128x128x10"));
        assertEquals("57.8", small.get("vector GFLOP/s"));  // 2·128·128·10 / 5.67 µs
        assertEquals("1.22×", small.get("vector/native"));  // 6.93 / 5.67
    }

    @Test
    void otherKernelsShowTheirOwnRates(@TempDir Path dir) throws IOException {
        String md = render(dir, Machine.unknown(), null);
        Map<String, String> gemv = row(table(md, "Matrix-vector products"), Map.of("shape", "256x784"));
        assertEquals("47.2", gemv.get("vector GFLOP/s"));   // 2·256·784 / 8.50 µs
        assertEquals("20.14×", gemv.get("vector/scalar"));
        Map<String, String> network = row(table(md, "Network 784-256-128-10"), Map.of());
        assertEquals("102828", network.get("vector samples/s"));   // 128 rows / 1244.80 µs
        assertEquals("31.92×", network.get("vector/scalar"));
        Map<String, String> sigmoid = row(table(md, "Activations"), Map.of("op", "sigmoid"));
        assertEquals("2.65", sigmoid.get("vector elements/ns"));   // 2^20 / 395.43 µs
        Map<String, String> toy = row(table(md, "The blog's toy problem"), Map.of());
        assertEquals("1977.59", toy.get("scalar µs"), "no ± where JMH wrote the error as NaN");
    }

    @Test
    void throughputTableShowsSamplesPerSecondAndTheSpeedUpOverOneThread(@TempDir Path dir) throws IOException {
        String md = render(dir, Machine.unknown(), null);
        List<Map<String, String>> threads = table(md, "Training and inference throughput");
        Map<String, String> train2 = row(threads, Map.of("benchmark", "Training.train", "threads", "2"));
        assertEquals("39572 ± 455252", train2.get("samples/s"));
        assertEquals("0.51×", train2.get("vs 1 thread"));   // 39572 / 77589
        Map<String, String> infer2 = row(threads, Map.of("benchmark", "Inference.predict", "threads", "2"));
        assertEquals("1.88×", infer2.get("vs 1 thread"));   // 475329 / 253053
        assertEquals("1.00×", row(threads, Map.of("benchmark", "Inference.predict", "threads", "1")).get("vs 1 thread"));
    }

    @Test
    void everyChartIsAReadablePngAndTheReportLinksIt(@TempDir Path dir) throws IOException {
        String md = render(dir, Machine.unknown(), null);
        for (String chart : List.of(ReportRenderer.IMPL_CHART, ReportRenderer.SIZE_CHART, ReportRenderer.THREADS_CHART)) {
            BufferedImage image = ImageIO.read(dir.resolve("out").resolve(chart).toFile());
            assertNotNull(image, chart + " is not an image ImageIO can read");
            assertTrue(image.getWidth() >= 640 && image.getHeight() >= 400, chart);
            assertTrue(md.contains("](" + chart + ")"), "the report shows " + chart);
        }
        assertTrue(md.contains("measured single-core peak, 105.5 GFLOP/s, the best vector result of this run"), md);
        try (var files = Files.list(dir.resolve("out"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".tmp.")), "no temporary file left");
        }
    }

    @Test
    void reportStatesTheMachineAndTheCommandsThatReproduceIt(@TempDir Path dir) throws IOException {
        Machine machine = Machine.read(Fixtures.copy("machine.json", dir));
        String md = render(dir, machine, null);
        assertTrue(md.contains("| CPU | Intel(R) Xeon(R) Processor |"), md);
        assertTrue(md.contains("| cores | 2 available to the JVM |"), md);
        assertTrue(md.contains("| preferred vector species | 512-bit, 16 float lanes |"), md);
        assertTrue(md.contains("| JDK | 25.0.3+9-LTS (Eclipse Adoptium), OpenJDK 64-Bit Server VM 25.0.3+9-LTS |"), md);
        assertTrue(md.contains("| load average before (1, 5, 15 min) | 1.80 2.69 2.47 |"), md);
        assertTrue(md.contains("| load average after | 1.03 1.31 1.85 |"), md);
        assertTrue(md.contains("```\n./vmlp bench --targets --out bench-1\n./vmlp report bench-1/results.json\n```"), md);
        assertTrue(md.contains("Profile `targets`, 2026-12-03T18:20:22Z to 2026-12-03T18:35:40Z: 19 results from JMH 1.37."), md);
    }

    @Test
    void aRunWithoutMachineJsonSaysUnknown(@TempDir Path dir) throws IOException {
        String md = render(dir, Machine.unknown(), null);
        assertTrue(md.contains("| CPU | unknown |"), md);
        assertTrue(md.contains("| load average before (1, 5, 15 min) | unknown |"), md);
        assertTrue(md.contains("| JVM of the forks | 25.0.3, OpenJDK 64-Bit Server VM 25.0.3+9-LTS |"),
                "what JMH itself recorded is still known");
    }

    @Test
    void comparisonShowsThePercentChangeAndMarksOnlyChangesBeyondTheErrors(@TempDir Path dir) throws IOException {
        BenchmarkResults before = BenchmarkResults.read(Fixtures.copy("baseline.json", dir));
        BenchmarkResults after = BenchmarkResults.read(Fixtures.copy("results.json", dir.resolve("after")));
        Comparison comparison = Comparison.of(before, after, "baseline.json");
        String md = render(dir, Machine.unknown(), comparison);
        List<Map<String, String>> rows = table(md, "Compared with baseline.json");
        assertEquals(4, rows.size());
        // 650 ± 56.22 → 486.86 ± 56.22 µs: |−163.14| > 112.44
        Map<String, String> faster = row(rows, Map.of("benchmark", "GemmBenchmark.gemm form=NT impl=vector shape=128x784x256"));
        assertEquals("-25.1%", faster.get("change"));
        assertEquals("**faster**, beyond error", faster.get(""));
        // 400 ± 24.68 → 390.31 ± 24.68 µs: 9.69 < 49.35
        Map<String, String> same = row(rows, Map.of("benchmark", "GemmBenchmark.gemm form=NT impl=native shape=128x784x256"));
        assertEquals("-2.4%", same.get("change"));
        assertEquals("within error", same.get(""));
        // 7.00 ± 0.30 → 8.50 ± 0.44 µs: 1.50 > 0.74
        Map<String, String> slower = row(rows, Map.of("benchmark", "GemvBenchmark.gemv impl=vector shape=256x784"));
        assertEquals("+21.5%", slower.get("change"));
        assertEquals("**slower**, beyond error", slower.get(""));
        assertEquals("7.00 ± 0.30", slower.get("before"));
        // a throughput: 90000 ± 5000 → 77589 ± 23818 samples/s, within the errors
        Map<String, String> training = row(rows, Map.of("benchmark", "TrainingBenchmark.train batch=128 threads=1"));
        assertEquals("-13.8%", training.get("change"));
        assertEquals("within error", training.get(""));
        assertTrue(md.contains("Removed (only in the baseline): `ToyBenchmark.thousandEpochs impl=vector`"), md);
        assertEquals(15, comparison.added().size());
        assertTrue(md.contains("|after − before| > error before + error after"), "the report states the rule");
    }
}
