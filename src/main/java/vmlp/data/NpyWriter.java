package vmlp.data;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a float32 NPY file row by row, for outputs larger than memory; the row count need not be
 * known in advance:
 *
 * <pre>{@code
 * try (NpyWriter out = NpyWriter.create(path, cols)) {
 *     out.writeRows(chunk, 0, rows);   // as often as needed
 *     out.finish();                    // the file appears, complete, only here
 * }
 * }</pre>
 *
 * <p>The rows go to a temporary file in the target's folder behind a header of fixed size
 * ({@value #HEADER_BYTES} bytes, room for any row count); {@link #finish} writes the final shape
 * into it, forces the file to the device and renames it over the target. {@link #close} without
 * {@link #finish} (an exception on the way) deletes the temporary file and leaves any previous
 * target untouched. Not thread-safe.
 */
public final class NpyWriter implements Closeable {

    /** Magic, version, length and the padded dict: room for a shape of two 19-digit numbers. */
    static final int HEADER_BYTES = 128;
    private static final int CHUNK_BYTES = 1 << 16;

    private final Path target;
    private final AtomicFile output;
    private final FileChannel channel;
    private final Npy.DType dtype;
    private final int cols;
    private final boolean vector;
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long rows;
    private boolean finished;
    private boolean closed;

    NpyWriter(Path file, Npy.DType dtype, int cols, boolean vector) throws IOException {
        if (cols < 1) {
            throw new IllegalArgumentException("an NPY matrix needs at least 1 column, got " + cols);
        }
        this.target = file.toAbsolutePath();
        this.dtype = dtype;
        this.cols = cols;
        this.vector = vector;
        this.output = AtomicFile.create(target);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(output.temp(), StandardOpenOption.WRITE);
            writeFully(ch, ByteBuffer.wrap(Npy.header(dtype, vector, 0, cols)), 0);
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            output.close();
            throw e;
        }
        this.channel = ch;
    }

    /** A writer of a float32 matrix of {@code cols} columns into {@code file}. */
    public static NpyWriter create(Path file, int cols) throws IOException {
        return new NpyWriter(Objects.requireNonNull(file, "file"), Npy.DType.FLOAT32, cols, false);
    }

    /** The rows written so far. */
    public long rows() {
        return rows;
    }

    /**
     * Appends {@code rows} rows of {@code src}, row-major from {@code offset}.
     *
     * @throws IllegalArgumentException when {@code src} does not hold them
     */
    public void writeRows(float[] src, int offset, int rows) throws IOException {
        checkOpen(Npy.DType.FLOAT32);
        if (rows < 0 || offset < 0 || offset + (long) rows * cols > src.length) {
            throw new IllegalArgumentException("an array of " + src.length + " floats does not hold " + rows
                    + " rows of " + cols + " from offset " + offset);
        }
        int count = rows * cols;
        int perChunk = CHUNK_BYTES / Float.BYTES;
        for (int i = 0; i < count; i += perChunk) {
            int n = Math.min(perChunk, count - i);
            buffer.clear();
            buffer.asFloatBuffer().put(src, offset + i, n);
            buffer.limit(n * Float.BYTES);
            writeFully(channel, buffer, HEADER_BYTES + (this.rows * cols + i) * Float.BYTES);
        }
        this.rows += rows;
    }

    /** Appends {@code values}, one per row (an int32 vector). */
    void writeInts(int[] values) throws IOException {
        checkOpen(Npy.DType.INT32);
        int perChunk = CHUNK_BYTES / Integer.BYTES;
        for (int i = 0; i < values.length; i += perChunk) {
            int n = Math.min(perChunk, values.length - i);
            buffer.clear();
            buffer.asIntBuffer().put(values, i, n);
            buffer.limit(n * Integer.BYTES);
            writeFully(channel, buffer, HEADER_BYTES + (rows + i) * Integer.BYTES);
        }
        rows += values.length;
    }

    /** Writes the final shape, forces the data to the device and renames the file into place. */
    public void finish() throws IOException {
        if (closed || finished) {
            throw new IllegalStateException("the writer of " + target + " is already " + (closed ? "closed" : "finished"));
        }
        writeFully(channel, ByteBuffer.wrap(Npy.header(dtype, vector, rows, cols)), 0);
        channel.close();
        output.commit();
        finished = true;
    }

    /** Deletes the temporary file unless {@link #finish} has run. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (!finished) {
            try {
                channel.close();
            } finally {
                output.close();
            }
        }
    }

    private void checkOpen(Npy.DType expected) {
        if (closed || finished) {
            throw new IllegalStateException("the writer of " + target + " is already " + (closed ? "closed" : "finished"));
        }
        if (dtype != expected) {
            throw new IllegalStateException("the writer of " + target + " writes " + dtype.descr());
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }
}
