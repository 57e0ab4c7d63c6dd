package vmlp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vmlp.data.Dataset;
import vmlp.io.Model;
import vmlp.nn.Loss;
import vmlp.nn.Network;
import vmlp.train.ClassificationReport;
import vmlp.train.RegressionReport;

/** {@code vmlp eval}: how a saved model does on labelled data. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a model on labelled data.",
                "Classifiers: accuracy, per-class precision/recall/F1, confusion matrix, log-loss.",
                "Regressors: MSE, MAE, R²."})
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    InputOptions input;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Model m = model.load();
        Network network = m.network();
        out.printf("model: %s: %s%n", model, network);
        if (network.loss() instanceof Loss.MeanSquaredError) {
            Dataset data = input.regression();
            checkWidth(data, network);
            float[] p = m.predict(data.features(), data.rows());
            out.print(RegressionReport.of(p, data.targets(), data.rows(), network.outputs()).format());
            return 0;
        }
        if (network.outputs() == 1 || network.loss() instanceof Loss.SoftmaxCrossEntropy) {
            Dataset data = input.classification();
            checkWidth(data, network);
            float[] p = m.predict(data.features(), data.rows());
            out.printf("data:  %s: %d rows%n%n", input.data, data.rows());
            out.print(ClassificationReport.of(p, data.rows(), network.outputs(), data.labels()).format());
            return 0;
        }
        throw new IllegalArgumentException("the model has " + network.outputs()
                + " independent sigmoid outputs (multi-label); eval handles classifiers and regressors");
    }

    static void checkWidth(Dataset data, Network network) {
        if (data.cols() != network.inputs()) {
            throw new IllegalArgumentException("the data have " + data.cols() + " features per row but the model takes "
                    + network.inputs());
        }
    }
}
