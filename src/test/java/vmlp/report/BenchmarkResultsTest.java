package vmlp.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading JMH JSON, merging the parts of a run, the rate formulas and machine.json. */
class BenchmarkResultsTest {

    @Test
    void readsEveryFieldTheReportUsesFromRealJmhJson(@TempDir Path dir) throws IOException {
        BenchmarkResults results = BenchmarkResults.read(Fixtures.copy("results.json", dir));
        assertEquals(19, results.results().size());
        BenchmarkResult first = results.results().getFirst();
        assertEquals("vmlp.bench.GemmBenchmark.gemm", first.benchmark());
        assertEquals("GemmBenchmark", first.className());
        assertEquals("gemm", first.method());
        assertEquals("avgt", first.mode());
        assertEquals(List.of("form", "impl", "shape"), List.copyOf(first.params().keySet()));
        assertEquals(22120.482922689644, first.score());
        assertEquals(1100.5819078247507, first.error());
        assertEquals("us/op", first.unit());
        assertEquals(2, first.forks());
        assertEquals("2 × 1 s", first.warmup());
        assertEquals("25.0.3", first.jdkVersion());
        assertEquals(22120.482922689644e-6, first.secondsPerOp(), 1e-15);
        BenchmarkResult toy = results.results().getLast();
        assertTrue(Double.isNaN(toy.error()), "JMH writes a missing error as the string \"NaN\"");
    }

    @Test
    void ratesComeFromTheShapeAndTheBatch(@TempDir Path dir) throws IOException {
        List<BenchmarkResult> r = BenchmarkResults.read(Fixtures.copy("results.json", dir)).results();
        BenchmarkResult gemm = r.get(1);   // vector NT 128x784x256, 486.86 µs
        assertEquals(new Workload(Workload.Kind.FLOP, 2.0 * 128 * 784 * 256), Workload.of(gemm));
        assertEquals(2.0 * 128 * 784 * 256 / 486.86117046478284e-6 / 1e9, Workload.rate(gemm), 1e-9);
        BenchmarkResult gemv = r.get(7);
        assertEquals(2.0 * 256 * 784, Workload.of(gemv).perOp());
        BenchmarkResult training = r.get(14);   // a throughput in ops/s, one op = one row
        assertEquals(77589.39004417893, Workload.rate(training), 1e-6);
        assertEquals(Double.NaN, Workload.dimensionProduct("a x b"));
    }

    @Test
    void aFileThatIsNotJmhJsonIsAClearError(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("data.csv"), "a,b\n1,2\n");
        var e = assertThrows(IllegalArgumentException.class, () -> BenchmarkResults.read(csv));
        assertTrue(e.getMessage().startsWith(csv + " is not JMH JSON: unexpected character 'a'"), e.getMessage());
        Path object = Files.writeString(dir.resolve("o.json"), "{\"benchmark\": \"x\"}");
        e = assertThrows(IllegalArgumentException.class, () -> BenchmarkResults.read(object));
        assertEquals(object + " is not JMH JSON: expected an array of results (-rf json)", e.getMessage());
        Path noScore = Files.writeString(dir.resolve("n.json"), "[{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\"}]");
        e = assertThrows(IllegalArgumentException.class, () -> BenchmarkResults.read(noScore));
        assertEquals(noScore + ": result 1 (a.B.c) has no primaryMetric; is this JMH JSON?", e.getMessage());
        Path empty = Files.writeString(dir.resolve("e.json"), "[]");
        e = assertThrows(IllegalArgumentException.class, () -> BenchmarkResults.read(empty));
        assertEquals(empty + " holds no benchmark results", e.getMessage());
    }

    @Test
    void mergeJoinsThePartsOfARunIntoOneArray(@TempDir Path dir) throws IOException {
        Path a = Fixtures.copy("results.json", dir.resolve("a"));
        Path b = Fixtures.copy("baseline.json", dir.resolve("b"));
        Path merged = dir.resolve("results.json");
        BenchmarkResults.merge(List.of(a, b), merged);
        List<BenchmarkResult> all = BenchmarkResults.read(merged).results();
        assertEquals(19 + 5, all.size());
        assertEquals(BenchmarkResults.read(b).results(), all.subList(19, 24));
    }

    @Test
    void machineJsonRoundTripsAndMissingFieldsAreUnknown(@TempDir Path dir) throws IOException {
        Machine now = Machine.capture("quick", "./vmlp bench --quick", "none: test").finish();
        assertTrue(now.cores() >= 1);
        assertTrue(!now.cpu().isBlank() && !now.jdk().equals(Machine.UNKNOWN));
        Path file = dir.resolve("machine.json");
        now.write(file);
        assertEquals(now, Machine.read(file));
        Files.writeString(file, "{\"cpu\": \"X\"}");
        Machine partial = Machine.read(file);
        assertEquals("X", partial.cpu());
        assertEquals(Machine.UNKNOWN, partial.loadBefore());
        assertEquals(Machine.UNKNOWN, partial.species());
    }
}
