package vmlp.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;
import vmlp.io.Model;
import vmlp.io.ModelFile;
import vmlp.nn.Activation;

/** The options that name a model file: {@code --model} and, for a PyTorch file, {@code --activations}. */
final class ModelOptions {

    @Option(names = "--model", required = true, paramLabel = "FILE.safetensors",
            description = "A model saved by 'vmlp train --save', or a PyTorch nn.Sequential state dict in safetensors"
                    + " (then give --activations).")
    Path file;

    @Option(names = "--activations", split = ",", paramLabel = "NAME",
            description = "One activation per Linear layer, for a file without vmlp metadata, e.g. relu,relu,softmax.")
    List<String> activations;

    Model load() throws IOException {
        if (activations == null) {
            return ModelFile.load(file);
        }
        return ModelFile.load(file, activations.stream().map(Activation::parse).toList());
    }

    @Override
    public String toString() {
        return file + (activations == null ? "" : " with activations " + Arrays.toString(activations.toArray()));
    }
}
