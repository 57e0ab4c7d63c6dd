package vmlp.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import vmlp.data.Standardizer;
import vmlp.nn.Activation;
import vmlp.nn.Dense;
import vmlp.nn.Loss;
import vmlp.data.AtomicFile;
import vmlp.nn.Network;

/**
 * Saves and loads models in the safetensors layout, so that PyTorch can read what vmlp trains and
 * vmlp can serve what PyTorch trains.
 *
 * <p><b>Tensors.</b> Layer {@code l} (0-based) of the network is written as {@code (2l).weight}
 * ({@code [outputs, inputs]}, the layout of {@code nn.Linear}) and {@code (2l).bias}
 * ({@code [outputs]}), the names {@code nn.Sequential(Linear, act, Linear, act, …)} gives its
 * state dict, float32 little-endian, in parameter order, so the data section is the network's
 * flat parameter array byte for byte. ({@code nn.Identity()} stands in for a layer without
 * activation.) A file written by PyTorch may number its layers in any increasing order
 * ({@code 0, 2, 4} or {@code 0, 1, 2}); each weight must be {@code [out, in]} with {@code in} the
 * previous layer's {@code out}, each bias {@code [out]}.
 *
 * <p><b>Metadata</b> ({@code __metadata__}; safetensors allows only strings there):
 * <ul>
 *   <li>{@code vmlp.format}: {@code "1"}, the version of this layout;</li>
 *   <li>{@code vmlp.version}: the vmlp that wrote it ({@code "dev"} when not run from a jar);</li>
 *   <li>{@code vmlp.architecture}: JSON text, e.g.
 *       {@code {"inputs":784,"layers":[{"units":256,"activation":"relu"},{"units":10,"activation":"softmax"}]}}
 *       (JSON rather than a compact {@code 784-256:relu-10:softmax}, because an activation name such
 *       as {@code leaky_relu:1.0E-4} may hold the separators);</li>
 *   <li>{@code vmlp.loss}: the loss's name ({@code ce}, {@code bce}, {@code mse});</li>
 *   <li>{@code vmlp.standardize.mean}, {@code vmlp.standardize.std} (only when the model has a
 *       standardizer): the per-feature values, comma-separated, each written by
 *       {@link Float#toString(float)}, which reads back to the same bits. They live in the metadata
 *       rather than as extra tensors so that the tensors are exactly the {@code nn.Sequential}'s
 *       state dict and PyTorch's strict {@code load_state_dict} accepts the file as it is;</li>
 *   <li>{@code vmlp.checksum}: {@code crc32c:} and 8 lowercase hex digits, the CRC32C of the data
 *       section;</li>
 *   <li>then the caller's own entries ({@link Model#metadata()}), except keys under {@code vmlp.}.</li>
 * </ul>
 *
 * <p><b>Writing</b> is atomic ({@link AtomicFile}): a temporary file in the same folder, forced to
 * the device, renamed over the target; if anything fails the previous file is untouched.
 *
 * <p><b>Loading</b> validates before it allocates (see {@link SafeTensors}): the header length
 * against the file size and a 100 MB cap, the JSON's shape, dtype F32, each tensor's offsets inside
 * the data section and tiling it, the shapes against the architecture, and the checksum, which is
 * computed in 64 KiB chunks; only then is the parameter array allocated and filled, and a NaN or
 * infinite weight is an error too (such a model is corrupt). Every failure is a
 * {@link ModelFormatException} whose message starts with the file.
 *
 * <p>Do not save a network while another thread changes its parameters (the checksum and the data
 * are two passes over them).
 */
public final class ModelFile {

    /** The version of the layout this class writes, and the only one it reads. */
    public static final String FORMAT = "1";

    static final String KEY_FORMAT = "vmlp.format";
    static final String KEY_VERSION = "vmlp.version";
    static final String KEY_ARCHITECTURE = "vmlp.architecture";
    static final String KEY_LOSS = "vmlp.loss";
    static final String KEY_MEAN = "vmlp.standardize.mean";
    static final String KEY_STD = "vmlp.standardize.std";
    static final String KEY_CHECKSUM = "vmlp.checksum";
    static final String RESERVED_PREFIX = "vmlp.";
    static final String CHECKSUM_PREFIX = "crc32c:";

    /** The most floats one Java array may hold, with the usual margin for the VM's header words. */
    private static final long MAX_PARAMETERS = Integer.MAX_VALUE - 8;
    /** {@code N.weight} or {@code N.bias}, N without leading zeros and small enough for an int. */
    private static final Pattern PARAMETER_NAME = Pattern.compile("(0|[1-9][0-9]{0,8})\\.(weight|bias)");

    private ModelFile() {}

    /** Saves a network with no standardizer and no metadata of the caller's: {@code save(file, Model.of(network))}. */
    public static void save(Path file, Network network) throws IOException {
        save(file, Model.of(network));
    }

    /**
     * Writes {@code model} to {@code file} atomically, replacing any file there.
     *
     * @throws IllegalArgumentException when a parameter is NaN or infinite (the file would not
     *     load), or a metadata string is not valid Unicode
     * @throws IOException when the file cannot be written; the previous one is then untouched
     */
    public static void save(Path file, Model model) throws IOException {
        Objects.requireNonNull(file, "file");
        Network network = model.network();
        float[] parameters = network.parameters();
        List<SafeTensors.Tensor> tensors = new ArrayList<>();
        for (int l = 0; l < network.layers().size(); l++) {
            Dense layer = network.layers().get(l);
            checkFinite(parameters, layer, l);
            long w = (long) layer.weightOffset() * Float.BYTES;
            long b = (long) layer.biasOffset() * Float.BYTES;
            long end = b + (long) layer.outputs() * Float.BYTES;
            tensors.add(new SafeTensors.Tensor(tensorName(l, "weight"),
                    new long[] {layer.outputs(), layer.inputs()}, w, b));
            tensors.add(new SafeTensors.Tensor(tensorName(l, "bias"), new long[] {layer.outputs()}, b, end));
        }
        CRC32C crc = new CRC32C();
        SafeTensors.forEachChunk(parameters, crc::update);

        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(KEY_FORMAT, FORMAT);
        metadata.put(KEY_VERSION, version());
        metadata.put(KEY_ARCHITECTURE, architectureJson(network));
        metadata.put(KEY_LOSS, network.loss().name());
        model.standardizer().ifPresent(s -> {
            metadata.put(KEY_MEAN, floatList(s.mean()));
            metadata.put(KEY_STD, floatList(s.std()));
        });
        metadata.put(KEY_CHECKSUM, checksumText(crc.getValue()));
        model.metadata().forEach((k, v) -> {
            if (!k.startsWith(RESERVED_PREFIX)) {
                metadata.put(k, v);
            }
        });
        ByteBuffer header = SafeTensors.header(metadata, tensors);
        AtomicFile.write(file, channel -> {
            writeFully(channel, header);
            SafeTensors.forEachChunk(parameters, chunk -> writeFully(channel, chunk));
        });
    }

    /**
     * Loads a model that vmlp saved (its architecture is in the metadata).
     *
     * @throws ModelFormatException when the file is not a valid vmlp model, including a safetensors
     *     file without vmlp metadata (load that one with {@link #load(Path, List)})
     * @throws IOException when it cannot be read
     */
    public static Model load(Path file) throws IOException {
        return load(file, null);
    }

    /**
     * Loads a model whose layers have these activations, input side first: the way to load a
     * safetensors file written by PyTorch for an {@code nn.Sequential} of {@code Linear} layers and
     * activations, which carries no vmlp metadata. The loss is then the one that belongs with the
     * output activation ({@link Loss#forOutput}). For a file vmlp wrote, the activations must be the
     * ones it records.
     *
     * @param activations one per layer, or null to take them from the file's metadata
     * @throws ModelFormatException when the file is not valid, the number of activations differs
     *     from its layers, or they contradict its metadata
     */
    public static Model load(Path file, List<Activation> activations) throws IOException {
        Objects.requireNonNull(file, "file");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            SafeTensors.Header header = SafeTensors.readHeader(channel, file);
            Map<String, String> metadata = header.metadata();
            Architecture declared = null;
            if (metadata.containsKey(KEY_FORMAT)) {
                String format = metadata.get(KEY_FORMAT);
                if (!format.equals(FORMAT)) {
                    throw new ModelFormatException(file, "is vmlp model format " + SafeTensors.quoted(format)
                            + "; this vmlp reads format " + FORMAT);
                }
                declared = Architecture.parse(required(metadata, KEY_ARCHITECTURE, file), file);
            }
            List<Activation> chosen;
            if (activations != null) {
                chosen = List.copyOf(activations);
                if (declared != null && !names(chosen).equals(names(declared.activations()))) {
                    throw new ModelFormatException(file, "its layers have activations "
                            + String.join(",", names(declared.activations())) + ", not the "
                            + String.join(",", names(chosen)) + " given");
                }
            } else if (declared != null) {
                chosen = declared.activations();
            } else {
                throw new ModelFormatException(file, "has no vmlp metadata (" + KEY_FORMAT + "); to load a"
                        + " safetensors file from elsewhere, give the activation of each layer (e.g."
                        + " relu,relu,softmax)");
            }

            List<LayerTensors> layers = layers(header.tensors(), file);
            if (layers.size() != chosen.size()) {
                throw new ModelFormatException(file, activations != null
                        ? "has " + layers.size() + " layers but " + chosen.size() + " activations were given"
                        : "the tensors make " + layers.size() + " layers but " + KEY_ARCHITECTURE + " records "
                                + chosen.size());
            }
            if (declared != null) {
                declared.check(layers, file);
            }
            Activation output = chosen.getLast();
            int outputs = layers.getLast().outputs();
            Loss loss = Loss.forOutput(output);
            if (declared != null && metadata.containsKey(KEY_LOSS)) {
                try {
                    loss = Loss.parse(metadata.get(KEY_LOSS));
                } catch (IllegalArgumentException e) {
                    throw new ModelFormatException(file, "metadata " + KEY_LOSS + ": " + e.getMessage(), e);
                }
            }
            try {
                loss.checkOutput(output, outputs);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(file, e.getMessage(), e);
            }
            Optional<Standardizer> standardizer = standardizer(metadata, layers.getFirst().inputs(), file);

            String recorded = metadata.get(KEY_CHECKSUM);
            if (recorded != null) {
                String actual = checksumText(SafeTensors.checksum(channel, header, file));
                if (!recorded.toLowerCase(Locale.ROOT).equals(actual)) {
                    if (!recorded.startsWith(CHECKSUM_PREFIX)) {
                        throw new ModelFormatException(file, "metadata " + KEY_CHECKSUM + " is "
                                + SafeTensors.quoted(recorded) + ", expected " + CHECKSUM_PREFIX
                                + " and 8 hex digits");
                    }
                    throw new ModelFormatException(file, "checksum mismatch: the data section has "
                            + actual + " but the header records " + SafeTensors.quoted(recorded)
                            + " (the file is corrupt)");
                }
            } else if (declared != null) {
                throw new ModelFormatException(file, "has no " + KEY_CHECKSUM + " in its metadata");
            }

            long count = header.dataBytes() / Float.BYTES;
            if (count > MAX_PARAMETERS) {
                throw new ModelFormatException(file, "holds " + count + " parameters, more than one Java"
                        + " array can hold");
            }
            // every check that needs only the header and a 64 KiB buffer has passed: allocate
            float[] parameters = new float[(int) count];
            Network.Builder builder = Network.builder().input(layers.getFirst().inputs());
            for (int l = 0; l < layers.size(); l++) {
                builder.dense(layers.get(l).outputs(), chosen.get(l));
            }
            Network network;
            try {
                network = builder.loss(loss).parameters(parameters).build();
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new ModelFormatException(file, e.getMessage(), e);
            }
            for (int l = 0; l < layers.size(); l++) {
                Dense layer = network.layers().get(l);
                LayerTensors t = layers.get(l);
                SafeTensors.readTensor(channel, header, t.weight(), parameters, layer.weightOffset(), file);
                SafeTensors.readTensor(channel, header, t.bias(), parameters, layer.biasOffset(), file);
                checkFinite(parameters, layer.weightOffset(), t.weight(), file);
                checkFinite(parameters, layer.biasOffset(), t.bias(), file);
            }
            return new Model(network, standardizer, metadata);
        }
    }

    /** The name of layer {@code layer}'s {@code part} ("weight" or "bias") as {@code nn.Sequential} writes it. */
    static String tensorName(int layer, String part) {
        return (2 * layer) + "." + part;
    }

    // ---------------------------------------------------------------------------------- layers

    /** One Linear layer's two tensors. */
    private record LayerTensors(int index, SafeTensors.Tensor weight, SafeTensors.Tensor bias,
                                int inputs, int outputs) {}

    private static List<LayerTensors> layers(List<SafeTensors.Tensor> tensors, Path file)
            throws ModelFormatException {
        TreeMap<Integer, SafeTensors.Tensor[]> byIndex = new TreeMap<>();
        for (SafeTensors.Tensor t : tensors) {
            Matcher m = PARAMETER_NAME.matcher(t.name());
            if (!m.matches()) {
                throw new ModelFormatException(file, "tensor " + SafeTensors.quoted(t.name())
                        + " is not a layer parameter; expected names like 0.weight, 0.bias, 2.weight (an"
                        + " nn.Sequential of Linear layers and activations)");
            }
            SafeTensors.Tensor[] pair = byIndex.computeIfAbsent(Integer.parseInt(m.group(1)),
                    i -> new SafeTensors.Tensor[2]);
            pair[m.group(2).equals("weight") ? 0 : 1] = t;
        }
        if (byIndex.isEmpty()) {
            throw new ModelFormatException(file, "holds no tensors");
        }
        List<LayerTensors> layers = new ArrayList<>();
        long previousOutputs = -1;
        for (Map.Entry<Integer, SafeTensors.Tensor[]> e : byIndex.entrySet()) {
            int index = e.getKey();
            SafeTensors.Tensor weight = e.getValue()[0];
            SafeTensors.Tensor bias = e.getValue()[1];
            if (weight == null || bias == null) {
                throw new ModelFormatException(file, "layer " + index + " has " + (weight == null
                        ? "a bias but no weight" : "a weight but no bias") + " (vmlp's layers have both)");
            }
            long[] w = weight.shape();
            if (w.length != 2 || w[0] < 1 || w[1] < 1 || w[0] > Integer.MAX_VALUE || w[1] > Integer.MAX_VALUE) {
                throw new ModelFormatException(file, "tensor " + SafeTensors.quoted(weight.name())
                        + " has shape " + weight.shapeText() + "; a Linear weight is [outputs, inputs],"
                        + " both at least 1");
            }
            long[] b = bias.shape();
            if (b.length != 1 || b[0] != w[0]) {
                throw new ModelFormatException(file, "tensor " + SafeTensors.quoted(bias.name())
                        + " has shape " + bias.shapeText() + " but its weight has " + w[0] + " outputs");
            }
            if (previousOutputs >= 0 && w[1] != previousOutputs) {
                throw new ModelFormatException(file, "tensor " + SafeTensors.quoted(weight.name())
                        + " has shape " + weight.shapeText() + ": it takes " + w[1]
                        + " inputs but the layer before gives " + previousOutputs);
            }
            previousOutputs = w[0];
            layers.add(new LayerTensors(index, weight, bias, (int) w[1], (int) w[0]));
        }
        return layers;
    }

    // ---------------------------------------------------------------------------------- architecture

    /** The architecture a vmlp file records. */
    private record Architecture(int inputs, List<Integer> units, List<Activation> activations) {

        static Architecture parse(String text, Path file) throws ModelFormatException {
            String what = "metadata " + KEY_ARCHITECTURE;
            Object json;
            try {
                json = Json.parse(text, 4);
            } catch (Json.SyntaxException e) {
                throw new ModelFormatException(file, what + " is not valid JSON: " + e.getMessage(), e);
            }
            if (!(json instanceof Map<?, ?> top) || !(top.get("inputs") instanceof Long inputs)
                    || !(top.get("layers") instanceof List<?> layers) || top.size() != 2
                    || inputs < 1 || inputs > Integer.MAX_VALUE || layers.isEmpty()) {
                throw new ModelFormatException(file, what + " is not {\"inputs\": N, \"layers\": [...]}"
                        + " with N >= 1 and at least one layer");
            }
            List<Integer> units = new ArrayList<>();
            List<Activation> activations = new ArrayList<>();
            for (Object layer : layers) {
                if (!(layer instanceof Map<?, ?> fields) || fields.size() != 2
                        || !(fields.get("units") instanceof Long n) || n < 1 || n > Integer.MAX_VALUE
                        || !(fields.get("activation") instanceof String activation)) {
                    throw new ModelFormatException(file, what + " layer " + (units.size() + 1)
                            + " is not {\"units\": N, \"activation\": NAME} with N >= 1");
                }
                units.add(n.intValue());
                try {
                    activations.add(Activation.parse(activation));
                } catch (IllegalArgumentException e) {
                    throw new ModelFormatException(file, what + " layer " + (units.size()) + ": "
                            + e.getMessage(), e);
                }
            }
            return new Architecture(inputs.intValue(), List.copyOf(units), List.copyOf(activations));
        }

        void check(List<LayerTensors> layers, Path file) throws ModelFormatException {
            StringBuilder found = new StringBuilder().append(layers.getFirst().inputs());
            layers.forEach(l -> found.append('-').append(l.outputs()));
            StringBuilder recorded = new StringBuilder().append(inputs);
            units.forEach(u -> recorded.append('-').append(u));
            if (!found.toString().equals(recorded.toString())) {
                throw new ModelFormatException(file, "the tensors' shapes give layers " + found
                        + " but " + KEY_ARCHITECTURE + " records " + recorded);
            }
        }
    }

    private static String architectureJson(Network network) {
        List<Object> layers = new ArrayList<>();
        for (Dense d : network.layers()) {
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("units", d.outputs());
            layer.put("activation", d.activation().name());
            layers.add(layer);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("inputs", network.inputs());
        json.put("layers", layers);
        return Json.write(json);
    }

    private static List<String> names(List<Activation> activations) {
        return activations.stream().map(Activation::name).toList();
    }

    // ---------------------------------------------------------------------------------- standardizer

    private static Optional<Standardizer> standardizer(Map<String, String> metadata, int inputs, Path file)
            throws ModelFormatException {
        String mean = metadata.get(KEY_MEAN);
        String std = metadata.get(KEY_STD);
        if (mean == null && std == null) {
            return Optional.empty();
        }
        if (mean == null || std == null) {
            throw new ModelFormatException(file, "metadata has " + (mean == null ? KEY_STD : KEY_MEAN)
                    + " without " + (mean == null ? KEY_MEAN : KEY_STD));
        }
        try {
            return Optional.of(Standardizer.of(parseFloats(mean, inputs, KEY_MEAN, file),
                    parseFloats(std, inputs, KEY_STD, file)));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, "standardisation: " + e.getMessage(), e);
        }
    }

    private static float[] parseFloats(String text, int expected, String key, Path file) throws ModelFormatException {
        long count = text.chars().filter(c -> c == ',').count() + 1;
        if (count != expected) {
            throw new ModelFormatException(file, "metadata " + key + " has " + count + " values but the"
                    + " network takes " + expected + " features");
        }
        float[] values = new float[expected];
        int start = 0;
        for (int i = 0; i < expected; i++) {
            int comma = text.indexOf(',', start);
            String field = text.substring(start, comma < 0 ? text.length() : comma);
            try {
                values[i] = Float.parseFloat(field);
            } catch (NumberFormatException e) {
                throw new ModelFormatException(file, "metadata " + key + " value " + (i + 1) + " ("
                        + SafeTensors.quoted(field) + ") is not a number", e);
            }
            start = comma + 1;
        }
        return values;
    }

    private static String floatList(float[] values) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                s.append(',');
            }
            s.append(Float.toString(values[i]));
        }
        return s.toString();
    }

    // ---------------------------------------------------------------------------------- helpers

    private static String required(Map<String, String> metadata, String key, Path file) throws ModelFormatException {
        String value = metadata.get(key);
        if (value == null) {
            throw new ModelFormatException(file, "has " + KEY_FORMAT + " but no " + key + " in its metadata");
        }
        return value;
    }

    private static String checksumText(long crc) {
        return CHECKSUM_PREFIX + String.format("%08x", crc);
    }

    private static void checkFinite(float[] parameters, Dense layer, int l) {
        int weights = layer.biasOffset() - layer.weightOffset();
        for (int i = layer.weightOffset(); i < layer.biasOffset() + layer.outputs(); i++) {
            if (!Float.isFinite(parameters[i])) {
                int k = i - layer.weightOffset();
                String where = k < weights
                        ? tensorName(l, "weight") + "[" + k / layer.inputs() + ", " + k % layer.inputs() + "]"
                        : tensorName(l, "bias") + "[" + (k - weights) + "]";
                throw new IllegalArgumentException("parameter " + where + " (layer " + (l + 1) + ") is "
                        + parameters[i] + "; a model with non-finite weights cannot be saved");
            }
        }
    }

    private static void checkFinite(float[] parameters, int offset, SafeTensors.Tensor tensor, Path file)
            throws ModelFormatException {
        long n = tensor.elements();
        for (int i = 0; i < n; i++) {
            float v = parameters[offset + i];
            if (!Float.isFinite(v)) {
                long[] shape = tensor.shape();
                String at = shape.length == 2 ? "[" + i / shape[1] + ", " + i % shape[1] + "]" : "[" + i + "]";
                throw new ModelFormatException(file, "tensor " + SafeTensors.quoted(tensor.name()) + " holds "
                        + v + " at " + at + " (a model with non-finite weights is corrupt)");
            }
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static String version() {
        String v = ModelFile.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
