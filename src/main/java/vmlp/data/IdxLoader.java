package vmlp.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files, the format of MNIST (LeCun et al.), raw or gzip-compressed (recognised by
 * content, not by name).
 *
 * <p>The format: a 4-byte magic number {@code 00 00 TT DD} (TT the data type: 0x08 unsigned
 * byte, 0x09 signed byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double; DD the number of
 * dimensions), then DD big-endian 32-bit sizes, then the values, big-endian, row-major. MNIST's
 * images are {@code ubyte [n][28][28]} and its labels {@code ubyte [n]}.
 *
 * <p>Everything is checked before the data are allocated: the magic number, the type, the sizes
 * (their product must fit a Java array) and the length (the file's, or for gzip the uncompressed
 * size its trailer records); after reading, that the data end where the header says. Errors are
 * {@link MalformedDataException}s that name the file, the byte offset and what was expected.
 */
public final class IdxLoader {

    private static final int UBYTE = 0x08;
    private static final int BYTE = 0x09;
    private static final int SHORT = 0x0B;
    private static final int INT = 0x0C;
    private static final int FLOAT = 0x0D;
    private static final int DOUBLE = 0x0E;
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private IdxLoader() {}

    /**
     * An IDX array as it was stored.
     *
     * @param source the file, for messages
     * @param type the IDX data type code (0x08 … 0x0E)
     * @param dimensions the sizes, outermost first
     * @param data the values, big-endian, row-major
     */
    public record Idx(String source, int type, int[] dimensions, byte[] data) {

        /** The outermost size: images or labels. */
        public int count() {
            return dimensions[0];
        }

        /** Values per item: the product of the sizes after the first (1 for a vector). */
        public int itemSize() {
            int size = 1;
            for (int d = 1; d < dimensions.length; d++) {
                size *= dimensions[d];
            }
            return size;
        }

        /** Every value as a float, divided by {@code divisor} (255 maps unsigned-byte pixels to [0, 1]). */
        public float[] floats(float divisor) {
            int n = Math.toIntExact((long) count() * itemSize());
            float[] out = new float[n];
            ByteBuffer b = ByteBuffer.wrap(data);
            for (int i = 0; i < n; i++) {
                out[i] = switch (type) {
                    case UBYTE -> (data[i] & 0xff) / divisor;
                    case BYTE -> data[i] / divisor;
                    case SHORT -> b.getShort(2 * i) / divisor;
                    case INT -> b.getInt(4 * i) / divisor;
                    case FLOAT -> b.getFloat(4 * i) / divisor;
                    default -> (float) (b.getDouble(8 * i) / divisor);
                };
            }
            return out;
        }

        /**
         * Every value as an int.
         *
         * @throws MalformedDataException for float or double data
         */
        public int[] ints() {
            int n = Math.toIntExact((long) count() * itemSize());
            int[] out = new int[n];
            ByteBuffer b = ByteBuffer.wrap(data);
            switch (type) {
                case UBYTE -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = data[i] & 0xff;
                    }
                }
                case BYTE -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = data[i];
                    }
                }
                case SHORT -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = b.getShort(2 * i);
                    }
                }
                case INT -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = b.getInt(4 * i);
                    }
                }
                default -> throw new MalformedDataException(source, 0,
                        "holds " + typeName(type) + " values; integer labels were expected");
            }
            return out;
        }
    }

    /**
     * Reads one IDX file, raw or gzip.
     *
     * @throws MalformedDataException when the content is not a well-formed IDX array
     * @throws IOException when the file cannot be read
     */
    public static Idx read(Path file) throws IOException {
        String source = file.toString();
        long fileSize = Files.size(file);
        boolean gzip = isGzip(file);
        try (InputStream in = open(file, gzip)) {
            byte[] magic = in.readNBytes(4);
            if (magic.length < 4) {
                throw new MalformedDataException(source, 0, (gzip ? "uncompressed content is " : "file is ")
                        + magic.length + " bytes, too short for an IDX header (4-byte magic number)");
            }
            if (magic[0] != 0 || magic[1] != 0) {
                throw new MalformedDataException(source, 0, String.format(Locale.ROOT,
                        "byte 0: magic number 0x%02x%02x%02x%02x is not IDX (expected 00 00, type, dimensions)",
                        magic[0], magic[1], magic[2], magic[3]));
            }
            int type = magic[2] & 0xff;
            int size = elementSize(type);
            if (size == 0) {
                throw new MalformedDataException(source, 0, String.format(Locale.ROOT,
                        "byte 2: unknown IDX data type 0x%02x; expected 0x08 (ubyte), 0x09 (byte), 0x0b (short),"
                                + " 0x0c (int), 0x0d (float) or 0x0e (double)", type));
            }
            int rank = magic[3] & 0xff;
            if (rank == 0) {
                throw new MalformedDataException(source, 0, "byte 3: an IDX array needs at least 1 dimension, got 0");
            }
            byte[] sizes = in.readNBytes(4 * rank);
            if (sizes.length < 4 * rank) {
                throw new MalformedDataException(source, 0, "ends at byte " + (4 + sizes.length) + " inside the "
                        + rank + " dimension sizes (header of " + (4 + 4 * rank) + " bytes)");
            }
            int[] dims = new int[rank];
            long bytes = size;
            ByteBuffer header = ByteBuffer.wrap(sizes);
            for (int d = 0; d < rank; d++) {
                dims[d] = header.getInt(4 * d);
                if (dims[d] < 0) {
                    throw new MalformedDataException(source, 0, "byte " + (4 + 4 * d) + ": dimension " + d
                            + " has negative size " + dims[d]);
                }
                bytes = dims[d] == 0 ? 0 : Math.min(bytes * dims[d], Long.MAX_VALUE / 2);
            }
            String shape = typeName(type) + " " + Arrays.toString(dims);
            if (bytes > MAX_BYTES) {
                throw new MalformedDataException(source, 0, shape + " needs " + bytes
                        + " bytes, more than one Java array holds");
            }
            long expected = 4 + 4L * rank + bytes;
            long actual = gzip ? gzipSize(file) : fileSize;
            // gzip's trailer holds the uncompressed size mod 2^32: compare when it can be exact
            if ((!gzip || expected < (1L << 32)) && actual != expected) {
                throw new MalformedDataException(source, 0, (gzip ? "uncompressed size is " : "file is ") + actual
                        + " bytes but the header (" + shape + ") needs " + expected);
            }
            byte[] data = in.readNBytes((int) bytes);
            if (data.length < bytes) {
                throw new MalformedDataException(source, 0, "data end at byte " + (4 + 4L * rank + data.length)
                        + "; the header (" + shape + ") needs " + expected + " bytes");
            }
            if (in.read() != -1) {
                throw new MalformedDataException(source, 0, "has data after the " + expected
                        + " bytes the header (" + shape + ") accounts for");
            }
            return new Idx(source, type, dims, data);
        }
    }

    /**
     * Images and labels as a classification set: each image one row of its pixels (unsigned bytes
     * divided by 255, so in [0, 1]); the label file must be a vector of integers, one per image.
     *
     * @throws MalformedDataException when either file is malformed or the counts disagree
     * @throws IOException when a file cannot be read
     */
    public static Dataset load(Path images, Path labels) throws IOException {
        Idx x = read(images);
        Idx y = read(labels);
        if (y.dimensions().length != 1) {
            throw new MalformedDataException(y.source(), 0, "labels must be a vector, got dimensions "
                    + Arrays.toString(y.dimensions()));
        }
        if (x.count() != y.count()) {
            throw new MalformedDataException(y.source(), 0, y.count() + " labels for " + x.count()
                    + " images in " + x.source());
        }
        if (x.itemSize() == 0) {
            throw new MalformedDataException(x.source(), 0, "images of 0 values (dimensions "
                    + Arrays.toString(x.dimensions()) + ")");
        }
        int[] ys = y.ints();
        for (int i = 0; i < ys.length; i++) {
            if (ys[i] < 0) {
                throw new MalformedDataException(y.source(), 0, "label " + i + " is negative (" + ys[i] + ")");
            }
        }
        return Dataset.classification(pixels(x), x.count(), x.itemSize(), ys);
    }

    /**
     * An IDX images file as inputs alone, one image a row, unsigned bytes scaled to [0, 1] by /255.
     *
     * @throws MalformedDataException when the file is malformed
     */
    public static Matrix features(Path images) throws IOException {
        Idx x = read(images);
        return new Matrix(pixels(x), x.count(), x.itemSize());
    }

    private static float[] pixels(Idx x) {
        return x.floats(x.type() == UBYTE ? 255f : 1f);
    }

    /** Whether the file starts like an IDX array (after gunzip if it is gzip): {@code 00 00}, a type. */
    public static boolean isIdx(Path file) throws IOException {
        try (InputStream in = open(file, isGzip(file))) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0 && magic[1] == 0 && elementSize(magic[2] & 0xff) > 0
                    && magic[3] != 0;
        } catch (java.util.zip.ZipException e) {
            return false;
        }
    }

    private static InputStream open(Path file, boolean gzip) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return gzip ? new GZIPInputStream(in, 1 << 16) : new BufferedInputStream(in, 1 << 16);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
        }
    }

    /** The uncompressed size from the gzip trailer (ISIZE, little-endian, mod 2^32). */
    private static long gzipSize(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (raf.length() < 18) {
                return -1;
            }
            raf.seek(raf.length() - 4);
            byte[] b = new byte[4];
            raf.readFully(b);
            return (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24;
        }
    }

    private static int elementSize(int type) {
        return switch (type) {
            case UBYTE, BYTE -> 1;
            case SHORT -> 2;
            case INT, FLOAT -> 4;
            case DOUBLE -> 8;
            default -> 0;
        };
    }

    private static String typeName(int type) {
        return switch (type) {
            case UBYTE -> "ubyte";
            case BYTE -> "byte";
            case SHORT -> "short";
            case INT -> "int";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            default -> String.format(Locale.ROOT, "0x%02x", type);
        };
    }
}
