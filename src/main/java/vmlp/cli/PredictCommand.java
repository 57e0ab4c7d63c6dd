package vmlp.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vmlp.data.Matrix;
import vmlp.io.Model;
import vmlp.nn.Loss;
import vmlp.nn.Network;

/** {@code vmlp predict}: the model's answer for each row, as CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predict each row of the inputs, as CSV: row, class, then one probability per class",
                "(or row, then the predicted values, for a regressor)."})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    InputOptions input;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Write here instead of standard output.")
    Path out;

    @Override
    public Integer call() throws IOException {
        Model m = model.load();
        Network network = m.network();
        Matrix x = input.features();
        if (x.cols() != network.inputs()) {
            throw new IllegalArgumentException(input.data + " has " + x.cols() + " features per row but the model takes "
                    + network.inputs());
        }
        float[] p = m.predict(x.values(), x.rows());
        if (out == null) {
            PrintWriter w = spec.commandLine().getOut();
            write(w, network, p, x.rows());
            w.flush();
        } else {
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
                write(w, network, p, x.rows());
            }
            spec.commandLine().getErr().printf("wrote %d predictions to %s%n", x.rows(), out);
        }
        return 0;
    }

    private static void write(Writer w, Network network, float[] p, int rows) throws IOException {
        int outputs = network.outputs();
        boolean classifier = !(network.loss() instanceof Loss.MeanSquaredError);
        StringBuilder line = new StringBuilder(classifier ? "row,class" : "row");
        for (int j = 0; j < outputs; j++) {
            line.append(classifier ? ",p" : ",y").append(outputs == 1 && classifier ? 1 : j);
        }
        w.write(line.append('\n').toString());
        int[] classes = classifier ? Network.argmaxRows(p, rows, outputs) : null;
        for (int r = 0; r < rows; r++) {
            line.setLength(0);
            line.append(r);
            if (classifier) {
                line.append(',').append(classes[r]);
            }
            for (int j = 0; j < outputs; j++) {
                line.append(',').append(p[r * outputs + j]);
            }
            w.write(line.append('\n').toString());
        }
    }
}
