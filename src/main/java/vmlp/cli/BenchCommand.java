package vmlp.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import vmlp.bench.Suite;
import vmlp.report.ReportRenderer;

/**
 * {@code vmlp bench}: runs the JMH suite in forked JVMs and writes a report people can share
 * ({@code report.md}, charts, {@code results.json}, {@code machine.json}) into a new folder.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run the JMH benchmark suite (scalar vs vector vs native BLAS, training and inference",
                "by threads) in forked JVMs and write report.md, charts, results.json and machine.json.",
                "Close other work first: the report records the load average before and after."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    static final class Profile {
        @Option(names = "--quick", description = "About 3 minutes: the main layer shapes, one fork (the default).")
        boolean quick;

        @Option(names = "--targets", description = "About 17 minutes: every shape of the performance targets, "
                + "2 forks × 5 iterations.")
        boolean targets;

        @Option(names = "--full", description = "About 45 minutes: every benchmark and parameter.")
        boolean full;

        String name() {
            return full ? "full" : targets ? "targets" : "quick";
        }
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Profile profile = new Profile();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for the report (default: bench-YYYYMMDD-HHMMSS here); must not hold results yet.")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String name = (profile == null ? new Profile() : profile).name();
        Path dir = out != null ? out
                : Path.of("bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.exists(dir.resolve(ReportRenderer.RESULTS))) {
            throw new IllegalArgumentException(dir + " already holds " + ReportRenderer.RESULTS + "; choose another --out");
        }
        String command = "./vmlp bench --" + name + " --out " + dir;
        String reportCommand = "./vmlp report " + dir.resolve(ReportRenderer.RESULTS);
        err.println("vmlp bench: the " + name + " profile into " + dir + " (JMH's progress follows)");
        err.flush();
        // JMH prints its progress to a PrintStream: the process's own output
        List<Path> written = Suite.run(name, dir, System.out, command, reportCommand);
        PrintWriter out = spec.commandLine().getOut();
        out.println("report: " + written.getFirst());
        written.stream().skip(1).forEach(chart -> out.println("chart:  " + chart));
        out.println("results: " + dir.resolve(ReportRenderer.RESULTS) + " (render again with: " + reportCommand + ")");
        return 0;
    }
}
