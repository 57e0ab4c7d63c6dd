package vmlp.data;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Reads the rows of an NPY file a chunk at a time, converting every supported dtype to float, so
 * that a file larger than memory can be processed in passes of a few thousand rows:
 *
 * <pre>{@code
 * try (NpyReader in = NpyReader.open(path)) {
 *     float[] chunk = new float[1024 * in.cols()];
 *     for (int n; (n = in.readRows(chunk, 1024)) > 0; ) { ... }
 * }
 * }</pre>
 *
 * <p>{@link #open} reads and checks the header (see {@link Npy} for what is accepted) and that the
 * file holds exactly the bytes the shape needs; reading allocates only a 64 KiB buffer. A 1-D
 * array reads as {@code n} rows of one column. Not thread-safe.
 */
public final class NpyReader implements Closeable {

    private static final int CHUNK_BYTES = 1 << 16;

    private final FileChannel channel;
    private final Npy.Header header;
    private final String source;
    private final ByteBuffer buffer;
    private long position;
    private long rowsRead;

    private NpyReader(FileChannel channel, Npy.Header header, String source) {
        this.channel = channel;
        this.header = header;
        this.source = source;
        int itemsPerChunk = CHUNK_BYTES / header.dtype().size();
        this.buffer = ByteBuffer.allocate(itemsPerChunk * header.dtype().size()).order(ByteOrder.LITTLE_ENDIAN);
        this.position = header.dataOffset();
    }

    /**
     * Opens {@code file} and checks its header against its length.
     *
     * @throws MalformedDataException when it is not an NPY file vmlp reads, naming the file and the problem
     * @throws IOException when it cannot be read
     */
    public static NpyReader open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new NpyReader(channel, Npy.readHeader(channel, file.toString()), file.toString());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The element type stored in the file. */
    public Npy.DType dtype() {
        return header.dtype();
    }

    /** 1 or 2. */
    public int dimensions() {
        return header.dimensions();
    }

    /** The rows in the file (the length of a 1-D array). */
    public long rows() {
        return header.rows();
    }

    /** Values per row (1 for a 1-D array). */
    public int cols() {
        return header.cols();
    }

    /** The rows not yet read. */
    public long remainingRows() {
        return header.rows() - rowsRead;
    }

    /**
     * Reads up to {@code maxRows} rows, converted to float, into the start of {@code dst}.
     *
     * @return the rows read: {@code min(maxRows, remainingRows())}, 0 at the end
     * @throws IllegalArgumentException when {@code dst} cannot hold {@code maxRows} rows
     */
    public int readRows(float[] dst, int maxRows) throws IOException {
        Objects.requireNonNull(dst, "dst");
        if (maxRows < 0 || (long) maxRows * header.cols() > dst.length) {
            throw new IllegalArgumentException("a buffer of " + dst.length + " floats cannot hold " + maxRows
                    + " rows of " + header.cols());
        }
        int rows = (int) Math.min(maxRows, remainingRows());
        int count = rows * header.cols();
        int done = 0;
        while (done < count) {
            int n = fill(count - done);
            switch (header.dtype()) {
                case FLOAT32 -> buffer.asFloatBuffer().get(dst, done, n);
                case FLOAT64 -> {
                    for (int i = 0; i < n; i++) {
                        dst[done + i] = (float) buffer.getDouble(i * Double.BYTES);
                    }
                }
                case UINT8 -> {
                    for (int i = 0; i < n; i++) {
                        dst[done + i] = buffer.get(i) & 0xff;
                    }
                }
                case INT32 -> {
                    for (int i = 0; i < n; i++) {
                        dst[done + i] = buffer.getInt(i * Integer.BYTES);
                    }
                }
                case INT64 -> {
                    for (int i = 0; i < n; i++) {
                        dst[done + i] = buffer.getLong(i * Long.BYTES);
                    }
                }
            }
            done += n;
        }
        rowsRead += rows;
        return rows;
    }

    /**
     * Reads the next {@code count} values as whole numbers into {@code dst} from {@code offset},
     * for labels: integers as they are, floats only when whole (anything else is an error naming
     * the element), and each within {@code [0, Integer.MAX_VALUE]}.
     */
    void readLabels(int[] dst, int offset, int count) throws IOException {
        int done = 0;
        while (done < count) {
            int n = fill(count - done);
            for (int i = 0; i < n; i++) {
                long element = rowsRead * header.cols() + done + i;
                dst[offset + done + i] = switch (header.dtype()) {
                    case UINT8 -> buffer.get(i) & 0xff;
                    case INT32 -> label(buffer.getInt(i * Integer.BYTES), element);
                    case INT64 -> label(buffer.getLong(i * Long.BYTES), element);
                    case FLOAT32 -> label(buffer.getFloat(i * Float.BYTES), element);
                    case FLOAT64 -> label(buffer.getDouble(i * Double.BYTES), element);
                };
            }
            done += n;
        }
        rowsRead += count / header.cols();
    }

    private int label(long value, long element) {
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new MalformedDataException(source, 0, "label " + value + " at index " + element
                    + " is not a class (0 to " + Integer.MAX_VALUE + ")");
        }
        return (int) value;
    }

    private int label(double value, long element) {
        if (!(value >= 0 && value <= Integer.MAX_VALUE) || value != Math.rint(value)) {
            throw new MalformedDataException(source, 0, "label " + value + " at index " + element
                    + " is not a class (a whole number from 0 to " + Integer.MAX_VALUE + ")");
        }
        return (int) value;
    }

    /** Reads the next min(wanted, chunk) elements into the buffer (from its start); returns how many. */
    private int fill(int wanted) throws IOException {
        int size = header.dtype().size();
        int n = Math.min(wanted, buffer.capacity() / size);
        buffer.clear().limit(n * size);
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + buffer.position());
            if (read < 0) {
                throw new MalformedDataException(source, 0, "ends at byte " + (position + buffer.position())
                        + ", inside the data (the file shrank while it was read)");
            }
        }
        position += n * size;
        buffer.flip();
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
