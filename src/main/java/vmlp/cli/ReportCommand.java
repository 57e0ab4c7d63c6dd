package vmlp.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import vmlp.report.BenchmarkResults;
import vmlp.report.Comparison;
import vmlp.report.Machine;
import vmlp.report.ReportRenderer;

/**
 * {@code vmlp report}: renders the report of saved JMH results again, and with {@code --compare}
 * shows the change of every benchmark against a baseline.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Render report.md and charts from saved JMH JSON (results.json of vmlp bench, or any",
                "JMH -rf json file); machine.json beside it describes the machine. With --compare, the",
                "change of each benchmark in percent, marked when it exceeds the two runs' errors."})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RESULTS.json|DIR", description = "JMH JSON, or a folder holding results.json.")
    Path results;

    @Option(names = "--compare", paramLabel = "BASELINE.json|DIR", description = "Results to compare with.")
    Path baseline;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for the report (default: the results' folder).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path resultsFile = resultsFile(results);
        BenchmarkResults after = BenchmarkResults.read(resultsFile);
        Path machineFile = resultsFile.resolveSibling(ReportRenderer.MACHINE);
        Machine machine = Files.isRegularFile(machineFile) ? Machine.read(machineFile) : Machine.unknown();
        Comparison comparison = null;
        if (baseline != null) {
            Path baselineFile = resultsFile(baseline);
            comparison = Comparison.of(BenchmarkResults.read(baselineFile), after, baselineFile.toString());
        }
        Path dir = out != null ? out : resultsFile.toAbsolutePath().getParent();

        List<String> commands = new ArrayList<>();
        if (!machine.command().equals(Machine.UNKNOWN)) {
            commands.add(machine.command());
        }
        commands.add("./vmlp report " + results + (baseline != null ? " --compare " + baseline : "")
                + (out != null ? " --out " + out : ""));
        List<Path> written = new ReportRenderer(after, machine, commands, comparison).write(dir);

        PrintWriter o = spec.commandLine().getOut();
        o.println("report: " + written.getFirst() + " (" + after.results().size() + " results"
                + (machine.command().equals(Machine.UNKNOWN) ? ", no " + ReportRenderer.MACHINE + " beside them" : "") + ")");
        written.stream().skip(1).forEach(chart -> o.println("chart:  " + chart));
        if (comparison != null) {
            long beyond = comparison.rows().stream().filter(r -> r.verdict() == Comparison.Verdict.FASTER
                    || r.verdict() == Comparison.Verdict.SLOWER).count();
            o.printf("compared with %s: %d in both, %d changed beyond error, %d added, %d removed%n",
                    comparison.baselineName(), comparison.rows().size(), beyond, comparison.added().size(),
                    comparison.removed().size());
        }
        return 0;
    }

    /** The file itself, or results.json in a folder. */
    private static Path resultsFile(Path path) {
        return Files.isDirectory(path) ? path.resolve(ReportRenderer.RESULTS) : path;
    }
}
