package vmlp.serve;

import java.util.Map;
import java.util.Objects;
import vmlp.data.Standardizer;
import vmlp.nn.Network;

/**
 * What the server serves: a network, the standardisation its inputs went through in training (or
 * null), and the model file's metadata, shown by {@code GET /v1/model}.
 */
public record ServedModel(Network network, Standardizer standardizer, Map<String, String> metadata) {

    public ServedModel {
        Objects.requireNonNull(network, "network");
        metadata = Map.copyOf(metadata);
        if (standardizer != null && standardizer.cols() != network.inputs()) {
            throw new IllegalArgumentException("standardiser has " + standardizer.cols()
                    + " columns, the network " + network.inputs() + " inputs");
        }
    }

    /** The layer {@code /v1/embed} returns by default: the last hidden layer, or the output layer of a one-layer network. */
    int defaultEmbeddingLayer() {
        return Math.max(0, network.layers().size() - 2);
    }
}
