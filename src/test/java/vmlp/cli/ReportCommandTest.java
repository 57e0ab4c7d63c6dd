package vmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vmlp.cli.Run.vmlp;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmlp.report.Fixtures;

/** {@code vmlp report} end to end on the committed fixtures, and {@code vmlp bench}'s checks that need no JMH run. */
class ReportCommandTest {

    @Test
    void reportOnAFolderWritesTheReportAndChartsBesideTheResults(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("bench-1");
        Fixtures.copy("results.json", run);
        Fixtures.copy("machine.json", run);
        Run r = vmlp("report", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("report: " + run.toAbsolutePath().resolve("report.md") + " (19 results)"), r.out());
        String md = Files.readString(run.resolve("report.md"));
        assertTrue(md.contains("./vmlp bench --targets --out bench-20261203-182022\n./vmlp report " + run + "\n"),
                "the bench command from machine.json, then this one: " + md);
        for (String chart : new String[] {"impl-by-shape.png", "gflops-by-size.png", "threads.png"}) {
            assertNotNull(ImageIO.read(run.resolve(chart).toFile()), chart);
        }
    }

    @Test
    void compareCountsTheChangesBeyondErrorAndWritesWhereAsked(@TempDir Path dir) throws IOException {
        Path results = Fixtures.copy("results.json", dir.resolve("new"));
        Path baseline = Fixtures.copy("baseline.json", dir.resolve("old"));
        Path out = dir.resolve("cmp");
        Run r = vmlp("report", results.toString(), "--compare", baseline.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("(19 results, no machine.json beside them)"), r.out());
        assertTrue(r.out().contains("compared with " + baseline + ": 4 in both, 2 changed beyond error, 15 added, 1 removed"),
                r.out());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("## Compared with " + baseline), md);
        assertTrue(md.contains("./vmlp report " + results + " --compare " + baseline + " --out " + out), md);
        assertFalse(Files.exists(results.resolveSibling("report.md")), "--out, not beside the results");
    }

    @Test
    void aMissingFileIsOneLineAndExitCodeOne(@TempDir Path dir) {
        Run r = vmlp("report", dir.resolve("nope.json").toString());
        assertEquals(1, r.exitCode());
        assertEquals("vmlp report: error: no such file: " + dir.resolve("nope.json"), r.err().lines().findFirst().orElseThrow());
        Run folder = vmlp("report", dir.toString());
        assertEquals(1, folder.exitCode());
        assertTrue(folder.err().startsWith("vmlp report: error: no such file: " + dir.resolve("results.json")), folder.err());
    }

    @Test
    void aFileThatIsNotJmhJsonIsOneLineAndExitCodeOne(@TempDir Path dir) throws IOException {
        Path model = Files.writeString(dir.resolve("data.csv"), "x,y\n1,2\n");
        Run r = vmlp("report", model.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("vmlp report: error: " + model + " is not JMH JSON: "), r.err());
        Path results = Fixtures.copy("results.json", dir.resolve("ok"));
        Run badBaseline = vmlp("report", results.toString(), "--compare", model.toString());
        assertEquals(1, badBaseline.exitCode());
        assertTrue(badBaseline.err().startsWith("vmlp report: error: " + model + " is not JMH JSON: "), badBaseline.err());
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, vmlp("report").exitCode(), "the results are required");
        assertEquals(2, vmlp("bench", "--quick", "--full").exitCode(), "one profile at a time");
    }

    @Test
    void benchRefusesAFolderThatAlreadyHoldsResults(@TempDir Path dir) {
        Fixtures.copy("results.json", dir);
        Run r = vmlp("bench", "--quick", "--out", dir.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("vmlp bench: error: " + dir + " already holds results.json; choose another --out"),
                r.err());
    }
}
