package vmlp.data;

/**
 * A data file whose content is wrong (as opposed to one that cannot be read, which is an
 * {@link java.io.IOException}). The message names the file and, where there is one, the 1-based
 * line, for example {@code "iris.csv line 7: 5 fields, expected 4"}.
 */
public final class MalformedDataException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;

    MalformedDataException(String source, int line, String problem) {
        super(source + (line > 0 ? " line " + line : "") + ": " + problem);
        this.source = source;
        this.line = line;
    }

    /** The file or resource, as it was named to the loader. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem, or 0 when it concerns the file as a whole. */
    public int line() {
        return line;
    }
}
