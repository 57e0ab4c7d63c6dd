package vmlp.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A model file that cannot be used: truncated, malformed, inconsistent with itself or with the
 * architecture it is loaded as. The message starts with the file and says what is wrong, for
 * example {@code "model.safetensors: header claims 1099511627776 bytes but only 92 follow the
 * length field"}.
 */
public final class ModelFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    ModelFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = Objects.requireNonNull(file, "file");
        this.problem = problem;
    }

    ModelFormatException(Path file, String problem, Throwable cause) {
        this(file, problem);
        initCause(cause);
    }

    /** The file, as it was named to the loader. */
    public Path file() {
        return file;
    }

    /** What is wrong, without the file name. */
    public String problem() {
        return problem;
    }
}
