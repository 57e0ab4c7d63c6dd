package vmlp.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vmlp.kernel.KernelsProvider;

/** {@code vmlp info}: the JDK, the cores, and which kernels run here and why. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the JDK, the CPU cores and the kernels chosen (and why).")
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("java:    %s (%s, %s)%n", Runtime.version(), System.getProperty("java.vm.name"),
                System.getProperty("java.vendor"));
        out.printf("os:      %s %s (%s)%n", System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"));
        out.printf("cores:   %d available to the JVM%n", Runtime.getRuntime().availableProcessors());
        out.printf("kernels: %s%n", KernelsProvider.describe());
        return 0;
    }
}
