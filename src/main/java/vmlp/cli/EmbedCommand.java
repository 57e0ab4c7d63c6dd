package vmlp.cli;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vmlp.data.AtomicFile;
import vmlp.data.Matrix;
import vmlp.data.NpyReader;
import vmlp.data.NpyWriter;
import vmlp.io.Model;
import vmlp.nn.Network;
import vmlp.train.ParallelPredictor;

/**
 * {@code vmlp embed}: the activations of one layer for every input row, written as NPY float32 (or
 * CSV). NPY inputs are streamed in chunks, so files larger than memory work; each chunk is split by
 * rows across all cores.
 */
@Command(name = "embed", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run inputs through a model and write the activations of one layer (default: the last",
                "hidden layer) as NPY float32, or CSV. .npy inputs are streamed in chunks; all cores are used."})
final class EmbedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Inputs: .npy (streamed), .csv (a 'label' column is left out) or IDX images.")
    Path data;

    @Option(names = "--label-column", paramLabel = "NAME|INDEX",
            description = "CSV: a label column to leave out (default: one named 'label', if any).")
    String labelColumn;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the embeddings.")
    Path out;

    @Option(names = "--format", paramLabel = "npy|csv",
            description = "Output format (default: csv for a .csv --out, else npy).")
    String format;

    @Option(names = "--layer", paramLabel = "INDEX",
            description = "0-based layer whose activations to write (default: the last hidden layer).")
    Integer layer;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: the available processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--chunk-rows", paramLabel = "ROWS",
            description = "Rows read, embedded and written at a time (default: ${DEFAULT-VALUE}).",
            defaultValue = "16384")
    int chunkRows;

    /** Rows in, a chunk at a time. */
    private interface Source extends Closeable {
        /** Reads up to {@code max} rows into {@code dst}; 0 at the end. */
        int read(float[] dst, int max) throws IOException;
    }

    /** Rows out. */
    private interface Sink extends Closeable {
        void write(float[] rows, int count) throws IOException;

        /** Makes the output complete and visible; without it, close() leaves no output file. */
        void finish() throws IOException;
    }

    @Override
    public Integer call() throws IOException {
        if (chunkRows < 1) {
            throw new IllegalArgumentException("--chunk-rows must be at least 1, got " + chunkRows);
        }
        Model m = model.load();
        Network network = m.network();
        int embedLayer = layer != null ? layer : network.lastHiddenLayer();
        int layers = network.layers().size();
        if (embedLayer < 0 || embedLayer >= layers) {
            throw new IllegalArgumentException("--layer " + embedLayer + " does not exist; the model has layers 0.."
                    + (layers - 1));
        }
        int inputs = network.inputs();
        int width = network.layers().get(embedLayer).outputs();
        boolean csv = format != null ? parseFormat(format) : out.getFileName().toString().toLowerCase(Locale.ROOT)
                .endsWith(".csv");
        long rows = 0;
        long start = System.nanoTime();
        try (Source source = open(inputs);
             Sink sink = csv ? csvSink(width) : npySink(width);
             ParallelPredictor predictor = ParallelPredictor.of(network, threads)) {
            float[] x = new float[Math.multiplyExact(chunkRows, inputs)];
            float[] y = new float[Math.multiplyExact(chunkRows, width)];
            int n;
            while ((n = source.read(x, chunkRows)) > 0) {
                int rowsRead = n;
                m.standardizer().ifPresent(s -> s.apply(x, rowsRead, x)); // in place: no copy per chunk
                predictor.activations(x, n, embedLayer, y);
                sink.write(y, n);
                rows += n;
            }
            sink.finish();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        PrintWriter err = spec.commandLine().getErr();
        err.printf("embedded %,d rows → %s: %,d × %d float32 (layer %d, %s) in %.2f s, %,.0f rows/s on %d thread%s%n",
                rows, out, rows, width, embedLayer, network.layers().get(embedLayer).activation().name(), seconds,
                rows / Math.max(seconds, 1e-9), threads, threads == 1 ? "" : "s");
        return 0;
    }

    private static boolean parseFormat(String format) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "csv" -> true;
            case "npy" -> false;
            default -> throw new IllegalArgumentException("--format " + format + " is not one of: npy, csv");
        };
    }

    private Source open(int inputs) throws IOException {
        if (data.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            NpyReader reader = NpyReader.open(data);
            if (reader.cols() != inputs) {
                reader.close();
                throw new IllegalArgumentException(data + " has " + reader.cols() + " values per row but the model takes "
                        + inputs);
            }
            return new Source() {
                @Override
                public int read(float[] dst, int max) throws IOException {
                    return reader.readRows(dst, max);
                }

                @Override
                public void close() throws IOException {
                    reader.close();
                }
            };
        }
        Matrix all = DataFiles.features(data, labelColumn);
        if (all.cols() != inputs) {
            throw new IllegalArgumentException(data + " has " + all.cols() + " values per row but the model takes "
                    + inputs);
        }
        return new Source() {
            private int next;

            @Override
            public int read(float[] dst, int max) {
                int n = Math.min(max, all.rows() - next);
                System.arraycopy(all.values(), next * inputs, dst, 0, n * inputs);
                next += n;
                return n;
            }

            @Override
            public void close() {}
        };
    }

    private Sink npySink(int width) throws IOException {
        NpyWriter writer = NpyWriter.create(out, width);
        return new Sink() {
            @Override
            public void write(float[] rows, int count) throws IOException {
                writer.writeRows(rows, 0, count);
            }

            @Override
            public void finish() throws IOException {
                writer.finish();
            }

            @Override
            public void close() throws IOException {
                writer.close();
            }
        };
    }

    /** CSV through a temporary file in the same folder, renamed into place when complete. */
    private Sink csvSink(int width) throws IOException {
        AtomicFile file = AtomicFile.create(out);
        Writer writer = new BufferedWriter(Files.newBufferedWriter(file.temp(), StandardCharsets.UTF_8), 1 << 16);
        StringBuilder line = new StringBuilder();
        for (int j = 0; j < width; j++) {
            line.append(j == 0 ? "e" : ",e").append(j);
        }
        writer.write(line.append('\n').toString());
        return new Sink() {
            @Override
            public void write(float[] rows, int count) throws IOException {
                for (int r = 0; r < count; r++) {
                    line.setLength(0);
                    for (int j = 0; j < width; j++) {
                        (j == 0 ? line : line.append(',')).append(rows[r * width + j]);
                    }
                    writer.write(line.append('\n').toString());
                }
            }

            @Override
            public void finish() throws IOException {
                writer.close();
                file.commit();
            }

            @Override
            public void close() throws IOException {
                try {
                    writer.close();
                } finally {
                    file.close();
                }
            }
        };
    }
}
