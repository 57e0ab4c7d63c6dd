package vmlp.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vmlp.kernel.KernelsProvider;

/** {@code vmlp info}: the JDK, the cores, and which kernels run here and why. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Show the JDK, the CPU cores and the kernels chosen (and why);",
                "with a model file, its architecture and metadata."})
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "MODEL.safetensors",
            description = "A model file to describe.")
    java.nio.file.Path modelFile;

    @Override
    public Integer call() throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("java:    %s (%s, %s)%n", Runtime.version(), System.getProperty("java.vm.name"),
                System.getProperty("java.vendor"));
        out.printf("os:      %s %s (%s)%n", System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"));
        out.printf("cores:   %d available to the JVM%n", Runtime.getRuntime().availableProcessors());
        out.printf("kernels: %s%n", KernelsProvider.describe());
        if (modelFile != null) {
            vmlp.io.Model model = vmlp.io.ModelFile.load(modelFile);
            out.printf("%nmodel:   %s%n", modelFile);
            out.printf("network: %s%n", model.network());
            out.printf("inputs:  %s%n", model.standardizer().isPresent() ? "standardised with the training data's"
                    + " mean and standard deviation" : "used as they are");
            model.metadata().forEach((k, v) -> out.printf("  %-24s %s%n", k,
                    v.length() > 100 ? v.substring(0, 97) + "..." : v));
        }
        return 0;
    }
}
