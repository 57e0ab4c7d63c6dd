package vmlp.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import vmlp.data.Standardizer;
import vmlp.nn.Network;

/**
 * What a model file holds: the network, the standardisation its inputs need (if it was trained on
 * standardised features), and the metadata strings.
 *
 * <p>On a loaded model {@link #metadata()} is everything the file's {@code __metadata__} held,
 * the {@code vmlp.*} entries included; when saving, the {@code vmlp.*} entries are written afresh
 * from the network and the standardizer, and any of those in the map are ignored, so a loaded model
 * saves back as it was.
 *
 * @param network the network (its parameters are not copied)
 * @param standardizer the per-feature standardisation to apply to raw inputs before the network
 * @param metadata string entries, in order (copied; the copy is unmodifiable)
 */
public record Model(Network network, Optional<Standardizer> standardizer, Map<String, String> metadata) {

    /**
     * @throws IllegalArgumentException when the standardizer's width differs from the network's
     *     inputs
     */
    public Model {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(standardizer, "standardizer");
        Objects.requireNonNull(metadata, "metadata");
        standardizer.ifPresent(s -> {
            if (s.cols() != network.inputs()) {
                throw new IllegalArgumentException("the standardizer has " + s.cols()
                        + " features but the network takes " + network.inputs());
            }
        });
        Map<String, String> copy = new LinkedHashMap<>();
        metadata.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "metadata key"),
                Objects.requireNonNull(v, () -> "metadata value of " + k)));
        metadata = Collections.unmodifiableMap(copy);
    }

    /** A model of the network alone: no standardisation, no metadata. */
    public static Model of(Network network) {
        return new Model(network, Optional.empty(), Map.of());
    }

    /** A model of the network whose raw inputs go through {@code standardizer} first. */
    public static Model of(Network network, Standardizer standardizer) {
        return new Model(network, Optional.of(standardizer), Map.of());
    }

    /**
     * The network's predictions for {@code rows} raw input rows: standardised first when the model
     * has a standardizer, as they were in training.
     */
    public float[] predict(float[] rawInputs, int rows) {
        float[] x = standardizer.map(s -> s.apply(rawInputs)).orElse(rawInputs);
        return network.predict(x, rows);
    }

    /** The same model with one more metadata entry (replacing one of the same key). */
    public Model withMetadata(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(metadata);
        more.put(key, value);
        return new Model(network, standardizer, more);
    }
}
