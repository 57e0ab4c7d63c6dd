package vmlp.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code vmlp} command. Exit codes: 0 success, 1 failure (one line on standard error, the
 * stack trace too with {@code --verbose}), 2 a usage error.
 */
@Command(name = "vmlp", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Multi-layer perceptrons trained from scratch on the JDK Vector API.",
        subcommands = {DemoCommand.class, TrainCommand.class, EvalCommand.class, PredictCommand.class,
                EmbedCommand.class, ServeCommand.class, InfoCommand.class, BenchCommand.class, ReportCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(out, err, args);
        out.flush(); // print() does not flush by itself, and exit() would drop what is buffered
        err.flush();
        System.exit(code);
    }

    /** Runs the command line and returns its exit code (the entry point of the CLI tests). */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            boolean verbose = parsed.originalArgs().contains("--verbose");
            line.getErr().println("vmlp " + line.getCommandName() + ": error: " + describe(e));
            if (verbose) {
                e.printStackTrace(line.getErr());
            } else {
                line.getErr().println("(run with --verbose for the stack trace)");
            }
            line.getErr().flush();
            return 1;
        });
        return cli.execute(args);
    }

    /** One line that says what went wrong, in the user's terms. */
    static String describe(Exception e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException f -> "no such file: " + f.getFile();
            case java.nio.file.AccessDeniedException f -> "permission denied: " + f.getFile();
            case java.io.IOException io -> "cannot read or write: " + io.getMessage();
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is missing; try: vmlp demo");
    }

    /** The version from the jar's manifest ("dev" when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"vmlp " + (v != null ? v : "dev") + " on Java " + Runtime.version()};
        }
    }
}
