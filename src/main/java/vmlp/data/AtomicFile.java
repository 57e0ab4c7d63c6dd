package vmlp.data;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file all at once: the content goes to a temporary file in the same folder, is forced
 * to the device, and is then renamed over the target. A reader sees the old file or the new one,
 * never a part; if anything fails the old file is untouched and the temporary file is deleted.
 *
 * <pre>{@code
 * try (AtomicFile out = AtomicFile.create(target)) {
 *     write(out.temp());       // however the content is made
 *     out.commit();            // without this, close() deletes the temporary file
 * }
 * }</pre>
 */
public final class AtomicFile implements Closeable {

    /** Writes the whole content of the new file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    private final Path target;
    private final Path temp;
    private boolean committed;

    private AtomicFile(Path target, Path temp) {
        this.target = target;
        this.temp = temp;
    }

    /**
     * Creates an empty temporary file beside {@code target}, named {@code .RANDOM.tmp.NAME}: hidden,
     * and ending in the target's own extension, which some writers (image encoders) insist on.
     * Not {@link Files#createTempFile}: that one is created with mode 0600 on POSIX, which the
     * rename would hand on; this one gets the permissions of any new file (0666 less the umask).
     */
    public static AtomicFile create(Path target) throws IOException {
        Path file = target.toAbsolutePath();
        String name = file.getFileName().toString();
        for (int attempt = 0; ; attempt++) {
            String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            Path temp = file.resolveSibling("." + suffix + ".tmp." + name);
            try {
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return new AtomicFile(file, temp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 9) {
                    throw e;
                }
            }
        }
    }

    /** Writes {@code target} atomically with {@code content}. */
    public static void write(Path target, Content content) throws IOException {
        try (AtomicFile file = create(target)) {
            try (FileChannel channel = FileChannel.open(file.temp(), StandardOpenOption.WRITE)) {
                content.writeTo(channel);
            }
            file.commit();
        }
    }

    /** The temporary file to write the content into. */
    public Path temp() {
        return temp;
    }

    /** Forces the temporary file to the device and renames it over the target. */
    public void commit() throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
        syncDirectory(target.getParent());
    }

    /** Deletes the temporary file unless {@link #commit} has run. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            Files.deleteIfExists(temp);
        }
    }

    /** Makes the rename itself durable where the platform allows a folder to be forced (Linux does). */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a folder as a channel; the rename has happened, only its durability
            // across a power cut is left to the file system
        }
    }
}
