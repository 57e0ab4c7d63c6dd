package vmlp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void aFailureMidWriteLeavesTheOldFileIntactAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Files.writeString(file, "the previous model");
        IOException diskFull = new IOException("No space left on device");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFile.write(file, channel -> {
            channel.write(ByteBuffer.wrap(new byte[10_000]));
            throw diskFull;
        }));
        assertSame(diskFull, thrown);
        assertEquals("the previous model", Files.readString(file));
        assertEquals(List.of(file), list());

        assertThrows(UncheckedIOException.class, () -> AtomicFile.write(file, channel -> {
            channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            throw new UncheckedIOException(diskFull);
        }));
        assertEquals("the previous model", Files.readString(file));
        assertEquals(List.of(file), list());
    }

    @Test
    void aFailureWritingANewFileLeavesNothing() {
        Path file = dir.resolve("new.safetensors");
        assertThrows(IOException.class, () -> AtomicFile.write(file, channel -> {
            throw new IOException("interrupted");
        }));
        assertFalse(Files.exists(file));
        assertEquals(List.of(), list());
    }

    @Test
    void aSuccessfulWriteReplacesTheFileWhole() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Files.writeString(file, "a much longer previous content than the new one");
        AtomicFile.write(file, channel -> channel.write(ByteBuffer.wrap(new byte[] {7, 8, 9})));
        assertArrayEquals(new byte[] {7, 8, 9}, Files.readAllBytes(file));
        assertEquals(List.of(file), list());
    }

    private List<Path> list() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
